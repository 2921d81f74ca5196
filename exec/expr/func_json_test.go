package expr

import (
	"errors"
	"testing"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// evalCase is one expression with its expected text ("NULL" for NULL).
type evalCase struct{ expr, want string }

func runEvalCases(t *testing.T, cases []evalCase) {
	t.Helper()
	for _, c := range cases {
		v, _, err := evalSQL(t, newTestEnv(), c.expr)
		if err != nil {
			t.Errorf("%s: error %v", c.expr, err)
			continue
		}
		if got := v.String(); got != c.want {
			t.Errorf("%s = %q, want %q", c.expr, got, c.want)
		}
	}
}

// errCase expects error code (and message, when not empty).
type errCase struct {
	expr string
	code uint16
	msg  string
}

func runErrCases(t *testing.T, cases []errCase) {
	t.Helper()
	for _, c := range cases {
		v, _, err := evalSQL(t, newTestEnv(), c.expr)
		var se *mysqldef.SQLError
		if !errors.As(err, &se) {
			t.Errorf("%s: want error %d, got %v (value %v)", c.expr, c.code, err, v)
			continue
		}
		if se.Code != c.code || (c.msg != "" && se.Message != c.msg) {
			t.Errorf("%s: got %d %q, want %d %q", c.expr, se.Code, se.Message, c.code, c.msg)
		}
	}
}

// warnCase expects a value and exactly one warning ("" for none).
type warnCase struct{ expr, value, warning string }

func runWarnCases(t *testing.T, cases []warnCase) {
	t.Helper()
	for _, c := range cases {
		env := newTestEnv()
		v, _, err := evalSQL(t, env, c.expr)
		if err != nil {
			t.Errorf("%s: %v", c.expr, err)
			continue
		}
		if v.String() != c.value {
			t.Errorf("%s = %q, want %q", c.expr, v.String(), c.value)
		}
		switch {
		case c.warning == "" && len(env.warnings) != 0:
			t.Errorf("%s: unexpected warnings %q", c.expr, env.warnings)
		case c.warning != "" && (len(env.warnings) != 1 || env.warnings[0] != c.warning):
			t.Errorf("%s: warnings %q, want [%q]", c.expr, env.warnings, c.warning)
		}
	}
}

func TestJSONFunctions(t *testing.T) {
	runEvalCases(t, []evalCase{
		// JSON_EXTRACT and the -> / ->> operators
		{`JSON_EXTRACT('{"a": 1, "b": [10, 20, {"c": "x"}]}', '$.a')`, `1`},
		{`JSON_EXTRACT('{"a": 1, "b": [10, 20, {"c": "x"}]}', '$.b')`, `[10, 20, {"c": "x"}]`},
		{`JSON_EXTRACT('{"a": 1, "b": [10, 20, {"c": "x"}]}', '$.b[1]')`, `20`},
		{`JSON_EXTRACT('{"a": 1, "b": [10, 20, {"c": "x"}]}', '$.b[2].c')`, `"x"`},
		{`JSON_EXTRACT('{"a": 1, "b": [10, 20, {"c": "x"}]}', '$.b[last]')`, `{"c": "x"}`},
		{`JSON_EXTRACT('{"a": 1, "b": [10, 20, {"c": "x"}]}', '$.b[last-1]')`, `20`},
		{`JSON_EXTRACT('{"a": 1, "b": [10, 20, {"c": "x"}]}', '$.b[5]')`, `NULL`},
		{`JSON_EXTRACT('{"a": 1, "b": [10, 20, {"c": "x"}]}', '$.z')`, `NULL`},
		{`JSON_EXTRACT('{"a": 1, "b": [10, 20, {"c": "x"}]}', '$.a', '$.b[0]')`, `[1, 10]`},
		{`JSON_EXTRACT('{"a": 1, "b": [10, 20, {"c": "x"}]}', '$.a', '$.z')`, `[1]`},
		{`JSON_EXTRACT('{"a": 1, "b": 2}', '$.*')`, `[1, 2]`},
		{`JSON_EXTRACT('[1, [2, 3], 4]', '$[*]')`, `[1, [2, 3], 4]`},
		{`JSON_EXTRACT('[1, 2, 3, 4]', '$[1 to 2]')`, `[2, 3]`},
		{`JSON_EXTRACT('[1, 2, 3, 4]', '$[last-1 to last]')`, `[3, 4]`},
		{`JSON_EXTRACT('{"a": {"b": 1}, "c": {"b": 2}}', '$**.b')`, `[1, 2]`},
		{`JSON_EXTRACT('{"a": 1}', '$.x.*')`, `NULL`},
		{`JSON_EXTRACT('{"a b": 5, "c": {"d e": 6}}', '$."a b"')`, `5`},
		{`JSON_EXTRACT('{"a b": 5, "c": {"d e": 6}}', '$.c."d e"')`, `6`},
		{`JSON_EXTRACT('{"a": 1}', '$')`, `{"a": 1}`},
		{`JSON_EXTRACT('{"a": 1}', '$[0]')`, `{"a": 1}`},
		{`JSON_EXTRACT('{"a": 5}', '$.a[0]')`, `5`},
		{`JSON_EXTRACT('{"a": 5}', '$.a[1]')`, `NULL`},
		{`JSON_EXTRACT('{"a":1.50,"b":1e2,"c":-0,"d":"<é>"}', '$')`, `{"a": 1.5, "b": 100.0, "c": 0, "d": "<é>"}`},
		{`JSON_EXTRACT('[18446744073709551615, 123456789012345678901]', '$')`, `[18446744073709551615, 1.2345678901234568e20]`},
		{`JSON_EXTRACT('{"b":1,"a":2,"aa":3}', '$')`, `{"a": 2, "b": 1, "aa": 3}`},
		{`JSON_EXTRACT('{"a":1,"a":2}', '$')`, `{"a": 2}`},
		{`JSON_EXTRACT('"a\\tb\\u0001\\"c"', '$')`, `"a\tb\u0001\"c"`},
		{`JSON_EXTRACT(NULL, '$.a')`, `NULL`},
		{`JSON_EXTRACT('{"a": 1}', NULL)`, `NULL`},
		{`JSON_EXTRACT('{"a": null}', '$.a')`, `null`},
		// JSON_UNQUOTE / JSON_QUOTE
		{`JSON_UNQUOTE('"abc"')`, `abc`},
		{`JSON_UNQUOTE('"a\\tb\\u00e9"')`, "a\tbé"},
		{`JSON_UNQUOTE('abc')`, `abc`},
		{`JSON_UNQUOTE('"abc')`, `"abc`},
		{`JSON_UNQUOTE('[1, "a"]')`, `[1, "a"]`},
		{`JSON_UNQUOTE(JSON_EXTRACT('{"a": "\\"q\\""}', '$.a'))`, `"q"`},
		{`JSON_UNQUOTE(NULL)`, `NULL`},
		{`JSON_QUOTE('null')`, `"null"`},
		{`JSON_QUOTE('a"b\\c')`, `"a\"b\\c"`},
		{`JSON_QUOTE('[1, 2]')`, `"[1, 2]"`},
		{`JSON_QUOTE(NULL)`, `NULL`},
		// JSON_ARRAY / JSON_OBJECT
		{`JSON_ARRAY()`, `[]`},
		{`JSON_ARRAY(1, 'a', NULL, 1.50, 2.5e0, 1e0, TRUE, FALSE, 1=1, 1>2)`, `[1, "a", null, 1.50, 2.5, 1.0, true, false, true, false]`},
		{`JSON_ARRAY(JSON_ARRAY(1), '[1]', JSON_OBJECT('k', 'v'))`, `[[1], "[1]", {"k": "v"}]`},
		{`JSON_ARRAY(DATE '2024-01-02', TIMESTAMP '2024-01-02 03:04:05')`, `["2024-01-02", "2024-01-02 03:04:05.000000"]`},
		{`JSON_ARRAY(_binary'a')`, `["base64:type15:YQ=="]`},
		{`JSON_ARRAY('<a&b>', 'é')`, `["<a&b>", "é"]`},
		{`JSON_OBJECT()`, `{}`},
		{`JSON_OBJECT('id', 87, 'name', 'carrot')`, `{"id": 87, "name": "carrot"}`},
		{`JSON_OBJECT('key1', 1, 'key2', 'abc', 'key1', 'def')`, `{"key1": "def", "key2": "abc"}`},
		{`JSON_OBJECT(1, 2, 'n', NULL)`, `{"1": 2, "n": null}`},
		{`JSON_OBJECT('a', JSON_OBJECT('b', JSON_ARRAY(1, 2)))`, `{"a": {"b": [1, 2]}}`},
		{`JSON_OBJECT('a', CAST(-1 AS UNSIGNED))`, `{"a": 18446744073709551615}`},
		// JSON_LENGTH / JSON_DEPTH / JSON_TYPE / JSON_VALID
		{`JSON_LENGTH('[1, 2, {"a": 3}]')`, `3`},
		{`JSON_LENGTH('{"a": 1, "b": {"c": 30}}')`, `2`},
		{`JSON_LENGTH('{"a": 1, "b": {"c": 30}}', '$.b')`, `1`},
		{`JSON_LENGTH('{"a": 1}', '$.x')`, `NULL`},
		{`JSON_LENGTH('"abc"')`, `1`},
		{`JSON_LENGTH('[]')`, `0`},
		{`JSON_LENGTH(NULL)`, `NULL`},
		{`JSON_DEPTH('{}')`, `1`}, {`JSON_DEPTH('[10, 20]')`, `2`}, {`JSON_DEPTH('[10, {"a": 20}]')`, `3`},
		{`JSON_TYPE('{"a": 1}')`, `OBJECT`}, {`JSON_TYPE('[1]')`, `ARRAY`}, {`JSON_TYPE('1')`, `INTEGER`},
		{`JSON_TYPE('1.5')`, `DOUBLE`}, {`JSON_TYPE('1e3')`, `DOUBLE`}, {`JSON_TYPE('"a"')`, `STRING`},
		{`JSON_TYPE('true')`, `BOOLEAN`}, {`JSON_TYPE('null')`, `NULL`}, {`JSON_TYPE(NULL)`, `NULL`},
		{`JSON_TYPE('18446744073709551615')`, `UNSIGNED INTEGER`},
		{`JSON_TYPE(JSON_EXTRACT('{"a": [1]}', '$.a'))`, `ARRAY`},
		{`JSON_VALID('{"a": 1}')`, `1`}, {`JSON_VALID('hello')`, `0`}, {`JSON_VALID('"hello"')`, `1`},
		{`JSON_VALID('')`, `0`}, {`JSON_VALID(1)`, `0`}, {`JSON_VALID(NULL)`, `NULL`}, {`JSON_VALID(JSON_ARRAY())`, `1`},
		{`JSON_VALID('[1,]')`, `0`}, {`JSON_VALID(' [1] ')`, `1`},
		// JSON_CONTAINS / JSON_CONTAINS_PATH / MEMBER OF
		{`JSON_CONTAINS('{"a": 1, "b": 2, "c": {"d": 4}}', '1', '$.a')`, `1`},
		{`JSON_CONTAINS('{"a": 1, "b": 2, "c": {"d": 4}}', '1', '$.b')`, `0`},
		{`JSON_CONTAINS('{"a": 1, "b": 2, "c": {"d": 4}}', '{"d": 4}', '$.a')`, `0`},
		{`JSON_CONTAINS('{"a": 1, "b": 2, "c": {"d": 4}}', '{"d": 4}', '$.c')`, `1`},
		{`JSON_CONTAINS('{"a": 1, "b": 2}', '{"a": 1}')`, `1`},
		{`JSON_CONTAINS('[1, 2, [3, 4]]', '2')`, `1`},
		{`JSON_CONTAINS('[1, 2, [3, 4]]', '[1, 2]')`, `1`},
		{`JSON_CONTAINS('[1, 2, [3, 4]]', '[[3]]')`, `1`},
		{`JSON_CONTAINS('[1, 2, [3, 4]]', '3')`, `0`},
		{`JSON_CONTAINS('[1, 2]', '1.0')`, `1`},
		{`JSON_CONTAINS('[1, 2]', '"1"')`, `0`},
		{`JSON_CONTAINS('{"a": 1}', '1', '$.x')`, `NULL`},
		{`JSON_CONTAINS(NULL, '1')`, `NULL`},
		{`JSON_CONTAINS_PATH('{"a": 1, "b": 2, "c": {"d": 4}}', 'one', '$.a', '$.e')`, `1`},
		{`JSON_CONTAINS_PATH('{"a": 1, "b": 2, "c": {"d": 4}}', 'all', '$.a', '$.e')`, `0`},
		{`JSON_CONTAINS_PATH('{"a": 1, "b": 2, "c": {"d": 4}}', 'one', '$.c.d')`, `1`},
		{`1 MEMBER OF ('[1, 2]')`, `1`}, {`'a' MEMBER OF ('["a"]')`, `1`}, {`3 MEMBER OF ('[1, 2]')`, `0`},
		// JSON_KEYS
		{`JSON_KEYS('{"b": 1, "a": {"c": 2}}')`, `["a", "b"]`},
		{`JSON_KEYS('{"b": 1, "a": {"c": 2}}', '$.a')`, `["c"]`},
		{`JSON_KEYS('[1]')`, `NULL`},
		{`JSON_KEYS('{"a": 1}', '$.b')`, `NULL`},
		// JSON_SET / JSON_INSERT / JSON_REPLACE / JSON_REMOVE
		{`JSON_SET('{"a": 1, "b": [2, 3]}', '$.a', 10, '$.c', '[true, false]')`, `{"a": 10, "b": [2, 3], "c": "[true, false]"}`},
		{`JSON_INSERT('{"a": 1, "b": [2, 3]}', '$.a', 10, '$.c', '[true, false]')`, `{"a": 1, "b": [2, 3], "c": "[true, false]"}`},
		{`JSON_REPLACE('{"a": 1, "b": [2, 3]}', '$.a', 10, '$.c', '[true, false]')`, `{"a": 10, "b": [2, 3]}`},
		{`JSON_SET('{"a": 1}', '$.c', JSON_ARRAY(TRUE, FALSE))`, `{"a": 1, "c": [true, false]}`},
		{`JSON_SET('[1, 2]', '$[5]', 3)`, `[1, 2, 3]`},
		{`JSON_SET('[1, 2]', '$[0]', 9)`, `[9, 2]`},
		{`JSON_SET('[1, 2]', '$[last]', 9)`, `[1, 9]`},
		{`JSON_INSERT('[1, 2]', '$[0]', 9)`, `[1, 2]`},
		{`JSON_INSERT('[1, 2]', '$[2]', 9)`, `[1, 2, 9]`},
		{`JSON_REPLACE('[1, 2]', '$[2]', 9)`, `[1, 2]`},
		{`JSON_SET('{"a": 1}', '$.a[1]', 2)`, `{"a": [1, 2]}`},
		{`JSON_SET('{"a": 1}', '$.a[0]', 2)`, `{"a": 2}`},
		{`JSON_SET('{"a": 1}', '$.b.c', 2)`, `{"a": 1}`},
		{`JSON_SET('{"a": 1}', '$', 2)`, `2`},
		{`JSON_SET('{"a": 1}', '$.a', NULL)`, `{"a": null}`},
		{`JSON_SET(NULL, '$.a', 1)`, `NULL`},
		{`JSON_SET('{"a": 1}', NULL, 1)`, `NULL`},
		{`JSON_SET('{"a": {"b": 1}}', '$.a.b', 2, '$.a.c', 3)`, `{"a": {"b": 2, "c": 3}}`},
		{`JSON_REMOVE('[1, [2, 3], 4]', '$[1]')`, `[1, 4]`},
		{`JSON_REMOVE('{"a": 1, "b": 2}', '$.a')`, `{"b": 2}`},
		{`JSON_REMOVE('{"a": 1, "b": 2}', '$.c')`, `{"a": 1, "b": 2}`},
		{`JSON_REMOVE('[1, 2, 3]', '$[0]', '$[0]')`, `[3]`},
		{`JSON_REMOVE('{"a": [1, 2]}', '$.a[last]')`, `{"a": [1]}`},
		{`JSON_REMOVE(NULL, '$.a')`, `NULL`},
		{`JSON_ARRAY_APPEND('["a", ["b", "c"], "d"]', '$[1]', 1)`, `["a", ["b", "c", 1], "d"]`},
		{`JSON_ARRAY_APPEND('["a", ["b", "c"], "d"]', '$[0]', 2)`, `[["a", 2], ["b", "c"], "d"]`},
		{`JSON_ARRAY_APPEND('{"a": 1}', '$', 'z')`, `[{"a": 1}, "z"]`},
		{`JSON_MERGE_PRESERVE('[1, 2]', '[true, false]')`, `[1, 2, true, false]`},
		{`JSON_MERGE_PRESERVE('{"name": "x"}', '{"id": 47}')`, `{"id": 47, "name": "x"}`},
		{`JSON_MERGE_PRESERVE('1', 'true')`, `[1, true]`},
		{`JSON_MERGE_PRESERVE('{ "a": 1, "b": 2 }', '{ "a": 3, "c": 4 }')`, `{"a": [1, 3], "b": 2, "c": 4}`},
		{`JSON_MERGE_PATCH('{"a": 1, "b": 2}', '{"a": 3, "c": 4}')`, `{"a": 3, "b": 2, "c": 4}`},
		{`JSON_MERGE_PATCH('{"a": 1, "b": 2}', '{"b": null}')`, `{"a": 1}`},
		{`JSON_MERGE_PATCH('[1, 2]', '[true]')`, `[true]`},
		{`JSON_MERGE_PATCH('{"a": 1}', NULL)`, `NULL`},
		{`JSON_MERGE_PATCH(NULL, '[1]')`, `[1]`},
	})
	runErrCases(t, []errCase{
		{`JSON_EXTRACT('abc', '$')`, 3141, `Invalid JSON text in argument 1 to function json_extract: "Invalid value." at position 0.`},
		{`JSON_EXTRACT('{"a": 1', '$')`, 3141, `Invalid JSON text in argument 1 to function json_extract: "Missing a comma or '}' after an object member." at position 7.`},
		{`JSON_EXTRACT('{a}', '$')`, 3141, `Invalid JSON text in argument 1 to function json_extract: "Missing a name for object member." at position 1.`},
		{`JSON_EXTRACT('', '$')`, 3141, `Invalid JSON text in argument 1 to function json_extract: "The document is empty." at position 0.`},
		{`JSON_EXTRACT('[1] x', '$')`, 3141, `Invalid JSON text in argument 1 to function json_extract: "The document root must not be followed by other values." at position 4.`},
		{`JSON_EXTRACT('"abc', '$')`, 3141, `Invalid JSON text in argument 1 to function json_extract: "Missing a closing quotation mark in string." at position 4.`},
		{`JSON_EXTRACT('1.', '$')`, 3141, `Invalid JSON text in argument 1 to function json_extract: "Miss fraction part in number." at position 2.`},
		{`JSON_EXTRACT('{"a": 1}', 'a')`, 3143, `Invalid JSON path expression. The error is around character position 1.`},
		{`JSON_EXTRACT('{"a": 1}', '$.')`, 3143, ""},
		{`JSON_EXTRACT('{"a": 1}', '$[')`, 3143, ""},
		{`JSON_EXTRACT('{"a": 1}', '$**')`, 3143, ""},
		{`JSON_EXTRACT('{"a": 1}', '$.a-b')`, 3143, ""},
		{`JSON_EXTRACT('[1]', '$[2 to 1]')`, 3143, ""},
		{`JSON_EXTRACT(1, '$')`, 3146, `Invalid data type for JSON data in argument 1 to function json_extract; a JSON string or JSON type is required.`},
		{`JSON_EXTRACT('[1]')`, 1582, `Incorrect parameter count in the call to native function 'JSON_EXTRACT'`},
		{`JSON_OBJECT('a')`, 1582, ""},
		{`JSON_OBJECT(NULL, 1)`, 3158, `JSON documents may not contain NULL member names.`},
		{`JSON_SET('{}', '$.a')`, 1582, ""},
		{`JSON_SET('{}', '$.*', 1)`, 3149, ""},
		{`JSON_LENGTH('[1]', '$[*]')`, 3149, ""},
		{`JSON_REMOVE('[1]', '$')`, 3153, ""},
		{`JSON_CONTAINS('[1]', 'x')`, 3141, `Invalid JSON text in argument 2 to function json_contains: "Invalid value." at position 0.`},
		{`JSON_UNQUOTE('"a\\x"')`, 3141, `Invalid JSON text in argument 1 to function json_unquote: "Invalid escape character in string." at position 2.`},
		{`JSON_CONTAINS_PATH('{}', 'some', '$')`, 3154, ""},
		{`JSON_TYPE(1)`, 3146, ""},
		{`JSON_VALID()`, 1582, ""},
		{`JSON_EXTRACT(REPEAT('[', 101), '$')`, 3157, ""},
	})
	// JSON results are JSON-typed columns; JSON_UNQUOTE returns text
	for expr, want := range map[string]byte{
		`JSON_EXTRACT('[1]', '$[0]')`: mysqldef.TypeJSON, `JSON_ARRAY(1)`: mysqldef.TypeJSON, `JSON_OBJECT()`: mysqldef.TypeJSON,
		`JSON_SET('[]', '$[0]', 1)`: mysqldef.TypeJSON, `JSON_KEYS('{}')`: mysqldef.TypeJSON,
		`JSON_UNQUOTE('"a"')`: mysqldef.TypeLongBlob, `JSON_LENGTH('[]')`: mysqldef.TypeLongLong, `JSON_TYPE('1')`: mysqldef.TypeVarString,
	} {
		_, typ, err := evalSQL(t, newTestEnv(), expr)
		if err != nil || typ.Type != want {
			t.Errorf("%s: type %+v err %v, want type %#x", expr, typ, err, want)
		}
	}
}

func TestJSONColumnArgument(t *testing.T) {
	// a JSON column's value is embedded as JSON, a text column's as a string
	scope := &Scope{Columns: []ScopeColumn{{Name: "j", Type: jsonTypeOf(true)}, {Name: "s", Type: stringType(20, true)}}}
	row := []Value{StringValue(`{"a": [1, 2]}`), StringValue(`{"a": [1, 2]}`)}
	for expr, want := range map[string]string{
		`JSON_ARRAY(j, s)`:               `[{"a": [1, 2]}, "{\"a\": [1, 2]}"]`,
		`j->'$.a[1]'`:                    `2`,
		`s->>'$.a'`:                      `[1, 2]`,
		`JSON_SET(j, '$.b', j)`:          `{"a": [1, 2], "b": {"a": [1, 2]}}`,
		`JSON_CONTAINS(j, '[2]', '$.a')`: `1`,
	} {
		v := evalWithScope(t, scope, row, expr)
		if v.String() != want {
			t.Errorf("%s = %s, want %s", expr, v, want)
		}
	}
}

// evalWithScope compiles "SELECT <expr>" against scope and evaluates it on row.
func evalWithScope(t *testing.T, scope *Scope, row []Value, expr string) Value {
	t.Helper()
	stmt, err := parser.New().ParseOneStmt("SELECT "+expr, "", "")
	if err != nil {
		t.Fatalf("parse %q: %v", expr, err)
	}
	e, err := Compile(stmt.(*ast.SelectStmt).Fields.Fields[0].Expr, scope)
	if err != nil {
		t.Fatalf("%s: compile: %v", expr, err)
	}
	v, err := e.Eval(NewEvalCtx(newTestEnv(), testNow, nil), row)
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}
