package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prioritize-dev/prioritize/internal/sample"
)

func runArgs(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runStdin(t, "", args...)
}

func runStdin(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

func TestSampleTable(t *testing.T) {
	out, errOut, code := runArgs(t)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(out, "\n")
	// The framework's accounts, as it rates them.
	for _, want := range [][]string{
		{"Acme Corp", "80.25", "87.5", "83.875", "Star", "1 Strategic", "A1"},
		{"Beta Labs", "45", "85", "65", "Growth Bet", "2 Growth", "A2"},
		{"Gamma Freight", "75", "40", "57.5", "Cash Cow", "3 Standard", "B3"},
		{"Delta Retail", "30", "35", "32.5", "Maintenance", "4 Scale", "C3"},
	} {
		found := false
		for _, l := range lines {
			if strings.Contains(l, want[0]) && containsInOrder(l, want[1:]) {
				found = true
			}
		}
		if !found {
			t.Errorf("no row %v in\n%s", want, out)
		}
	}
	if !strings.HasPrefix(lines[1], "1   Acme Corp") {
		t.Errorf("Acme is not first: %q", lines[1])
	}
	if !strings.Contains(out, "Capacity plan") || !strings.Contains(out, "total        42") {
		t.Errorf("no capacity plan for 42 accounts:\n%s", out)
	}
}

func containsInOrder(line string, parts []string) bool {
	for _, p := range parts {
		i := strings.Index(line, "  "+p)
		if i < 0 {
			return false
		}
		line = line[i+len(p):]
	}
	return true
}

func TestFormats(t *testing.T) {
	out, _, code := runArgs(t, "-format", "json", "-mode", "growth")
	if code != 0 {
		t.Fatal(code)
	}
	var doc struct {
		Accounts []struct {
			ID       string
			Priority float64
			Segment  string
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Accounts) != 42 || doc.Accounts[0].ID != "acme" || math.Abs(doc.Accounts[0].Priority-85.325) > 1e-9 { // 0.3x80.25 + 0.7x87.5
		t.Errorf("json: %d accounts, first %+v", len(doc.Accounts), doc.Accounts[0])
	}
	out, _, code = runArgs(t, "-format", "csv", "-mode", "retention")
	if code != 0 {
		t.Fatal(code)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 43 || recs[1][1] != "acme" || recs[1][6] != "82.425" { // 0.7x80.25 + 0.3x87.5
		t.Errorf("csv: %d rows, first %v", len(recs), recs[1])
	}
}

func TestExplainFlag(t *testing.T) {
	out, _, code := runArgs(t, "-explain", "beta")
	if code != 0 || !strings.Contains(out, "revenue: 1000 -> 40/100 x 0.40 = 16.00") || !strings.Contains(out, "Playbook") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	_, errOut, code := runArgs(t, "-explain", "nobody")
	if code != 1 || !strings.Contains(errOut, `no account "nobody"`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-mode", "wild"}, {"-format", "xml"}, {"-in", "/no/such/file.csv"}} {
		if _, errOut, code := runArgs(t, args...); code != 1 || errOut == "" {
			t.Errorf("%v: exit %d, %q", args, code, errOut)
		}
	}
	if _, _, code := runArgs(t, "-bogus"); code != 2 {
		t.Errorf("an unknown flag: exit %d, want 2", code)
	}
}

// TestReadAccountsBOM: a spreadsheet's UTF-8 export starts with a
// byte-order mark, also before a quoted header.
func TestReadAccountsBOM(t *testing.T) {
	for _, in := range []string{"\ufeff\"id\",\"mrr\"\n\"a\",\"5\"\n", "\ufeffid,mrr\na,5\n"} {
		accounts, err := ReadAccounts(strings.NewReader(in))
		if err != nil || len(accounts) != 1 || accounts[0].ID != "a" || accounts[0].MRR != 5 {
			t.Errorf("%q: %v, %v", in, accounts, err)
		}
	}
}

func TestReadAccountsErrors(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []string // each error, by line and column
	}{
		{"unknown column", "id,mrr,colour\na,1,red\n", []string{"line 1, column 8 (colour): unknown column"}},
		{"no id column", "mrr\n5\n", []string{"line 1, column 1: no id column"}},
		{"bad number", "id,mrr\na,12k\n", []string{`line 2, column 3 (mrr): "12k" is not a number`}},
		{"bad date and flag", "id,renewal_date,champion\na,2026-13-01,maybe\n", []string{
			`line 2, column 3 (renewal_date): "2026-13-01" is not a date (YYYY-MM-DD)`,
			`line 2, column 14 (champion): "maybe" is not true or false`,
		}},
		{"bad stage", "id,stage\na,churned\n", []string{`line 2, column 3 (stage): "churned" is not a stage (onboarding, adoption, growth, renewal, advocacy)`}},
		{"duplicate id", "id,mrr\na,1\nb,2\na,3\n", []string{`line 4, column 1 (id): id "a" is also on line 2`}},
		{"empty id", "id,mrr\n,1\n", []string{"line 2, column 1 (id): empty id"}},
		{"short row", "id,mrr\na\nb,2\n", []string{"record on line 2: wrong number of fields"}},
		{"infinite", "id,mrr\na,+Inf\n", []string{`line 2, column 3 (mrr): "+Inf" is not a number`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			accounts, err := ReadAccounts(strings.NewReader(tc.csv))
			if err == nil {
				t.Fatalf("read %d accounts, want an error", len(accounts))
			}
			var got []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				got = append(got, e.Error())
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
			var ce *CellError
			if strings.Contains(tc.want[0], "column") && !strings.Contains(tc.want[0], "record") && !errors.As(err, &ce) {
				t.Errorf("%v is not a *CellError", err)
			}
		})
	}
}

func TestReadAccountsMissing(t *testing.T) {
	accounts, err := ReadAccounts(strings.NewReader("id,mrr,escalations\na,,\n"))
	if err != nil {
		t.Fatal(err)
	}
	a := accounts[0]
	// Empty and absent decimals are missing (NaN); empty counts are 0.
	if a.MRR == a.MRR || a.ICPFit == a.ICPFit || a.Escalations != 0 {
		t.Errorf("%+v", a)
	}
	// A whole file through -in, with a malformed line: the error names it, no row is dropped silently.
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(path, []byte("id,mrr\nx,5\ny,five\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := runArgs(t, "-in", path)
	if code != 1 || !strings.Contains(errOut, `line 3, column 3 (mrr): "five" is not a number`) {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

// FuzzReadAccounts: any input gives accounts or an error, never a panic.
func FuzzReadAccounts(f *testing.F) {
	f.Add(string(sample.Accounts[:600]))
	f.Add("id,mrr\na,1\n")
	f.Add("id,stage,renewal_date\na,renewal,2026-01-01\n")
	f.Fuzz(func(t *testing.T, in string) {
		accounts, err := ReadAccounts(strings.NewReader(in))
		if err == nil {
			for _, a := range accounts {
				if a.ID == "" {
					t.Fatalf("an account without an id from %q", in)
				}
			}
		}
	})
}

// FuzzReadAccountsJSONL: any input gives accounts or an error, never a
// panic; the accounts have IDs, each once.
func FuzzReadAccountsJSONL(f *testing.F) {
	f.Add(`{"id": "acme", "mrr": 5000, "champion": true, "renewal_date": "2026-12-31", "nps": null}`)
	f.Add("{\"id\": \"a\"}\n\n{\"id\": \"b\", \"stage\": \"renewal\"}\n")
	f.Add(`{"id": "a", "seats_used": 1e400}`)
	f.Fuzz(func(t *testing.T, in string) {
		accounts, err := ReadAccountsJSONL(strings.NewReader(in))
		if err != nil {
			return
		}
		seen := map[string]bool{}
		for _, a := range accounts {
			if a.ID == "" || seen[a.ID] {
				t.Fatalf("account id %q (empty or repeated) from %q", a.ID, in)
			}
			seen[a.ID] = true
		}
	})
}

// TestREADMEChart: docs/portfolio.svg, the chart the README shows, is the
// bundled portfolio's as the example draws it now. Regenerate it with
//
//	go run ./examples/portfolio -format svg > docs/portfolio.svg
func TestREADMEChart(t *testing.T) {
	out, errOut, code := runArgs(t, "-format", "svg")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want, err := os.ReadFile(filepath.Join("..", "..", "docs", "portfolio.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != out {
		t.Error("docs/portfolio.svg is not current: go run ./examples/portfolio -format svg > docs/portfolio.svg")
	}
	if n := strings.Count(out, "<circle cx="); n < 42 { // 42 accounts, plus the legend's
		t.Errorf("%d circles, want one per account at least", n)
	}
}

// TestHTMLToFile: -format html -o writes a self-contained report with a
// row per account.
func TestHTMLToFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.html")
	if _, errOut, code := runArgs(t, "-format", "html", "-o", path); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	out, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), "<tr class="); n != 42 || !strings.Contains(string(out), "Acme Corp") {
		t.Errorf("%d rows (want 42, one per account of the sample)", n)
	}
}

// sampleJSONL is the bundled sample in the JSON Lines layout: numbers as
// JSON numbers, flags as JSON booleans, empty cells as null.
func sampleJSONL(t *testing.T) string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(sample.Accounts)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, rec := range recs[1:] {
		obj := map[string]any{}
		for i, cell := range rec {
			var v any = cell
			switch {
			case cell == "":
				v = nil
			case cell == "true" || cell == "false":
				v = cell == "true"
			default:
				if _, err := strconv.ParseFloat(cell, 64); err == nil {
					v = json.Number(cell)
				}
			}
			obj[recs[0][i]] = v
		}
		line, err := json.Marshal(obj)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteString("\n\n") // blank lines are skipped
	}
	return b.String()
}

// TestJSONLinesLikeCSV: the sample as JSON Lines, from a file and from
// standard input, ranks exactly as the CSV sample does.
func TestJSONLinesLikeCSV(t *testing.T) {
	want, errOut, code := runArgs(t, "-format", "csv")
	if code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errOut)
	}
	jsonl := sampleJSONL(t)
	path := filepath.Join(t.TempDir(), "accounts.jsonl")
	if err := os.WriteFile(path, []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
	fromFile, errOut, code := runArgs(t, "-in", path, "-format", "csv")
	if code != 0 {
		t.Fatalf("jsonl file: exit %d: %s", code, errOut)
	}
	fromStdin, errOut, code := runStdin(t, jsonl, "-in", "-", "-informat", "jsonl", "-format", "csv")
	if code != 0 {
		t.Fatalf("jsonl stdin: exit %d: %s", code, errOut)
	}
	if diff := cmp.Diff(want, fromFile); diff != "" {
		t.Errorf("JSON Lines file (-csv +jsonl):\n%s", diff)
	}
	if diff := cmp.Diff(want, fromStdin); diff != "" {
		t.Errorf("JSON Lines on standard input (-csv +jsonl):\n%s", diff)
	}
	csvStdin, _, code := runStdin(t, string(sample.Accounts), "-in", "-", "-format", "csv")
	if code != 0 || csvStdin != want {
		t.Errorf("CSV on standard input: exit %d, same output %v", code, csvStdin == want)
	}
}

// TestReadAccountsJSONLErrors: each bad line is named, with its field;
// all are reported at once.
func TestReadAccountsJSONLErrors(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "a", "mrr": 100}`,
		`{"id": "b", "mrr": "lots"}`,
		`{"id": "c", "colour": "red"}`,
		`not json`,
		`{"id": "a"}`,
		`{"id": "d", "seats_used": [1, 2]}`,
		`{"id": "", "renewal_date": "soon"}`,
	}, "\n")
	_, err := ReadAccountsJSONL(strings.NewReader(in))
	if err == nil {
		t.Fatal("no error")
	}
	var got []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		got = append(got, e.Error())
	}
	want := []string{
		`line 2, column 1 (mrr): "lots" is not a number`,
		`line 3, column 1 (colour): unknown field`,
		`line 4, column 1: not a JSON object: invalid character 'o' in literal null (expecting 'u')`,
		`line 5, column 1 (id): id "a" is also on line 1`,
		`line 6, column 1 (seats_used): [1,2] is not a number, string or boolean`,
		`line 7, column 1 (renewal_date): "soon" is not a date (YYYY-MM-DD)`,
		`line 7, column 1 (id): empty id`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
	long := `{"id": "x", "name": "` + strings.Repeat("n", maxLine) + `"}`
	if _, err := ReadAccountsJSONL(strings.NewReader(long)); err == nil || !strings.Contains(err.Error(), "line 1: longer than 1048576 bytes") {
		t.Errorf("a line over the limit: %v", err)
	}
	as, err := ReadAccountsJSONL(strings.NewReader(`{"id": "n", "mrr": null, "champion": true}` + "\n"))
	if err != nil || len(as) != 1 || !math.IsNaN(as[0].MRR) || !as[0].Champion {
		t.Errorf("null is missing: %+v, %v", as, err)
	}
}

// TestProgress: progress lines go to standard error when asked, and
// nothing when not (standard error is not a terminal here).
func TestProgress(t *testing.T) {
	_, quiet, code := runArgs(t, "-format", "csv")
	if code != 0 || quiet != "" {
		t.Errorf("without -progress: exit %d, stderr %q", code, quiet)
	}
	_, errOut, code := runArgs(t, "-format", "csv", "-progress")
	want := "portfolio: ranking 42 accounts\nportfolio: ranked 42 accounts; writing\n"
	if code != 0 || errOut != want {
		t.Errorf("with -progress: exit %d, stderr\n%s\nwant\n%s", code, errOut, want)
	}
}

// TestJSONLLongLine: a line over 1 MiB is one error, and the lines after
// it are still read (their errors reported too).
func TestJSONLLongLine(t *testing.T) {
	in := `{"id": "a"}` + "\n" + `{"id": "` + strings.Repeat("x", 2<<20) + `"}` + "\n" + `{"id": "c", "mrr": "five"}` + "\n"
	_, err := ReadAccountsJSONL(strings.NewReader(in))
	if err == nil || !strings.Contains(err.Error(), "line 2: longer than 1048576 bytes") || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("got %v, want line 2 too long and line 3's error", err)
	}
}
