package policydoc_test

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/prioritize-dev/prioritize/internal/sample"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
)

// readAll reads every record of in, returning the records and the errors
// of the rows rejected.
func readAll(t *testing.T, doc policydoc.Document, in string, format policydoc.Format) ([]policydoc.Record, []string) {
	t.Helper()
	return readBounded(t, doc, in, format, 1<<20)
}

func fieldsDoc(t *testing.T, fields string) policydoc.Document {
	t.Helper()
	doc, err := policydoc.Parse([]byte(`{"value": {"factors": [{"name": "r", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]},
		"potential": {"factors": [{"name": "f", "weight": 1, "expr": "fit", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]},
		"fields": ` + fields + `}`))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

const testFields = `[{"name": "id", "type": "string", "column": "Account ID"},
	{"name": "mrr", "type": "number", "blank": ["NA", "n/a"]},
	{"name": "fit", "type": "integer"},
	{"name": "champion", "type": "bool"},
	{"name": "renewal", "type": "date"},
	{"name": "stage", "type": "string"}]`

// TestRecordsCSV: typed cells, blanks as missing (NaN for numbers, absent
// otherwise), columns in any order and undeclared ones ignored; each bad
// row rejected with its line, column and field, reading going on.
func TestRecordsCSV(t *testing.T) {
	doc := fieldsDoc(t, testFields)
	in := "\ufeffstage,Account ID,mrr,fit,champion,renewal,ignored\n" +
		"renewal,a,1200.5,7,yes,2026-12-31,x\n" +
		"growth,b,NA,,0,,x\n" +
		"growth,c,lots,7.5,maybe,2026-13-01,x\n" +
		"growth,a,1,1,true,2026-01-01,x\n" +
		"growth,,1,1,true,2026-01-01,x\n" +
		"growth,e,1\n"
	recs, errs := readAll(t, doc, in, policydoc.CSV)
	want := []policydoc.Record{
		{"id": "a", "mrr": 1200.5, "fit": 7.0, "champion": true, "renewal": time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), "stage": "renewal"},
		{"id": "b", "mrr": math.NaN(), "fit": math.NaN(), "champion": false, "stage": "growth"},
	}
	if diff := cmp.Diff(want, recs, cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	wantErrs := []string{
		"line 4, column 10 (mrr): \"lots\" is not a number\n" +
			"line 4, column 15 (fit): \"7.5\" is not an integer (up to 2^53)\n" +
			"line 4, column 19 (champion): \"maybe\" is not true or false\n" +
			"line 4, column 25 (renewal): \"2026-13-01\" is not a date (YYYY-MM-DD)",
		`line 5, column 8 (id): id "a" is also on line 2`,
		"line 6, column 8 (id): no id",
		"line 7, column 12 (fit): the row has 3 cells, not a cell for column 4\n" +
			"line 7, column 12 (champion): the row has 3 cells, not a cell for column 5\n" +
			"line 7, column 12 (renewal): the row has 3 cells, not a cell for column 6",
	}
	if diff := cmp.Diff(wantErrs, errs); diff != "" {
		t.Errorf("rejected rows (-want +got):\n%s", diff)
	}
}

// TestRecordsJSONL: the same types from JSON values; null and absent keys
// are blank; nested values and malformed lines are rejected by line.
func TestRecordsJSONL(t *testing.T) {
	doc := fieldsDoc(t, testFields)
	in := `{"Account ID": "a", "mrr": 1200.5, "fit": 7, "champion": true, "renewal": "2026-12-31", "stage": "renewal"}` + "\n\n" +
		`{"Account ID": "b", "mrr": null, "champion": "no"}` + "\n" +
		`{"Account ID": "c", "mrr": [1]}` + "\n" +
		`not json` + "\n"
	recs, errs := readAll(t, doc, in, policydoc.JSONL)
	want := []policydoc.Record{
		{"id": "a", "mrr": 1200.5, "fit": 7.0, "champion": true, "renewal": time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), "stage": "renewal"},
		{"id": "b", "mrr": math.NaN(), "fit": math.NaN(), "champion": false},
	}
	if diff := cmp.Diff(want, recs, cmpopts.EquateNaNs()); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	wantErrs := []string{
		"line 4, column 1 (mrr): not a number, string or boolean",
		"line 5, column 1: not a JSON object: invalid character 'o' in literal null (expecting 'u')",
	}
	if diff := cmp.Diff(wantErrs, errs); diff != "" {
		t.Errorf("rejected rows (-want +got):\n%s", diff)
	}
}

