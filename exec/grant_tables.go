package exec

import (
	"cmp"
	"encoding/json"
	"slices"
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/privs"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// MySQL's grant tables (mysql.user, db, tables_priv, columns_priv, procs_priv,
// role_edges, default_roles, global_grants) as read-only virtual tables:
// loopdb keeps accounts and grants in its own records (server/accounts*.go,
// exec/privs), and tools that read the grant tables directly (admin GUIs,
// configuration management, monitoring) get rows built from them, in
// MySQL 8's column names, types and order. They are served like
// information_schema's tables (infoschema.go): a descriptor plus rows built
// per statement. Reading needs SELECT on the table, as in MySQL (the
// ordinary table check); writing is refused (checkGrantTableWrite), since
// accounts change only through CREATE USER, GRANT and friends.

// grantTablesDB is the schema the grant tables live in.
const grantTablesDB = "mysql"

// grantTableNames lists the grant tables in SHOW TABLES order.
var grantTableNames = []string{"columns_priv", "db", "default_roles", "global_grants", "procs_priv", "role_edges", "tables_priv", "user"}

// Column types of the grant tables, as MySQL 8 declares them.
func gtChar(name string, n int, coll string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeString, Flen: n, Collation: coll}}
}

// gtHost, gtUser, gtName: Host is ascii_general_ci and the others _bin in
// MySQL; loopdb has neither ascii nor utf8mb3, so the utf8mb4 ones that
// compare alike stand in.
func gtHost(name string) isCol { return gtChar(name, 255, "utf8mb4_0900_ai_ci") }
func gtUser(name string) isCol { return gtChar(name, 32, "utf8mb4_bin") }
func gtName(name string) isCol { return gtChar(name, 64, "utf8mb4_bin") }

func gtEnum(name string, elems ...string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeEnum, Collation: "utf8mb4_0900_ai_ci", Elems: elems}}
}

// gtYN is the enum('N','Y') of every privilege column.
func gtYN(name string) isCol { return gtEnum(name, "N", "Y") }

func gtBlob(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeBlob, Flen: expr.BlobLen, Binary: true}}
}

func gtUint(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeLong, Flen: 10, Unsigned: true}}
}

func gtSmallUint(name string) isCol {
	return isCol{name, expr.SQLType{Tp: mysqldef.TypeShort, Flen: 5, Unsigned: true}}
}

func gtTimestamp(name string) isCol { return isCol{name, expr.SQLType{Tp: mysqldef.TypeTimestamp}} }

// gtSet stands for MySQL's SET columns (Table_priv, Column_priv): loopdb
// has no SET type, so the value is the same comma-joined text in a
// VARCHAR.
func gtSet(name string, n int) isCol { return isVarchar(name, n) }

// userPrivCols are mysql.user's privilege columns before ssl_type, each
// with the privilege it shows; 0 marks one loopdb does not have (shown as
// 'Y' only for an account that holds every privilege, as root does).
var userPrivCols = []struct {
	col  string
	priv privs.Set
}{
	{"Select_priv", privs.Select}, {"Insert_priv", privs.Insert}, {"Update_priv", privs.Update},
	{"Delete_priv", privs.Delete}, {"Create_priv", privs.Create}, {"Drop_priv", privs.Drop},
	{"Reload_priv", privs.Reload}, {"Shutdown_priv", privs.Shutdown}, {"Process_priv", privs.Process},
	{"File_priv", privs.File}, {"Grant_priv", privs.GrantOption}, {"References_priv", privs.References},
	{"Index_priv", privs.Index}, {"Alter_priv", privs.Alter}, {"Show_db_priv", privs.ShowDatabases},
	{"Super_priv", privs.Super}, {"Create_tmp_table_priv", privs.CreateTemporaryTables},
	{"Lock_tables_priv", privs.LockTables}, {"Execute_priv", privs.Execute}, {"Repl_slave_priv", 0},
	{"Repl_client_priv", 0}, {"Create_view_priv", privs.CreateView}, {"Show_view_priv", privs.ShowView},
	{"Create_routine_priv", privs.CreateRoutine}, {"Alter_routine_priv", privs.AlterRoutine},
	{"Create_user_priv", privs.CreateUser}, {"Event_priv", privs.Event}, {"Trigger_priv", privs.Trigger},
	{"Create_tablespace_priv", 0},
}

