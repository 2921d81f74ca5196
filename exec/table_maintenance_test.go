package exec

import (
	"strings"
	"testing"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/exec/table"
	"github.com/loopdb/loopdb/storage"
)

// CHECK TABLE reports OK for a consistent table and lists what is wrong
// with a damaged one (here an index entry deleted behind the table's
// back); OPTIMIZE TABLE compacts and answers OK; both answer MySQL's rows
// for a missing table (privileges and mariadb-check:
// e2e/e2e_table_maintenance_test.go).
func TestCheckAndOptimizeTable(t *testing.T) {
	s := tableSession(t)
	mustExec(t, s, "CREATE TABLE ct (id INT PRIMARY KEY, k INT, KEY kk (k))", "INSERT INTO ct VALUES (1, 10), (2, 20), (3, 30)",
		"CREATE TEMPORARY TABLE tmp (a INT)")
	if got := rowsOf(t, s, "CHECK TABLE ct, d.nope, tmp, mysql.user EXTENDED"); got != "d.ct,check,status,OK;d.nope,check,Error,Table 'd.nope' doesn't exist;d.nope,check,status,Operation failed;d.tmp,check,status,OK;mysql.user,check,status,OK" {
		t.Fatal(got)
	}
	mustExec(t, s, "DELETE FROM ct WHERE id = 3", "INSERT INTO ct VALUES (4, 40)")
	if got := rowsOf(t, s, "OPTIMIZE TABLE ct"); got != "d.ct,optimize,status,OK" {
		t.Fatal(got)
	}
	if got := rowsOf(t, s, "SELECT id, k FROM ct WHERE k > 10 ORDER BY id"); got != "2,20;4,40" {
		t.Fatal(got)
	}
	// Damage: drop the index entry of row 2 in storage.
	ct := s.eng.catalog.Table("d", "ct")
	tx := s.eng.store.Begin(storage.TxnOptions{})
	ikey, _ := ct.IndexEntry(ct.Indexes[0], []expr.Value{expr.IntValue(2), expr.IntValue(20)}, ct.RowKey([]expr.Value{expr.IntValue(2), expr.IntValue(20)})[len(ct.RowPrefix()):])
	if err := tx.Delete(ikey); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	got := rowsOf(t, s, "CHECK TABLE ct")
	if !strings.Contains(got, table.ProblemMissingIndex) || !strings.HasSuffix(got, "d.ct,check,error,Corrupt") {
		t.Fatal(got)
	}
}
