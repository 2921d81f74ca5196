package main

import (
	"io"
	"net"
	"testing"

	"github.com/loopdb/loopdb/internal/myclient"
)

// serveCanned plays -mysql mode over one pipe: the greeting, then answer for every packet.
func serveCanned(nc net.Conn) {
	defer nc.Close()
	nc.Write(greeting)
	st := &connState{}
	for {
		var h [4]byte
		if _, err := io.ReadFull(nc, h[:]); err != nil {
			return
		}
		p := make([]byte, int(h[0])|int(h[1])<<8|int(h[2])<<16)
		if _, err := io.ReadFull(nc, p); err != nil {
			return
		}
		out, quit := answer(nil, st, h[3], p)
		if quit {
			return
		}
		nc.Write(out)
	}
}

// TestCannedAnswersSatisfyAClient: the canned packets are what an independent client
// (internal/myclient) expects: a login, both prepares with their parameter counts, and an
// executed point select returning one row of one column.
func TestCannedAnswersSatisfyAClient(t *testing.T) {
	client, server := net.Pipe()
	go serveCanned(server)
	defer client.Close()
	c, err := myclient.Handshake(client)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Login("anyone", "anything", "sbtest"); err != nil {
		t.Fatal(err)
	}
	sel, err := c.Prepare("SELECT c FROM sbtest1 WHERE id=?")
	if err != nil || sel.NumParams != 1 || sel.NumColumns != 1 {
		t.Fatalf("prepare select: %+v %v", sel, err)
	}
	ins, err := c.Prepare("insert INTO sbtest1 (k, c, pad) VALUES (?, ?, ?)")
	if err != nil || ins.NumParams != 3 || ins.NumColumns != 0 || ins.ID == sel.ID {
		t.Fatalf("prepare insert: %+v %v", ins, err)
	}
	if err := c.Command(myclient.ComStmtExecute, myclient.AppendExecute(nil, sel.ID, []int64{42}, nil)[1:]); err != nil {
		t.Fatal(err)
	}
	var got [][]byte
	for range 5 {
		p, err := c.ReadPacket()
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	if len(got[0]) != 1 || got[0][0] != 1 || !myclient.IsEOFPacket(got[2]) || got[3][0] != 0 || !myclient.IsEOFPacket(got[4]) {
		t.Errorf("execute answer % x", got)
	}
	if name, err := myclient.ColumnName(got[1]); err != nil || name != "c" {
		t.Errorf("column %q %v", name, err)
	}
	if err := c.Command(myclient.ComStmtExecute, myclient.AppendExecute(nil, ins.ID, []int64{1}, []string{"c", "pad"})[1:]); err != nil {
		t.Fatal(err)
	}
	if err := c.SimpleReply(); err != nil {
		t.Errorf("execute insert: %v", err)
	}
	if err := c.Ping(); err != nil {
		t.Errorf("ping: %v", err)
	}
}