// dbPrivCols are mysql.db's privilege columns.
var dbPrivCols = []struct {
	col  string
	priv privs.Set
}{
	{"Select_priv", privs.Select}, {"Insert_priv", privs.Insert}, {"Update_priv", privs.Update},
	{"Delete_priv", privs.Delete}, {"Create_priv", privs.Create}, {"Drop_priv", privs.Drop},
	{"Grant_priv", privs.GrantOption}, {"References_priv", privs.References}, {"Index_priv", privs.Index},
	{"Alter_priv", privs.Alter}, {"Create_tmp_table_priv", privs.CreateTemporaryTables},
	{"Lock_tables_priv", privs.LockTables}, {"Create_view_priv", privs.CreateView},
	{"Show_view_priv", privs.ShowView}, {"Create_routine_priv", privs.CreateRoutine},
	{"Alter_routine_priv", privs.AlterRoutine}, {"Execute_priv", privs.Execute},
	{"Event_priv", privs.Event}, {"Trigger_priv", privs.Trigger},
}

// tablePrivNames are tables_priv.Table_priv's SET members in order.
var tablePrivNames = []struct {
	name string
	priv privs.Set
}{
	{"Select", privs.Select}, {"Insert", privs.Insert}, {"Update", privs.Update}, {"Delete", privs.Delete},
	{"Create", privs.Create}, {"Drop", privs.Drop}, {"Grant", privs.GrantOption},
	{"References", privs.References}, {"Index", privs.Index}, {"Alter", privs.Alter},
	{"Create View", privs.CreateView}, {"Show view", privs.ShowView}, {"Trigger", privs.Trigger},
}

var grantTables = map[string]*isTable{
	"user":          {cols: userCols(), rows: userRows},
	"db":            {cols: dbCols(), rows: dbRows},
	"tables_priv":   {cols: tablesPrivCols(), rows: tablesPrivRows},
	"columns_priv":  {cols: columnsPrivCols(), rows: columnsPrivRows},
	"procs_priv":    {cols: procsPrivCols(), rows: procsPrivRows},
	"role_edges":    {cols: roleEdgesCols(), rows: roleEdgesRows},
	"default_roles": {cols: defaultRolesCols(), rows: defaultRolesRows},
	"global_grants": {cols: globalGrantsCols(), rows: globalGrantsRows},
}

func userCols() []isCol {
	cols := []isCol{gtHost("Host"), gtUser("User")}
	for _, c := range userPrivCols {
		cols = append(cols, gtYN(c.col))
	}
	return append(cols, gtEnum("ssl_type", "", "ANY", "X509", "SPECIFIED"), gtBlob("ssl_cipher"),
		gtBlob("x509_issuer"), gtBlob("x509_subject"), gtUint("max_questions"), gtUint("max_updates"),
		gtUint("max_connections"), gtUint("max_user_connections"), gtChar("plugin", 64, "utf8mb4_bin"),
		isCol{"authentication_string", expr.SQLType{Tp: mysqldef.TypeBlob, Flen: expr.BlobLen, Collation: "utf8mb4_bin"}},
		gtYN("password_expired"), gtTimestamp("password_last_changed"), gtSmallUint("password_lifetime"),
		gtYN("account_locked"), gtYN("Create_role_priv"), gtYN("Drop_role_priv"),
		gtSmallUint("Password_reuse_history"), gtSmallUint("Password_reuse_time"),
		gtYN("Password_require_current"), isCol{"User_attributes", expr.SQLType{Tp: mysqldef.TypeJSON}})
}

