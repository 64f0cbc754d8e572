package policydoc_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
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

// problems returns each problem of err as "path (line L, column C): kind:
// cause" in order, for comparison.
func problems(err error) []string {
	if err == nil {
		return nil
	}
	var out []string
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			if _, isDoc := err.(*policydoc.Error); !isDoc {
				for _, e := range j.Unwrap() {
					walk(e)
				}
				return
			}
		}
		out = append(out, err.Error())
	}
	walk(err)
	return out
}

// compileDoc parses and compiles a document over records, giving its
// problems.
func compileDoc(src string) []string {
	doc, err := policydoc.Parse([]byte(src))
	if err == nil {
		_, err = policydoc.CompileRecords(doc, rules.Options{})
	}
	return problems(err)
}

const hostileFields = `"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}]`

const hostileFactor = `{"name": "r", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 100}}`

// TestDocumentProblemsAtTheirPlace: what issue 34 found taken silently or
// placed nowhere, each at its path and position.
func TestDocumentProblemsAtTheirPlace(t *testing.T) {
	axes := `"value": {"factors": [` + hostileFactor + `]}, "potential": {"factors": [` + hostileFactor + `]}`
	for _, tc := range []struct {
		name, doc string
		want      []string
	}{
		{"a key twice", `{` + hostileFields + `,
"value": {"factors": [{"name": "r", "weight": 1, "weight": 5, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]},
"potential": {"factors": [` + hostileFactor + `]}}`,
			[]string{`policydoc: value.factors[0] "r".weight (line 2, column 50): invalid JSON: "weight" is given twice (also at line 2, column 37): say it once`}},
		{"an axis twice", `{` + hostileFields + `, ` + axes + `,
"value": {"factors": [` + hostileFactor + `]}}`,
			[]string{`policydoc: value (line 2, column 1): invalid JSON: "value" is given twice (also at line 1, column 83): say it once`}},
		{"a byte-order mark", "\ufeff{" + hostileFields + `, ` + axes + `}`, nil},
		{"missing_rating without rate", `{` + hostileFields + `,
"value": {"missing_rating": 150, "factors": [` + hostileFactor + `]},
"potential": {"factors": [` + hostileFactor + `]}}`,
			[]string{`policydoc: value.missing_rating (line 2, column 29): invalid policy: 150 does nothing: missing_rating is the rating of a missing factor under "missing": "rate"; set that, or remove missing_rating`}},
		{"hysteresis that does nothing", `{` + hostileFields + `, ` + axes + `,
"hysteresis": {"margin": -5, "min_dwell": "-336h"}}`,
			[]string{
				`policydoc: hysteresis.margin (line 2, column 26): invalid policy: tier: invalid hysteresis: margin -5: a margin is a finite score, 0 or more`,
				`policydoc: hysteresis.min_dwell (line 2, column 43): invalid policy: tier: invalid hysteresis: min dwell -336h0m0s: a dwell is a duration, 0 or more`,
			}},
		{"a mix, a quadrant and a segment at their places", `{` + hostileFields + `, ` + axes + `,
"mix": {"value": -1, "potential": 1},
"quadrant": {"value_cut": 150, "potential_cut": 50},
"segments": [{"name": "s", "when": "mrr > 1", "mix": {"value": 1, "potential": -2}}, {"name": "s", "when": "true"}, {"name": "default", "when": "true"}]}`,
			[]string{
				`policydoc: mix (line 2, column 8): invalid policy: score: Mix: Value: invalid weight: -1`,
				`policydoc: quadrant (line 3, column 13): invalid policy: grade: value cut outside [0, 100]: 150`,
				`policydoc: segments[0] "s".mix (line 4, column 54): invalid policy: score: Mix: Potential: invalid weight: -2`,
				`policydoc: segments[1] "s".name (line 4, column 95): invalid policy: segment "s" is also segments[0]`,
				`policydoc: segments[2] "default".name (line 4, column 126): invalid policy: "default" is the name of the accounts no segment takes; choose another`,
			}},
		{"shares that do not add up", `{` + hostileFields + `, ` + axes + `,
"mix": {"value": 0.7, "potential": 0.7},
"segments": [{"name": "s", "when": "true", "mix": {"value": 0.6, "potential": 0.5}}]}`,
			[]string{
				`policydoc: mix (line 2, column 8): invalid policy: score: Mix: the shares do not add up to 1: value 0.7 + potential 0.7 = 1.4; write shares such as 0.7 and 0.3`,
				`policydoc: segments[0] "s".mix (line 3, column 51): invalid policy: score: Mix: the shares do not add up to 1: value 0.6 + potential 0.5 = 1.1; write shares such as 0.7 and 0.3`,
			}},
		{"the largest whole number", `{` + hostileFields + `, ` + axes + `,
"tiers": [{"rank": 1, "name": "all", "min": 0, "max": 100, "accounts_per_csm": 9223372036854775807}]}`, nil},
		{"a whole number past the largest", `{` + hostileFields + `, ` + axes + `,
"tiers": [{"rank": 1, "name": "all", "min": 0, "max": 100, "accounts_per_csm": 9223372036854775808}]}`,
			[]string{`policydoc: tiers[0] "all".accounts_per_csm (line 2, column 80): invalid value: 9223372036854775808 is out of range (the largest is 9223372036854775807)`}},
		{"a whole number written as a decimal", `{` + hostileFields + `, ` + axes + `,
"tiers": [{"rank": 1, "name": "all", "min": 0, "max": 100, "accounts_per_csm": 1.5e1}]}`, nil},
		{"not a whole number", `{` + hostileFields + `, ` + axes + `,
"tiers": [{"rank": 1.5, "name": "all", "min": 0, "max": 100, "accounts_per_csm": 15}]}`,
			[]string{`policydoc: tiers[0] "all".rank (line 2, column 20): invalid value: want a whole number, not 1.5`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, compileDoc(tc.doc)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDocumentLimits: nesting past MaxDepth and parts past MaxParts are
// refused at the first place past the limit, at once.
func TestDocumentLimits(t *testing.T) {
	// The object is the first level, its 64th list (column 17 + 63) the
	// 65th.
	deep := strings.Repeat("[", policydoc.MaxDepth) + strings.Repeat("]", policydoc.MaxDepth)
	_, err := policydoc.Parse([]byte(`{"description": ` + deep + `}`))
	if !errors.Is(err, policydoc.ErrLimit) || !strings.Contains(err.Error(), "(line 1, column 80): over a limit: the document is nested more than 64 deep") {
		t.Errorf("too deep: %v", err)
	}
	// MaxDepth levels are read (and found of the wrong type, not refused).
	ok := strings.Repeat("[", policydoc.MaxDepth-1) + strings.Repeat("]", policydoc.MaxDepth-1)
	if _, err := policydoc.Parse([]byte(`{"description": ` + ok + `}`)); errors.Is(err, policydoc.ErrLimit) || err == nil {
		t.Errorf("at the limit: %v", err)
	}
	var b strings.Builder
	b.WriteString(`{"segments": [`)
	for i := range policydoc.MaxParts + 1 {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"name": "s", "when": "true"}`)
	}
	b.WriteString(`]}`)
	_, err = policydoc.Parse([]byte(b.String()))
	if !errors.Is(err, policydoc.ErrLimit) || !strings.Contains(err.Error(), "(line 10001, column 1): over a limit: the document has more than 10000 parts") {
		t.Errorf("too many parts: %v", err)
	}
}

// TestDocumentSizeIsLinear: a document that issue 34 found superlinear
// (200,000 nested groups: 21 s and 482 MB for a syntax error) is refused
// at once, well inside what reading it costs.
func TestDocumentSizeIsLinear(t *testing.T) {
	for _, shape := range []string{"nested", "factors", "segments"} {
		data := sizedDoc(shape, 4<<20)
		allocs := testing.AllocsPerRun(1, func() { parseAndCompile(data) })
		if allocs > 2e6 { // about 1 a byte read, at most
			t.Errorf("%s, 4 MB: %.0f allocations", shape, allocs)
		}
	}
}

// TestFingerprintPinned: the fingerprint is the SHA-256 of the document's
// compact canonical JSON (the Document type's key order, zero values left
// out), written here by hand, and pinned: a change of the canonical form
// (indenting it, say) changes every stored policy's identity, and must
// fail here first, not only in the workbench's golden files.
func TestFingerprintPinned(t *testing.T) {
	const canonical = `{"value":{"factors":[{"name":"r","weight":1,"expr":"mrr","curve":{"kind":"linear","hi":100}}]},` +
		`"potential":{"factors":[{"name":"r","weight":1,"expr":"mrr","curve":{"kind":"linear","hi":100}}]}}`
	sum := sha256.Sum256([]byte(canonical))
	want := "sha256:" + hex.EncodeToString(sum[:])
	const pinned = "sha256:dfeed81e6884959d3533c8a77c5f5ea7220c471bf97c7e2b0ba7f66cf280973b"
	if want != pinned {
		t.Fatalf("the hand-written canonical form hashes to %s, not the pinned %s", want, pinned)
	}
	for _, src := range []string{
		`{"value": {"factors": [` + hostileFactor + `]}, "potential": {"factors": [` + hostileFactor + `]}}`,
		"{\n  \"potential\": {\"factors\": [{\"curve\": {\"hi\": 100, \"kind\": \"linear\", \"lo\": 0}, \"expr\": \"mrr\", \"weight\": 1.0, \"name\": \"r\"}]},\n" +
			"  \"value\": {\"factors\": [{\"name\": \"r\", \"weight\": 1e0, \"expr\": \"mrr\", \"curve\": {\"kind\": \"linear\", \"lo\": 0, \"hi\": 100}}]}\n}",
	} {
		doc, err := policydoc.Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if got := doc.Fingerprint(); got != pinned {
			t.Errorf("Fingerprint() = %s, want %s\nof %s", got, pinned, src)
		}
	}
}

// TestDocumentNamesAreText: a name, level, column or tier name holding a
// control character, a bidirectional override or invalid UTF-8 is
// refused at its place; a long name keeps its position (its path is cut
// the same way where it is read and where it is compiled).
func TestDocumentNamesAreText(t *testing.T) {
	long := strings.Repeat("x", 100)
	got := compileDoc(`{"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number", "column": "m\u0000rr"}],
"value": {"factors": [{"name": "r\u202e", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 100}},
  {"name": "` + long + `", "weight": -1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 100}},
  {"name": "plan", "weight": 1, "level": "id", "levels": {"pro\u2066": 100}}]},
