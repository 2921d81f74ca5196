package mysqldef

import (
	"fmt"

	tidbmysql "github.com/pingcap/tidb/pkg/parser/mysql"
)

// SQLError is an error a client receives as an ERR packet: MySQL's error
// number, the five-character SQLSTATE and the message text.
type SQLError struct {
	Code    uint16
	State   string
	Message string
}

func (e *SQLError) Error() string {
	return fmt.Sprintf("ERROR %d (%s): %s", e.Code, e.State, e.Message)
}

// NewError builds an SQLError for code, looking up the SQLSTATE MySQL uses
// for it and formatting the message with args.
func NewError(code uint16, format string, args ...any) *SQLError {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	return &SQLError{Code: code, State: SQLState(code), Message: msg}
}

// SQLState returns the SQLSTATE MySQL sends with code (HY000 when it has no
// more specific one).
//
// loopdb's own table comes first; codes it does not list take the SQLSTATE
// from the TiDB parser's copy of MySQL's table (sql_state.h), so a newly used
// error number gets the right state without an entry here.
func SQLState(code uint16) string {
	if s, ok := sqlStates[code]; ok {
		return s
	}
	if s, ok := tidbmysql.MySQLState[code]; ok {
		return s
	}
	return "HY000"
}

// MySQL error numbers used by loopdb (mysqld_error.h).
const (
	ErrOpenAsReadonly               uint16 = 1036 // Table '%s' is read only
	ErrConCount                     uint16 = 1040
	ErrHostIsBlocked                uint16 = 1129
	ErrHandshake                    uint16 = 1043
	ErrDBAccessDenied               uint16 = 1044
	ErrAccessDenied                 uint16 = 1045
	ErrNoDB                         uint16 = 1046
	ErrUnknownCom                   uint16 = 1047
	ErrBadNull                      uint16 = 1048
	ErrBadDB                        uint16 = 1049
	ErrTableExists                  uint16 = 1050
	ErrBadTable                     uint16 = 1051
	ErrNonUniq                      uint16 = 1052
	ErrServerShutdown               uint16 = 1053
	ErrBadField                     uint16 = 1054
	ErrWrongFieldWithGroup          uint16 = 1055
	ErrDupFieldName                 uint16 = 1060
	ErrDupKeyName                   uint16 = 1061
	ErrDupEntry                     uint16 = 1062
	ErrParse                        uint16 = 1064
	ErrEmptyQuery                   uint16 = 1065
	ErrNonUniqTable                 uint16 = 1066
	ErrInvalidDefault               uint16 = 1067
	ErrMultiplePriKey               uint16 = 1068
	ErrNoSuchThread                 uint16 = 1094
	ErrKillDenied                   uint16 = 1095
	ErrNoTablesUsed                 uint16 = 1096
	ErrUnknownSystemVariable        uint16 = 1193
	ErrUnknownError                 uint16 = 1105
	ErrFileExists                   uint16 = 1086
	ErrAccountLocked                uint16 = 3118
	ErrUnknownProcedure             uint16 = 1106
	ErrUnknownTable                 uint16 = 1109
	ErrTooBigSelect                 uint16 = 1104
	ErrNoSuchTable                  uint16 = 1146
	ErrSyntax                       uint16 = 1149
	ErrNetPacketTooLarge            uint16 = 1153
	ErrNetReadErrorFromPipe         uint16 = 1154
	ErrNetFcntl                     uint16 = 1155
	ErrNetPacketsOutOfOrder         uint16 = 1156
	ErrNetUncompressError           uint16 = 1157
	ErrNetReadError                 uint16 = 1158
	ErrNetReadInterrupted           uint16 = 1159
	ErrNetErrorOnWrite              uint16 = 1160
	ErrNetWriteInterrupted          uint16 = 1161
	ErrTooLongString                uint16 = 1162
	ErrTooManyRows                  uint16 = 1172
	ErrSpFetchNoData                uint16 = 1329
	ErrNotSupportedAuthMode         uint16 = 1251
	ErrUnknownCharacterSet          uint16 = 1115
	ErrLockWaitTimeout              uint16 = 1205
	ErrTableDefChanged              uint16 = 1412
	ErrIncorrectGlobalLocalVar      uint16 = 1238
	ErrWrongValueForVar             uint16 = 1231
	ErrWrongTypeForVar              uint16 = 1232
	ErrVarCantBeRead                uint16 = 1233
	ErrCantUseOptionHere            uint16 = 1234
	ErrNotSupportedYet              uint16 = 1235
	ErrWrongArguments               uint16 = 1210
	ErrDeadlock                     uint16 = 1213
	ErrSpecificAccessDenied         uint16 = 1227
	ErrTableAccessDenied            uint16 = 1142
	ErrColumnAccessDenied           uint16 = 1143
	ErrIllegalGrantForTable         uint16 = 1144
	ErrNonExistingGrant             uint16 = 1141
	ErrNonExistingTableGrant        uint16 = 1147
	ErrNonExistingProcGrant         uint16 = 1403 // "There is no such grant defined for user '%s' on host '%s' on routine '%s'"
	ErrCantCreateUserWithGrant      uint16 = 1410
	ErrIllegalPrivilegeLevel        uint16 = 3619
	ErrVarDoesNotExist              uint16 = 3615 // RESET PERSIST of a name not persisted
	ErrUnknownStmtHandler           uint16 = 1243
	ErrWrongNumberOfColumnsInSelect uint16 = 1222
	ErrOperandColumns               uint16 = 1241
	ErrSubqueryNo1Row               uint16 = 1242
	ErrUnknownCollation             uint16 = 1273
	ErrWarnDataOutOfRange           uint16 = 1264
	ErrTruncatedWrongValue          uint16 = 1292
	ErrUnknownTimeZone              uint16 = 1298
	ErrWarnInvalidTimestamp         uint16 = 1299 // "Invalid TIMESTAMP value in column '%s' at row %ld"
	ErrCannotUser                   uint16 = 1396
	ErrQueryInterrupted             uint16 = 1317
	ErrSPDoesNotExist               uint16 = 1305
	ErrSPAlreadyExists              uint16 = 1304 // "%s %s already exists"
	ErrSPNoRecursiveCreate          uint16 = 1303 // "Can't create a %s from within another stored routine"
	ErrSPLabelMismatch              uint16 = 1308 // "%s with no matching label: %s"
	ErrSPLabelRedefine              uint16 = 1309 // "Redefining label %s"
	ErrSPWrongNoOfArgs              uint16 = 1318 // "Incorrect number of arguments for %s %s; expected %u, got %u"
	ErrSPUndeclaredVar              uint16 = 1327 // "Undeclared variable: %s"
	ErrSPDupParam                   uint16 = 1330 // "Duplicate parameter: %s"
	ErrSPDupVar                     uint16 = 1331 // "Duplicate variable: %s"
	ErrSPCondMismatch               uint16 = 1319 // "Undefined CONDITION: %s"
	ErrSPCursorMismatch             uint16 = 1324 // "Undefined CURSOR: %s"
	ErrSPCursorAlreadyOpen          uint16 = 1325 // "Cursor is already open"
	ErrSPCursorNotOpen              uint16 = 1326 // "Cursor is not open"
	ErrSPWrongNoOfFetchArgs         uint16 = 1328 // "Incorrect number of FETCH variables"
	ErrSPDupCond                    uint16 = 1332 // "Duplicate condition: %s"
	ErrSPDupCurs                    uint16 = 1333 // "Duplicate cursor: %s"
	ErrSPVarCondAfterCursHndlr      uint16 = 1337 // "Variable or condition declaration after cursor or handler declaration"
	ErrSPCursorAfterHandler         uint16 = 1338 // "Cursor declaration after handler declaration"
	ErrSPBadSQLState                uint16 = 1407 // "Bad SQLSTATE: '%s'"
	ErrSPDupHandler                 uint16 = 1413 // "Duplicate handler declared in the same block"
	ErrDupSignalSet                 uint16 = 1641 // "Duplicate condition information item '%s'"
	ErrSignalWarn                   uint16 = 1642 // "Unhandled user-defined warning condition"
	ErrSignalNotFound               uint16 = 1643 // "Unhandled user-defined not found condition"
	ErrSignalException              uint16 = 1644 // "Unhandled user-defined exception condition"
	ErrSignalBadConditionType       uint16 = 1646 // "SIGNAL/RESIGNAL can only use a CONDITION defined with SQLSTATE"
	ErrWrongValue                   uint16 = 1525 // "Incorrect %s value: '%s'"
	ErrProcAccessDenied             uint16 = 1370 // "%s command denied to user '%s'@'%s' for routine '%s'"
	ErrSPNotVarArg                  uint16 = 1414 // "OUT or INOUT argument %d for routine %s is not a variable ..."
	ErrSPRecursionLimit             uint16 = 1456 // "Recursive limit %d (as set by the max_sp_recursion_depth variable) was exceeded for routine %s"
	ErrNoSuchDefiner                uint16 = 1449 // "The user specified as a definer ('%s'@'%s') does not exist"
	ErrCantChangeTxCharacteristics  uint16 = 1568
	ErrReadOnlyTransaction          uint16 = 1792
	ErrWrongParamcountToNativeFct   uint16 = 1582
	ErrMaxPreparedStmtCountReached  uint16 = 1461
	ErrDivisionByZero               uint16 = 1365
	ErrWrongParametersToNativeFct   uint16 = 1583
	ErrDataTooLong                  uint16 = 1406
	ErrVariableIsReadonly           uint16 = 1621
	ErrFunctionNotDefined           uint16 = 1305
	ErrInvalidJSONText              uint16 = 3140
	ErrSecureTransportRequired      uint16 = 3159
	ErrPasswordNoMatch              uint16 = 1133
	ErrUserAlreadyExists            uint16 = 3163
	ErrQueryTimeout                 uint16 = 3024
)