func dbCols() []isCol {
	cols := []isCol{gtHost("Host"), gtName("Db"), gtUser("User")}
	for _, c := range dbPrivCols {
		cols = append(cols, gtYN(c.col))
	}
	return cols
}

func tablesPrivCols() []isCol {
	return []isCol{gtHost("Host"), gtName("Db"), gtUser("User"), gtName("Table_name"), isVarchar("Grantor", 288),
		gtTimestamp("Timestamp"), gtSet("Table_priv", 98), gtSet("Column_priv", 31)}
}

func columnsPrivCols() []isCol {
	return []isCol{gtHost("Host"), gtName("Db"), gtUser("User"), gtName("Table_name"), gtName("Column_name"),
		gtTimestamp("Timestamp"), gtSet("Column_priv", 31)}
}

func roleEdgesCols() []isCol {
	return []isCol{gtHost("FROM_HOST"), gtUser("FROM_USER"), gtHost("TO_HOST"), gtUser("TO_USER"),
		gtYN("WITH_ADMIN_OPTION")}
}

func defaultRolesCols() []isCol {
	return []isCol{gtHost("HOST"), gtUser("USER"), gtHost("DEFAULT_ROLE_HOST"), gtUser("DEFAULT_ROLE_USER")}
}

func globalGrantsCols() []isCol {
	return []isCol{gtUser("USER"), gtHost("HOST"), gtChar("PRIV", 32, "utf8mb4_0900_ai_ci"), gtYN("WITH_GRANT_OPTION")}
}

// isGrantTable reports whether db.name is one of the grant tables. The
// schema name compares as the system schemas do (table.IsSystemSchema);
// table names exactly, as with lower_case_table_names=0.
func isGrantTable(db, name string) bool {
	_, ok := grantTables[name]
	return ok && strings.EqualFold(db, grantTablesDB)
}

// grantTable builds the descriptor of mysql.name.
func grantTable(name string) (*table.Table, *isTable, error) {
	def, ok := grantTables[name]
	if !ok {
		return nil, nil, mysqldef.NewError(mysqldef.ErrNoSuchTable, "Table '%s.%s' doesn't exist", grantTablesDB, name)
	}
	t := &table.Table{DB: grantTablesDB, Name: name, Version: 1}
	for i, c := range def.cols {
		t.Columns = append(t.Columns, &table.TableColumn{ID: uint32(i + 1), Name: c.name, Type: c.typ})
	}
	t.NextColumn = uint32(len(t.Columns))
	t.Publish(nil)
	return t, def, nil
}

// isVirtualName reports whether tn names a table whose rows are built in
// memory: information_schema's, or a grant table.
func (s *Session) isVirtualName(tn *ast.TableName) bool {
	if isInfoSchemaName(s, tn) {
		return true
	}
	db := tn.Schema.O
	if db == "" {
		db = s.db
	}
	return isGrantTable(db, tn.Name.O)
}

// virtualTable is the descriptor of a virtual table tn names, nil when it
// names none.
func (s *Session) virtualTable(tn *ast.TableName) *table.Table {
	var t *table.Table
	if isInfoSchemaName(s, tn) {
		t, _, _ = infoSchemaTable(tn.Name.O)
	} else if s.isVirtualName(tn) {
		t, _, _ = grantTable(tn.Name.O)
	}
	return t
}

// visibleGrantTables lists the grant tables of db the session may see
// (SHOW TABLES FROM mysql, information_schema.TABLES and COLUMNS): none
// unless db is mysql.
func (s *Session) visibleGrantTables(db string) []*table.Table {
	if !strings.EqualFold(db, grantTablesDB) {
		return nil
	}
	var out []*table.Table
	for _, name := range grantTableNames {
		if s.seesTable(grantTablesDB, name) {
			t, _, _ := grantTable(name)
			out = append(out, t)
		}
	}
	return out
}

// grantTableWriteMask is what a statement needs on a table it changes.
const grantTableWriteMask = privs.Insert | privs.Update | privs.Delete | privs.Drop | privs.Alter |
	privs.Create | privs.Index