"potential": {"factors": [` + hostileFactor + `]},
"segments": [{"name": "s\u0007", "when": "true"}],
"triggers": [{"name": "t\u202e", "when": "cur.mrr < prev.mrr", "effect": "intervention"}]}`)
	want := []string{
		`policydoc: value.factors[0] "r\u202e".name (line 2, column 32): invalid policy: the text holds U+202E (a bidirectional formatting character) at byte 1`,
		`policydoc: value.factors[1] "` + long[:60] + `"....weight (line 3, column 126): invalid policy: -1: a weight is a finite number, 0 or more`,
		`policydoc: value.factors[2] "plan".levels.pro` + "\u2066" + ` (line 4, column 72): invalid policy: level "pro\u2066": the text holds U+2066 (a bidirectional formatting character) at byte 3`,
		`policydoc: segments[0] "s\a".name (line 6, column 23): invalid policy: the text holds U+0007 (a control character) at byte 1`,
		`policydoc: triggers[0] "t\u202e".name (line 7, column 23): invalid policy: the text holds U+202E (a bidirectional formatting character) at byte 1`,
		`policydoc: fields[1] "mrr".column (line 1, column 91): invalid value: the text holds U+0000 (a control character) at byte 1`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestHoldsAtTheirPlace: a hold's floor that the ladder lacks is said at
// the hold, not at the document as a whole.
func TestHoldsAtTheirPlace(t *testing.T) {
	got := compileDoc(`{` + hostileFields + `, "value": {"factors": [` + hostileFactor + `]}, "potential": {"factors": [` + hostileFactor + `]},
"triggers": [{"name": "drop", "when": "cur.mrr < prev.mrr", "effect": "intervention", "hold": {"floor": 7, "for": "30d"}}],
"holds": {"intervention": {"floor": 9, "for": "30d"}}}`)
	want := []string{
		`policydoc: triggers[0] "drop".hold.floor (line 2, column 105): invalid policy: the ladder has no tier 7`,
		`policydoc: holds.intervention.floor (line 3, column 37): invalid policy: the ladder has no tier 9`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestHeaderSaysWhatItHas: a header that lacks several declared columns
// says which columns it has and which the document reads (issue 27).
func TestHeaderSaysWhatItHas(t *testing.T) {
	doc := fieldsDoc(t, `[{"name": "id", "type": "string", "column": "Account ID"}, {"name": "mrr", "type": "number", "column": "MRR"}]`)
	_, err := doc.Records(strings.NewReader("account,revenue\na,1\n"), policydoc.CSV)
	want := `policydoc: the header's columns are "account", "revenue"; the document reads "Account ID", "MRR"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("%v, want %q", err, want)
	}
}

