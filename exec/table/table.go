package table

import (
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
)

// Table is a table's descriptor. A published descriptor is immutable: DDL
// builds a new one and swaps it into the catalog, so a statement keeps a
// consistent view of the table it started with.
type Table struct {
	ID         uint64         `json:"id"`
	DB         string         `json:"db"`
	Name       string         `json:"name"`
	Columns    []*TableColumn `json:"columns"`
	PrimaryKey []uint32       `json:"pk,omitempty"` // column ids; empty: a hidden row id is the key
	// PKPrefix are the primary key parts' prefix lengths (see
	// Index.Prefix); nil when no part has one.
	PKPrefix []uint32 `json:"pk_prefix,omitempty"`
	Indexes  []*Index `json:"indexes,omitempty"`
	// ForeignKeys are the table's FOREIGN KEY constraints (as the child).
	ForeignKeys []*ForeignKey `json:"foreign_keys,omitempty"`
	// Checks are the table's CHECK constraints.
	Checks     []*CheckConstraint `json:"checks,omitempty"`
	NextColumn uint32             `json:"next_column"`
	NextIndex  uint32             `json:"next_index"`
	Version    uint32             `json:"version"`
	Comment    string             `json:"comment,omitempty"`
	// Collation is the table's default collation (DEFAULT CHARSET /
	// COLLATE), which text columns declared without one take; "" is
	// utf8mb4_0900_ai_ci.
	Collation  string `json:"collation,omitempty"`
	CreateTime int64  `json:"create_time"`

	// Derived when published (not stored).
	pk     []int // offsets of the primary key columns
	byName map[string]int
	byID   map[uint32]int
	// idOffsets is byID as a slice indexed by column id (-1: no such
	// column), for the row decoder's per-column lookup; nil when the ids
	// are too sparse for it (then byID serves).
	idOffsets []int32
	autoInc   int  // offset of the AUTO_INCREMENT column, -1 if none
	hasGen    bool // some column is generated
	shared    *Shared

	// View, when set, makes this descriptor a view (stored): no rows of
	// its own, its Columns name (and, as last computed, type) the view's
	// result.
	View *ViewDef `json:"view,omitempty"`

	// Temporary marks a session's CREATE TEMPORARY TABLE (never stored):
	// the descriptor lives in that session's memory, not in the catalog,
	// its id comes from the reserved range at TempIDBase, its counters
	// stay in memory and no foreign key names it (exec's temptable.go).
	Temporary bool `json:"-"`
}

// TempIDBase is where the table ids of temporary tables start: ids at or
// above it are never handed out by the catalog (whose counter would need
// 2^63 CREATE TABLEs to get there), so every key from
// TablePrefix(TempIDBase) to the end of the 't' space is temporary data and
// the start-up cleanup can find a crashed server's leftovers without a
// record of them.
const TempIDBase uint64 = 1 << 63

// IsTempID reports whether a table id is a temporary table's.
func IsTempID(id uint64) bool { return id >= TempIDBase }

// Shared is the state every version of a table shares: the metadata
// lock, the LOCK TABLES gate and the id counters.
type Shared struct {
	MDL     sync.RWMutex // DML holds it shared for a statement, DDL exclusive
	Gate    Gate         // LOCK TABLES
	autoInc idAllocator
	rowID   idAllocator
}

// Gate is a table's LOCK TABLES state: it counts the statements writing
// the table and the sessions holding table locks on it. The waiting and
// the rules live with the sessions (exec's tablelock.go); this is only the
// state every version of the table shares, under Mu.
type Gate struct {
	Mu         sync.Mutex
	ReadLocks  int    // sessions holding READ
	WriteOwner uint32 // id of the session holding WRITE; 0 when none
	Writers    int    // DML statements writing the table now
}

// TableColumn is one column of a table.
type TableColumn struct {
	ID          uint32       `json:"id"`
	Name        string       `json:"name"`
	Type        expr.SQLType `json:"type"`
	NotNull     bool         `json:"not_null,omitempty"`
	HasDefault  bool         `json:"has_default,omitempty"`
	Default     *string      `json:"default,omitempty"` // text of a constant default; nil with HasDefault: DEFAULT NULL
	DefaultNow  bool         `json:"default_now,omitempty"`
	OnUpdateNow bool         `json:"on_update_now,omitempty"`
	AutoInc     bool         `json:"auto_inc,omitempty"`
	Comment     string       `json:"comment,omitempty"`
	// Generated is a generated column's expression as SQL text (exec
	// compiles it for each writing statement); empty for a base column.
	// Every generated column's value is stored in the row, VIRTUAL ones
	// included: Stored only records what the definition said.
	Generated string `json:"generated,omitempty"`
	Stored    bool   `json:"stored,omitempty"`

	// addedDefault is what rows written before the column existed read:
	// the constant default, else NULL.
	addedDefault expr.Value
	// DerivedType overrides the result metadata (columns of derived tables
	// keep their expression's type). Never stored.
	DerivedType *expr.ColumnType `json:"-"`
}

// Index is a secondary index (the primary key is the row key itself).
type Index struct {
	ID      uint32   `json:"id"`
	Name    string   `json:"name"`
	Columns []uint32 `json:"columns"`
	Unique  bool     `json:"unique,omitempty"`
	// Prefix are the key parts' prefix lengths, parallel to Columns: the
	// part indexes only the first N characters (bytes for a binary
	// string) of its column; 0 is the whole column. nil (catalogs written
	// before prefixes existed, and indexes without one) is all zeros.
	Prefix []uint32 `json:"prefix,omitempty"`

	offsets []int
}