// checkGrantTableWrite refuses a statement that would change a grant
// table with MySQL's 1036: account changes go through CREATE USER, GRANT
// and the other account statements. It runs after the privilege check,
// so an account without the privilege still gets 1142 first.
// Single-table statements look at their target name only, so the common
// INSERT/UPDATE/DELETE pay a map lookup; multi-table UPDATE and DELETE
// (which may read a grant table while writing another) ask which tables
// they write.
func (s *Session) checkGrantTableWrite(stmt ast.StmtNode) error {
	var targets []*ast.TableName
	switch st := stmt.(type) {
	case *ast.InsertStmt:
		targets = append(targets, targetTable(st.Table))
	case *ast.UpdateStmt:
		if st.TableRefs != nil && len(tableSources(st.TableRefs.TableRefs, nil)) > 1 {
			return s.checkGrantTableWriteNeeds(stmt) // a join: MultipleTable is set for comma lists only
		}
		targets = append(targets, targetTable(st.TableRefs))
	case *ast.DeleteStmt:
		if st.IsMultiTable {
			return s.checkGrantTableWriteNeeds(stmt)
		}
		targets = append(targets, targetTable(st.TableRefs))
	case *ast.LoadDataStmt:
		targets = append(targets, st.Table)
	case *ast.TruncateTableStmt:
		targets = append(targets, st.Table)
	case *ast.DropTableStmt:
		targets = st.Tables
	case *ast.AlterTableStmt:
		targets = append(targets, st.Table)
	case *ast.RenameTableStmt:
		for _, t := range st.TableToTables {
			targets = append(targets, t.OldTable, t.NewTable)
		}
	case *ast.CreateIndexStmt:
		targets = append(targets, st.Table)
	case *ast.DropIndexStmt:
		targets = append(targets, st.Table)
	default:
		return nil
	}
	for _, tn := range targets {
		if tn != nil && s.isVirtualName(tn) && !isInfoSchemaName(s, tn) {
			return errGrantTableReadOnly(tn.Name.O)
		}
	}
	return nil
}

// checkGrantTableWriteNeeds is checkGrantTableWrite for statements with
// several tables, some perhaps only read.
func (s *Session) checkGrantTableWriteNeeds(stmt ast.StmtNode) error {
	needs, err := s.tableNeedsOf(stmt, nil)
	if err != nil {
		return nil // the statement reports it itself
	}
	for _, n := range needs {
		if n.need&grantTableWriteMask != 0 && isGrantTable(n.db, n.name) {
			return errGrantTableReadOnly(n.name)
		}
	}
	return nil
}

func errGrantTableReadOnly(name string) error {
	return mysqldef.NewError(mysqldef.ErrOpenAsReadonly, "Table '%s' is read only", name)
}

// grantTableRows builds a grant table's rows in memory.
func (s *Session) grantTableRows(tn *ast.TableName) (*table.Table, [][]expr.Value, error) {
	t, def, err := grantTable(tn.Name.O)
	if err != nil {
		return nil, nil, err
	}
	return t, def.rows(s, &isQuery{}), nil
}

// grantSnapshot is every account's grants now (nil without an account
// store: the tables are then empty).
func (s *Session) grantSnapshot() *privs.Snapshot {
	if s.eng.accounts == nil {
		return nil
	}
	return s.eng.accounts.Privileges()
}

func yn(b bool) expr.Value {
	if b {
		return str("Y")
	}
	return str("N")
}

