package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
)

// child is one -procs process and its pipes.
type child struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Reader
}

// spawn runs the connections in procs copies of this program: child k owns a contiguous slice
// of the connection indices (and so of the source addresses) with the busy ones among them.
// All open their connections first; once every child has said READY, ready runs (the parent
// samples the server) and all get GO together. Their results are added up.
func spawn(cfg *config, procs int, ready func()) (*result, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	var kids []*child
	defer func() { // on an early return: end the children this run started, by their own pids
		for _, k := range kids {
			k.in.Close()
			if k.cmd.ProcessState == nil {
				k.cmd.Process.Kill()
				k.cmd.Wait()
			}
		}
	}()
	offset := 0
	for k := range procs {
		n := split(cfg.conns, procs, k)
		busy := busyIn(offset, n, cfg.conns, cfg.busy)
		cmd := exec.Command(exe, cfg.childArgs(n, busy, offset)...)
		cmd.Stderr = os.Stderr
		in, err := cmd.StdinPipe()
		if err != nil {
			return nil, err
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			return nil, err
		}
		if err := cmd.Start(); err != nil {
			return nil, err
		}
		kids = append(kids, &child{cmd: cmd, in: in, out: bufio.NewReader(out)})
		offset += n
	}
	for k, c := range kids {
		if l, err := c.out.ReadString('\n'); err != nil || l != "READY\n" {
			return nil, fmt.Errorf("child %d did not get ready: %q %v", k, l, err)
		}
	}
	ready()
	for _, c := range kids {
		if _, err := io.WriteString(c.in, "GO\n"); err != nil {
			return nil, err
		}
	}
	total := &result{}
	var errs []error
	for k, c := range kids {
		l, err := c.out.ReadString('\n')
		r := &result{}
		if err == nil {
			err = json.Unmarshal([]byte(strings.TrimPrefix(l, "RESULT ")), r)
		}
		if werr := c.cmd.Wait(); err == nil && werr != nil {
			err = werr
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("child %d: %w", k, err))
			continue
		}
		total.add(r)
	}
	return total, errors.Join(errs...)
}

// busyIn counts the busy connections among global indices [offset, offset+n) when busy of
// total are spread evenly (isBusy's rule over the whole run).
func busyIn(offset, n, total, busy int) int {
	return (offset+n)*busy/total - offset*busy/total
}
