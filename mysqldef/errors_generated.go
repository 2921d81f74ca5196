package mysqldef

// Generated column error numbers (mysqld_error.h, MySQL 8.0). MariaDB
// numbers the same conditions 1900-1910; MySQL 8 is the target.
const (
	ErrGeneratedColumnFunctionNotAllowed uint16 = 3102 // ER_GENERATED_COLUMN_FUNCTION_IS_NOT_ALLOWED (subqueries, stored functions)
	ErrWrongFKOptionForGeneratedColumn   uint16 = 3104 // ER_WRONG_FK_OPTION_FOR_GENERATED_COLUMN
	ErrNonDefaultValueForGenerated       uint16 = 3105 // ER_NON_DEFAULT_VALUE_FOR_GENERATED_COLUMN
	ErrUnsupportedActionOnGenerated      uint16 = 3106 // ER_UNSUPPORTED_ACTION_ON_GENERATED_COLUMN
	ErrGeneratedColumnNonPrior           uint16 = 3107 // ER_GENERATED_COLUMN_NON_PRIOR
	ErrDependentByGeneratedColumn        uint16 = 3108 // ER_DEPENDENT_BY_GENERATED_COLUMN
	ErrGeneratedColumnRefAutoInc         uint16 = 3109 // ER_GENERATED_COLUMN_REF_AUTO_INC
	ErrGeneratedColumnNamedFunction      uint16 = 3763 // ER_GENERATED_COLUMN_NAMED_FUNCTION_IS_NOT_ALLOWED
	ErrGeneratedColumnRowValue           uint16 = 3764 // ER_GENERATED_COLUMN_ROW_VALUE
	ErrGeneratedColumnVariables          uint16 = 3765 // ER_GENERATED_COLUMN_VARIABLES
)

func init() {
	for _, code := range []uint16{ErrGeneratedColumnFunctionNotAllowed, ErrWrongFKOptionForGeneratedColumn,
		ErrNonDefaultValueForGenerated, ErrUnsupportedActionOnGenerated, ErrGeneratedColumnNonPrior,
		ErrDependentByGeneratedColumn, ErrGeneratedColumnRefAutoInc, ErrGeneratedColumnNamedFunction,
		ErrGeneratedColumnRowValue, ErrGeneratedColumnVariables} {
		sqlStates[code] = "HY000"
	}
}
