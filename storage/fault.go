package storage

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// WriteFault is what a backend returns when the disk refused a write it
// needs for durability (the WAL's write or fsync, a memtable flush): disk
// full, an I/O error. exec maps it onto MySQL's file-error family (errno
// and text as the OS gave them) rather than a bare 1105.
//
// Once a backend has seen one it stops taking writes until it is reopened
// (a failed fsync leaves it unknowable what reached the disk): every later
// commit fails at once with a WriteFault whose Stopped is set. Reads keep
// working.
type WriteFault struct {
	// Path is the file that failed, when the OS error names one.
	Path string
	// Errno is the OS error number (ENOSPC, EIO, ...), 0 when the cause
	// carried none.
	Errno syscall.Errno
	// Stopped marks a write refused because an earlier one failed, not one
	// that hit the disk fault itself.
	Stopped bool
	// Err is the cause as the backend saw it.
	Err error
}

func (f *WriteFault) Error() string {
	if f.Stopped {
		return fmt.Sprintf("storage: writes stopped after a failed disk write (restart once the disk is fixed): %v", f.Err)
	}
	return fmt.Sprintf("storage: disk write failed: %v", f.Err)
}

func (f *WriteFault) Unwrap() error { return f.Err }

// NewWriteFault describes cause, taking the file name and errno from the
// OS error inside it when there is one.
func NewWriteFault(cause error) *WriteFault {
	f := &WriteFault{Err: cause}
	var pe *os.PathError
	if errors.As(cause, &pe) {
		f.Path = pe.Path
	}
	var errno syscall.Errno
	if errors.As(cause, &errno) {
		f.Errno = errno
	}
	return f
}
