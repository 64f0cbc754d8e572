package policydoc_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/prioritize-dev/prioritize/policydoc"
)

// readBounded is readAll for inputs that may never end: it fails the test
// after limit reads instead of spinning.
func readBounded(t *testing.T, doc policydoc.Document, in string, format policydoc.Format, limit int) ([]policydoc.Record, []string) {
	t.Helper()
	rr, err := doc.Records(strings.NewReader(in), format)
	if err != nil {
		t.Fatal(err)
	}
	var recs []policydoc.Record
	var errs []string
	for range limit {
		rec, err := rr.Read()
		if err == io.EOF {
			return recs, errs
		}
		var re *policydoc.RowError
		if err != nil && !errors.As(err, &re) {
			t.Fatal(err)
		}
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		recs = append(recs, rec)
	}
	t.Fatalf("no end after %d reads (%d errors, the last %q)", limit, len(errs), errs[len(errs)-1])
	return nil, nil
}

// TestRecordsLongLine: a JSON Lines line over 1 MiB is one row error, and
// the reader goes on to the next line and to the end (issue 34: it gave
// the same error on every Read, for ever).
func TestRecordsLongLine(t *testing.T) {
	doc := fieldsDoc(t, `[{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}]`)
	long := `{"id": "b", "note": "` + strings.Repeat("x", 2<<20) + `"}`
	in := `{"id": "a", "mrr": 1}` + "\n" + long + "\n" + `{"id": "c", "mrr": 3}` + "\n" + long
	recs, errs := readBounded(t, doc, in, policydoc.JSONL, 10)
	want := []policydoc.Record{{"id": "a", "mrr": 1.0}, {"id": "c", "mrr": 3.0}}
	if diff := cmp.Diff(want, recs); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	wantErrs := []string{
		"line 2, column 1: the line is longer than 1048576 bytes (1 MiB)",
		"line 4, column 1: the line is longer than 1048576 bytes (1 MiB)",
	}
	if diff := cmp.Diff(wantErrs, errs); diff != "" {
		t.Errorf("rejected rows (-want +got):\n%s", diff)
	}
}

// TestRecordsBoolSpellings: a bool cell is true/false, yes/no or 1/0 in
// any case, as spreadsheets export them (TRUE, Yes).
func TestRecordsBoolSpellings(t *testing.T) {
	doc := fieldsDoc(t, `[{"name": "id", "type": "string"}, {"name": "b", "type": "bool"}]`)
	for word, want := range map[string]bool{"true": true, "false": false, "yes": true, "no": false, "1": true, "0": false} {
		for _, cell := range []string{word, strings.ToUpper(word), strings.ToUpper(word[:1]) + word[1:], " " + word + " "} {
			t.Run(cell, func(t *testing.T) {
				recs, errs := readBounded(t, doc, "id,b\na,"+cell+"\n", policydoc.CSV, 5)
				if len(errs) > 0 || len(recs) != 1 || recs[0]["b"] != want {
					t.Errorf("%q: got %v, errors %q; want %v", cell, recs, errs, want)
				}
			})
		}
	}
	for _, cell := range []string{"maybe", "t", "y", "2", "truee"} {
		if _, errs := readBounded(t, doc, "id,b\na,"+cell+"\n", policydoc.CSV, 5); len(errs) != 1 {
			t.Errorf("%q: got errors %q, want one", cell, errs)
		}
	}
}

