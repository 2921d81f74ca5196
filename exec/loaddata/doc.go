// Package loaddata cuts LOAD DATA input into rows and fields the way
// MySQL's READ_INFO does (sql_load.cc), but streaming from an io.Reader
// through a fixed buffer, so a file of any size is read with memory bounded
// by the buffer plus the longest row.
//
// It is bytes in, fields out: it owns the FIELDS TERMINATED / ENCLOSED /
// ESCAPED BY and LINES STARTING / TERMINATED BY rules and nothing else. It
// does not know about SQL values, columns, character sets, sessions or the
// client connection; turning fields into a table's row is the LOAD DATA
// statement's job (exec/loaddata.go).
//
// MySQL's rules, which this follows to the byte:
//   - A field starting with the ENCLOSED BY character is enclosed: inside
//     it field and line terminators are data, a doubled enclosure character
//     is one, and it ends at an enclosure character followed by the field
//     terminator, the line terminator or the end of the input. An enclosure
//     character followed by anything else is data.
//   - The ESCAPED BY character takes the next byte literally, except
//     0 b n r t Z, which stand for NUL, backspace, newline, carriage return,
//     tab and Ctrl-Z. A field that is exactly ESCAPE+N is NULL, and so is an
//     unenclosed NULL when ENCLOSED BY is set. When the escape and enclosure
//     characters are the same, the escape character only doubles itself.
//   - LINES STARTING BY: before each row the input is skipped up to and
//     including the first occurrence of the prefix (across line ends, so a
//     line without the prefix is skipped).
//   - After the fields a row needs, the rest of the line is skipped
//     (honouring escapes but not enclosures); LineCut reports that there
//     was something to skip.
//   - A field terminator equal to the line terminator means "no lines":
//     rows are just consecutive groups of fields.
package loaddata
