package main

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/prioritize-dev/prioritize"
)

// The CSV layout: a header row naming columns by the JSON names of
// prioritize.Account's fields (id, name, mrr, renewal_date, ...), in any
// order, then one account a row. Only id is required; a column left out, or
// an empty cell, is missing data: NaN for decimal numbers (the policy's
// missing-data rule applies), zero for counts, false for flags, no date for
// dates. Dates are YYYY-MM-DD; flags are true/false, yes/no or 1/0; stage is
// onboarding, adoption, growth, renewal or advocacy.

// column is one CSV column bound to a field of Account.
type column struct {
	name  string
	index []int // the field's index in Account
	kind  reflect.Type
}

var (
	accountType = reflect.TypeFor[prioritize.Account]()
	timeType    = reflect.TypeFor[time.Time]()
)

// columns maps the JSON names of Account's fields to the fields.
func columns() map[string]column {
	cols := map[string]column{}
	for _, f := range reflect.VisibleFields(accountType) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			cols[name] = column{name: name, index: f.Index, kind: f.Type}
		}
	}
	return cols
}

// CellError reports a cell that cannot be read, by line and column.
type CellError struct {
	Line, Column int
	Field        string
	Err          error
}

// Error returns "line L, column C (field): cause".
func (e *CellError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("line %d, column %d: %v", e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("line %d, column %d (%s): %v", e.Line, e.Column, e.Field, e.Err)
}

// Unwrap returns the cause.
func (e *CellError) Unwrap() error { return e.Err }

// ReadAccounts reads accounts in the CSV layout above. Every row becomes an
// account or an error: a malformed cell, an unknown column, a missing or
// repeated id are errors naming the line and column, and all are reported
// (up to 50), joined.
func ReadAccounts(r io.Reader) ([]*prioritize.Account, error) {
	return readCSV(r, nil)
}

// readCSV is ReadAccounts, calling progress (when not nil) with the number
// of rows read, every 65,536 rows.
func readCSV(r io.Reader, progress func(rows int)) ([]*prioritize.Account, error) {
	cr := csv.NewReader(skipBOM(r))
	cr.FieldsPerRecord = 0 // every row as long as the header
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("no header row")
	}
	if err != nil {
		return nil, err
	}
	known := columns()
	bound := make([]column, len(header))
	var errs []error
	seenCol := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		c, ok := known[h]
		switch {
		case !ok:
			line, col := cr.FieldPos(i)
			errs = append(errs, &CellError{Line: line, Column: col, Field: h, Err: errors.New("unknown column")})
		case seenCol[h]:
			line, col := cr.FieldPos(i)
			errs = append(errs, &CellError{Line: line, Column: col, Field: h, Err: errors.New("column repeated")})
		}
		seenCol[h] = true
		bound[i] = c
	}
	if !seenCol["id"] {
		errs = append(errs, &CellError{Line: 1, Column: 1, Err: errors.New("no id column")})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var accounts []*prioritize.Account
	ids := map[string]int{}
	for len(errs) < 50 {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, err) // *csv.ParseError: line and column
			var pe *csv.ParseError
			if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
				continue
			}
			break
		}
		a := &prioritize.Account{}
		v := reflect.ValueOf(a).Elem()
		// Decimal fields not in the file are missing, not zero.
		for _, c := range known {
			if c.kind.Kind() == reflect.Float64 && !seenCol[c.name] {
				v.FieldByIndex(c.index).SetFloat(math.NaN())
			}
		}
		ok := true
		for i, cell := range rec {
			if err := set(v.FieldByIndex(bound[i].index), bound[i].name, strings.TrimSpace(cell)); err != nil {
				line, col := cr.FieldPos(i)
				errs = append(errs, &CellError{Line: line, Column: col, Field: bound[i].name, Err: err})
				ok = false
			}
		}
		line, _ := cr.FieldPos(0)
		switch prev, dup := ids[a.ID]; {
		case a.ID == "":
			errs = append(errs, &CellError{Line: line, Column: 1, Field: "id", Err: errors.New("empty id")})
			ok = false
		case dup:
			errs = append(errs, &CellError{Line: line, Column: 1, Field: "id", Err: fmt.Errorf("id %q is also on line %d", a.ID, prev)})
			ok = false
		}
		ids[a.ID] = line
		if ok {
			accounts = append(accounts, a)
		}
		if progress != nil && (len(accounts)+1)%(1<<16) == 0 {
			progress(len(accounts) + 1)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return accounts, nil
}

// set parses cell, of the named column, into field f.
func set(f reflect.Value, column, cell string) error {
	switch {
	case f.Type() == timeType:
		if cell == "" {
			return nil
		}
		t, err := time.Parse(time.DateOnly, cell)
		if err != nil {
			return fmt.Errorf("%q is not a date (YYYY-MM-DD)", cell)
		}
		f.Set(reflect.ValueOf(t))
	case column == "stage":
		switch s := strings.ToLower(cell); s {
		case "", prioritize.Onboarding, prioritize.Adoption, prioritize.Expansion, prioritize.Renewal, prioritize.Advocacy:
			f.SetString(string(s))
		default:
			return fmt.Errorf("%q is not a stage (onboarding, adoption, growth, renewal, advocacy)", cell)
		}
	case f.Kind() == reflect.String:
		f.SetString(cell)
	case f.Kind() == reflect.Float64:
		if cell == "" {
			f.SetFloat(math.NaN())
			return nil
		}
		x, err := strconv.ParseFloat(cell, 64)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			return fmt.Errorf("%q is not a number", cell)
		}
		f.SetFloat(x)
	case f.Kind() == reflect.Int:
		if cell == "" {
			return nil
		}
		x, err := strconv.Atoi(cell)
		if err != nil {
			return fmt.Errorf("%q is not a whole number", cell)
		}
		f.SetInt(int64(x))
	case f.Kind() == reflect.Bool:
		switch strings.ToLower(cell) {
		case "", "false", "no", "0":
			f.SetBool(false)
		case "true", "yes", "1":
			f.SetBool(true)
		default:
			return fmt.Errorf("%q is not true or false", cell)
		}
	default:
		return fmt.Errorf("unsupported field type %v", f.Type())
	}
	return nil
}

// skipBOM returns r without the UTF-8 byte-order mark that spreadsheet
// exports put before the header: before a quoted header, encoding/csv
// would refuse the mark as a bare quote.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	return br
}
