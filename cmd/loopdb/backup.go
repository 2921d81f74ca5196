package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/loopdb/loopdb/internal/myclient"
)

// runBackup is `loopdb backup --to DIR`: it asks a running server, over the
// MySQL protocol, for a consistent online copy of its data directory
// (BACKUP DATABASE * TO 'local://DIR'). The server writes DIR on its own
// file system, so this is run on the server's machine or DIR names a path
// the server sees; `loopdb --datadir=DIR` later starts on the copy.
func runBackup(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loopdb backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	to := fs.String("to", "", "directory to write the backup into (must not exist; absolute or relative to this shell)")
	host := fs.String("host", "127.0.0.1", "server address")
	port := fs.Int("port", 3306, "server TCP port")
	socket := fs.String("socket", "", "server unix socket (instead of host and port)")
	user := fs.String("user", "root", "account with BACKUP_ADMIN or SUPER")
	password := fs.String("password", "", "password (default: $MYSQL_PWD)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *to == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: loopdb backup --to DIR [--host H --port P | --socket S] [--user U] [--password PW]")
		return 2
	}
	dir, err := filepath.Abs(*to)
	if err != nil {
		fmt.Fprintln(stderr, "loopdb backup:", err)
		return 2
	}
	if *password == "" {
		*password = os.Getenv("MYSQL_PWD")
	}
	network, addr := "tcp", fmt.Sprintf("%s:%d", *host, *port)
	if *socket != "" {
		network, addr = "unix", *socket
	}
	c, err := myclient.Dial(network, addr)
	if err != nil {
		fmt.Fprintln(stderr, "loopdb backup: connect:", err)
		return 1
	}
	defer c.Close()
	if err := c.Login(*user, *password, ""); err != nil {
		fmt.Fprintln(stderr, "loopdb backup: login:", err)
		return 1
	}
	rs, err := c.Query("BACKUP DATABASE * TO " + sqlString("local://"+dir))
	if err == nil && (rs == nil || len(rs.Rows) != 1 || len(rs.Rows[0]) < 3) {
		err = errors.New("the server's answer has no backup row")
	}
	if err != nil {
		fmt.Fprintln(stderr, "loopdb backup:", err)
		return 1
	}
	r := rs.Rows[0]
	fmt.Fprintf(stdout, "backup written to %s: %s bytes in %s\n", deref(r[0]), deref(r[1]), deref(r[2]))
	return 0
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func deref(p *string) string {
	if p == nil {
		return "NULL"
	}
	return *p
}
