package storage

// Checkpointer is the optional capability of an Engine to write a
// consistent copy of all its data into a new local directory while it keeps
// serving: the online backup behind BACKUP DATABASE. The copy holds exactly
// the transactions committed before one instant (no half of any commit) and
// opens as a data store of its own. A distributed backend has its own backup
// tools and does not offer it.
type Checkpointer interface {
	// Checkpoint writes the copy into dir, which must not exist yet.
	Checkpoint(dir string) error
}
