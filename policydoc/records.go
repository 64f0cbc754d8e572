package policydoc

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/idset"
	"github.com/prioritize-dev/prioritize/internal/lines"
	"github.com/prioritize-dev/prioritize/internal/par"
	"github.com/prioritize-dev/prioritize/internal/text"
	"github.com/prioritize-dev/prioritize/rules"
)

// Field declares one field of the records a policy reads: its name in the
// rules, its type, the column (or JSON key) it comes from, and the cells
// that count as blank.
type Field struct {
	Name string    `json:"name"`
	Type FieldType `json:"type"`
	// Column is the field's column in a CSV header or key in a JSON Lines
	// object; "" means Name.
	Column string `json:"column,omitempty"`
	// Blank lists the cells, after trimming spaces, that count as blank
	// (missing data) besides the empty cell: ["NA", "n/a"].
	Blank []string `json:"blank,omitempty"`
	// For a number or integer, how the export writes it: Thousands is the
	// separator of thousands to drop ("," in $2,142.97; "." or " " in
	// Europe), Decimal the decimal mark ("," for 2142,97; "." by default),
	// Strip the characters to remove around it ("$€%": a currency symbol,
	// a percent sign; 45% reads as 45).
	Thousands string `json:"thousands,omitempty"`
	Decimal   string `json:"decimal,omitempty"`
	Strip     string `json:"strip,omitempty"`
	// Layout, for a date, is how the export writes it: "MM/DD/YYYY",
	// "DD/MM/YYYY", "DD.MM.YYYY", "YYYY/MM/DD" (M and D without a leading
	// zero, YY for two digits); "" reads YYYY-MM-DD and RFC 3339.
	Layout string `json:"layout,omitempty"`
}

// goLayout turns a layout as people write it (MM/DD/YYYY) into Go's.
func goLayout(l string) string {
	r := strings.NewReplacer("YYYY", "2006", "YY", "06", "MM", "01", "DD", "02", "M", "1", "D", "2")
	return r.Replace(l)
}

// normalNumber is a number cell as strconv reads it, by the field's
// format: thousands separators and stripped characters dropped, the
// decimal mark a point.
func (f Field) normalNumber(cell string) string {
	if f.Strip != "" {
		cell = strings.TrimSpace(strings.Map(func(r rune) rune {
			if strings.ContainsRune(f.Strip, r) {
				return -1
			}
			return r
		}, cell))
	}
	if f.Thousands != "" {
		cell = strings.ReplaceAll(cell, f.Thousands, "")
	}
	if f.Decimal != "" && f.Decimal != "." {
		cell = strings.ReplaceAll(cell, f.Decimal, ".")
	}
	return cell
}

// numberHint says which declaration would read a number cell that does
// not parse: a symbol to strip, a thousands separator, a decimal comma,
// read from where the marks stand (1,234.5 and 1.234,5; 2142,97 is a
// decimal comma, 2,142 a thousands comma).
func (f Field) numberHint(cell string) string {
	var strip []rune
	for _, r := range cell {
		if strings.ContainsRune("$€£¥%", r) && !strings.ContainsRune(f.Strip, r) && !slices.Contains(strip, r) {
			strip = append(strip, r)
		}
	}
	g := f
	g.Strip += string(strip)
	var decl []string
	if len(strip) > 0 {
		decl = append(decl, fmt.Sprintf(`"strip": %q`, g.Strip))
	}
	c := g.normalNumber(cell)
	comma, dot := strings.LastIndex(c, ","), strings.LastIndex(c, ".")
	switch {
	case g.Thousands != "" || g.Decimal != "":
	case comma >= 0 && dot > comma: // 1,234.5
		g.Thousands = ","
		decl = append(decl, `"thousands": ","`)
	case comma >= 0 && dot >= 0: // 1.234,5
		g.Thousands, g.Decimal = ".", ","
		decl = append(decl, `"thousands": "."`, `"decimal": ","`)
	case comma >= 0 && thousandsGroups(c, ","): // 2,142
		g.Thousands = ","
		decl = append(decl, `"thousands": ","`)
	case comma >= 0: // 2142,97
		g.Decimal = ","
		decl = append(decl, `"decimal": ","`)
	}
	if _, err := strconv.ParseFloat(g.normalNumber(cell), 64); err != nil || len(decl) == 0 {
		return ""
	}
	return "; the field would read it with " + strings.Join(decl, ", ")
}

