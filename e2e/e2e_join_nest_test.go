package e2e

// Join nests against MariaDB: seeded random FROM clauses of up to eight relations, inner and
// LEFT joins nested in parentheses on either side, ON conditions that name any relation in
// scope (equalities, IS NULL, comparisons, ORs with IS NULL, constants that no row can meet),
// and sometimes a WHERE over a NULL-extended column. Each query runs on both servers and the
// rows are compared as sorted text. This is where the planner's nests (a LEFT JOIN's inner
// side of several relations, NULL-extended as a whole, its ON checked once the nest is
// complete) and its narrowing of reads by ON and WHERE are checked against a reference.

import (
	"database/sql"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"time"
)

var joinNestSchema = []string{
	"CREATE TABLE a (id INT PRIMARY KEY, v INT)",
	"CREATE TABLE b (id INT PRIMARY KEY, aid INT, w INT, KEY (aid))",
	"CREATE TABLE c (id INT PRIMARY KEY, bid INT, x INT)",
	"INSERT INTO a VALUES (1, 10), (2, 20), (3, 30), (4, NULL)",
	"INSERT INTO b VALUES (1, 1, 100), (2, 1, 200), (3, 2, 300), (4, 9, 400), (5, NULL, NULL)",
	"INSERT INTO c VALUES (1, 1, 5), (2, 3, 6), (3, 3, 7), (4, 8, 8), (5, 5, NULL)",
}

type joinNestGen struct {
	r     *rand.Rand
	alias int
}

type nestCol struct{ alias, col string }

var joinNestTables = []struct {
	name string
	cols []string
}{{"a", []string{"id", "v"}}, {"b", []string{"id", "aid", "w"}}, {"c", []string{"id", "bid", "x"}}}

func (g *joinNestGen) cond(cols []nestCol) string {
	var parts []string
	for i := 0; i < 1+g.r.Intn(2); i++ {
		x, y := cols[g.r.Intn(len(cols))], cols[g.r.Intn(len(cols))]
		switch k := g.r.Intn(20); {
		case k < 10:
			parts = append(parts, fmt.Sprintf("%s.%s = %s.%s", x.alias, x.col, y.alias, y.col))
		case k < 12:
			parts = append(parts, fmt.Sprintf("%s.%s IS NULL", x.alias, x.col))
		case k < 14:
			parts = append(parts, []string{"1 = 0", "TRUE", "NULL"}[g.r.Intn(3)])
		case k < 17:
			parts = append(parts, fmt.Sprintf("%s.%s > %d", x.alias, x.col, []int{1, 2, 3, 5, 10, 100}[g.r.Intn(6)]))
		default:
			parts = append(parts, fmt.Sprintf("(%s.%s = %d OR %s.%s IS NULL)", x.alias, x.col, 1+g.r.Intn(4), y.alias, y.col))
		}
	}
	return strings.Join(parts, " AND ")
}

// from builds a FROM item of at most depth levels of joins.
func (g *joinNestGen) from(depth int) (string, []nestCol) {
	if depth == 0 || g.r.Intn(10) < 3 {
		t := joinNestTables[g.r.Intn(len(joinNestTables))]
		g.alias++
		al := fmt.Sprintf("t%d", g.alias)
		var cols []nestCol
		for _, c := range t.cols {
			cols = append(cols, nestCol{al, c})
		}
		return t.name + " AS " + al, cols
	}
	l, lc := g.from(depth - 1)
	r, rc := g.from(depth - 1)
	if strings.Contains(r, " JOIN ") {
		r = "(" + r + ")"
	}
	all := append(lc, rc...)
	return fmt.Sprintf("%s %s %s ON %s", l, []string{"JOIN", "LEFT JOIN"}[g.r.Intn(2)], r, g.cond(all)), all
}

func (g *joinNestGen) query() string {
	g.alias = 0
	from, cols := g.from(3)
	var sel []string
	for _, c := range cols[:min(len(cols), 8)] {
		sel = append(sel, c.alias+"."+c.col)
	}
	where := ""
	if g.r.Intn(10) < 3 {
		c := cols[g.r.Intn(len(cols))]
		where = fmt.Sprintf(" WHERE %s.%s %s", c.alias, c.col, []string{"IS NULL", "> 2"}[g.r.Intn(2)])
	}
	return "SELECT " + strings.Join(sel, ", ") + " FROM " + from + where
}

func TestJoinNestsAgainstMariaDB(t *testing.T) {
	t.Parallel()
	ref := startMariaDB(t)
	s := startServer(t)
	ctx := ctxT(t, 4*time.Minute)
	conns := make([]*sql.Conn, 2)
	for i, dsn := range []string{ref.dsn(""), s.dsnTCP("root", "", "")} {
		c, err := openDB(t, dsn).Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		mustExec(t, ctx, c, "CREATE DATABASE joinnest", "USE joinnest")
		mustExec(t, ctx, c, joinNestSchema...)
		conns[i] = c
	}
	g := &joinNestGen{r: rand.New(rand.NewSource(20261207))}
	const queries = 300
	bad := 0
	for i := 0; i < queries; i++ {
		st := diffStmt{file: "join-nest", line: i + 1, sql: g.query(), isQuery: true} // rows compared sorted
		want, got := runDiffStmt(ctx, conns[0], st), runDiffStmt(ctx, conns[1], st)
		if want.fatal != nil || got.fatal != nil {
			t.Fatalf("%s\n  MariaDB: %v\n  loopdb: %v", st.sql, want.fatal, got.fatal)
		}
		if want.errNo != got.errNo || strings.Join(want.rows, "\n") != strings.Join(got.rows, "\n") {
			bad++
			t.Errorf("%s\n  MariaDB (error %d, %d rows): %q\n  loopdb (error %d, %d rows): %q",
				st.sql, want.errNo, len(want.rows), want.rows, got.errNo, len(got.rows), got.rows)
		}
		if bad >= 5 {
			t.Fatal("stopping after 5 differences")
		}
	}
}