// TestHeaderHints: a column the header lacks is said with the column it
// resembles, and a file separated by semicolons is named as such (issue
// 27's messages that stopped people).
func TestHeaderHints(t *testing.T) {
	doc := fieldsDoc(t, `[{"name": "id", "type": "string"}, {"name": "mrr", "type": "number", "column": "MRR"}]`)
	for in, want := range map[string]string{
		"id,Mrr\na,1\n":  `the header has no column "MRR" (field "mrr"): did you mean the column "Mrr"? (set the field's "column")`,
		"id,MMR\na,1\n":  `the header has no column "MRR" (field "mrr"): did you mean the column "MMR"?`,
		"id;MRR\na;1\n":  `the header has no column "id" (field "id"): the header is one column holding ";": is the file separated by semicolons? Export it with commas`,
		"id,plan\na,x\n": `the header has no column "MRR" (field "mrr")`,
	} {
		_, err := doc.Records(strings.NewReader(in), policydoc.CSV)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", in, err, want)
		}
	}
}

// TestMessagesThatStoppedPeople: an unknown key with no near name lists
// the keys there are; a trailing comma is named; a band without its max
// asks whether it is missing (issue 27).
func TestMessagesThatStoppedPeople(t *testing.T) {
	for doc, want := range map[string]string{
		`{"tiers": [{"rank": 1, "name": "all", "ratio": 15}]}`: `tiers[0] "all".ratio (line 1, column 39): unknown field: "ratio" (here: rank, name, `,
		"{\"value\": {\"factors\": [1, 2,]}}":                  `invalid character ']' looking for beginning of value: a comma ends the list or object before it, and JSON allows none after the last item: remove it`,
	} {
		if _, err := policydoc.Parse([]byte(doc)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", doc, err, want)
		}
	}
	got := compileDoc(`{"value": {"factors": [` + hostileFactor + `]}, "potential": {"factors": [` + hostileFactor + `]}, "fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}],
"tiers": [{"rank": 1, "name": "top", "min": 85, "accounts_per_csm": 15}, {"rank": 2, "name": "rest", "min": 0, "max": 85, "accounts_per_csm": 50}]}`)
	if len(got) == 0 || !strings.Contains(got[0], "[85, 0) is not a band within [0, 100] (is max missing? a band is [min, max), the top band's max 100)") {
		t.Errorf("a missing max: %q", got)
	}
}