// thousandsGroups reports whether every group of digits after sep has
// three digits: 1,234,567.
func thousandsGroups(c, sep string) bool {
	parts := strings.Split(c, sep)
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return len(parts) > 1
}

// dateHint says which layout would read a date cell that does not parse.
func dateHint(cell string) string {
	for _, l := range []string{"MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY", "YYYY/MM/DD", "M/D/YYYY", "D/M/YYYY", "D.M.YYYY", "MM/DD/YY", "DD/MM/YY"} {
		if _, err := time.Parse(goLayout(l), cell); err == nil {
			return fmt.Sprintf(`; the field would read it with "layout": %q`, l)
		}
	}
	return ""
}

// FieldType is the type of a declared field.
type FieldType int

// The field types. A number or integer reads as float64 (a blank one as
// NaN, which is missing), written as strconv.ParseFloat reads a decimal
// (no thousands separators, no underscores, no hexadecimal); a string as
// string, valid UTF-8 without control characters (tab aside) or
// bidirectional formatting; a bool as bool (true/false, yes/no, 1/0, in
// any case: TRUE, Yes); a date as time.Time (YYYY-MM-DD, or RFC 3339 with
// Z or an offset); a blank string, bool or date is absent from the
// record, which a rule tests with has(x) or x ?? default.
const (
	Number FieldType = iota + 1
	Integer
	String
	Bool
	Date
)

var fieldTypes = []string{Number: "number", Integer: "integer", String: "string", Bool: "bool", Date: "date"}

// String returns the type's name in documents: "number", "integer",
// "string", "bool" or "date".
func (t FieldType) String() string {
	if t < Number || t > Date {
		return "FieldType(" + strconv.Itoa(int(t)) + ")"
	}
	return fieldTypes[t]
}

// MarshalText encodes the type by name.
func (t FieldType) MarshalText() ([]byte, error) {
	if t < Number || t > Date {
		return nil, fmt.Errorf("policydoc: cannot marshal %v", t)
	}
	return []byte(t.String()), nil
}

// UnmarshalText decodes a type by name.
func (t *FieldType) UnmarshalText(b []byte) error {
	if i := slices.Index(fieldTypes, string(b)); i > 0 {
		*t = FieldType(i)
		return nil
	}
	return fmt.Errorf("unknown field type %q (want number, integer, string, bool or date)", b)
}

// A Record is one account read by a document's fields: each field's value
// by name, as its type says ([FieldType]). It is the account type of a
// policy compiled with [Document.CompileRecords].
type Record = map[string]any

// checkFields reports the problems of the field declarations: a name
// missing or repeated, a type missing, no "id" field, an "id" that is not
// a string, a column read twice.
func (doc *Document) checkFields(at func(string, error)) {
	if len(doc.Fields) == 0 {
		return
	}
	names, columns := map[string]bool{}, map[string]bool{}
	for i, f := range doc.Fields {
		place := elemPathName("fields", i, f.Name)
		switch {
		case f.Name == "":
			at(place+".name", errors.New("a field needs a name"))
		case names[f.Name]:
			at(place+".name", fmt.Errorf("field %q is declared twice", f.Name))
		}
		names[f.Name] = true
		if err := text.Check(f.Name); err != nil {
			at(place+".name", err)
		} else if err := rules.CheckName(f.Name); err != nil && f.Name != "" {
			at(place+".name", err)
		}
		if err := text.Check(f.Column); err != nil {
			at(place+".column", err)
		}
		if f.Type == 0 {
			at(place+".type", errors.New("a field needs a type (number, integer, string, bool or date)"))
		}
		col := f.Source()
		if col != "" && columns[col] {
			at(place+".column", fmt.Errorf("column %q is read by two fields", col))
		}
		columns[col] = true
		numeric := f.Type == Number || f.Type == Integer
		switch {
		case (f.Thousands != "" || f.Decimal != "" || f.Strip != "") && !numeric && f.Type != 0:
			at(place+".type", fmt.Errorf("thousands, decimal and strip read numbers, not a %v", f.Type))
		case f.Thousands != "" && f.Thousands == cmp.Or(f.Decimal, "."):
			at(place+".thousands", fmt.Errorf("%q is also the decimal mark", f.Thousands))
		}
		if f.Layout != "" {
			l := f.Layout
			switch {
			case f.Type != Date && f.Type != 0:
				at(place+".layout", fmt.Errorf("a layout reads dates, not a %v", f.Type))
			case !strings.Contains(l, "YY") || !strings.Contains(l, "M") || !strings.Contains(l, "D"):
				at(place+".layout", fmt.Errorf("%q: a layout has a year (YYYY or YY), a month (MM or M) and a day (DD or D): \"MM/DD/YYYY\"", l))
			}
		}
		if f.Name == "id" && f.Type != String && f.Type != 0 {
			at(place+".type", fmt.Errorf("the id field is a string, not a %v", f.Type))
		}
	}
	if !names["id"] {
		at("fields", errors.New(`no field is named "id": one identifies each account`))
	}
}

func quoteAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.Quote(strings.TrimSpace(x))
	}
	return out
}

// closestColumn returns the column of header nearest to name: the same
// but for case or space, or a near spelling.
func closestColumn(name string, header []string) string {
	var cols []string
	for _, h := range header {
		h = strings.TrimSpace(h)
		if strings.EqualFold(h, name) {
			return h
		}
		cols = append(cols, h)
	}
	return text.Closest(name, cols)
}

// Source returns the CSV column or JSON key the field is read from: its
// Column, or its Name when Column is "".
func (f Field) Source() string { return cmp.Or(f.Column, f.Name) }

// elemPathName is a list element's path with its name, as errors write it:
// fields[2] "mrr".
func elemPathName(list string, i int, name string) string {
	p := list + "[" + strconv.Itoa(i) + "]"
	if name != "" {
		p += " " + quoteShort(name) // as the decoder names it, so that positions are found
	}
	return p
}

// Format is the format of an input of records.
type Format int

// The formats of records.
const (
	CSV   Format = iota // a header row naming the columns, then a record a row
	JSONL               // JSON Lines: an object a line, keyed by column
)

// RowError is a record that cannot be read: its line (from 1), its
// column (from 1; in JSON Lines, 1), the declared field, and the cause. A
// reader rejects the record and goes on with the next.
type RowError struct {
	Line, Column int
	Field        string
	Err          error
}

// Error returns "line L, column C (field): cause".
func (e *RowError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("line %d, column %d (%s): %v", e.Line, e.Column, e.Field, e.Err)
}

// Unwrap returns the cause.
func (e *RowError) Unwrap() error { return e.Err }

// maxLine bounds a JSON Lines line (1 MiB), so that a reader never
// buffers without end.
const maxLine = 1 << 20

// RecordReader reads records of a document's declared fields from CSV or
// JSON Lines, one at a time: memory stays flat however long the input.
// CSV rows are read ahead, up to 4,096 at a time, and their cells parsed
// over GOMAXPROCS goroutines, all of which have returned when Read
// returns: a reader left unfinished holds no goroutine.
type RecordReader struct {
	fields []Field
	blank  []map[string]bool // per field: its blank cells
	format Format
	csv    *csv.Reader
	index  []int // per field: its CSV column, or -1
	lines  *lines.Reader
	line   int
	raw    []string
	seen   idset.Set // the IDs read, with their lines
	id     int       // the index of the field "id"
	header []string
	// CSV rows read ahead (see fill): ahead[next:] are still to be read;
	// failed ends the reading once they are.
	ahead  []pending
	next   int
	batch  int
	failed error
}

