package privs

// AccountName is an account as stored: user and host pattern.
type AccountName struct {
	User string `json:"user"`
	Host string `json:"host"`
}

// Snapshot is every account's grants at one moment. It is immutable: the
// server builds a new one on each change and swaps it in atomically, so a
// session reads it without a lock.
type Snapshot struct {
	accounts map[AccountName]*Grants
}

// NewSnapshot makes a snapshot of accounts (the map is kept, not copied).
func NewSnapshot(accounts map[AccountName]*Grants) *Snapshot {
	return &Snapshot{accounts: accounts}
}

// Of returns the grants of user@host; an account that does not exist (any
// more) holds nothing.
func (s *Snapshot) Of(user, host string) *Grants {
	if s != nil {
		if g, ok := s.accounts[AccountName{user, host}]; ok && g != nil {
			return g
		}
	}
	return none
}
