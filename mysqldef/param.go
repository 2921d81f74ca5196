package mysqldef

// ParamType is a prepared statement parameter's type as the client binds
// it: a column type code (TypeLongLong, TypeString, ...) and whether the
// value is unsigned. The server keeps the last bound types per statement,
// since a client may send them only with the first execution.
type ParamType struct {
	Type     byte
	Unsigned bool
}
