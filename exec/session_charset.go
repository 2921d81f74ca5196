package exec

import (
	"github.com/loopdb/loopdb/exec/charset"
	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
)

// Connection character sets. The collation a client names in its
// handshake (or COM_CHANGE_USER) sets character_set_client,
// character_set_connection, character_set_results and collation_connection
// for the session, as in MySQL. They are held as fields rather than in the
// session's variable map, so that a login allocates nothing for them; SET
// (and SET NAMES) then overrides them through the map as for any variable.
// The protocol layer reads ClientCharset and ResultsCharset to convert
// statement text in and result text out.

// connCharset is what a handshake collation set.
type connCharset struct {
	set       bool
	cs        charset.ID
	collation string
}

// setHandshakeCollation applies the collation id a client sent. An id
// loopdb does not know leaves the server's defaults, as MySQL falls back to
// character_set_server.
func (s *Session) setHandshakeCollation(id uint16) {
	s.hs = connCharset{}
	if c, ok := charset.ByCollationID(id); ok && id != 0 {
		s.hs = connCharset{set: true, cs: c.Charset, collation: c.Name}
	}
	s.refreshConnCharsets()
}

// handshakeVar answers the four connection charset variables from the
// handshake when SET has not changed them.
func (s *Session) handshakeVar(key string) (expr.Value, bool) {
	if !s.hs.set {
		return expr.Value{}, false
	}
	switch key {
	case "character_set_client", "character_set_connection", "character_set_results":
		return expr.StringValue(s.hs.cs.Name()), true
	case "collation_connection":
		return expr.StringValue(s.hs.collation), true
	}
	return expr.Value{}, false
}

// databaseCharsetVar answers character_set_database and
// collation_database from the current database's default, as MySQL sets
// them on USE (when the database has one of its own).
func (s *Session) databaseCharsetVar(key string) (expr.Value, bool) {
	if s.db == "" || (key != "character_set_database" && key != "collation_database") {
		return expr.Value{}, false
	}
	coll := s.eng.catalog.DatabaseCollation(s.db)
	if coll == "" {
		return expr.Value{}, false
	}
	if key == "collation_database" {
		return expr.StringValue(coll), true
	}
	return expr.StringValue(expr.CharsetOfCollation(coll).Name()), true
}

// refreshConnCharsets recomputes the cached client and results charsets
// from the variables (after SET, a login or a reset).
func (s *Session) refreshConnCharsets() {
	s.clientCS = s.charsetVar("character_set_client")
	s.resultsCS = s.charsetVar("character_set_results")
}

// charsetVar is a charset variable's value; NULL (character_set_results:
// send as stored) is binary, which converts nothing.
func (s *Session) charsetVar(name string) charset.ID {
	v, err := s.SystemVar(name, false)
	if err != nil || v.IsNull() {
		return charset.Binary
	}
	c, _ := charset.ByName(v.Str())
	return c
}

// ClientCharset is character_set_client: what the statement text and
// string parameters the client sends are in.
func (s *Session) ClientCharset() charset.ID { return s.clientCS }

// ResultsCharset is character_set_results: what result text (and error
// messages) must be sent in. Binary means as stored.
func (s *Session) ResultsCharset() charset.ID { return s.resultsCS }

// coerceCharsetVar validates a character_set_* variable: a charset loopdb
// knows, named as MySQL 8 shows it (utf8 is utf8mb3). Only
// character_set_results may be NULL.
func coerceCharsetVar(d *sysVarDef, v expr.Value) (expr.Value, error) {
	if v.IsNull() {
		if d.name == "character_set_results" {
			return v, nil
		}
		return expr.Value{}, mysqldef.NewError(mysqldef.ErrWrongValueForVar, "Variable '%s' can't be set to the value of 'NULL'", d.name)
	}
	text := varText(v)
	c, ok := charset.ByName(text)
	if !ok {
		return expr.Value{}, mysqldef.NewError(mysqldef.ErrUnknownCharacterSet, "Unknown character set: '%s'", text)
	}
	return expr.StringValue(c.Name()), nil
}
