package exec

import (
	"strings"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/test_driver"
)

// execSet runs SET: system variables, user variables, SET NAMES and
// SET CHARACTER SET. All assignments are validated before any is applied,
// so a failing SET changes nothing (as in MySQL).
func (s *Session) execSet(st *ast.SetStmt, w ResultWriter, more bool) error {
	type pending struct {
		name      string
		global    bool
		system    bool
		value     expr.Value
		isDefault bool
		nextTxn   bool // SET TRANSACTION without a scope: the next transaction only
		persist   persistMode
	}
	var todo []pending
	for _, a := range st.Variables {
		switch a.Name {
		case ast.SetNames, ast.SetCharset:
			assigns, err := s.charsetAssignments(a)
			if err != nil {
				return err
			}
			for name, v := range assigns {
				todo = append(todo, pending{name: name, system: true, value: expr.StringValue(v)})
			}
			continue
		}
		p := pending{name: a.Name, global: a.IsGlobal, system: a.IsSystem}
		if a.IsSystem {
			if p.name, p.persist = splitPersistName(a.Name); p.persist != persistNone {
				p.global = true
			}
		}
		if _, ok := a.Value.(*ast.DefaultExpr); ok {
			if !a.IsSystem {
				return syntaxError("DEFAULT", 1)
			}
			p.isDefault = true
		} else if a.Value != nil {
			v, err := s.setValue(a)
			if err != nil {
				return err
			}
			p.value = v
		}
		if strings.EqualFold(p.name, "tx_read_only") && !a.IsGlobal && oneShotTxnSet(st) {
			// The parser names SET TRANSACTION READ ONLY like SET SESSION
			// TRANSACTION READ ONLY; only the text tells them apart.
			p.name += "_one_shot"
		}
		if strings.HasSuffix(strings.ToLower(p.name), "_one_shot") {
			// SET TRANSACTION ... without a scope applies to the next
			// transaction only; validate it like the session variable.
			p.name = strings.TrimSuffix(strings.ToLower(p.name), "_one_shot")
			d, key := s.eng.vars.lookup(p.name)
			if d == nil {
				return mysqldef.NewError(mysqldef.ErrUnknownSystemVariable, "Unknown system variable '%s'", p.name)
			}
			v, err := d.coerce(p.value)
			if err != nil {
				return err
			}
			if s.txn != nil {
				return s.setNextTxn(key, v) // refused (1568)
			}
			todo = append(todo, pending{name: key, value: v, nextTxn: true})
			continue
		}
		if p.system {
			if err := s.checkSettable(p.name, p.global); err != nil {
				if p.persist == persistOnly && isReadOnlyVar(err) {
					// MySQL persists a read-only variable for the next start;
					// loopdb's read-only variables mirror its command line.
					return mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'SET PERSIST_ONLY of a read-only variable'")
				}
				return err
			}
			d, _ := s.eng.vars.lookup(p.name)
			switch {
			case p.persist == persistOnly && p.isDefault:
				v, err := d.parse(d.def)
				if err != nil {
					return err
				}
				p.value, p.isDefault = v, false
			case !p.isDefault:
				v, err := d.coerce(p.value)
				if err != nil {
					return err
				}
				if p.persist == persistOnly {
					p.value = v
				}
			}
		}
		todo = append(todo, p)
	}
	for _, p := range todo {
		if p.nextTxn {
			if err := s.setNextTxn(p.name, p.value); err != nil {
				return err
			}
			continue
		}
		if !p.system {
			s.SetUserVar(p.name, p.value)
			continue
		}
		if p.persist == persistOnly {
			if err := s.persistVar(p.name, p.value); err != nil {
				return err
			}
			continue
		}
		if err := s.setSystemVar(p.name, p.global, p.value, p.isDefault); err != nil {
			return err
		}
		if p.persist == persistSet {
			_, key := s.eng.vars.lookup(p.name)
			v, _ := s.eng.vars.global(key)
			if err := s.persistVar(p.name, v); err != nil {
				return err
			}
		}
	}
	return s.writeOK(w, 0, 0, "", more)
}

// oneShotTxnSet reports SET TRANSACTION without SESSION or GLOBAL, whose
// characteristics are for the next transaction only.
func oneShotTxnSet(st *ast.SetStmt) bool {
	words := strings.Fields(strings.ToUpper(st.OriginalText()))
	return len(words) >= 2 && words[0] == "SET" && words[1] == "TRANSACTION"
}

