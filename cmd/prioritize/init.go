package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/prioritize-dev/prioritize/internal/lines"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/score"
)

// initSample is how many rows init reads to infer the fields.
const initSample = 1000

// runInit writes a starting document for an export: its fields, with the
// types, blanks and formats the rows show, and a factor per numeric
// column with a curve over the observed range, each saying what to decide.
func runInit(e *env, args []string) int {
	fs := flags(e, "init")
	var in inputs
	in.registerOutput(fs)
	fs.BoolVar(&in.force, "force", false, "replace the -o file if it exists")
	informat := fs.String("informat", "", "csv or jsonl (default: from the file's extension)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return exitUsage
	}
	path := fs.Arg(0)
	in.in = path
	return in.withOutput(e, "init", func(e *env) int {
		f, err := os.Open(path)
		if err != nil {
			return fail(e, "init", exitUsage, err)
		}
		defer f.Close()
		jsonl := strings.EqualFold(*informat, "jsonl") || *informat == "" && slices.Contains([]string{".jsonl", ".ndjson"}, strings.ToLower(filepath.Ext(path)))
		header, rows, err := sampleRows(f, jsonl)
		if err != nil {
			return fail(e, "init", exitUsage, fmt.Errorf("%s: %w", path, err))
		}
		doc := startingDocument(header, rows)
		data, err := json.Marshal(doc)
		if err == nil {
			data, err = canonical(data)
		}
		if err != nil {
			return fail(e, "init", exitUsage, err)
		}
		e.stdout.Write(data)
		fmt.Fprintf(e.stderr, "prioritize init: %d fields from %d rows of %s; read each description, decide, then: prioritize check -in %s POLICY\n",
			len(doc.Fields), len(rows), path, path)
		return exitOK
	})
}

// sampleRows reads the header and up to initSample rows, as cells.
func sampleRows(r io.Reader, jsonl bool) ([]string, [][]string, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	if !jsonl {
		cr := csv.NewReader(br)
		cr.FieldsPerRecord = -1
		header, err := cr.Read()
		if err != nil {
			return nil, nil, fmt.Errorf("reading the header: %w", err)
		}
		var rows [][]string
		for len(rows) < initSample {
			row, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				continue
			}
			rows = append(rows, row)
		}
		return header, rows, nil
	}
	var header []string
	var objs []map[string]any
	lr := lines.New(br, 1<<20) // a line over 1 MiB is skipped, as the record reader skips it
	for len(objs) < initSample {
		line, _, err := lr.Next()
		if errors.Is(err, lines.ErrTooLong) {
			continue
		}
		if err != nil {
			break
		}
		var obj map[string]any
		d := json.NewDecoder(bytes.NewReader(line))
		d.UseNumber()
		if d.Decode(&obj) != nil {
			continue
		}
		for k := range obj {
			if !slices.Contains(header, k) {
				header = append(header, k)
			}
		}
		objs = append(objs, obj)
	}
	if len(header) == 0 {
		return nil, nil, errors.New("no JSON object on any line")
	}
	rows := make([][]string, len(objs))
	for i, o := range objs {
		for _, k := range header {
			cell := ""
			switch x := o[k].(type) {
			case string:
				cell = x
			case json.Number:
				cell = x.String()
			case bool:
				cell = strconv.FormatBool(x)
			}
			rows[i] = append(rows[i], cell)
		}
	}
	return header, rows, nil
}

// blankWords are the cells exports write for "no value".
var blankWords = []string{"NA", "N/A", "n/a", "na", "null", "NULL", "None", "-", "?"}

// startingDocument infers the fields of header from rows and sketches a
// factor for each numeric one.
func startingDocument(header []string, rows [][]string) policydoc.Document {
	doc := policydoc.Document{Description: "A starting policy written by prioritize init: decide what each factor means, its axis (value now, potential later), its weight and its curve; remove what does not count."}
	used := map[string]bool{}
	idAt := idColumn(header, rows)
	type numeric struct {
		name     string
		lo, hi   float64
		observed int
	}
	var nums []numeric
	for j, col := range header {
		var cells []string
		blanks := map[string]bool{}
		for _, r := range rows {
			c := ""
			if j < len(r) {
				c = strings.TrimSpace(r[j])
			}
			if c == "" || slices.Contains(blankWords, c) {
				if c != "" {
					blanks[c] = true
				}
				continue
			}
			cells = append(cells, c)
		}
		f := policydoc.Field{Name: fieldName(col, used), Column: strings.TrimSpace(col)}
		if f.Column == f.Name {
			f.Column = ""
		}
		for b := range blanks {
			f.Blank = append(f.Blank, b)
		}
		slices.Sort(f.Blank)
		if j == idAt {
			f.Name, f.Type = "id", policydoc.String
			used["id"] = true
			f.Column = strings.TrimSpace(col)
			if f.Column == "id" {
				f.Column = ""
			}
			doc.Fields = append(doc.Fields, f)
			continue
		}
		if f.Type = inferType(&f, cells); f.Type == policydoc.String {
			f.Blank = nil // "NA" can be a value of text (North America): only a number or a date has none
		}
		doc.Fields = append(doc.Fields, f)
		if f.Type == policydoc.Number || f.Type == policydoc.Integer {
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, c := range cells {
				if v, err := f.Parse(c); err == nil {
					x := v.(float64)
					lo, hi = min(lo, x), max(hi, x)
				}
			}
			if lo < hi {
				nums = append(nums, numeric{f.Name, lo, hi, len(cells)})
			}
		}
	}
	if idAt < 0 { // no column tells accounts apart: the first is taken, said
		doc.Fields[0].Name, doc.Fields[0].Type = "id", policydoc.String
		doc.Fields[0].Column = strings.TrimSpace(header[0])
	}
	for i, n := range nums {
		fac := policydoc.Factor{Name: n.name, Weight: 1, Expr: n.name,
			Description: fmt.Sprintf("decide: %s was %s to %s in %d rows; is more better (linear) or worse (falling)? its weight? value now or potential later?",
				n.name, score.FormatInput(n.lo), score.FormatInput(n.hi), n.observed),
			Curve: &policydoc.Curve{Kind: "linear", Lo: n.lo, Hi: n.hi}}
		if i%2 == 0 || len(nums) == 1 {
			doc.Value.Factors = append(doc.Value.Factors, fac)
		}
		if i%2 == 1 || len(nums) == 1 {
			doc.Potential.Factors = append(doc.Potential.Factors, fac)
		}
	}
	if len(nums) == 0 { // nothing to rate yet: a placeholder that says so
		fac := policydoc.Factor{Name: "placeholder", Weight: 1, Expr: "1", Description: "decide: no numeric column was found; write the factors",
			Curve: &policydoc.Curve{Kind: "linear", Lo: 0, Hi: 1}}
		doc.Value.Factors, doc.Potential.Factors = []policydoc.Factor{fac}, []policydoc.Factor{fac}
	}
	return doc
}