// TestRecordsDates: a date cell is YYYY-MM-DD or RFC 3339, with Z or with
// an offset; the instant is kept.
func TestRecordsDates(t *testing.T) {
	doc := fieldsDoc(t, `[{"name": "id", "type": "string"}, {"name": "d", "type": "date"}]`)
	for _, tc := range []struct {
		cell string
		want time.Time
	}{
		{"2026-11-01", time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)},
		{"2026-11-01T10:30:00Z", time.Date(2026, 11, 1, 10, 30, 0, 0, time.UTC)},
		{"2026-11-01T10:30:00+02:00", time.Date(2026, 11, 1, 8, 30, 0, 0, time.UTC)},
		{"2026-11-01T10:30:00.5-05:00", time.Date(2026, 11, 1, 15, 30, 0, 5e8, time.UTC)},
	} {
		t.Run(tc.cell, func(t *testing.T) {
			recs, errs := readBounded(t, doc, "id,d\na,"+tc.cell+"\n", policydoc.CSV, 5)
			if len(errs) > 0 || len(recs) != 1 {
				t.Fatalf("got %v, errors %q", recs, errs)
			}
			if got, _ := recs[0]["d"].(time.Time); !got.Equal(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestRecordsRepeatedKeys: a key given twice on a JSON Lines line, or a
// declared column twice in a CSV header, is refused, not resolved by
// taking one of them.
func TestRecordsRepeatedKeys(t *testing.T) {
	doc := fieldsDoc(t, `[{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}]`)
	recs, errs := readBounded(t, doc, `{"id": "a", "mrr": 1, "mrr": 2}`+"\n"+`{"id": "b", "x": 1, "x": 2, "mrr": 2}`+"\n", policydoc.JSONL, 5)
	if diff := cmp.Diff([]policydoc.Record{{"id": "b", "mrr": 2.0}}, recs); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{`line 1, column 1 (mrr): key "mrr" is given twice`}, errs); diff != "" {
		t.Errorf("rejected rows (-want +got):\n%s", diff)
	}
	_, err := doc.Records(strings.NewReader("id,mrr,other,mrr,other\n"), policydoc.CSV)
	if err == nil || !strings.Contains(err.Error(), `the header has column "mrr" twice (columns 2 and 4)`) {
		t.Errorf("a repeated declared column: %v", err)
	}
	if _, err := doc.Records(strings.NewReader("id,mrr,other,other\n"), policydoc.CSV); err != nil {
		t.Errorf("a repeated column no field reads: %v", err)
	}
}

// TestRecordsNumberSpellings: thousands separators are refused alike,
// whether written 1,000 (a quoted cell) or 1_000 (Go's syntax, which
// strconv accepts only with base prefixes, and a spreadsheet never writes).
func TestRecordsNumberSpellings(t *testing.T) {
	doc := fieldsDoc(t, `[{"name": "id", "type": "string"}, {"name": "n", "type": "number"}, {"name": "i", "type": "integer"}]`)
	for _, cell := range []string{`"1,000"`, "1_000", "0x10", "0b1", "Inf", "NaN", "1e400"} {
		for _, col := range []string{"n", "i"} {
			in := "id,n,i\n" + map[string]string{"n": "a," + cell + ",1\n", "i": "a,1," + cell + "\n"}[col]
			if _, errs := readBounded(t, doc, in, policydoc.CSV, 5); len(errs) != 1 {
				t.Errorf("%s = %s: errors %q, want one", col, cell, errs)
			}
		}
	}
}

// TestRecordsTextHygiene: an ID or a string cell with a control character,
// a bidirectional override or invalid UTF-8 is refused with its place: it
// would spoof the report (U+202E reverses the text after it) and the
// PostgreSQL store refuses it.
func TestRecordsTextHygiene(t *testing.T) {
	doc := fieldsDoc(t, `[{"name": "id", "type": "string"}, {"name": "s", "type": "string"}]`)
	for _, tc := range []struct{ name, id, s string }{
		{"rlo in id", "a\u202egpj.exe", "x"},
		{"nul in id", "a\x00b", "x"},
		{"invalid utf-8 in id", "a\xffb", "x"},
		{"rlo in string", "a", "x\u202ey"},
		{"isolate in string", "a", "x\u2066y"},
		{"escape in string", "a", "x\x1b[31my"},
		{"invalid utf-8 in string", "a", "\xc3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := `{"id": "` + jsonEscape(tc.id) + `", "s": "` + jsonEscape(tc.s) + `"}` + "\n"
			if tc.name == "invalid utf-8 in id" || tc.name == "invalid utf-8 in string" {
				in = "id,s\n" + tc.id + "," + tc.s + "\n"
				_, errs := readBounded(t, doc, in, policydoc.CSV, 5)
				if len(errs) != 1 || !strings.Contains(errs[0], "not valid UTF-8") {
					t.Errorf("CSV: errors %q", errs)
				}
				return
			}
			_, errs := readBounded(t, doc, in, policydoc.JSONL, 5)
			if len(errs) != 1 || !strings.Contains(errs[0], "U+") {
				t.Errorf("JSON Lines: errors %q", errs)
			}
		})
	}
	recs, errs := readBounded(t, doc, "id,s\nAçaí Ltd,日本 \t tab\n", policydoc.CSV, 5)
	if len(errs) > 0 || len(recs) != 1 {
		t.Errorf("ordinary text refused: %q", errs)
	}
}

func jsonEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 {
			b.WriteString(`\u00` + "0123456789abcdef"[r>>4:r>>4+1] + "0123456789abcdef"[r&15:r&15+1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