var sqlStates = map[uint16]string{
	ErrConCount:                     "08004",
	ErrHandshake:                    "08S01",
	ErrDBAccessDenied:               "42000",
	ErrAccessDenied:                 "28000",
	ErrNoDB:                         "3D000",
	ErrUnknownCom:                   "08S01",
	ErrBadNull:                      "23000",
	ErrBadDB:                        "42000",
	ErrTableExists:                  "42S01",
	ErrBadTable:                     "42S02",
	ErrNonUniq:                      "23000",
	ErrServerShutdown:               "08S01",
	ErrBadField:                     "42S22",
	ErrWrongFieldWithGroup:          "42000",
	ErrDupFieldName:                 "42S21",
	ErrDupKeyName:                   "42000",
	ErrDupEntry:                     "23000",
	ErrParse:                        "42000",
	ErrEmptyQuery:                   "42000",
	ErrNonUniqTable:                 "42000",
	ErrInvalidDefault:               "42000",
	ErrMultiplePriKey:               "42000",
	ErrNoTablesUsed:                 "HY000",
	ErrUnknownSystemVariable:        "HY000",
	ErrUnknownTable:                 "42S02",
	ErrTooBigSelect:                 "42000",
	ErrNoSuchTable:                  "42S02",
	ErrSyntax:                       "42000",
	ErrNetPacketTooLarge:            "08S01",
	ErrNetReadErrorFromPipe:         "08S01",
	ErrNetFcntl:                     "08S01",
	ErrNetPacketsOutOfOrder:         "08S01",
	ErrNetUncompressError:           "08S01",
	ErrNetReadError:                 "08S01",
	ErrNetReadInterrupted:           "08S01",
	ErrNetErrorOnWrite:              "08S01",
	ErrNetWriteInterrupted:          "08S01",
	ErrTooLongString:                "HY000",
	ErrNotSupportedAuthMode:         "08004",
	ErrUnknownCharacterSet:          "42000",
	ErrLockWaitTimeout:              "HY000",
	ErrTableDefChanged:              "HY000",
	ErrWrongValueForVar:             "42000",
	ErrWrongTypeForVar:              "42000",
	ErrCantUseOptionHere:            "42000",
	ErrNotSupportedYet:              "42000",
	ErrWrongArguments:               "HY000",
	ErrDeadlock:                     "40001",
	ErrSpecificAccessDenied:         "42000",
	ErrTableAccessDenied:            "42000",
	ErrColumnAccessDenied:           "42000",
	ErrIllegalGrantForTable:         "42000",
	ErrNonExistingGrant:             "42000",
	ErrNonExistingTableGrant:        "42000",
	ErrNonExistingProcGrant:         "42000",
	ErrCantCreateUserWithGrant:      "42000",
	ErrUnknownStmtHandler:           "HY000",
	ErrWrongNumberOfColumnsInSelect: "21000",
	ErrOperandColumns:               "21000",
	ErrSubqueryNo1Row:               "21000",
	ErrUnknownCollation:             "HY000",
	ErrWarnDataOutOfRange:           "22003",
	ErrTruncatedWrongValue:          "22007",
	ErrCannotUser:                   "HY000",
	ErrQueryInterrupted:             "70100",
	ErrSPDoesNotExist:               "42000",
	ErrCantChangeTxCharacteristics:  "25001",
	ErrReadOnlyTransaction:          "25006",
	ErrWrongParamcountToNativeFct:   "42000",
	ErrWrongParametersToNativeFct:   "42000",
	ErrDivisionByZero:               "22012",
	ErrDataTooLong:                  "22001",
	ErrVariableIsReadonly:           "HY000",
	ErrInvalidJSONText:              "22032",
	ErrSecureTransportRequired:      "HY000",
	ErrPasswordNoMatch:              "42000",
	ErrKillDenied:                   "HY000",
	ErrNoSuchThread:                 "HY000",
	ErrIncorrectGlobalLocalVar:      "HY000",
	ErrVarCantBeRead:                "HY000",
}