// Publish derives the lookup structures; call it before a descriptor is used.
func (t *Table) Publish(shared *Shared) {
	t.byName = make(map[string]int, len(t.Columns))
	t.byID = make(map[uint32]int, len(t.Columns))
	t.autoInc = -1
	t.hasGen = false
	for i, c := range t.Columns {
		t.byName[strings.ToLower(c.Name)] = i
		t.byID[c.ID] = i
		if c.AutoInc {
			t.autoInc = i
		}
		t.hasGen = t.hasGen || c.IsGenerated()
	}
	t.idOffsets = nil
	var maxID uint32
	for _, c := range t.Columns {
		maxID = max(maxID, c.ID)
	}
	if int(maxID) < 4*len(t.Columns)+64 {
		t.idOffsets = make([]int32, maxID+1)
		for i := range t.idOffsets {
			t.idOffsets[i] = -1
		}
		for i, c := range t.Columns {
			t.idOffsets[c.ID] = int32(i)
		}
	}
	t.pk = t.offsetsOf(t.PrimaryKey)
	for _, ix := range t.Indexes {
		ix.offsets = t.offsetsOf(ix.Columns)
	}
	for _, fk := range t.ForeignKeys {
		fk.offsets = t.offsetsOf(fk.Columns)
	}
	if shared == nil {
		shared = &Shared{}
	}
	t.shared = shared
}

func (t *Table) offsetsOf(ids []uint32) []int {
	out := make([]int, len(ids))
	for i, id := range ids {
		out[i] = t.byID[id]
	}
	return out
}

// Column finds a column by name (case-insensitive); -1 if absent.
func (t *Table) Column(name string) int {
	if i, ok := t.byName[strings.ToLower(name)]; ok {
		return i
	}
	return -1
}

// PKOffsets are the offsets of the primary key columns (empty: a hidden
// row id is the key).
func (t *Table) PKOffsets() []int { return t.pk }

// OffsetOfID finds a column by id.
func (t *Table) OffsetOfID(id uint32) (int, bool) {
	if t.idOffsets != nil {
		if id >= uint32(len(t.idOffsets)) || t.idOffsets[id] < 0 {
			return 0, false
		}
		return int(t.idOffsets[id]), true
	}
	off, ok := t.byID[id]
	return off, ok
}

// ColumnByID is the column with id, which must exist.
func (t *Table) ColumnByID(id uint32) *TableColumn { return t.Columns[t.byID[id]] }

// AutoIncOffset is the offset of the AUTO_INCREMENT column, -1 if none.
func (t *Table) AutoIncOffset() int { return t.autoInc }

// Shared is the state every version of this table shares.
func (t *Table) Shared() *Shared { return t.shared }

// AddedDefault is what a row written before the column existed reads for
// it: the constant default, else NULL.
func (c *TableColumn) AddedDefault() expr.Value { return c.addedDefault }

// Offsets are the offsets of the index's columns in a row.
func (ix *Index) Offsets() []int { return ix.offsets }

// HasPrimaryKey reports whether rows are keyed by declared columns.
func (t *Table) HasPrimaryKey() bool { return len(t.pk) > 0 }

// Index finds an index by name (case-insensitive).
func (t *Table) Index(name string) *Index {
	for _, ix := range t.Indexes {
		if strings.EqualFold(ix.Name, name) {
			return ix
		}
	}
	return nil
}

// Clone returns a deep copy for DDL to modify; it must be published.
func (t *Table) Clone() *Table {
	c := *t
	c.Columns = make([]*TableColumn, len(t.Columns))
	for i, col := range t.Columns {
		cc := *col
		c.Columns[i] = &cc
	}
	c.PrimaryKey = append([]uint32(nil), t.PrimaryKey...)
	c.PKPrefix = append([]uint32(nil), t.PKPrefix...)
	c.Indexes = make([]*Index, len(t.Indexes))
	for i, ix := range t.Indexes {
		ic := *ix
		ic.Columns = append([]uint32(nil), ix.Columns...)
		ic.Prefix = append([]uint32(nil), ix.Prefix...)
		c.Indexes[i] = &ic
	}
	c.ForeignKeys = cloneForeignKeys(t.ForeignKeys)
	c.Checks = cloneChecks(t.Checks)
	c.Version++
	return &c
}

// idAllocator hands out AUTO_INCREMENT values and hidden row ids. The
// counter lives in memory; a high-water mark is made durable ahead of use
// in steps, so after a crash ids are never reused (at worst a gap).
type idAllocator struct {
	mu      sync.Mutex
	next    atomic.Uint64 // next id to hand out
	durable uint64        // ids below this may be handed out without a write
	loaded  bool
	// step is how far past use the last reservation moved the mark, and
	// reservedAt when (reserveIDs).
	step       uint64
	reservedAt time.Time
}

// How far ahead of use the durable high-water mark moves: idReserveStep,
// doubled for each reservation that follows the previous one within
// idReserveBurst, up to maxIDReserveStep. Each reservation is a durable
// commit of its own; a bulk load (LOAD DATA with explicit ids, a large
// INSERT ... SELECT) needed one per thousand rows, each moving every
// writer's change mark (storage.ChangeMarker) as well. Ids a crash leaves
// unused above the last ones handed out are skipped, at most
// maxIDReserveStep of them.
const (
	idReserveStep    = 1000
	maxIDReserveStep = 1 << 16
	idReserveBurst   = time.Second
)
