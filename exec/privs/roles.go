package privs

import (
	"maps"
	"slices"
	"sort"
	"strings"
)

// Roles as in MySQL 8: a role is an account (locked, so nobody logs in as
// it) whose grants other accounts receive by having it granted and
// active. An account's Grants carry the edges to the roles granted to it
// and its default roles; the privileges a session checks are its own
// merged with those of its active roles and, transitively, of the roles
// granted to them.

// WithRole returns g with role granted (admin: WITH ADMIN OPTION; an
// existing admin option is kept, as MySQL never downgrades it by GRANT).
func (g *Grants) WithRole(role AccountName, admin bool) *Grants {
	next := g.clone()
	if next.Roles == nil {
		next.Roles = make(map[AccountName]bool)
	}
	next.Roles[role] = next.Roles[role] || admin
	return next.indexed()
}

// WithoutRole returns g with role no longer granted, nor among the
// default roles (MySQL drops the default_roles row with the edge).
func (g *Grants) WithoutRole(role AccountName) *Grants {
	next := g.clone()
	delete(next.Roles, role)
	if len(next.Roles) == 0 {
		next.Roles = nil
	}
	next.Defaults = slices.DeleteFunc(slices.Clone(next.Defaults), func(d AccountName) bool { return d == role })
	return next.indexed()
}

// WithDefaults returns g with its default roles replaced by roles.
func (g *Grants) WithDefaults(roles []AccountName) *Grants {
	next := g.clone()
	next.Defaults = sortedNames(roles)
	return next.indexed()
}

// HasRole reports whether role is granted directly to g.
func (g *Grants) HasRole(role AccountName) bool {
	_, ok := g.Roles[role]
	return ok
}

// RoleNames lists the roles granted to g, sorted.
func (g *Grants) RoleNames() []AccountName {
	return sortedNames(slices.Collect(maps.Keys(g.Roles)))
}

// Merged returns g's privileges together with each of others' (roles are
// not merged: the result is what a session checks, not an account).
func (g *Grants) Merged(others ...*Grants) *Grants {
	if len(others) == 0 {
		return g
	}
	out := &Grants{Global: g.Global, DB: maps.Clone(g.DB), Table: maps.Clone(g.Table), Column: maps.Clone(g.Column),
		Routine: maps.Clone(g.Routine)}
	for _, o := range others {
		out.Global |= o.Global
		for db, p := range o.DB {
			if out.DB == nil {
				out.DB = make(map[string]Set)
			}
			out.DB[db] |= p
		}
		for t, p := range o.Table {
			if out.Table == nil {
				out.Table = make(map[TableName]Set)
			}
			out.Table[t] |= p
		}
		for t, cols := range o.Column {
			if out.Column == nil {
				out.Column = make(map[TableName]Columns)
			}
			merged := maps.Clone(out.Column[t])
			if merged == nil {
				merged = Columns{}
			}
			for name, p := range cols {
				merged[name] |= p
			}
			out.Column[t] = merged
		}
		mergeRoutines(out, o)
	}
	return out.indexed()
}

// Exists reports whether the snapshot holds account a.
func (s *Snapshot) Exists(a AccountName) bool {
	if s == nil {
		return false
	}
	_, ok := s.accounts[a]
	return ok
}

// Names lists every account of the snapshot, sorted by user then host.
func (s *Snapshot) Names() []AccountName {
	if s == nil {
		return nil
	}
	return sortedNames(slices.Collect(maps.Keys(s.accounts)))
}

// Closure returns roles and every role granted to them, transitively,
// each once, in a stable order. Edges may not form a loop (GRANT refuses
// one), but a visited set keeps this safe regardless.
func (s *Snapshot) Closure(roles []AccountName) []AccountName {
	seen := make(map[AccountName]bool, len(roles))
	var out []AccountName
	var visit func(r AccountName)
	visit = func(r AccountName) {
		if seen[r] {
			return
		}
		seen[r] = true
		out = append(out, r)
		for _, next := range s.Of(r.User, r.Host).RoleNames() {
			visit(next)
		}
	}
	for _, r := range roles {
		visit(r)
	}
	return out
}

// Reaches reports whether granting role to grantee would close a loop:
// grantee is role itself or is among the roles role holds, transitively.
func (s *Snapshot) Reaches(role, grantee AccountName) bool {
	return slices.Contains(s.Closure([]AccountName{role}), grantee)
}

// Effective is what a session of user@host checks with active roles
// active: its own privileges and those of each active role still granted
// to it, with the roles those hold in turn. A role revoked meanwhile no
// longer counts, even while the session still lists it.
func (s *Snapshot) Effective(user, host string, active []AccountName) *Grants {
	own := s.Of(user, host)
	if len(active) == 0 {
		return own
	}
	granted := active[:0:0]
	for _, r := range active {
		if own.HasRole(r) {
			granted = append(granted, r)
		}
	}
	var from []*Grants
	for _, r := range s.Closure(granted) {
		from = append(from, s.Of(r.User, r.Host))
	}
	return own.Merged(from...)
}

// RoleLines are SHOW GRANTS' lines for the roles granted to g, after its
// privilege lines: one GRANT listing the roles without admin option
// (joined by a bare comma, as MySQL 8 prints them), then one for those
// WITH ADMIN OPTION.
func (g *Grants) RoleLines(account string) []string {
	var plain, admin []string
	for _, r := range g.RoleNames() {
		if g.Roles[r] {
			admin = append(admin, Account(r.User, r.Host))
		} else {
			plain = append(plain, Account(r.User, r.Host))
		}
	}
	var out []string
	if len(plain) > 0 {
		out = append(out, "GRANT "+strings.Join(plain, ",")+" TO "+account)
	}
	if len(admin) > 0 {
		out = append(out, "GRANT "+strings.Join(admin, ",")+" TO "+account+" WITH ADMIN OPTION")
	}
	return out
}

// FormatRoles writes roles as CURRENT_ROLE() does: `r`@`h` joined by
// commas, sorted, or NONE.
func FormatRoles(roles []AccountName) string {
	if len(roles) == 0 {
		return "NONE"
	}
	parts := make([]string, len(roles))
	for i, r := range sortedNames(roles) {
		parts[i] = Account(r.User, r.Host)
	}
	return strings.Join(parts, ",")
}

func sortedNames(list []AccountName) []AccountName {
	out := slices.Clone(list)
	sort.Slice(out, func(i, j int) bool {
		if out[i].User != out[j].User {
			return out[i].User < out[j].User
		}
		return out[i].Host < out[j].Host
	})
	return slices.Compact(out)
}