// Records returns a reader of the records in r, in the given format, by
// the document's fields. For CSV it reads the header at once: a declared
// column that the header lacks is an error, as are declarations that
// [Compile] would refuse. Columns the document does not declare are
// ignored.
func (doc Document) Records(r io.Reader, format Format) (*RecordReader, error) {
	var errs []error
	doc.checkFields(func(place string, err error) { errs = append(errs, doc.place(place, ErrValue, err)) })
	if len(doc.Fields) == 0 {
		errs = append(errs, doc.place("fields", ErrValue, errors.New("the document declares no fields to read")))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	rr := &RecordReader{fields: doc.Fields, format: format}
	for i, f := range doc.Fields {
		if f.Name == "id" {
			rr.id = i
		}
	}
	for _, f := range doc.Fields {
		b := map[string]bool{"": true}
		for _, c := range f.Blank {
			b[strings.TrimSpace(c)] = true
		}
		rr.blank = append(rr.blank, b)
	}
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" { // a spreadsheet's byte-order mark
		_, _ = br.Discard(3)
	}
	switch format {
	case CSV:
		rr.csv = csv.NewReader(br)
		rr.csv.FieldsPerRecord = -1 // a short or long row is the row's error, not the reader's end
		rr.csv.ReuseRecord = false  // rows are read ahead
		header, err := rr.csv.Read()
		if err == io.EOF {
			return nil, errors.New("policydoc: the input has no header row")
		}
		if err != nil {
			return nil, fmt.Errorf("policydoc: reading the header: %w", err)
		}
		rr.header = append([]string(nil), header...)
		col := map[string]int{}
		twice := map[string]int{}
		for i, h := range header {
			h = strings.TrimSpace(h)
			if _, dup := col[h]; dup {
				if _, ok := twice[h]; !ok {
					twice[h] = i
				}
				continue
			}
			col[h] = i
		}
		semicolons := len(header) == 1 && strings.Contains(header[0], ";")
		for _, f := range doc.Fields {
			i, ok := col[f.Source()]
			if !ok {
				hint := ""
				switch near := closestColumn(f.Source(), header); {
				case semicolons:
					hint = `: the header is one column holding ";": is the file separated by semicolons? Export it with commas`
				case near != "":
					hint = fmt.Sprintf(": did you mean the column %q? (set the field's \"column\")", near)
				}
				errs = append(errs, fmt.Errorf("policydoc: the header has no column %q (field %q)%s", f.Source(), f.Name, hint))
				if semicolons {
					break // one hint says it
				}
			}
			if j, dup := twice[f.Source()]; dup {
				errs = append(errs, fmt.Errorf("policydoc: the header has column %q twice (columns %d and %d): rename one: the field %q cannot tell which to read", f.Source(), i+1, j+1, f.Name))
			}
			rr.index = append(rr.index, i)
		}
		rr.line = 1
		if len(errs) > 0 {
			if len(errs) > 1 && !semicolons { // several missing: what there is, and what is read
				var want []string
				for _, f := range doc.Fields {
					want = append(want, f.Source())
				}
				errs = append(errs, fmt.Errorf("policydoc: the header's columns are %s; the document reads %s",
					strings.Join(quoteAll(header), ", "), strings.Join(quoteAll(want), ", ")))
			}
			return nil, errors.Join(errs...)
		}
	case JSONL:
		rr.lines = lines.New(br, maxLine)
	default:
		return nil, fmt.Errorf("policydoc: unknown format %d", format)
	}
	return rr, nil
}

// Read returns the next record, or io.EOF after the last. A record that
// cannot be read (a bad cell, a missing or repeated id, a key given twice,
// a malformed line, a JSON Lines line over 1 MiB) is returned with a
// non-nil error that joins a *RowError per problem; its record is nil,
// and the next Read goes on with the next row. Every Read makes progress:
// it returns a record, a new row's error, or the end. Any other error
// (the input failed) ends the reading.
func (rr *RecordReader) Read() (Record, error) {
	switch rr.format {
	case CSV:
		return rr.readCSV()
	default:
		return rr.readJSONL()
	}
}

// Raw returns the cells of the row last read (for CSV) or its line as one
// cell (for JSON Lines), for keeping rejected rows. It is valid until the
// next Read.
func (rr *RecordReader) Raw() []string { return rr.raw }

// Header returns the CSV header row (nil for JSON Lines).
func (rr *RecordReader) Header() []string { return rr.header }

// Line returns the line of the record last read (its first line, for a
// CSV row that spans lines).
func (rr *RecordReader) Line() int { return rr.line }

// CSV rows are read ahead in batches: the rows of a batch are split
// from the input in order, then their cells are parsed over several
// goroutines, which have all returned when Read does, and Read hands the
// rows out one by one, checking each ID in order. A batch grows from
// minBatch rows to maxBatch, so that a short input is parsed at once and
// a long one in parallel; the goroutines start for batches of
// parallelBatch rows or more.
const (
	minBatch      = 64
	maxBatch      = 4096
	parallelBatch = 512
)

