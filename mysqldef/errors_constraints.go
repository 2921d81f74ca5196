package mysqldef

// Foreign key error numbers (mysqld_error.h, MySQL 8.0); CHECK constraint ones below.
const (
	ErrRowIsReferenced2      uint16 = 1451 // ER_ROW_IS_REFERENCED_2: parent row has children
	ErrNoReferencedRow2      uint16 = 1452 // ER_NO_REFERENCED_ROW_2: child row without parent
	ErrDropIndexFK           uint16 = 1553 // ER_DROP_INDEX_FK
	ErrTruncateIllegalFK     uint16 = 1701 // ER_TRUNCATE_ILLEGAL_FK
	ErrWrongFKDef            uint16 = 1239 // ER_WRONG_FK_DEF
	ErrFKNoIndexParent       uint16 = 1822 // ER_FK_NO_INDEX_PARENT
	ErrFKCannotOpenParent    uint16 = 1824 // ER_FK_CANNOT_OPEN_PARENT
	ErrFKDupName             uint16 = 1826 // ER_FK_DUP_NAME
	ErrFKColumnCannotDrop    uint16 = 1828 // ER_FK_COLUMN_CANNOT_DROP
	ErrFKColumnCannotDropChd uint16 = 1829 // ER_FK_COLUMN_CANNOT_DROP_CHILD
	ErrFKColumnNotNull       uint16 = 1830 // ER_FK_COLUMN_NOT_NULL
	ErrFKDepthExceeded       uint16 = 3008 // ER_FK_DEPTH_EXCEEDED
	ErrFKCannotDropParent    uint16 = 3730 // ER_FK_CANNOT_DROP_PARENT
	ErrFKNoColumnParent      uint16 = 3734 // ER_FK_NO_COLUMN_PARENT
	ErrFKIncompatibleColumns uint16 = 3780 // ER_FK_INCOMPATIBLE_COLUMNS
)

func init() {
	sqlStates[ErrRowIsReferenced2] = "23000"
	sqlStates[ErrNoReferencedRow2] = "23000"
	sqlStates[ErrWrongFKDef] = "42000"
	sqlStates[ErrTruncateIllegalFK] = "42000"
	sqlStates[ErrFKDepthExceeded] = "HY000"
	sqlStates[ErrFKCannotDropParent] = "HY000"
	sqlStates[ErrFKNoColumnParent] = "HY000"
	sqlStates[ErrFKIncompatibleColumns] = "HY000"
}

// ErrCannotAddForeign is ER_CANNOT_ADD_FOREIGN (1215), MySQL's answer to a
// constraint InnoDB cannot enforce (ON ... SET DEFAULT).
const ErrCannotAddForeign uint16 = 1215

// CHECK constraint error numbers (mysqld_error.h, MySQL 8.0).
const (
	ErrColumnCheckRefersOther  uint16 = 3813 // ER_COLUMN_CHECK_CONSTRAINT_REFERENCES_OTHER_COLUMN
	ErrCheckConstraintViolated uint16 = 3819 // ER_CHECK_CONSTRAINT_VIOLATED
	ErrCheckConstraintNotFound uint16 = 3821 // ER_CHECK_CONSTRAINT_NOT_FOUND
	ErrCheckConstraintDupName  uint16 = 3822 // ER_CHECK_CONSTRAINT_DUP_NAME
	ErrDependentByCheck        uint16 = 3959 // ER_DEPENDENT_BY_CHECK_CONSTRAINT
)

func init() {
	sqlStates[ErrColumnCheckRefersOther] = "HY000"
	sqlStates[ErrCheckConstraintViolated] = "HY000"
	sqlStates[ErrCheckConstraintNotFound] = "HY000"
	sqlStates[ErrCheckConstraintDupName] = "HY000"
}