// TestExportsAsTheyAre: a number field may declare how the export writes
// it, and a date field its layout, so that a CRM export reads without
// editing; a cell that does not read says which declaration would read it
// (issue 27).
func TestExportsAsTheyAre(t *testing.T) {
	doc := fieldsDoc(t, `[{"name": "id", "type": "string"},
		{"name": "arr", "type": "number", "thousands": ",", "strip": "$"},
		{"name": "eu", "type": "number", "thousands": ".", "decimal": ","},
		{"name": "pct", "type": "integer", "strip": "%"},
		{"name": "renewal", "type": "date", "layout": "MM/DD/YYYY"}]`)
	recs, errs := readBounded(t, doc, "id,arr,eu,pct,renewal\na,\"$2,142.97\",\"1.234,5\",45%,11/17/2026\n", policydoc.CSV, 5)
	want := []policydoc.Record{{"id": "a", "arr": 2142.97, "eu": 1234.5, "pct": 45.0, "renewal": time.Date(2026, 11, 17, 0, 0, 0, 0, time.UTC)}}
	if diff := cmp.Diff(want, recs); diff != "" || len(errs) > 0 {
		t.Errorf("records (-want +got):\n%s\nerrors %q", diff, errs)
	}
	plain := fieldsDoc(t, `[{"name": "id", "type": "string"}, {"name": "n", "type": "number"}, {"name": "d", "type": "date"}]`)
	for cell, hint := range map[string]string{
		`"$2,142.97"`: `"$2,142.97" is not a number; the field would read it with "strip": "$", "thousands": ","`,
		`"2142,97"`:   `"2142,97" is not a number; the field would read it with "decimal": ","`,
		`"1.234,5"`:   `"1.234,5" is not a number; the field would read it with "thousands": ".", "decimal": ","`,
		`45%`:         `"45%" is not a number; the field would read it with "strip": "%"`,
		`lots`:        `"lots" is not a number`,
	} {
		_, errs := readBounded(t, plain, "id,n,d\na,"+cell+",\n", policydoc.CSV, 5)
		if len(errs) != 1 || !strings.HasSuffix(errs[0], hint) {
			t.Errorf("%s: %q, want %q", cell, errs, hint)
		}
	}
	_, errs = readBounded(t, plain, "id,n,d\na,1,11/17/2026\n", policydoc.CSV, 5)
	if len(errs) != 1 || !strings.HasSuffix(errs[0], `"11/17/2026" is not a date (YYYY-MM-DD); the field would read it with "layout": "MM/DD/YYYY"`) {
		t.Errorf("a US date: %q", errs)
	}
	_, err := policydoc.Parse([]byte(`{"fields": [{"name": "id", "type": "string"}, {"name": "d", "type": "date", "layout": "DD/MM"}, {"name": "s", "type": "string", "strip": "$"}, {"name": "n", "type": "number", "thousands": "."}]}`))
	if err != nil {
		t.Fatal(err)
	}
	got := compileDoc(`{"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}, {"name": "d", "type": "date", "layout": "DD/MM"}, {"name": "s", "type": "string", "strip": "$"}, {"name": "n", "type": "number", "thousands": "."}],
"value": {"factors": [` + hostileFactor + `]}, "potential": {"factors": [` + hostileFactor + `]}}`)
	for i, want := range []string{
		`fields[2] "d".layout (line 1, column 122): invalid value: "DD/MM": a layout has a year (YYYY or YY), a month (MM or M) and a day (DD or D): "MM/DD/YYYY"`,
		`fields[3] "s".type (line 1, column 154): invalid value: thousands, decimal and strip read numbers, not a string`,
		`fields[4] "n".thousands (line 1, column 224): invalid value: "." is also the decimal mark`,
	} {
		if i >= len(got) || !strings.Contains(got[i], want) {
			t.Errorf("problem %d: %q, want %q", i, got, want)
		}
	}
}