// pending is a CSV row read ahead: its cells and the places of the cells
// the fields read, then its record and its errors but the ID's.
type pending struct {
	raw  []string
	line int
	pos  []int // per field: the line and column of its cell (or, past a short row's end, of its last)
	err  error // the row cannot be split (a *RowError), or the input failed
	rec  Record
	errs []error
}

func (rr *RecordReader) readCSV() (Record, error) {
	if rr.next == len(rr.ahead) {
		if rr.failed != nil {
			return nil, rr.failed
		}
		rr.fill()
		if len(rr.ahead) == 0 {
			if rr.failed != nil {
				return nil, rr.failed
			}
			return nil, io.EOF
		}
	}
	p := &rr.ahead[rr.next]
	rr.next++
	rr.raw, rr.line = p.raw, p.line
	if p.err != nil {
		return nil, p.err
	}
	idLine, idCol := rr.line, 1
	if j := rr.index[rr.id]; j < len(p.raw) {
		idLine, idCol = p.pos[2*rr.id], p.pos[2*rr.id+1]
	}
	rec, errs := p.rec, p.errs
	*p = pending{} // the row is the caller's now
	return rr.finish(rec, idLine, idCol, errs)
}

// fill reads the next batch of rows ahead and parses them.
func (rr *RecordReader) fill() {
	rr.batch = min(max(2*rr.batch, minBatch), maxBatch)
	rr.ahead, rr.next = rr.ahead[:0], 0
	nf := len(rr.fields)
	for len(rr.ahead) < rr.batch {
		row, err := rr.csv.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				rr.failed = err
				break
			}
			rr.ahead = append(rr.ahead, pending{line: pe.StartLine, err: &RowError{Line: pe.Line, Column: pe.Column, Err: pe.Err}})
			continue
		}
		p := pending{raw: row, pos: make([]int, 2*nf)}
		p.line, _ = rr.csv.FieldPos(0)
		for i := range nf {
			j := min(rr.index[i], len(row)-1)
			p.pos[2*i], p.pos[2*i+1] = rr.csv.FieldPos(j)
		}
		rr.ahead = append(rr.ahead, p)
	}
	rows := rr.ahead
	workers := min(runtime.GOMAXPROCS(0), len(rows)/(parallelBatch/2))
	par.Parts(len(rows), workers, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			rr.parse(&rows[i])
		}
	})
}

// parse reads a row's cells into its record. It reads only what the
// reader's goroutines share without writing: the fields and their blanks.
func (rr *RecordReader) parse(p *pending) {
	if p.err != nil {
		return
	}
	row := p.raw
	p.rec = make(Record, len(rr.fields))
	for i, f := range rr.fields {
		j := rr.index[i]
		if j >= len(row) { // placed just past the row's last cell
			line, col := p.pos[2*i], p.pos[2*i+1]
			p.errs = append(p.errs, &RowError{Line: line, Column: col + len(row[len(row)-1]) + 1, Field: f.Name,
				Err: fmt.Errorf("the row has %d cells, not a cell for column %d", len(row), j+1)})
			continue
		}
		if err := rr.set(p.rec, i, row[j]); err != nil {
			p.errs = append(p.errs, &RowError{Line: p.pos[2*i], Column: p.pos[2*i+1], Field: f.Name, Err: err})
		}
	}
}

