package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/lines"
)

// The JSON Lines layout: one JSON object a line, with the CSV layout's
// names as keys ({"id": "acme", "mrr": 5000, "renewal_date": "2026-12-31"}).
// A value is read as the same cell would be in a CSV file: numbers,
// strings, true and false; null or a key left out is missing data. Blank
// lines are skipped.

// maxLine bounds a line of JSON Lines input (1 MiB): longer lines are an
// error, not a reason to buffer without end.
const maxLine = 1 << 20

// ReadAccountsJSONL reads accounts in the JSON Lines layout above, one
// line at a time. Errors name the line (and the field), as ReadAccounts's
// do, and all are reported (up to 50), joined.
func ReadAccountsJSONL(r io.Reader) ([]*prioritize.Account, error) {
	return readJSONL(r, nil)
}

func readJSONL(r io.Reader, progress func(rows int)) ([]*prioritize.Account, error) {
	known := columns()
	lr := lines.New(skipBOM(r), maxLine)
	var accounts []*prioritize.Account
	var errs []error
	ids := map[string]int{}
	for len(errs) < 50 {
		b, line, err := lr.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, lines.ErrTooLong) { // skipped: the next line is read
			errs = append(errs, fmt.Errorf("line %d: longer than %d bytes", line, maxLine))
			continue
		}
		if err != nil {
			errs = append(errs, err)
			break
		}
		text := bytes.TrimSpace(b)
		if len(text) == 0 {
			continue
		}
		var obj map[string]any
		d := json.NewDecoder(bytes.NewReader(text))
		d.UseNumber()
		err = d.Decode(&obj)
		if err == nil && d.More() {
			err = errors.New("more than one value on the line")
		}
		if err != nil {
			errs = append(errs, &CellError{Line: line, Column: 1, Err: fmt.Errorf("not a JSON object: %v", err)})
			continue
		}
		a := &prioritize.Account{}
		v := reflect.ValueOf(a).Elem()
		for _, c := range known { // decimal fields left out are missing, not zero
			if c.kind.Kind() == reflect.Float64 {
				v.FieldByIndex(c.index).SetFloat(math.NaN())
			}
		}
		ok := true
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys) // errors in a stable order
		for _, k := range keys {
			c, found := known[k]
			if !found {
				errs = append(errs, &CellError{Line: line, Column: 1, Field: k, Err: errors.New("unknown field")})
				ok = false
				continue
			}
			cell, err := jsonCell(obj[k])
			if err == nil {
				err = set(v.FieldByIndex(c.index), k, cell)
			}
			if err != nil {
				errs = append(errs, &CellError{Line: line, Column: 1, Field: k, Err: err})
				ok = false
			}
		}
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
		if progress != nil && line%(1<<16) == 0 {
			progress(line)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return accounts, nil
}

// jsonCell returns a JSON value as the text of a CSV cell: a string's
// contents, a number's or a boolean's text, "" for null. Arrays and
// objects are refused.
func jsonCell(x any) (string, error) {
	switch x := x.(type) {
	case nil:
		return "", nil
	case string:
		return x, nil
	case json.Number:
		return x.String(), nil
	case bool:
		return strconv.FormatBool(x), nil
	}
	b, _ := json.Marshal(x)
	return "", fmt.Errorf("%s is not a number, string or boolean", b)
}