// Schema errors.
const (
	ErrDBCreateExists uint16 = 1007
	ErrDBDropExists   uint16 = 1008
	ErrWrongDBName    uint16 = 1102
)

func init() {
	sqlStates[ErrWrongDBName] = "42000"
}

// System variable scope errors.
const (
	ErrLocalVariable  uint16 = 1228
	ErrGlobalVariable uint16 = 1229
)

func init() {
	sqlStates[ErrLocalVariable] = "HY000"
	sqlStates[ErrGlobalVariable] = "HY000"
}

// ErrCollationCharsetMismatch is ER_COLLATION_CHARSET_MISMATCH.
const ErrCollationCharsetMismatch uint16 = 1253

func init() { sqlStates[ErrCollationCharsetMismatch] = "42000" }

// Table definition errors.
const (
	ErrInvalidOnUpdate uint16 = 1294
	ErrWrongFieldSpec  uint16 = 1063
)

func init() {
	sqlStates[ErrInvalidOnUpdate] = "HY000"
	sqlStates[ErrWrongFieldSpec] = "42000"
}

// ErrUnsupportedPS is ER_UNSUPPORTED_PS.
const ErrUnsupportedPS uint16 = 1295

func init() { sqlStates[ErrUnsupportedPS] = "HY000" }

// More MySQL error numbers used by loopdb (mysqld_error.h); their SQLSTATEs
// come from the parser's table (see SQLState).
const (
	ErrIllegalHaOption             uint16 = 1031
	ErrOutOfSortMemory             uint16 = 1038
	ErrWrongGroupField             uint16 = 1056
	ErrTooLongIdent                uint16 = 1059
	ErrTooManyKeyParts             uint16 = 1070
	ErrTooLongKey                  uint16 = 1071 // Specified key was too long; max key length is %d bytes
	ErrKeyColumnMissing            uint16 = 1072
	ErrWrongAutoKey                uint16 = 1075
	ErrWrongFieldTerminators       uint16 = 1083
	ErrWrongSubKey                 uint16 = 1089 // Incorrect prefix key; ...
	ErrCantRemoveAllCols           uint16 = 1090
	ErrCantDropFieldOrKey          uint16 = 1091
	ErrTableNotLockedForWrite      uint16 = 1099
	ErrTableNotLocked              uint16 = 1100
	ErrBlobCantHaveDefault         uint16 = 1101
	ErrFieldSpecifiedTwice         uint16 = 1110
	ErrInvalidGroupFuncUse         uint16 = 1111
	ErrTableMustHaveCol            uint16 = 1113
	ErrWrongValueCount             uint16 = 1136
	ErrInvalidUseOfNull            uint16 = 1138
	ErrMixOfGroupFunc              uint16 = 1140
	ErrWrongColumnName             uint16 = 1166
	ErrBlobKeyNoLength             uint16 = 1170
	ErrKeyDoesNotExist             uint16 = 1176
	ErrWrongUsage                  uint16 = 1221
	ErrDerivedMustHaveAlias        uint16 = 1248
	ErrCutValueGroupConcat         uint16 = 1260
	ErrWarnTooFewRecords           uint16 = 1261
	ErrWarnTooManyRecords          uint16 = 1262
	ErrWarnNullToNotNull           uint16 = 1263
	ErrTruncatedField              uint16 = 1265
	ErrOptionPreventsStmt          uint16 = 1290
	ErrWarnAllowedPacketOverflowed uint16 = 1301
	ErrNoDefaultField              uint16 = 1364
	ErrWrongValueForField          uint16 = 1366
	ErrWrongValueForType           uint16 = 1411
	ErrStmtHasNoOpenCursor         uint16 = 1421
	ErrTooBigScale                 uint16 = 1425
	ErrTooBigPrecision             uint16 = 1426
	ErrMBiggerThanD                uint16 = 1427
	ErrTooBigDisplaywidth          uint16 = 1439 // Display width out of range for column '%s' (max = %d)
	ErrDatetimeFunctionOverflow    uint16 = 1441
	ErrWrongStringLength           uint16 = 1470
	ErrPluginNotLoaded             uint16 = 1524
	ErrIncorrectValue              uint16 = 1525
	ErrDataOutOfRange              uint16 = 1690
	ErrPasswordFormat              uint16 = 1827
	ErrMalformedPacket             uint16 = 1835
	ErrInvalidFieldSize            uint16 = 3013 // Invalid size for column '%s'.
	ErrInvalidLogArgument          uint16 = 3020
	ErrInvalidJSONTextInParam      uint16 = 3141
	ErrInvalidJSONPath             uint16 = 3143
	ErrInvalidTypeForJSON          uint16 = 3146
	ErrInvalidJSONPathWild         uint16 = 3149
	ErrJSONUsedAsKey               uint16 = 3152
	ErrJSONVacuousPath             uint16 = 3153
	ErrJSONBadOneOrAll             uint16 = 3154
	ErrJSONDocumentTooDeep         uint16 = 3157
	ErrJSONDocumentNullKey         uint16 = 3158
	ErrUserDoesNotExist            uint16 = 3162
	ErrRegexpIllegal               uint16 = 3685
	ErrRegexpIndexOutOfBounds      uint16 = 3686
	ErrClientLocalFilesDenied      uint16 = 3948
	ErrClientInteractionTimeout    uint16 = 4031
)