func (rr *RecordReader) readJSONL() (Record, error) {
	var line []byte
	for len(line) == 0 {
		b, n, err := rr.lines.Next()
		rr.line = n
		switch {
		case err == io.EOF:
			return nil, io.EOF
		case errors.Is(err, lines.ErrTooLong):
			rr.raw = nil
			return nil, &RowError{Line: n, Column: 1, Err: fmt.Errorf("the line is longer than %d bytes (1 MiB)", maxLine)}
		case err != nil:
			return nil, err
		}
		line = bytes.TrimSpace(b)
	}
	rr.raw = []string{string(line)}
	obj, dup, err := decodeObject(line)
	if err != nil {
		return nil, &RowError{Line: rr.line, Column: 1, Err: fmt.Errorf("not a JSON object: %v", err)}
	}
	rec := make(Record, len(rr.fields))
	var errs []error
	for i, f := range rr.fields {
		if dup[f.Source()] {
			errs = append(errs, &RowError{Line: rr.line, Column: 1, Field: f.Name, Err: fmt.Errorf("key %q is given twice", f.Source())})
			continue
		}
		var cell string
		switch x := obj[f.Source()].(type) {
		case nil:
		case string:
			cell = x
		case json.Number:
			cell = x.String()
		case bool:
			cell = strconv.FormatBool(x)
		default:
			errs = append(errs, &RowError{Line: rr.line, Column: 1, Field: f.Name, Err: errors.New("not a number, string or boolean")})
			continue
		}
		if err := rr.set(rec, i, cell); err != nil {
			errs = append(errs, &RowError{Line: rr.line, Column: 1, Field: f.Name, Err: err})
		}
	}
	return rr.finish(rec, rr.line, 1, errs)
}

// decodeObject decodes one JSON object in one pass, numbers kept as
// written, and names the keys it holds more than once (encoding/json would
// keep the last silently).
func decodeObject(line []byte) (obj map[string]any, dup map[string]bool, err error) {
	d := json.NewDecoder(bytes.NewReader(line))
	d.UseNumber()
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		// Not an object: encoding/json says what it is, as it always has.
		var x map[string]any
		d = json.NewDecoder(bytes.NewReader(line))
		if err = d.Decode(&x); err == nil {
			err = errors.New("null")
		}
		return nil, nil, err
	}
	// One pass: each key, then its value; a key met again is noted.
	obj = map[string]any{}
	for d.More() {
		k, err := d.Token()
		if err != nil {
			return nil, nil, err
		}
		key, _ := k.(string)
		if _, seen := obj[key]; seen {
			if dup == nil {
				dup = map[string]bool{}
			}
			dup[key] = true
		}
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, nil, err
		}
		obj[key] = v
	}
	if _, err := d.Token(); err != nil { // }
		return nil, nil, err
	}
	if d.More() {
		return nil, nil, errors.New("more than one value on the line")
	}
	return obj, dup, nil
}

