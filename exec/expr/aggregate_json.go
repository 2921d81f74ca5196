package expr

import (
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// JSON_ARRAYAGG(expr) and JSON_OBJECTAGG(key, value): a group's values as
// one JSON array, or its key/value pairs as one JSON object. Unlike the
// other aggregates they keep NULLs (as JSON null; a NULL key is error
// 3158); an object keeps the last value of a repeated key; an empty group
// gives NULL. The elements are held within tmp_table_size-like bounds
// (MaxResultMemory), as GROUP_CONCAT ... ORDER BY's pieces are.

// checkJSONAggArgs checks a JSON aggregate's arity and marks the spec.
func checkJSONAggArgs(spec *AggSpec, args []ast.ExprNode) error {
	want := 1
	if spec.fn == "json_objectagg" {
		want = 2
	}
	if len(args) != want {
		return mysqldef.NewError(mysqldef.ErrWrongParamcountToNativeFct, "Incorrect parameter count in the call to native function '%s'", strings.ToUpper(spec.fn))
	}
	if spec.distinct {
		return Unsupported(strings.ToUpper(spec.fn) + "(DISTINCT ...)")
	}
	spec.json = true
	return nil
}

// addJSON feeds one row's argument values.
func (st *AggState) addJSON(vals []Value) error {
	st.count++
	fn := st.spec.fn
	var key string
	v, t := vals[0], st.spec.args[0].Type()
	if fn == "json_objectagg" {
		if vals[0].IsNull() {
			return sqlErr(mysqldef.ErrJSONDocumentNullKey, "22032", "JSON documents may not contain NULL member names.")
		}
		key = TextOf(vals[0])
		v, t = vals[1], st.spec.args[1].Type()
	}
	j, err := jsonOfValue(v, t, false, len(vals), fn)
	if err != nil {
		return err
	}
	st.bytes += 48 + len(key) + len(v.s)
	if st.bytes > MaxResultMemory {
		return mysqldef.NewError(mysqldef.ErrOutOfSortMemory, "Out of sort memory: %s may buffer %d MB per group", strings.ToUpper(fn), MaxResultMemory>>20)
	}
	if fn == "json_arrayagg" {
		st.jsonArr = append(st.jsonArr, j)
		return nil
	}
	if st.jsonObj == nil {
		st.jsonObj = make(map[string]any)
	}
	st.jsonObj[key] = j
	return nil
}

// jsonResult is the group's JSON document, NULL for an empty group.
func (st *AggState) jsonResult() Value {
	switch {
	case st.count == 0:
		return Value{}
	case st.spec.fn == "json_arrayagg":
		return jsonResult(st.jsonArr)
	}
	return jsonResult(st.jsonObj)
}
