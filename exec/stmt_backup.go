package exec

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/loopdb/loopdb/exec/expr"
	"github.com/loopdb/loopdb/mysqldef"
	"github.com/pingcap/tidb/pkg/parser/ast"
)

// BACKUP DATABASE * TO 'local:///dir' (the TiDB parser's statement for
// online backups) asks the server for a consistent copy of the whole data
// directory while it keeps serving. The server does the copying
// (Config.Backup); exec checks the statement, the privilege and the
// destination's form, and reports the result as one row.

// BackupReport is what a finished backup tells the client.
type BackupReport struct {
	Dir   string // absolute path of the copy
	Bytes int64  // its size on disk
}

func (s *Session) execBRIE(st *ast.BRIEStmt, w ResultWriter, more bool) error {
	if st.Kind != ast.BRIEKindBackup {
		return mysqldef.NewError(mysqldef.ErrNotSupportedYet,
			"This version of loopdb doesn't yet support '%s' (restore a backup by starting loopdb with --datadir on the copy)", st.Kind)
	}
	if len(st.Schemas) > 0 || len(st.Tables) > 0 {
		return mysqldef.NewError(mysqldef.ErrNotSupportedYet,
			"This version of loopdb doesn't yet support 'BACKUP of single databases or tables' (BACKUP DATABASE * copies the whole server)")
	}
	if len(st.Options) > 0 {
		return mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'BACKUP options'")
	}
	if s.eng.cfg.Backup == nil {
		return mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'BACKUP on this storage engine'")
	}
	dir, err := backupDir(st.Storage)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := s.eng.cfg.Backup(dir)
	if err != nil {
		return err
	}
	cols := []Column{textColumn("Destination", 512), intColumn("Size", 20), textColumn("Execution_time", 32)}
	row := []expr.Value{expr.StringValue(rep.Dir), expr.IntValue(rep.Bytes),
		expr.StringValue(time.Since(start).Round(time.Millisecond).String())}
	return s.writeRows(w, cols, [][]expr.Value{row}, more)
}

// execShutdown answers OK, then asks the server to shut down: running
// statements get shutdown_timeout to finish, as on SIGTERM (SHUTDOWN
// privilege, checked before).
func (s *Session) execShutdown(w ResultWriter, more bool) error {
	if s.eng.cfg.Shutdown == nil {
		return mysqldef.NewError(mysqldef.ErrNotSupportedYet, "This version of loopdb doesn't yet support 'SHUTDOWN'")
	}
	if err := s.writeOK(w, 0, 0, "", more); err != nil {
		return err
	}
	s.eng.cfg.Shutdown()
	return nil
}

// backupDir takes the destination as TiDB spells it ('local:///abs/dir')
// or as a plain absolute path. Only the server's own file system is a
// destination: object stores are for the distributed backend's tools.
func backupDir(storage string) (string, error) {
	dir := storage
	if rest, ok := strings.CutPrefix(storage, "local://"); ok {
		dir = rest
	} else if strings.Contains(storage, "://") {
		return "", mysqldef.NewError(mysqldef.ErrNotSupportedYet,
			"This version of loopdb doesn't yet support 'BACKUP to %s' (only local:// or an absolute path on the server)", storage)
	}
	if !filepath.IsAbs(dir) {
		return "", mysqldef.NewError(mysqldef.ErrWrongArguments, "Incorrect arguments to BACKUP: the destination must be an absolute path on the server, not %q", storage)
	}
	return filepath.Clean(dir), nil
}