// finish checks the record's id and returns it, or its errors.
func (rr *RecordReader) finish(rec Record, idLine, idColumn int, errs []error) (Record, error) {
	if len(errs) == 0 {
		switch id, _ := rec["id"].(string); {
		case id == "":
			errs = append(errs, &RowError{Line: idLine, Column: idColumn, Field: "id", Err: errors.New("no id")})
		default:
			if at, added := rr.seen.Add(id, rr.line); !added {
				errs = append(errs, &RowError{Line: idLine, Column: idColumn, Field: "id", Err: fmt.Errorf("id %q is also on line %d", id, at)})
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return rec, nil
}

// set reads cell into rec as field i declares.
func (rr *RecordReader) set(rec Record, i int, cell string) error {
	f := rr.fields[i]
	cell = strings.TrimSpace(cell)
	if cell == "" || len(rr.blank[i]) > 1 && rr.blank[i][cell] {
		if f.Type == Number || f.Type == Integer {
			rec[f.Name] = math.NaN()
		}
		return nil
	}
	v, err := f.parse(cell)
	if err != nil {
		return err
	}
	rec[f.Name] = v
	return nil
}

// Parse reads one cell as the field's type, as [Document.Records] reads
// it: a float64 for a number or integer, a string, a bool or a
// time.Time. A blank cell (empty, or one of Blank) gives nil, for a
// number too: missing data is no value.
func (f Field) Parse(cell string) (any, error) {
	cell = strings.TrimSpace(cell)
	if cell == "" || slices.ContainsFunc(f.Blank, func(b string) bool { return strings.TrimSpace(b) == cell }) {
		return nil, nil
	}
	return f.parse(cell)
}

// hexOrUnderscore reports whether a number ParseFloat read is written in
// hexadecimal (0x1p-2) or with underscores, which a record refuses.
func hexOrUnderscore(n string) bool {
	for i := 0; i < len(n); i++ {
		switch n[i] {
		case '_', 'x', 'X', 'p', 'P':
			return true
		}
	}
	return false
}

// smallNumbers are the integers 0 to 1023 boxed once, as the runtime boxes
// small integers once: most cells of an export (a rating, a count, a
// month) are among them, and a record keeps its numbers as any.
var smallNumbers = func() (out [1024]any) {
	for i := range out {
		out[i] = float64(i)
	}
	return out
}()

// boxed returns x as any, without allocating for the small integers.
func boxed(x float64) any {
	if i := int(x); x >= 0 && x < float64(len(smallNumbers)) && float64(i) == x && !math.Signbit(x) {
		return smallNumbers[i]
	}
	return x
}

// dateOnly reads a date written exactly YYYY-MM-DD as time.Parse with
// time.DateOnly reads it, without its general machinery; ok is false for
// any other text, which time.Parse then reads (or refuses, with its
// message).
func dateOnly(s string) (time.Time, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	num := func(b string) (int, bool) {
		n := 0
		for i := 0; i < len(b); i++ {
			if b[i] < '0' || b[i] > '9' {
				return 0, false
			}
			n = n*10 + int(b[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d { // past the month's last day: time.Parse refuses it
		return time.Time{}, false
	}
	return t, true
}

// parse reads a cell that is not blank, trimmed.
func (f Field) parse(cell string) (any, error) {
	switch f.Type {
	case Number:
		n := f.normalNumber(cell)
		x, err := strconv.ParseFloat(n, 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) || hexOrUnderscore(n) {
			return nil, fmt.Errorf("%q is not a number%s", cell, f.numberHint(cell))
		}
		return boxed(x), nil
	case Integer:
		n := f.normalNumber(cell)
		x, err := strconv.ParseInt(n, 10, 64)
		if err != nil || x > 1<<53 || x < -(1<<53) || strings.Contains(n, "_") {
			return nil, fmt.Errorf("%q is not an integer (up to 2^53)%s", cell, f.numberHint(cell))
		}
		return boxed(float64(x)), nil
	case String:
		if err := text.Check(cell); err != nil {
			return nil, err
		}
		return cell, nil
	case Bool:
		switch strings.ToLower(cell) {
		case "true", "yes", "1":
			return true, nil
		case "false", "no", "0":
			return false, nil
		}
		return nil, fmt.Errorf("%q is not true or false", cell)
	case Date:
		if f.Layout != "" {
			t, err := time.Parse(goLayout(f.Layout), cell)
			if err != nil {
				return nil, fmt.Errorf("%q is not a date as %s%s", cell, f.Layout, dateHint(cell))
			}
			return t, nil
		}
		if t, ok := dateOnly(cell); ok {
			return t, nil
		}
		t, err := time.Parse(time.DateOnly, cell)
		if err != nil {
			if t, err = time.Parse(time.RFC3339, cell); err != nil {
				return nil, fmt.Errorf("%q is not a date (YYYY-MM-DD)%s", cell, dateHint(cell))
			}
		}
		return t, nil
	}
	return nil, fmt.Errorf("the field %q has no type", f.Name)
}

// goTypes are the Go types of a record's values, by field type.
var goTypes = map[FieldType]reflect.Type{Number: reflect.TypeFor[float64](), Integer: reflect.TypeFor[float64](),
	String: reflect.TypeFor[string](), Bool: reflect.TypeFor[bool](), Date: reflect.TypeFor[time.Time]()}

// CompileRecords compiles the document over the records its fields
// declare ([Document.Records] reads them): the rules may use the declared
// names (opts.Fields is set to them), and the field "id" identifies an
// account. It is [Compile] for [Record] accounts; a document without
// fields is an error.
func CompileRecords(doc Document, opts rules.Options) (*prioritize.Policy[Record], error) {
	if len(doc.Fields) == 0 {
		return nil, doc.place("fields", ErrValue, errors.New("the document declares no fields to read"))
	}
	opts.Fields = opts.Fields[:0:0]
	opts.Types = map[string]reflect.Type{}
	for _, f := range doc.Fields {
		if rules.CheckName(f.Name) == nil { // a reserved name is the field's own problem, said at it
			opts.Fields = append(opts.Fields, f.Name)
			if t, ok := goTypes[f.Type]; ok {
				opts.Types[f.Name] = t // rules are checked against the declared types
			}
		}
	}
	return Compile(doc, func(r Record) string { id, _ := r["id"].(string); return id }, opts)
}
