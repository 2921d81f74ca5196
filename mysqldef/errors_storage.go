package mysqldef

// Errors of a disk that refuses writes (storage.WriteFault). MySQL's own
// nearest answers: EE_WRITE (3), the mysys error for a file write that
// failed with an OS errno, for the statement whose commit hit the fault; and
// ER_GET_ERRNO (1030), the handler's "the engine refused with errno", for
// every write refused afterwards. Both are SQLSTATE HY000.
const (
	ErrErrorOnWrite uint16 = 3    // Error writing file '%s' (errno: %d - %s)
	ErrGetErrno     uint16 = 1030 // Got error %d - '%s' from storage engine
)