// setValue evaluates the right-hand side of an assignment. A bare word
// (SET autocommit = ON, SET sql_mode = TRADITIONAL) arrives as a column
// name and means that word.
func (s *Session) setValue(a *ast.VariableAssignment) (expr.Value, error) {
	if c, ok := a.Value.(*ast.ColumnNameExpr); ok && a.IsSystem && c.Name.Table.O == "" {
		return expr.StringValue(c.Name.Name.O), nil
	}
	return s.evalConst(a.Value)
}

func (s *Session) checkSettable(name string, global bool) error {
	d, _ := s.eng.vars.lookup(name)
	if d == nil {
		if _, dyn := dynamicVars[strings.ToLower(name)]; dyn {
			return mysqldef.NewError(mysqldef.ErrIncorrectGlobalLocalVar, "Variable '%s' is a read only variable", name)
		}
		return mysqldef.NewError(mysqldef.ErrUnknownSystemVariable, "Unknown system variable '%s'", name)
	}
	if d.readOnly {
		return mysqldef.NewError(mysqldef.ErrIncorrectGlobalLocalVar, "Variable '%s' is a read only variable", d.name)
	}
	if global && d.scope&scopeGlobal == 0 {
		return mysqldef.NewError(mysqldef.ErrLocalVariable, "Variable '%s' is a SESSION variable and can't be used with SET GLOBAL", d.name)
	}
	if !global && d.scope&scopeSession == 0 {
		return mysqldef.NewError(mysqldef.ErrGlobalVariable, "Variable '%s' is a GLOBAL variable and should be set with SET GLOBAL", d.name)
	}
	return nil
}

// Character sets loopdb accepts from SET NAMES / SET CHARACTER SET. Results
// are always produced in utf8mb4; these clients' bytes are valid in it.
var knownCharsets = map[string]string{
	"utf8mb4": "utf8mb4_0900_ai_ci",
	"utf8mb3": "utf8mb3_general_ci",
	"utf8":    "utf8mb3_general_ci",
	"ascii":   "ascii_general_ci",
	"latin1":  "latin1_swedish_ci",
	"binary":  "binary",
}

// charsetAssignments expands SET NAMES x [COLLATE y] and SET CHARACTER SET x
// into the variables they set.
func (s *Session) charsetAssignments(a *ast.VariableAssignment) (map[string]string, error) {
	cs := "utf8mb4"
	if v, ok := a.Value.(*test_driver.ValueExpr); ok {
		cs = strings.ToLower(v.GetString())
	} else if a.Value != nil {
		if _, isDefault := a.Value.(*ast.DefaultExpr); !isDefault {
			val, err := s.evalConst(a.Value)
			if err != nil {
				return nil, err
			}
			cs = strings.ToLower(val.Str())
		}
	}
	if cs == "default" {
		cs = "utf8mb4"
	}
	collation, ok := knownCharsets[cs]
	if !ok {
		return nil, mysqldef.NewError(mysqldef.ErrUnknownCharacterSet, "Unknown character set: '%s'", cs)
	}
	if cs == "utf8" {
		cs = "utf8mb3"
	}
	if a.ExtendValue != nil {
		if v, ok := a.ExtendValue.(*test_driver.ValueExpr); ok {
			collation = strings.ToLower(v.GetString())
			if !strings.HasPrefix(collation, cs+"_") && collation != cs {
				return nil, mysqldef.NewError(mysqldef.ErrCollationCharsetMismatch,
					"COLLATION '%s' is not valid for CHARACTER SET '%s'", collation, cs)
			}
		}
	}
	if a.Name == ast.SetCharset {
		dbColl, _ := s.SystemVar("collation_database", false)
		dbCS, _ := s.SystemVar("character_set_database", false)
		return map[string]string{
			"character_set_client": cs, "character_set_results": cs,
			"character_set_connection": dbCS.Str(), "collation_connection": dbColl.Str(),
		}, nil
	}
	return map[string]string{
		"character_set_client": cs, "character_set_connection": cs,
		"character_set_results": cs, "collation_connection": collation,
	}, nil
}

// isReadOnlyVar reports checkSettable's answer for a read-only variable.
func isReadOnlyVar(err error) bool {
	e, ok := err.(*mysqldef.SQLError)
	return ok && e.Code == mysqldef.ErrIncorrectGlobalLocalVar && strings.HasSuffix(e.Message, "is a read only variable")
}
