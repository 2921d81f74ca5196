package loaddata

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// splitRow is one row as the statement sees it: fields ("<NULL>" for
// NULL), and whether extra data was cut from its line (only reported when
// more input follows, as MySQL does).
type splitRow struct {
	fields []string
	cut    bool
}

func (r splitRow) String() string {
	s := strings.Join(r.fields, "|")
	if len(r.fields) == 1 && r.fields[0] == "" {
		s = "(empty)"
	}
	if r.cut {
		s += "+cut"
	}
	return s
}

// splitAll runs the reader the way the statement does: IGNORE n LINES,
// then rows of up to n fields, each followed by NextLine.
func splitAll(r io.Reader, f Format, n int, ignore uint64, limit int) ([]splitRow, error) {
	fr := NewReader(r, f)
	skip := fr.SkipLines(ignore)
	var rows []splitRow
	for iter := 0; ; iter++ {
		if iter > limit {
			return rows, errors.New("no progress: too many rows")
		}
		got := fr.ReadRow(n)
		if err := fr.Err(); err != nil {
			return rows, err
		}
		if got == 0 {
			return rows, nil
		}
		if skip > 0 {
			skip--
			continue
		}
		var row splitRow
		for i := 0; i < got; i++ {
			if fr.Fields()[i].Null {
				row.fields = append(row.fields, "<NULL>")
			} else {
				row.fields = append(row.fields, string(fr.Field(i)))
			}
		}
		end := fr.NextLine()
		if err := fr.Err(); err != nil {
			return rows, err
		}
		row.cut = fr.LineCut() && !end
		rows = append(rows, row)
		if end {
			return rows, nil
		}
	}
}

func csvFormat() Format {
	f := DefaultFormat()
	f.FieldTerm = []byte(",")
	f.Enclosed = '"'
	return f
}

