package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// SHOW statements about the server rather than its data: replication and
// binary log status (loopdb has neither, so empty sets, as MySQL answers
// with binary logging off and no replica configured), plugins, privileges,
// open tables and profiles. Monitoring agents, dump tools (--source-data)
// and GUI clients send them and take an empty answer, not an error.

// replicaStatusColumns are SHOW REPLICA STATUS's columns in MySQL 8.
var replicaStatusColumns = []string{"Replica_IO_State", "Source_Host", "Source_User", "Source_Port",
	"Connect_Retry", "Source_Log_File", "Read_Source_Log_Pos", "Relay_Log_File", "Relay_Log_Pos",
	"Relay_Source_Log_File", "Replica_IO_Running", "Replica_SQL_Running", "Replicate_Do_DB",
	"Replicate_Ignore_DB", "Replicate_Do_Table", "Replicate_Ignore_Table", "Replicate_Wild_Do_Table",
	"Replicate_Wild_Ignore_Table", "Last_Errno", "Last_Error", "Skip_Counter", "Exec_Source_Log_Pos",
	"Relay_Log_Space", "Until_Condition", "Until_Log_File", "Until_Log_Pos", "Source_SSL_Allowed",
	"Source_SSL_CA_File", "Source_SSL_CA_Path", "Source_SSL_Cert", "Source_SSL_Cipher", "Source_SSL_Key",
	"Seconds_Behind_Source", "Source_SSL_Verify_Server_Cert", "Last_IO_Errno", "Last_IO_Error",
	"Last_SQL_Errno", "Last_SQL_Error", "Replicate_Ignore_Server_Ids", "Source_Server_Id", "Source_UUID",
	"Source_Info_File", "SQL_Delay", "SQL_Remaining_Delay", "Replica_SQL_Running_State",
	"Source_Retry_Count", "Source_Bind", "Last_IO_Error_Timestamp", "Last_SQL_Error_Timestamp",
	"Source_SSL_Crl", "Source_SSL_Crlpath", "Retrieved_Gtid_Set", "Executed_Gtid_Set", "Auto_Position",
	"Replicate_Rewrite_DB", "Channel_Name", "Source_TLS_Version", "Source_public_key_path",
	"Get_Source_public_key", "Network_Namespace"}

// privilegeRows are SHOW PRIVILEGES' rows for the privileges loopdb has,
// in MySQL 8's order and words.
var privilegeRows = [][3]string{
	{"Alter", "Tables", "To alter the table"},
	{"Alter routine", "Functions,Procedures", "To alter or drop stored functions/procedures"},
	{"Create", "Databases,Tables,Indexes", "To create new databases and tables"},
	{"Create routine", "Databases", "To use CREATE FUNCTION/PROCEDURE"},
	{"Create temporary tables", "Databases", "To use CREATE TEMPORARY TABLE"},
	{"Create view", "Tables", "To create new views"},
	{"Create user", "Server Admin", "To create new users"},
	{"Delete", "Tables", "To delete existing rows"},
	{"Drop", "Databases,Tables", "To drop databases, tables, and views"},
	{"Event", "Server Admin", "To create, alter, drop and execute events"},
	{"Execute", "Functions,Procedures", "To execute stored routines"},
	{"File", "File access on server", "To read and write files on the server"},
	{"Grant option", "Databases,Tables,Functions,Procedures", "To give to other users those privileges you possess"},
	{"Index", "Tables", "To create or drop indexes"},
	{"Insert", "Tables", "To insert data into tables"},
	{"Lock tables", "Databases", "To use LOCK TABLES (together with SELECT privilege)"},
	{"Process", "Server Admin", "To view the plain text of currently executing queries"},
	{"References", "Databases,Tables", "To have references on tables"},
	{"Reload", "Server Admin", "To reload or refresh tables, logs and privileges"},
	{"Select", "Tables", "To retrieve rows from table"},
	{"Show databases", "Server Admin", "To see all databases with SHOW DATABASES"},
	{"Show view", "Tables", "To see views with SHOW CREATE VIEW"},
	{"Shutdown", "Server Admin", "To shut down the server"},
	{"Super", "Server Admin", "To use KILL thread, SET GLOBAL, CHANGE MASTER, etc."},
	{"Trigger", "Tables", "To use triggers"},
	{"Update", "Tables", "To update existing rows"},
	{"Usage", "Server Admin", "No privileges - allow connect only"},
	{"APPLICATION_PASSWORD_ADMIN", "Server Admin", ""},
	{"BACKUP_ADMIN", "Server Admin", ""},
	{"CONNECTION_ADMIN", "Server Admin", ""},
	{"SYSTEM_VARIABLES_ADMIN", "Server Admin", ""},
}

// pluginRows are SHOW PLUGINS' rows: the authentication methods and the
// one storage engine loopdb has.
var pluginRows = [][5]string{
	{"mysql_native_password", "ACTIVE", "AUTHENTICATION", "", "GPL"},
	{"caching_sha2_password", "ACTIVE", "AUTHENTICATION", "", "GPL"},
	{"InnoDB", "ACTIVE", "STORAGE ENGINE", "", "GPL"},
}

// showServer answers the SHOW statements above; ok is false for others.
func (s *Session) showServer(st *ast.ShowStmt, w ResultWriter, more bool) (ok bool, err error) {
	var names []string
	var rows [][]expr.Value
	switch st.Tp {
	case ast.ShowMasterStatus, ast.ShowBinlogStatus:
		names = []string{"File", "Position", "Binlog_Do_DB", "Binlog_Ignore_DB", "Executed_Gtid_Set"}
	case ast.ShowReplicaStatus:
		names = replicaStatusColumns
		if strings.Contains(strings.ToUpper(st.Text()), "SLAVE") {
			// SHOW SLAVE STATUS keeps the old words.
			names = make([]string, len(replicaStatusColumns))
			for i, n := range replicaStatusColumns {
				n = strings.ReplaceAll(n, "Replica", "Slave")
				names[i] = strings.ReplaceAll(n, "Source", "Master")
			}
		}
	case ast.ShowOpenTables:
		names = []string{"Database", "Table", "In_use", "Name_locked"}
	case ast.ShowProfiles:
		names = []string{"Query_ID", "Duration", "Query"}
	case ast.ShowPrivileges:
		names = []string{"Privilege", "Context", "Comment"}
		for _, r := range privilegeRows {
			rows = append(rows, []expr.Value{expr.StringValue(r[0]), expr.StringValue(r[1]), expr.StringValue(r[2])})
		}
	case ast.ShowPlugins:
		names = []string{"Name", "Status", "Type", "Library", "License"}
		for _, r := range pluginRows {
			lib := expr.Value{} // NULL: built in
			rows = append(rows, []expr.Value{expr.StringValue(r[0]), expr.StringValue(r[1]), expr.StringValue(r[2]), lib, expr.StringValue(r[4])})
		}
	default:
		return false, nil
	}
	cols := make([]Column, len(names))
	for i, n := range names {
		cols[i] = textColumn(n, 64)
	}
	return true, s.filteredRows(st, w, cols, rows, more)
}
