package myclient

import (
	"errors"
	"fmt"
	"net"
	"time"
)

// ResultSet is a text-protocol result read by Query.
type ResultSet struct {
	Columns []string
	Rows    [][]*string // nil = SQL NULL
}

// SimpleReply reads an OK (nil) or ERR (*Error) answer; anything else is an error too.
func (c *Conn) SimpleReply() error {
	p, err := c.ReadPacket()
	if err != nil {
		return err
	}
	switch {
	case len(p) > 0 && p[0] == 0x00:
		return nil
	case len(p) > 0 && p[0] == 0xff:
		return ParseErr(p)
	}
	return fmt.Errorf("want OK/ERR, got % x", p[:min(len(p), 32)])
}

// Ping sends COM_PING and reads its OK.
func (c *Conn) Ping() error {
	if err := c.Command(ComPing, nil); err != nil {
		return err
	}
	return c.SimpleReply()
}

// Query runs one statement and reads its (single) result: a nil ResultSet for an OK packet.
func (c *Conn) Query(sql string) (*ResultSet, error) {
	if err := c.Command(ComQuery, []byte(sql)); err != nil {
		return nil, err
	}
	return c.ReadResult()
}

// ReadResult reads one text-protocol answer: OK (nil, nil), ERR, or a result set.
func (c *Conn) ReadResult() (*ResultSet, error) {
	p, err := c.ReadPacket()
	if err != nil {
		return nil, err
	}
	switch {
	case len(p) == 0:
		return nil, errors.New("empty result packet")
	case p[0] == 0x00:
		return nil, nil
	case p[0] == 0xff:
		return nil, ParseErr(p)
	}
	d := NewDecoder(p)
	ncol := d.Lenenc()
	if d.Err != nil || ncol == 0 || ncol > 4096 {
		return nil, fmt.Errorf("bad column count packet % x", p)
	}
	rs := &ResultSet{}
	for i := uint64(0); i < ncol; i++ {
		p, err := c.ReadPacket()
		if err != nil {
			return nil, err
		}
		name, err := ColumnName(p)
		if err != nil {
			return nil, err
		}
		rs.Columns = append(rs.Columns, name)
	}
	if p, err := c.ReadPacket(); err != nil {
		return nil, err
	} else if !IsEOFPacket(p) {
		return nil, fmt.Errorf("want EOF after columns, got % x", p)
	}
	for {
		p, err := c.ReadPacket()
		if err != nil {
			return nil, err
		}
		if IsEOFPacket(p) {
			return rs, nil
		}
		if len(p) > 0 && p[0] == 0xff {
			return nil, ParseErr(p)
		}
		row, err := textRow(p, ncol)
		if err != nil {
			return nil, err
		}
		rs.Rows = append(rs.Rows, row)
	}
}

// textRow decodes one text-protocol row of ncol values.
func textRow(p []byte, ncol uint64) ([]*string, error) {
	d := NewDecoder(p)
	row := make([]*string, 0, ncol)
	for i := uint64(0); i < ncol; i++ {
		if d.Peek() == 0xfb {
			d.U8()
			row = append(row, nil)
			continue
		}
		s := string(d.LenencBytes())
		row = append(row, &s)
	}
	if d.Err != nil || len(d.B) != 0 {
		return nil, fmt.Errorf("bad row % x", p)
	}
	return row, nil
}

// ColumnName extracts the name from a ColumnDefinition41 packet.
func ColumnName(p []byte) (string, error) {
	d := NewDecoder(p)
	for i := 0; i < 4; i++ { // catalog, schema, table, org_table
		d.LenencBytes()
	}
	name := d.LenencBytes()
	if d.Err != nil {
		return "", fmt.Errorf("bad column definition % x", p)
	}
	return string(name), nil
}

// WaitClosed reads until the server closes the connection or bound passes. It returns the ERR
// packet the server sent before closing (if any) and the time it took; closed=false on timeout.
func (c *Conn) WaitClosed(bound time.Duration) (lastErr error, elapsed time.Duration, closed bool) {
	start := time.Now()
	c.nc.SetReadDeadline(start.Add(bound))
	defer c.nc.SetReadDeadline(time.Time{})
	buf := make([]byte, 4096)
	var got []byte
	for {
		n, err := c.nc.Read(buf)
		got = append(got, buf[:n]...)
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				return nil, time.Since(start), false
			}
			// Report an ERR packet sent before the close, if there was one.
			if len(got) > 4 && got[4] == 0xff {
				return ParseErr(got[4:]), time.Since(start), true
			}
			return nil, time.Since(start), true
		}
	}
}