// Account management: dual passwords, resource limits, password expiry.
const (
	ErrTooManyUserConnections                 uint16 = 1203 // User %s already has more than 'max_user_connections' active connections
	ErrUserLimitReached                       uint16 = 1226 // User '%s' has exceeded the '%s' resource (current value: %ld)
	ErrMustChangePassword                     uint16 = 1820 // You must reset your password using ALTER USER statement before executing this statement.
	ErrMustChangePasswordLogin                uint16 = 1862 // Your password has expired. To log in you must change it using a client that supports expired passwords.
	ErrSecondPasswordCannotBeEmpty            uint16 = 3878
	ErrPasswordCannotBeRetainedOnPluginChange uint16 = 3894
	ErrCurrentPasswordCannotBeRetained        uint16 = 3895
)

// ErrIllegalReference is ER_ILLEGAL_REFERENCE: an alias of an aggregate
// named inside an ORDER BY expression.
const ErrIllegalReference uint16 = 1247

func init() { sqlStates[ErrIllegalReference] = "42S22" }

// User-level lock errors (GET_LOCK and friends).
const (
	ErrUserLockWrongName = 3057 // ER_USER_LOCK_WRONG_NAME
	ErrUserLockDeadlock  = 3058 // ER_USER_LOCK_DEADLOCK
)

func init() {
	sqlStates[ErrUserLockWrongName] = "42000"
	sqlStates[ErrUserLockDeadlock] = "40001"
}

// UNCOMPRESS warnings.
const (
	ErrTooBigForUncompress = 1256 // ER_TOO_BIG_FOR_UNCOMPRESS
	ErrZlibZDataError      = 1259 // ER_ZLIB_Z_DATA_ERROR
)

func init() {
	sqlStates[ErrTooBigForUncompress] = "HY000"
	sqlStates[ErrZlibZDataError] = "HY000"
}