func TestLoadDataFields(t *testing.T) {
	tsv := DefaultFormat()
	csv := csvFormat()
	crlf := csvFormat()
	crlf.LineTerm = []byte("\r\n")
	multi := DefaultFormat()
	multi.FieldTerm = []byte("||")
	multi.LineTerm = []byte("##\n")
	starting := csvFormat()
	starting.LineStart = []byte("xxx")
	quoteEsc := csvFormat()
	quoteEsc.Escape = '"'
	noEsc := DefaultFormat()
	noEsc.Escape = -1
	noLines := csvFormat()
	noLines.LineTerm = []byte(",")
	prefixTerm := DefaultFormat() // terminators sharing a first byte
	prefixTerm.FieldTerm = []byte(";")
	prefixTerm.LineTerm = []byte(";;\n")

	cases := []struct {
		name   string
		f      Format
		n      int
		ignore uint64
		in     string
		want   string // rows joined by " / "
	}{
		{"tsv", tsv, 2, 0, "1\tabc\n2\tdef\n", "1|abc / 2|def"},
		{"no trailing newline", tsv, 2, 0, "1\ta\n2\tb", "1|a / 2|b"},
		{"empty input", tsv, 2, 0, "", ""},
		{"only newline", tsv, 2, 0, "\n", "(empty)"},
		{"blank line is a row", tsv, 2, 0, "1\ta\n\n2\tb\n", "1|a / (empty) / 2|b"},
		{"escaped NULL", tsv, 3, 0, "\\N\tx\ta\\N\n", "<NULL>|x|aN"},
		{"NULL word is text without ENCLOSED BY", tsv, 1, 0, "NULL\n", "NULL"},
		{"escapes", tsv, 1, 0, "a\\tb\\nc\\0d\\Ze\\\\f\\,g\\bh\\ri\\q\n", "a\tb\nc\x00d\x1ae\\f,g\bh\ri" + "q"},
		{"escaped terminators", tsv, 2, 0, "a\\\tb\tc\\\nd\n", "a\tb|c\nd"},
		{"escape at end of input", tsv, 1, 0, "ab\\", "ab\\"},
		{"csv", csv, 3, 0, "1,\"a,b\",\"c\"\"d\"\n2,\"x\ny\",NULL\n", "1|a,b|c\"d / 2|x\ny|<NULL>"},
		{"enclosed NULL word is text", csv, 2, 0, "\"NULL\",\"\\N\"\n", "NULL|<NULL>"},
		{"quote inside unenclosed field", csv, 2, 0, "a\"b,c\n", "a\"b|c"},
		{"stray quote inside enclosed field", csv, 2, 0, "\"ab\"c\",d\n", "ab\"c|d"},
		{"unterminated enclosed field", csv, 2, 0, "\"abc", "\"abc"},
		{"enclosed field at end of input", csv, 2, 0, "1,\"a\"", "1|a"},
		{"empty enclosed", csv, 2, 0, "\"\",\"\"\n", "|"},
		{"escape inside enclosed", csv, 1, 0, "\"a\\\"b\"\n", "a\"b"},
		{"crlf", crlf, 2, 0, "1,a\r\n2,b\r\n", "1|a / 2|b"},
		{"crlf lone cr is data", crlf, 2, 0, "1,a\rb\r\n2,\"c\r\nd\"\r\n", "1|a\rb / 2|c\r\nd"},
		{"crlf enclosed", crlf, 2, 0, "\"1\",\"a\"\r\n", "1|a"},
		{"multi-byte terminators", multi, 2, 0, "a||b##\nc|d||e#f##\n", "a|b / c|d|e#f"},
		{"terminator prefix at end", multi, 2, 0, "a||b#", "a|b#"},
		{"terminators sharing a byte", prefixTerm, 3, 0, "a;b;;\nc;;d\n", "a|b / c||d\n"},
		{"lines starting by", starting, 2, 0, "xxx\"abc\",1\nsomething xxx\"def\",2\n\"ghi\",3\n", "abc|1 / def|2"},
		{"lines starting by, partial prefix", starting, 2, 0, "xxyxxx1,2\nxx", "1|2"},
		{"ignore lines", csv, 2, 1, "a,b\n1,2\n3,4\n", "1|2 / 3|4"},
		{"ignore lines ignores enclosures", csv, 2, 1, "\"a\nb\",c\n1,2\n", "b\"|c / 1|2"},
		{"ignore more lines than there are", csv, 2, 5, "a\nb\n", ""},
		{"ignore escaped newline", tsv, 1, 1, "a\\\nb\nc\n", "c"},
		{"too few fields", csv, 3, 0, "1,2\n3\n", "1|2 / 3"},
		{"too many fields", csv, 2, 0, "1,2,3\n4,5\n", "1|2+cut / 4|5"},
		{"too many fields on the last line", csv, 2, 0, "1,2,3", "1|2"},
		{"trailing field terminator is not cut", csv, 2, 0, "1,2,\n", "1|2"},
		{"escape == enclosure", quoteEsc, 2, 0, "\"a\"\"b\",\"c\"\nx\"\"y,z\n", "a\"b|c / x\"y|z"},
		{"no escape", noEsc, 2, 0, "a\\nb\t\\N\n", "a\\nb|\\N"},
		{"no lines", noLines, 2, 0, "1,2,3,4,5", "1|2 / 3|4 / 5"},
		{"no lines ignore rows", noLines, 2, 1, "1,2,3,4", "3|4"},
	}
	readers := []struct {
		name string
		wrap func(io.Reader) io.Reader
	}{
		{"whole", func(r io.Reader) io.Reader { return r }},
		{"one byte", iotest.OneByteReader},
		{"half", iotest.HalfReader},
		{"data+EOF", iotest.DataErrReader},
	}
	for _, c := range cases {
		for _, rd := range readers {
			rows, err := splitAll(rd.wrap(strings.NewReader(c.in)), c.f, c.n, c.ignore, len(c.in)+10)
			if err != nil {
				t.Errorf("%s (%s): %v", c.name, rd.name, err)
				continue
			}
			parts := make([]string, len(rows))
			for i, r := range rows {
				parts[i] = r.String()
			}
			if got := strings.Join(parts, " / "); got != c.want {
				t.Errorf("%s (%s):\n got %q\nwant %q", c.name, rd.name, got, c.want)
			}
		}
	}
}

func TestLoadDataFieldsLongRowAndLimit(t *testing.T) {
	long := strings.Repeat("x", 3*readBufferSize+17)
	in := "1\t" + long + "\n2\tb\n"
	rows, err := splitAll(iotest.HalfReader(strings.NewReader(in)), DefaultFormat(), 2, 0, 100)
	if err != nil || len(rows) != 2 || rows[0].fields[1] != long || rows[1].fields[1] != "b" {
		t.Fatalf("long row: %d rows, err %v", len(rows), err)
	}
	// A terminator longer than the read buffer still matches.
	f := DefaultFormat()
	f.FieldTerm = bytes.Repeat([]byte("-"), readBufferSize+3)
	in = "a" + string(f.FieldTerm) + "b\n"
	if rows, err := splitAll(iotest.OneByteReader(strings.NewReader(in)), f, 2, 0, 100); err != nil || fmt.Sprint(rows) != "[a|b]" {
		t.Fatalf("long terminator: %v %v", rows, err)
	}

	fr := NewReader(strings.NewReader("1\t"+long+"\n"), DefaultFormat())
	fr.SetMaxRow(1000)
	fr.ReadRow(2)
	if !errors.Is(fr.Err(), ErrRowTooLong) {
		t.Fatalf("row limit: %v", fr.Err())
	}
}

func TestLoadDataFieldsReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader("1\ta\n2\tb"), iotest.ErrReader(boom))
	rows, err := splitAll(r, DefaultFormat(), 2, 0, 100)
	if !errors.Is(err, boom) || len(rows) != 1 {
		t.Fatalf("rows %v err %v", rows, err)
	}
	// A reader that never makes progress ends the read.
	fr := NewReader(zeroReader{}, DefaultFormat())
	if n := fr.ReadRow(2); n != 0 || !errors.Is(fr.Err(), io.ErrNoProgress) {
		t.Fatalf("n %d err %v", n, fr.Err())
	}
}

type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

// FuzzLoadDataFields checks that any input and format splits without
// panicking, terminates, and splits the same whatever the read sizes.
func FuzzLoadDataFields(f *testing.F) {
	f.Add([]byte("1,\"a,b\",\"c\"\"d\"\n2,\"x\ny\",NULL\n"), ",", "\n", "", byte('"'), byte('\\'), uint8(3), uint8(0))
	f.Add([]byte("xxx\"abc\",1\nsomething xxx\"def\",2\n"), ",", "\n", "xxx", byte('"'), byte('\\'), uint8(2), uint8(0))
	f.Add([]byte("a||b##\nc\\|d||e#f##\n"), "||", "##\n", "", byte(0), byte('\\'), uint8(2), uint8(1))
	f.Add([]byte("1,2,3,4,5"), ",", ",", "", byte('"'), byte('"'), uint8(2), uint8(1))
	f.Add([]byte("\\N\t\\\n\t\"\"\r\n"), "\t", "\r\n", "", byte('"'), byte('"'), uint8(4), uint8(2))
	f.Fuzz(func(t *testing.T, data []byte, fieldTerm, lineTerm, lineStart string, encl, esc byte, n, ignore uint8) {
		if len(fieldTerm) > 8 || len(lineTerm) > 8 || len(lineStart) > 8 {
			return
		}
		lf := Format{FieldTerm: []byte(fieldTerm), LineTerm: []byte(lineTerm), LineStart: []byte(lineStart),
			Enclosed: int(encl), Escape: int(esc)}
		if encl == 0 {
			lf.Enclosed = -1
		}
		if esc == 0 {
			lf.Escape = -1
		}
		if len(lf.FieldTerm) == 0 && lf.Enclosed < 0 {
			return // fixed-size rows: rejected by the statement
		}
		cols := int(n%8) + 1
		limit := len(data) + 2
		whole, err := splitAll(bytes.NewReader(data), lf, cols, uint64(ignore%4), limit)
		if err != nil {
			t.Fatal(err)
		}
		bytewise, err := splitAll(iotest.OneByteReader(bytes.NewReader(data)), lf, cols, uint64(ignore%4), limit)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(whole) != fmt.Sprint(bytewise) {
			t.Fatalf("read sizes change the split:\n%q\n%q", whole, bytewise)
		}
	})
}

// BenchmarkLoadDataFields measures the splitter alone on CSV-like and
// TSV-like input (rows of six fields).
func BenchmarkLoadDataFields(b *testing.B) {
	for _, bc := range []struct {
		name string
		f    Format
		row  func(i int) string
	}{
		{"tsv", DefaultFormat(), func(i int) string {
			return fmt.Sprintf("%d\t%d\tname number %d\t%d.%02d\t2024-01-%02d 12:34:56\tsome longer text field, value %d\n",
				i, i*7, i, i%1000, i%100, i%28+1, i)
		}},
		{"csv", csvFormat(), func(i int) string {
			return fmt.Sprintf("%d,%d,\"name number %d\",%d.%02d,2024-01-%02d 12:34:56,\"some longer text, \"\"quoted\"\" %d\"\n",
				i, i*7, i, i%1000, i%100, i%28+1, i)
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var buf bytes.Buffer
			rows := 0
			for buf.Len() < 8<<20 {
				buf.WriteString(bc.row(rows))
				rows++
			}
			data := buf.Bytes()
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				fr := NewReader(bytes.NewReader(data), bc.f)
				got := 0
				for fr.ReadRow(6) > 0 {
					got++
					if fr.NextLine() {
						break
					}
				}
				if got != rows {
					b.Fatalf("%d rows, want %d", got, rows)
				}
			}
		})
	}
}
