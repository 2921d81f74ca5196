package exec

import (
	"errors"
	"strings"

	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// writeFaultError maps a storage.WriteFault (disk full, I/O error on the
// WAL or a table file) onto MySQL's answer, nil for other errors.
//
// The commit that hit the fault gets 3 (EE_WRITE, "Error writing file"),
// which names the file and the OS errno as mysys reports a failed write;
// MySQL's 1021 (ER_DISK_FULL) would promise a wait for free space that
// loopdb does not do, and 1114 (table is full) names one table where the
// WAL serves them all. Writes after that get 1030 (ER_GET_ERRNO, what the
// handler layer answers when the engine refuses with an errno), with a
// message saying writes stay stopped until a restart.
func writeFaultError(err error) *mysqldef.SQLError {
	var f *storage.WriteFault
	if !errors.As(err, &f) {
		return nil
	}
	errno, text := int(f.Errno), "Unknown error"
	if f.Errno != 0 {
		// strerror's capital, as MySQL prints it: "No space left on device".
		text = f.Errno.Error()
		text = strings.ToUpper(text[:1]) + text[1:]
	}
	if f.Stopped {
		return mysqldef.NewError(mysqldef.ErrGetErrno,
			"Got error %d - '%s; writes are stopped after a failed disk write, restart the server once the disk is fixed' from storage engine",
			errno, text)
	}
	path := f.Path
	if path == "" {
		path = "(storage)"
	}
	return mysqldef.NewError(mysqldef.ErrErrorOnWrite, "Error writing file '%s' (errno: %d - %s)", path, errno, text)
}