// userRows is mysql.user: one row per account, in the table's key order
// (Host, User). Privileges are the account's own, without its roles'.
func userRows(s *Session, _ *isQuery) [][]expr.Value {
	if s.eng.accounts == nil {
		return nil
	}
	snap := s.grantSnapshot()
	list := s.eng.accounts.List()
	slices.SortFunc(list, func(a, b AccountInfo) int {
		return cmp.Or(cmp.Compare(a.Host, b.Host), cmp.Compare(a.User, b.User))
	})
	rows := make([][]expr.Value, 0, len(list))
	for _, a := range list {
		g := snap.Of(a.User, a.Host)
		row := []expr.Value{str(a.Host), str(a.User)}
		for _, c := range userPrivCols {
			if c.priv == 0 {
				row = append(row, yn(g.IsSuper()))
			} else {
				row = append(row, yn(g.Global.Has(c.priv)))
			}
		}
		changed := expr.NullValue()
		if !a.PasswordChanged.IsZero() {
			changed = expr.DatetimeValue(a.PasswordChanged.In(s.location()), 0)
		}
		lifetime := expr.NullValue() // PASSWORD EXPIRE DEFAULT
		switch {
		case a.Lifetime < 0:
			lifetime = expr.UintValue(0) // NEVER
		case a.Lifetime > 0:
			lifetime = expr.UintValue(uint64(a.Lifetime))
		}
		l := a.Limits
		row = append(row, str(a.Require), str(""), str(""), str(""),
			expr.UintValue(uint64(l.MaxQuestions)), expr.UintValue(uint64(l.MaxUpdates)),
			expr.UintValue(uint64(l.MaxConnections)), expr.UintValue(uint64(l.MaxUserConnections)),
			str(a.Plugin), str(a.AuthString), yn(a.Expired), changed, lifetime, yn(a.Locked),
			// CREATE ROLE and DROP ROLE are covered by CREATE USER in loopdb.
			yn(g.Global.Has(privs.CreateUser)), yn(g.Global.Has(privs.CreateUser)),
			expr.NullValue(), expr.NullValue(), expr.NullValue(), userAttributes(a))
		rows = append(rows, row)
	}
	return rows
}