// inferType is the narrowest type every cell reads as, with the number
// format or date layout that reads them set on f.
func inferType(f *policydoc.Field, cells []string) policydoc.FieldType {
	if len(cells) == 0 {
		return policydoc.String
	}
	all := func(g policydoc.Field) bool {
		for _, c := range cells {
			if _, err := g.Parse(c); err != nil {
				return false
			}
		}
		return true
	}
	try := func(t policydoc.FieldType, set func(*policydoc.Field)) bool {
		g := *f
		g.Type = t
		if set != nil {
			set(&g)
		}
		if all(g) {
			*f = g
			return true
		}
		return false
	}
	if try(policydoc.Bool, nil) && !allNumeric(cells) {
		return policydoc.Bool
	}
	if try(policydoc.Integer, nil) || try(policydoc.Number, nil) {
		return f.Type
	}
	for _, fmts := range []policydoc.Field{{Thousands: ",", Strip: "$€£%"}, {Strip: "$€£%"}, {Thousands: ".", Decimal: ",", Strip: "$€£%"}, {Decimal: ",", Strip: "$€£%"}} {
		if try(policydoc.Number, func(g *policydoc.Field) { g.Thousands, g.Decimal, g.Strip = fmts.Thousands, fmts.Decimal, fmts.Strip }) {
			f.Strip = keepOnly(f.Strip, cells)
			if !slices.ContainsFunc(cells, func(c string) bool { return f.Thousands != "" && strings.Contains(c, f.Thousands) }) {
				f.Thousands = "" // no cell has one
			}
			return policydoc.Number
		}
	}
	if try(policydoc.Date, nil) {
		return policydoc.Date
	}
	for _, l := range []string{"MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY", "YYYY/MM/DD", "M/D/YYYY", "D/M/YYYY"} {
		if try(policydoc.Date, func(g *policydoc.Field) { g.Layout = l }) {
			return policydoc.Date
		}
	}
	*f = policydoc.Field{Name: f.Name, Column: f.Column, Blank: f.Blank, Type: policydoc.String}
	return policydoc.String
}

// allNumeric reports cells that are all 0 and 1: numbers, not bools.
func allNumeric(cells []string) bool {
	for _, c := range cells {
		if c != "0" && c != "1" {
			return false
		}
	}
	return true
}

// keepOnly keeps of strip the characters the cells hold.
func keepOnly(strip string, cells []string) string {
	var out []rune
	for _, r := range strip {
		for _, c := range cells {
			if strings.ContainsRune(c, r) {
				out = append(out, r)
				break
			}
		}
	}
	return string(out)
}

// idColumn is the column that identifies accounts: one named like an ID
// whose values are all there and different; else the first such column;
// -1 when none is.
func idColumn(header []string, rows [][]string) int {
	unique := func(j int) bool {
		seen := map[string]bool{}
		for _, r := range rows {
			if j >= len(r) || strings.TrimSpace(r[j]) == "" || seen[r[j]] {
				return false
			}
			seen[r[j]] = true
		}
		return len(rows) > 0
	}
	for j, h := range header {
		n := strings.ToLower(strings.TrimSpace(h))
		if (n == "id" || strings.HasSuffix(n, "id") || strings.Contains(n, "account")) && unique(j) {
			return j
		}
	}
	for j := range header {
		if unique(j) {
			return j
		}
	}
	return -1
}

// fieldName makes a column's name a field's: lower case, words joined by
// _, not a word of the rules, not used before.
func fieldName(col string, used map[string]bool) string {
	var b strings.Builder
	prev := '_'
	for i, r := range strings.TrimSpace(col) {
		switch {
		case unicode.IsUpper(r) && i > 0 && unicode.IsLower(prev):
			b.WriteByte('_')
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			if prev != '_' {
				b.WriteByte('_')
			}
			r = '_'
		}
		prev = r
	}
	name := strings.Trim(b.String(), "_")
	if name == "" || unicode.IsDigit(rune(name[0])) {
		name = "f_" + name
	}
	if rules.CheckName(name) != nil || name == "id" {
		name += "_field"
	}
	base := name
	for i := 2; used[name]; i++ {
		name = base + "_" + strconv.Itoa(i)
	}
	used[name] = true
	return name
}
