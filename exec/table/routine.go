package table

import (
	"sort"
	"strings"
	"time"

	"github.com/loopdb/loopdb/internal/jsoncodec"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// Routine is what the catalog keeps of a stored procedure: its text as
// written (parameter list and body, parsed again at each CALL, as a view's
// SELECT is) and the options of CREATE PROCEDURE. Routines live under
// ("routine", db, lower-case name): routine names are case-insensitive in
// MySQL whatever lower_case_table_names says.
type Routine struct {
	DB            string `json:"db"`
	Name          string `json:"name"`   // as created
	Params        string `json:"params"` // the text between the parentheses
	Body          string `json:"body"`
	Definer       string `json:"definer"`  // `user`@`host`
	Security      string `json:"security"` // DEFINER or INVOKER
	Comment       string `json:"comment,omitempty"`
	Deterministic bool   `json:"deterministic,omitempty"`
	DataAccess    string `json:"data_access,omitempty"` // CONTAINS SQL, NO SQL, READS SQL DATA, MODIFIES SQL DATA
	SQLMode       string `json:"sql_mode"`
	CharsetClient string `json:"charset_client"`
	Collation     string `json:"collation"`
	DBCollation   string `json:"db_collation"`
	Created       int64  `json:"created"` // unix seconds
	Modified      int64  `json:"modified"`
}

// DefinerParts splits the definer into user and host.
func (r *Routine) DefinerParts() (user, host string) {
	return (&ViewDef{Definer: r.Definer}).DefinerParts()
}

const metaKindRoutine = "routine"

func routineKey(db, name string) []byte {
	return storage.MetaKey(metaKindRoutine, db, strings.ToLower(name))
}

// readRoutines reads every stored routine.
func (c *Catalog) readRoutines() (map[string]map[string]*Routine, error) {
	out := make(map[string]map[string]*Routine)
	prefix := storage.MetaKindPrefix(metaKindRoutine)
	it, err := c.store.NewIter(prefix, storage.PrefixEnd(prefix))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		r := new(Routine)
		if err := jsoncodec.Unmarshal(it.Value(), r); err != nil {
			return nil, err
		}
		putRoutine(out, r)
	}
	return out, it.Error()
}

func putRoutine(m map[string]map[string]*Routine, r *Routine) {
	if m[r.DB] == nil {
		m[r.DB] = make(map[string]*Routine)
	}
	m[r.DB][strings.ToLower(r.Name)] = r
}

// Routine returns the procedure db.name (any letter case), or nil.
func (c *Catalog) Routine(db, name string) *Routine {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.routines[db][strings.ToLower(name)]
}

// Routines lists every procedure, by database then name.
func (c *Catalog) Routines() []*Routine {
	c.mu.RLock()
	var out []*Routine
	for _, m := range c.routines {
		for _, r := range m {
			out = append(out, r)
		}
	}
	c.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if out[i].DB != out[j].DB {
			return out[i].DB < out[j].DB
		}
		return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name)
	})
	return out
}

// CreateRoutine stores r; existed reports a procedure of that name already
// there (1304 unless ifNotExists).
func (c *Catalog) CreateRoutine(r *Routine, ifNotExists bool) (existed bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.hasDatabaseLocked(r.DB) || IsSystemSchema(r.DB) {
		return false, mysqldef.NewError(mysqldef.ErrBadDB, "Unknown database '%s'", r.DB)
	}
	if c.routines[r.DB][strings.ToLower(r.Name)] != nil {
		if ifNotExists {
			return true, nil
		}
		return true, mysqldef.NewError(mysqldef.ErrSPAlreadyExists, "PROCEDURE %s already exists", r.Name)
	}
	now := time.Now().Unix()
	r.Created, r.Modified = now, now
	data, err := jsoncodec.Marshal(r)
	if err != nil {
		return false, err
	}
	if err := c.changeSchema(func(tx storage.Txn) error { return tx.Set(routineKey(r.DB, r.Name), data) }); err != nil {
		return false, err
	}
	if c.routines == nil {
		c.routines = make(map[string]map[string]*Routine)
	}
	putRoutine(c.routines, r)
	return false, nil
}

// DropRoutine removes procedure db.name; missing reports there was none.
func (c *Catalog) DropRoutine(db, name string) (missing bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.routines[db][strings.ToLower(name)] == nil {
		return true, nil
	}
	if err := c.changeSchema(func(tx storage.Txn) error { return tx.Delete(routineKey(db, name)) }); err != nil {
		return false, err
	}
	delete(c.routines[db], strings.ToLower(name))
	return false, nil
}

// deleteRoutinesIn deletes db's routines in tx (DROP DATABASE).
func (c *Catalog) deleteRoutinesIn(tx storage.Txn, db string) error {
	for _, r := range c.routines[db] {
		if err := tx.Delete(routineKey(r.DB, r.Name)); err != nil {
			return err
		}
	}
	return nil
}