// TestFieldsChecked: every problem of the declarations at once, with its
// place, from Compile and from Records; a header without a declared
// column is refused.
func TestFieldsChecked(t *testing.T) {
	doc := fieldsDoc(t, `[{"name": "mrr", "type": "number"}, {"name": "mrr", "type": "string", "column": "m"},
		{"name": "", "type": "bool"}, {"name": "fit", "column": "m"}]`)
	_, err := policydoc.Compile(doc, func(r policydoc.Record) string { return "" }, rules.Options{Fields: []string{"mrr", "fit"}})
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var pe *policydoc.Error
		if errors.As(e, &pe) {
			got = append(got, pe.Path+": "+pe.Err.Error())
		}
	}
	want := []string{
		`fields[1] "mrr".name: field "mrr" is declared twice`,
		`fields[2].name: a field needs a name`,
		`fields[3] "fit".type: a field needs a type (number, integer, string, bool or date)`,
		`fields[3] "fit".column: column "m" is read by two fields`,
		`fields: no field is named "id": one identifies each account`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if _, err := doc.Records(strings.NewReader("id\n"), policydoc.CSV); err == nil || !strings.Contains(err.Error(), "declared twice") {
		t.Errorf("Records: %v", err)
	}
	ok := fieldsDoc(t, testFields)
	if _, err := ok.Records(strings.NewReader("Account ID,mrr\n"), policydoc.CSV); err == nil ||
		!strings.Contains(err.Error(), `the header has no column "fit"`) || !strings.Contains(err.Error(), `no column "stage"`) {
		t.Errorf("a short header: %v", err)
	}
	if _, err := policydoc.CompileRecords(policydoc.Document{}, rules.Options{}); err == nil {
		t.Error("a document without fields compiled over records")
	}
	if _, err := policydoc.Parse([]byte(`{"fields": [{"name": "id", "type": "text"}]}`)); err == nil ||
		!strings.Contains(err.Error(), `unknown field type "text"`) {
		t.Errorf("an unknown type: %v", err)
	}
}

