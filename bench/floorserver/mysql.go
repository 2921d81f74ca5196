package main

import (
	"bytes"
	"encoding/binary"
	"strings"
)

// The canned packets of -mysql mode. Sequence ids are fixed: every command starts at 0, so each
// answer is one precomputed byte string.

// Commands the floor tells apart.
const (
	comQuit        = 0x01
	comStmtPrepare = 0x16
	comStmtExecute = 0x17
	comStmtClose   = 0x19
)

// Statement ids the floor hands out: any INSERT prepares as insertStmt (3 parameters, no
// columns, executes to OK); anything else as selectStmt (1 parameter, column c, one row).
const (
	selectStmt = 1
	insertStmt = 2
)

var (
	greeting        = handshakeV10()
	prepareSelectOK = frames(prepareOK(selectStmt, 1, 1), paramDef(), eof(), columnDef("c"), eof())
	prepareInsertOK = frames(prepareOK(insertStmt, 0, 3), paramDef(), paramDef(), paramDef(), eof())
	selectResult    = frames([]byte{1}, columnDef("c"), eof(), binaryRow(strings.Repeat("7", 119)), eof())
	insertResult    = frames(okPayload[:])
)

// answer appends the reply to one packet and reports whether the client asked to quit.
func answer(out []byte, st *connState, seq byte, p []byte) ([]byte, bool) {
	if !st.loggedIn { // HandshakeResponse41, whoever it names: accepted
		st.loggedIn = true
		return appendOK(out, seq+1), false
	}
	if len(p) == 0 {
		return appendOK(out, seq+1), false
	}
	switch p[0] {
	case comQuit:
		return out, true
	case comStmtClose:
		return out, false // no reply, as the protocol says
	case comStmtPrepare:
		if len(p) > 7 && strings.EqualFold(string(p[1:7]), "INSERT") {
			return append(out, prepareInsertOK...), false
		}
		return append(out, prepareSelectOK...), false
	case comStmtExecute:
		if len(p) >= 5 && binary.LittleEndian.Uint32(p[1:5]) == insertStmt {
			return append(out, insertResult...), false
		}
		return append(out, selectResult...), false
	}
	return appendOK(out, seq+1), false
}

// frames frames payloads as the packets of one answer, sequence ids 1, 2, ...
func frames(payloads ...[]byte) []byte {
	var out []byte
	for i, p := range payloads {
		out = append(out, byte(len(p)), byte(len(p)>>8), byte(len(p)>>16), byte(i+1))
		out = append(out, p...)
	}
	return out
}

// handshakeV10 is the greeting (sequence 0, framed): protocol 10, mysql_native_password with a
// fixed scramble (the floor checks no password), 4.1 protocol and plugin auth.
func handshakeV10() []byte {
	const caps = 0x0001 | 0x0008 | 0x0200 | 0x2000 | 0x8000 | // long password, with db, 4.1, transactions, secure connection
		0x00010000 | 0x00020000 | 0x00080000 | 0x00200000 // multi statements/results, plugin auth (lenenc)
	var b bytes.Buffer
	b.WriteByte(10)
	b.WriteString("5.7.99-floorserver\x00")
	b.Write([]byte{1, 0, 0, 0}) // connection id
	b.WriteString("floorsal")   // scramble, first 8 bytes
	b.WriteByte(0)
	binary.Write(&b, binary.LittleEndian, uint16(caps&0xffff))
	b.WriteByte(45)                                  // utf8mb4_general_ci
	binary.Write(&b, binary.LittleEndian, uint16(2)) // SERVER_STATUS_AUTOCOMMIT
	binary.Write(&b, binary.LittleEndian, uint16(caps>>16))
	b.WriteByte(21) // scramble length + NUL
	b.Write(make([]byte, 10))
	b.WriteString("tscramble12\x00") // scramble, last 12 bytes
	b.WriteString("mysql_native_password\x00")
	p := b.Bytes()
	return append([]byte{byte(len(p)), byte(len(p) >> 8), 0, 0}, p...)
}

func prepareOK(id uint32, columns, params uint16) []byte {
	p := []byte{0}
	p = binary.LittleEndian.AppendUint32(p, id)
	p = binary.LittleEndian.AppendUint16(p, columns)
	p = binary.LittleEndian.AppendUint16(p, params)
	return append(p, 0, 0, 0) // filler, no warnings
}

func eof() []byte { return []byte{0xfe, 0, 0, 2, 0} }

func lenencString(p []byte, s string) []byte { return append(append(p, byte(len(s))), s...) }

// columnDef is a ColumnDefinition41 of sbtest1's CHAR(120) column name.
func columnDef(name string) []byte {
	var p []byte
	for _, s := range []string{"def", "sbtest", "sbtest1", "sbtest1", name, name} {
		p = lenencString(p, s)
	}
	p = append(p, 0x0c, 45, 0)                      // fixed-length fields follow; utf8mb4
	p = binary.LittleEndian.AppendUint32(p, 480)    // 120 characters
	p = append(p, 0xfe)                             // MYSQL_TYPE_STRING
	p = binary.LittleEndian.AppendUint16(p, 0x0001) // NOT NULL
	return append(p, 0, 0, 0)                       // decimals, filler
}

// paramDef is the definition MySQL sends for a parameter: "?", VAR_STRING, binary.
func paramDef() []byte {
	var p []byte
	for _, s := range []string{"def", "", "", "", "?", ""} {
		p = lenencString(p, s)
	}
	p = append(p, 0x0c, 63, 0, 0, 0, 0, 0, 0xfd, 0x80, 0, 0, 0, 0)
	return p
}

// binaryRow is one binary-protocol row of a single non-NULL string.
func binaryRow(v string) []byte {
	return lenencString([]byte{0x00, 0x00}, v) // header, NULL bitmap (offset 2: one byte)
}