// dbRows is mysql.db: one row per database-level grant.
func dbRows(s *Session, _ *isQuery) [][]expr.Value {
	snap := s.grantSnapshot()
	var rows [][]expr.Value
	for _, a := range hostOrder(snap.Names()) {
		g := snap.Of(a.User, a.Host)
		dbs := make([]string, 0, len(g.DB))
		for db := range g.DB {
			dbs = append(dbs, db)
		}
		slices.Sort(dbs)
		for _, db := range dbs {
			row := []expr.Value{str(a.Host), str(db), str(a.User)}
			for _, c := range dbPrivCols {
				row = append(row, yn(g.DB[db].Has(c.priv)))
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// tablesPrivRows is mysql.tables_priv: one row per table-level grant.
// loopdb keeps neither the grantor nor the time of a grant: Grantor is
// empty and Timestamp NULL.
func tablesPrivRows(s *Session, _ *isQuery) [][]expr.Value {
	snap := s.grantSnapshot()
	var rows [][]expr.Value
	for _, a := range hostOrder(snap.Names()) {
		g := snap.Of(a.User, a.Host)
		tables := make([]privs.TableName, 0, len(g.Table)+len(g.Column))
		for t := range g.Table {
			tables = append(tables, t)
		}
		for t := range g.Column {
			if _, ok := g.Table[t]; !ok {
				tables = append(tables, t) // column privileges alone still make a row
			}
		}
		slices.SortFunc(tables, func(x, y privs.TableName) int {
			return cmp.Or(cmp.Compare(x.DB, y.DB), cmp.Compare(x.Table, y.Table))
		})
		for _, t := range tables {
			rows = append(rows, []expr.Value{str(a.Host), str(t.DB), str(a.User), str(t.Table), str(""),
				expr.NullValue(), str(tablePrivText(g.Table[t])), str(columnPrivText(g.ColumnPrivs(t.DB, t.Table)))})
		}
	}
	return rows
}

// tablePrivText writes p as tables_priv.Table_priv's SET value.
func tablePrivText(p privs.Set) string {
	var parts []string
	for _, n := range tablePrivNames {
		if p.Has(n.priv) {
			parts = append(parts, n.name)
		}
	}
	return strings.Join(parts, ",")
}

// columnPrivText writes p as Column_priv's SET value.
func columnPrivText(p privs.Set) string {
	var parts []string
	for _, n := range tablePrivNames {
		if n.priv&privs.ColumnLevel != 0 && p.Has(n.priv) {
			parts = append(parts, n.name)
		}
	}
	return strings.Join(parts, ",")
}

// columnsPrivRows is mysql.columns_priv: one row per column with
// privileges (Timestamp NULL: not kept).
func columnsPrivRows(s *Session, _ *isQuery) [][]expr.Value {
	snap := s.grantSnapshot()
	var rows [][]expr.Value
	for _, a := range hostOrder(snap.Names()) {
		g := snap.Of(a.User, a.Host)
		for t, cols := range g.Column {
			for name, p := range cols {
				rows = append(rows, []expr.Value{str(a.Host), str(t.DB), str(a.User), str(t.Table), str(name),
					expr.NullValue(), str(columnPrivText(p))})
			}
		}
	}
	// Key order: Host, Db, User, Table_name, Column_name.
	slices.SortStableFunc(rows, func(x, y []expr.Value) int {
		for i := range 5 {
			if c := cmp.Compare(x[i].Str(), y[i].Str()); c != 0 {
				return c
			}
		}
		return 0
	})
	return rows
}

// roleEdgesRows is mysql.role_edges: FROM is the role, TO the account it
// is granted to.
func roleEdgesRows(s *Session, _ *isQuery) [][]expr.Value {
	snap := s.grantSnapshot()
	var rows [][]expr.Value
	for _, a := range hostOrder(snap.Names()) {
		g := snap.Of(a.User, a.Host)
		for _, r := range g.RoleNames() {
			rows = append(rows, []expr.Value{str(r.Host), str(r.User), str(a.Host), str(a.User), yn(g.Roles[r])})
		}
	}
	slices.SortStableFunc(rows, func(x, y []expr.Value) int {
		return cmp.Or(cmp.Compare(x[0].Str(), y[0].Str()), cmp.Compare(x[1].Str(), y[1].Str()))
	})
	return rows
}

// defaultRolesRows is mysql.default_roles.
func defaultRolesRows(s *Session, _ *isQuery) [][]expr.Value {
	snap := s.grantSnapshot()
	var rows [][]expr.Value
	for _, a := range hostOrder(snap.Names()) {
		for _, r := range snap.Of(a.User, a.Host).Defaults {
			rows = append(rows, []expr.Value{str(a.Host), str(a.User), str(r.Host), str(r.User)})
		}
	}
	return rows
}

// globalGrantsRows is mysql.global_grants: one row per dynamic privilege
// held globally.
func globalGrantsRows(s *Session, _ *isQuery) [][]expr.Value {
	snap := s.grantSnapshot()
	var rows [][]expr.Value
	for _, a := range snap.Names() {
		g := snap.Of(a.User, a.Host)
		for _, name := range (g.Global & privs.Dynamic).Names() {
			rows = append(rows, []expr.Value{str(a.User), str(a.Host), str(name), yn(g.Global.Has(privs.GrantOption))})
		}
	}
	return rows
}

// hostOrder sorts accounts by host, then user: the key order of the
// tables whose primary key starts with Host.
func hostOrder(list []privs.AccountName) []privs.AccountName {
	slices.SortFunc(list, func(a, b privs.AccountName) int {
		return cmp.Or(cmp.Compare(a.Host, b.Host), cmp.Compare(a.User, b.User))
	})
	return list
}

// userAttributes is mysql.user.User_attributes: NULL, or MySQL's
// {"additional_password": "<hash>"} while a retained password is valid.
func userAttributes(a AccountInfo) expr.Value {
	if a.SecondaryAuth == "" {
		return expr.NullValue()
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(a.SecondaryAuth) != nil {
		return expr.NullValue()
	}
	return str(`{"additional_password": ` + strings.TrimSuffix(b.String(), "\n") + `}`)
}