// TestSamplePolicy: the bundled policy is the default policy with fields:
// without them it has the default document's fingerprint, and over the
// bundled portfolio's records it rates the framework's four accounts as
// the framework does (acme 80.25 / 87.5 / 83.875 in tier 1, beta 45 / 85
// / 65 in tier 2, gamma 75 / 40 / 57.5 in tier 3, delta 30 / 35 / 32.5 in
// tier 4).
func TestSamplePolicy(t *testing.T) {
	doc, err := policydoc.Parse(sample.Policy)
	if err != nil {
		t.Fatal(err)
	}
	def, err := policydoc.Parse(defaultDoc(t))
	if err != nil {
		t.Fatal(err)
	}
	bare := doc
	bare.Fields, bare.Description = nil, ""
	if bare.Fingerprint() != def.Fingerprint() {
		t.Errorf("internal/sample/policy.json is not the default policy with fields")
	}
	p, err := policydoc.CompileRecords(doc, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	recs, errs := readAll(t, doc, string(sample.Accounts), policydoc.CSV)
	if len(recs) != 42 || len(errs) != 0 {
		t.Fatalf("%d records, rejected %v", len(recs), errs)
	}
	type row struct {
		Value, Potential, Priority float64
		Tier                       int
	}
	want := map[string]row{"acme": {80.25, 87.5, 83.875, 1}, "beta": {45, 85, 65, 2}, "gamma": {75, 40, 57.5, 3}, "delta": {30, 35, 32.5, 4}}
	got := map[string]row{}
	for _, r := range recs {
		if _, ok := want[r["id"].(string)]; ok {
			as := p.Assess(r)
			if len(as.Failed) > 0 {
				t.Errorf("%s: failed %v", as.ID, as.Failed)
			}
			got[as.ID] = row{as.Value, as.Potential, as.Priority, as.Tier.Rank}
		}
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("the framework's accounts (-want +got):\n%s", diff)
	}
}

// FuzzRecords: any input, as CSV or as JSON Lines, gives records or row
// errors, never a panic; the records have IDs, each once; numbers are
// finite or NaN; and reading always ends, within a read a line (issue 34:
// after a line over 1 MiB it never did). The input is split at a point
// the fuzzer picks, and pad<<14 copies of a byte are put there, so that
// lines and fields reach past the reader's 1 MiB bound.
func FuzzRecords(f *testing.F) {
	f.Add("Account ID,mrr,fit,champion,renewal,stage\na,1,2,yes,2026-01-01,x\n", false, uint16(0), uint8(0), byte('x'))
	f.Add(`{"Account ID": "a", "mrr": 1e308, "fit": 9007199254740993, "champion": 1}`+"\n", true, uint16(0), uint8(0), byte('x'))
	f.Add("Account ID,mrr,fit,champion,renewal,stage\n\"a\nb\",NA,,,,\n", false, uint16(0), uint8(0), byte('x'))
	f.Add(`{"Account ID": "a", "stage": "x"}`+"\n"+`{"Account ID": "b"}`+"\n", true, uint16(30), uint8(70), byte('y'))
	f.Add("Account ID,mrr,fit,champion,renewal,stage\na,1,2,yes,2026-01-01,x\nb,1,2,yes,2026-01-01,x\n", false, uint16(60), uint8(70), byte('z'))
	doc := fieldsDocF(f)
	f.Fuzz(func(t *testing.T, in string, jsonl bool, at uint16, pad uint8, fill byte) {
		if pad > 0 {
			i := int(at) % (len(in) + 1)
			in = in[:i] + strings.Repeat(string([]byte{fill}), int(pad)<<14) + in[i:]
		}
		format := policydoc.CSV
		if jsonl {
			format = policydoc.JSONL
		}
		rr, err := doc.Records(strings.NewReader(in), format)
		if err != nil {
			return
		}
		seen := map[string]bool{}
		limit := strings.Count(in, "\n") + 2
		for range limit {
			rec, err := rr.Read()
			if err == io.EOF {
				return
			}
			var re *policydoc.RowError
			if err != nil && !errors.As(err, &re) {
				return // the input failed: reading ends
			}
			if err != nil {
				continue
			}
			id, _ := rec["id"].(string)
			if id == "" || seen[id] {
				t.Fatalf("id %q empty or repeated", id)
			}
			seen[id] = true
			for k, v := range rec {
				if x, ok := v.(float64); ok && math.IsInf(x, 0) {
					t.Fatalf("%s = %v", k, x)
				}
			}
		}
		t.Fatalf("no end after %d reads of %d lines", limit, limit-2)
	})
}

func fieldsDocF(f *testing.F) policydoc.Document {
	doc, err := policydoc.Parse([]byte(`{"fields": ` + testFields + `}`))
	if err != nil {
		f.Fatal(err)
	}
	return doc
}

// defaultDoc returns testdata/default-policy.json.
func defaultDoc(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/default-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestRecordsReadAhead: rows are read ahead in batches and parsed in
// parallel; every row still comes back in order, with its own line (a
// quoted cell over two lines shifts the rest), and the rows rejected are
// those at their lines, an ID repeated across batches included.
func TestRecordsReadAhead(t *testing.T) {
	doc := fieldsDoc(t, testFields)
	const rows = 10_000
	bad := map[int]string{ // row -> what is wrong
		64: "fit", 65: "mrr", 193: "fit", 4095: "mrr", 4096: "fit", 4097: "mrr", 9_999: "fit",
	}
	var b strings.Builder
	b.WriteString("Account ID,mrr,fit,champion,renewal,stage,notes\n")
	line := 2
	var wantIDs []string
	var wantLines []int
	var wantErrs []string
	for i := range rows {
		id, mrr, fit, notes := fmt.Sprintf("a%d", i), strconv.Itoa(i), "7", "x"
		switch {
		case bad[i] == "mrr":
			mrr = "lots"
			wantErrs = append(wantErrs, fmt.Sprintf(`line %d, column %d (mrr): "lots" is not a number`, line, len(id)+2))
		case bad[i] == "fit":
			fit = "7.5"
			wantErrs = append(wantErrs, fmt.Sprintf(`line %d, column %d (fit): "7.5" is not an integer (up to 2^53)`, line, len(id)+len(mrr)+3))
		case i == 5_000: // the ID of the second row, read 4,998 rows before
			id = "a1"
			wantErrs = append(wantErrs, fmt.Sprintf(`line %d, column 1 (id): id "a1" is also on line 3`, line))
		case i == 3_000:
			notes = "\"two\nlines\"" // a column not declared
		}
		fmt.Fprintf(&b, "%s,%s,%s,true,2026-01-01,growth,%s\n", id, mrr, fit, notes)
		if bad[i] == "" && i != 5_000 {
			wantIDs, wantLines = append(wantIDs, id), append(wantLines, line)
		}
		line++
		if i == 3_000 {
			line++
		}
	}
	rr, err := doc.Records(strings.NewReader(b.String()), policydoc.CSV)
	if err != nil {
		t.Fatal(err)
	}
	var ids, errs []string
	var lines []int
	for {
		rec, err := rr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		ids, lines = append(ids, rec["id"].(string)), append(lines, rr.Line())
	}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("records (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantLines, lines); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantErrs, errs); diff != "" {
		t.Errorf("rejected rows (-want +got):\n%s", diff)
	}
}

// failingReader gives its data, then an error.
type failingReader struct {
	data string
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

// TestRecordsInputFails: rows read ahead before the input failed are
// returned, then the failure, for every later Read too.
func TestRecordsInputFails(t *testing.T) {
	doc := fieldsDoc(t, testFields)
	boom := errors.New("disk gone")
	in := "Account ID,mrr,fit,champion,renewal,stage\na,1,1,true,2026-01-01,x\nb,2,2,true,2026-01-01,x\n"
	rr, err := doc.Records(&failingReader{data: in, err: boom}, policydoc.CSV)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for range 4 {
		rec, err := rr.Read()
		switch {
		case err != nil:
			got = append(got, err.Error())
		default:
			got = append(got, rec["id"].(string))
		}
	}
	if diff := cmp.Diff([]string{"a", "b", "disk gone", "disk gone"}, got); diff != "" {
		t.Errorf("reads (-want +got):\n%s", diff)
	}
}
