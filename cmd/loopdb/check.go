package main

import (
	"flag"
	"fmt"
	"io"

	loopdb "github.com/loopdb/loopdb/server"
)

// runCheck is `loopdb check --datadir DIR`: an offline consistency check of
// a stopped server's data (orphan keys of dropped tables and indexes, rows
// and index entries that disagree). Exit 0: clean; 1: problems, one line
// each on stdout; 2: usage, or the store or its catalog did not open.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loopdb check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dataDir := fs.String("datadir", "", "datadir of a stopped loopdb")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *dataDir == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: loopdb check --datadir DIR")
		return 2
	}
	n, err := loopdb.CheckDataDir(*dataDir, stdout)
	if err != nil {
		fmt.Fprintln(stderr, "loopdb check:", err)
		return 2
	}
	if n > 0 {
		fmt.Fprintf(stderr, "loopdb check: %d problem(s)\n", n)
		return 1
	}
	fmt.Fprintln(stdout, "loopdb check: keyspace consistent with the catalog")
	return 0
}
