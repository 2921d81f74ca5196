package server

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/loopdb/loopdb/exec"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/loopdb/loopdb/storage"
)

// Online backup: BACKUP DATABASE * TO 'local:///dir' (or `loopdb backup
// --to DIR`) writes a directory that is a complete data directory: the
// storage engine's consistent checkpoint under pebble/, and the TLS
// certificates and RSA key pair beside it, so `loopdb --datadir=DIR` starts
// on the copy with the same accounts, data and identity. Writes continue
// during the copy; it holds exactly the transactions committed before one
// instant.

// backupFiles are the data directory's files besides the engine's: the
// certificates and keys generated at first start (or copied there).
const backupFilePattern = "*.pem"

type backupper struct {
	mu      sync.Mutex // one backup at a time
	dataDir string
	engine  storage.Checkpointer
}

// newBackupper returns nil when the engine cannot checkpoint online.
func newBackupper(dataDir string, engine storage.Engine) *backupper {
	cp, ok := engine.(storage.Checkpointer)
	if !ok {
		return nil
	}
	return &backupper{dataDir: dataDir, engine: cp}
}

// Backup writes the copy into dir (absolute, not existing yet). A failed
// backup removes what it wrote.
func (b *backupper) Backup(dir string) (exec.BackupReport, error) {
	if !b.mu.TryLock() {
		return exec.BackupReport{}, mysqldef.NewError(mysqldef.ErrUnknownError, "A backup is already running")
	}
	defer b.mu.Unlock()
	if _, err := os.Lstat(dir); err == nil {
		return exec.BackupReport{}, mysqldef.NewError(mysqldef.ErrFileExists, "File '%s' already exists", dir)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return exec.BackupReport{}, backupError(dir, err)
	}
	if abs, err := filepath.Abs(b.dataDir); err == nil && (dir == abs || strings.HasPrefix(dir, abs+string(filepath.Separator))) {
		return exec.BackupReport{}, mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to BACKUP: the destination is inside the data directory")
	}
	// 0700: the copy holds the server's private keys and password hashes.
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return exec.BackupReport{}, backupError(dir, err)
	}
	size, err := b.write(dir)
	if err != nil {
		_ = os.RemoveAll(dir)
		return exec.BackupReport{}, backupError(dir, err)
	}
	return exec.BackupReport{Dir: dir, Bytes: size}, nil
}

func (b *backupper) write(dir string) (int64, error) {
	if err := b.engine.Checkpoint(filepath.Join(dir, "pebble")); err != nil {
		return 0, err
	}
	files, err := filepath.Glob(filepath.Join(b.dataDir, backupFilePattern))
	if err != nil {
		return 0, err
	}
	for _, f := range files {
		if err := copyFile(f, filepath.Join(dir, filepath.Base(f))); err != nil {
			return 0, err
		}
	}
	var size int64
	err = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			size += info.Size()
		}
		return err
	})
	return size, err
}

// copyFile copies src to dst with src's permission bits, synced to disk.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	info, err := in.Stat()
	if err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, info.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func backupError(dir string, err error) error {
	return mysqldef.NewError(mysqldef.ErrUnknownError, "%s", fmt.Sprintf("BACKUP to '%s' failed: %v", dir, err))
}

// backupHook is b.Backup, or nil (BACKUP unsupported) when b is nil.
func backupHook(b *backupper) func(string) (exec.BackupReport, error) {
	if b == nil {
		return nil
	}
	return b.Backup
}
