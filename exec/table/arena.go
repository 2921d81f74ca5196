package table

// StringArena holds the text and byte values a scan decodes in blocks
// shared by many rows, instead of one allocation per row. A block is
// append-only: bytes once handed out are never written again, so strings
// over them are as immutable as any Go string, and the garbage collector
// frees a block once no string points into it.
//
// The price is retention: one string kept past its row keeps its whole
// block alive. An arena is therefore only for scans whose consumer keeps
// (almost) nothing of a row once it has moved on, such as a result
// streamed to the client (plan.Transient); a scan feeding a sort or a
// collector allocates per row, so that a selective filter cannot leave
// each kept row pinning a block.
type StringArena struct {
	block []byte
}

// Blocks start at arenaFirstBlock, so that a short result (a range of a
// few rows) allocates little more than its strings, and double up to
// arenaBlock: about 170 rows of sysbench's 180-byte strings per
// allocation. arenaOwnBlock is the largest value that shares a block;
// bigger ones get an allocation of their own, so that a block is never
// mostly wasted.
const (
	arenaFirstBlock = 2 << 10
	arenaBlock      = 32 << 10
	arenaOwnBlock   = arenaBlock / 4
)

// alloc returns n bytes nobody else is handed, with no spare capacity (an
// append to them cannot reach a neighbour's bytes).
func (a *StringArena) alloc(n int) []byte {
	if n > arenaOwnBlock {
		return make([]byte, n)
	}
	if cap(a.block)-len(a.block) < n {
		size := min(max(2*cap(a.block), arenaFirstBlock), arenaBlock)
		for size < n {
			size *= 2
		}
		a.block = make([]byte, 0, size)
	}
	l := len(a.block)
	a.block = a.block[:l+n]
	return a.block[l : l+n : l+n]
}
