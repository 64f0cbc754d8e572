package policydoc_test

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
)

// mistakeFields and mistakeAxes make a document around the part a case
// gets wrong.
const mistakeFields = `"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}, {"name": "plan", "type": "string"}]`

// TestMistakes: mistakes people make writing a policy, each refused with
// its place and a way out (issue 23: each was taken, and gave plausible,
// wrong numbers). Columns are counted by hand in the lines as written.
func TestMistakes(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []string
	}{
		{"a curve setting its kind does not read", `{` + mistakeFields + `,
"value": {"factors": [{"name": "r", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 100, "points": [[0, 0]]}}]},
"potential": {"factors": [` + hostileFactor + `]}}`,
			// The value of "points" is at column 123 of line 2.
			[]string{`policydoc: value.factors[0] "r".curve.points (line 2, column 123): invalid policy: a linear curve does not use "points" (it reads lo, hi): remove it, or choose the kind that does`}},
		{"a linear curve given another kind's settings", `{` + mistakeFields + `,
"value": {"factors": [{"name": "r", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "from": 0, "to": 100}}]},
"potential": {"factors": [` + hostileFactor + `]}}`,
			// A newcomer's guess (issue 24's walk): the values of "from" and
			// "to" are at columns 101 and 110 of line 2. The unused keys are
			// said, not the empty bounds lo = hi = 0 they leave.
			[]string{
				`policydoc: value.factors[0] "r".curve.from (line 2, column 101): invalid policy: a linear curve does not use "from" (it reads lo, hi): remove it, or choose the kind that does`,
				`policydoc: value.factors[0] "r".curve.to (line 2, column 110): invalid policy: a linear curve does not use "to" (it reads lo, hi): remove it, or choose the kind that does`,
			}},
		{"a field named as a function", `{"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}, {"name": "len", "type": "number"}],
"value": {"factors": [` + hostileFactor + `]}, "potential": {"factors": [` + hostileFactor + `]}}`,
			// The value "len" of the third field is at column 91 of line 1.
			[]string{`policydoc: fields[2] "len".name (line 1, column 91): invalid value: rules: unusable account type: fields cannot be named as the rules' own words: "len" is a function of the rules: rename the field (a document keeps its column: {"name": "len_field", "column": "len"}; a Go struct its expr tag)`}},
		// With declared fields, rules are checked against the fields' types
		// (issue 23: check passed a string used as a number, and rank
		// failed the factor for every account). The expression's value
		// starts at column 58 of line 2.
		{"a string in arithmetic", typedDoc("plan * 2"),
			[]string{`policydoc: value.factors[0] "r".expr (line 2, column 58): invalid expression: rules: rule "r": line 1, column 6: invalid rule: invalid operation: * (mismatched types string and int)` + "\n | plan * 2\n |      ^"}},
		{"a date compared with a number", typedDoc("renewal > 5"),
			[]string{`policydoc: value.factors[0] "r".expr (line 2, column 58): invalid expression: rules: rule "r": line 1, column 9: invalid rule: invalid operation: > (mismatched types time.Time and int)` + "\n | renewal > 5\n |         ^"}},
		{"a bool summed", typedDoc("champion + 1"),
			[]string{`policydoc: value.factors[0] "r".expr (line 2, column 58): invalid expression: rules: rule "r": line 1, column 10: invalid rule: invalid operation: + (mismatched types bool and int)` + "\n | champion + 1\n |          ^"}},
		{"what the types allow compiles", typedDoc("plan == nil || has(plan) && lower(plan) == 'pro' || champion || renewal > renewal ? mrr * 2 : 0"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, compileDoc(tc.doc)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

// typedDoc is a document with fields of every type whose one value
// factor is expr, on line 2.
func typedDoc(expr string) string {
	return `{"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}, {"name": "plan", "type": "string"}, {"name": "renewal", "type": "date"}, {"name": "champion", "type": "bool"}],
"value": {"factors": [{"name": "r", "weight": 1, "expr": "` + expr + `", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]},
"potential": {"factors": [` + hostileFactor + `]}}`
}

// TestCheckReportsEverything: Check reports the problems behind a misspelt
// key too, in the order of the text (issue 23: a misspelt key hid a type
// error and a broken curve).
func TestCheckReportsEverything(t *testing.T) {
	data, err := os.ReadFile("../cmd/prioritize/testdata/three-problems.json")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range policydoc.Problems(policydoc.Check(data, rules.Options{})) {
		var pe *policydoc.Error
		if !errors.As(e, &pe) {
			t.Fatalf("not a *policydoc.Error: %v", e)
		}
		got = append(got, fmt.Sprintf("%d:%d %s %v", pe.Line, pe.Column, pe.Path, pe.Kind))
	}
	want := []string{
		`9:27 value.factors[0] "revenue".wieght unknown field`,
		`10:45 value.factors[1] "plan".expr invalid expression`,
		`15:63 potential.factors[0] "growth".curve invalid policy`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	// A document Parse accepts and Compile too: nothing.
	if err := policydoc.Check([]byte(typedDoc("mrr")), rules.Options{}); err != nil {
		t.Errorf("a good document: %v", err)
	}
	// JSON that does not parse: Parse's error alone.
	if err := policydoc.Check([]byte(`{"value": `), rules.Options{}); !errors.Is(err, policydoc.ErrSyntax) {
		t.Errorf("bad JSON: %v", err)
	}
}

// TestDocumentFailuresRecorded: a priority or ARR expression that fails
// for an account is recorded on its assessment, not taken for unrated
// without a reason or for an ARR of 0 (issue 23), and so is a segment
// condition or a bound's condition that fails.
func TestDocumentFailuresRecorded(t *testing.T) {
	doc, err := policydoc.Parse([]byte(`{` + mistakeFields + `,
"value": {"factors": [` + hostileFactor + `], "bounds": [{"name": "odd cap", "when": "int(mrr * 1e300) > 0", "cap": 10}]}, "potential": {"factors": [` + hostileFactor + `]},
"priority": "int(value * 1e300)", "arr": "int(mrr * 1e300)",
"segments": [{"name": "odd", "when": "int(mrr * 1e300) > 0"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := policydoc.CompileRecords(doc, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	as := p.Assess(policydoc.Record{"id": "a", "mrr": 50.0, "plan": "pro"})
	var got []string
	for _, f := range as.Failed {
		got = append(got, f.Factor)
	}
	if diff := cmp.Diff([]string{"segment/odd", "value/odd cap", "arr", "priority"}, got); diff != "" || as.Rated || as.Unrated != "the priority expression failed" {
		t.Errorf("rated %v (%q); failed (-want +got):\n%s", as.Rated, as.Unrated, diff)
	}
}

// TestReaders: the rules that read a field, by place (issue 23: a rule
// that read the outcome gave a backtest AUC of 0.975 and no warning).
func TestReaders(t *testing.T) {
	doc, err := policydoc.Parse([]byte(`{"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}, {"name": "churn", "type": "bool"}],
"value": {"factors": [` + hostileFactor + `, {"name": "risk", "weight": 1, "expr": "churn ? 100 : 0", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]},
"potential": {"factors": [{"name": "g", "weight": 1, "group": {"factors": [{"name": "inner", "weight": 1, "expr": "mrr + (churn ? 1 : 0)", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]}}]},
"segments": [{"name": "lost", "when": "churn"}, {"name": "big", "when": "mrr > 1000"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{`value.factors[1] "risk".expr`, `potential.factors[0] "g".group.factors[0] "inner".expr`, `segments[0] "lost".when`}
	if diff := cmp.Diff(want, doc.Readers("churn")); diff != "" {
		t.Errorf("Readers(churn) (-want +got):\n%s", diff)
	}
	if got := doc.Readers("plan"); got != nil {
		t.Errorf("Readers(plan) = %q", got)
	}
}

// TestDocumentAsOf: a document may say the date its rules read as today;
// a host's clock wins over it (issue 27).
func TestDocumentAsOf(t *testing.T) {
	src := `{"as_of": "2026-11-01", "fields": [{"name": "id", "type": "string"}, {"name": "renewal", "type": "date"}],
 "value": {"factors": [{"name": "t", "weight": 1, "expr": "days_until(renewal)", "curve": {"kind": "falling", "lo": 0, "hi": 365}}]},
 "potential": {"factors": [{"name": "t", "weight": 1, "expr": "days_until(renewal)", "curve": {"kind": "falling", "lo": 0, "hi": 365}}]}}`
	doc, err := policydoc.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	rec := policydoc.Record{"id": "a", "renewal": time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)}
	p, err := policydoc.CompileRecords(doc, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// As of 2026-11-01, 60 days: 100 x (365 - 60) / 365 = 83.5616...
	if as := p.Assess(rec); math.Abs(as.Value-100*305.0/365) > 1e-9 {
		t.Errorf("as of the document's date: value %v, want %v", as.Value, 100*305.0/365)
	}
	// A host's clock wins: as of 2026-12-01, 30 days: 100 x 335 / 365.
	dec1 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	p, err = policydoc.CompileRecords(doc, rules.Options{Clock: func() time.Time { return dec1 }})
	if err != nil {
		t.Fatal(err)
	}
	if as := p.Assess(rec); math.Abs(as.Value-100*335.0/365) > 1e-9 {
		t.Errorf("as of the host's clock: value %v, want %v", as.Value, 100*335.0/365)
	}
	bad := strings.Replace(src, `"2026-11-01"`, `"11/01/2026"`, 1)
	if got := compileDoc(bad); len(got) == 0 || !strings.Contains(got[0], `as_of (line 1, column 11): invalid value: "11/01/2026" is neither a date (YYYY-MM-DD) nor a declared date field`) {
		t.Errorf("a bad as_of: %q", got)
	}
}

// TestDocumentAsOfField: an as_of that names a date field makes each
// account's rules read its own date as today: factors, segment conditions
// and bounds alike (issue 27).
func TestDocumentAsOfField(t *testing.T) {
	src := `{"as_of": "snapshot", "fields": [{"name": "id", "type": "string"}, {"name": "renewal", "type": "date"}, {"name": "snapshot", "type": "date"}],
 "value": {"factors": [{"name": "t", "weight": 1, "expr": "days_until(renewal)", "curve": {"kind": "falling", "lo": 0, "hi": 365}}],
   "bounds": [{"name": "lapsed", "when": "days_until(renewal) < 0", "cap": 10}]},
 "potential": {"factors": [{"name": "t", "weight": 1, "expr": "days_until(renewal)", "curve": {"kind": "falling", "lo": 0, "hi": 365}}]},
 "segments": [{"name": "soon", "when": "days_until(renewal) <= 30", "mix": {"value": 1, "potential": 0}}]}`
	doc, err := policydoc.Parse([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	p, err := policydoc.CompileRecords(doc, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	day := func(m, d int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	renewal := day(12, 31)
	for _, tc := range []struct {
		snapshot time.Time
		value    float64
		segment  string
	}{
		{day(11, 1), 100 * 305.0 / 365, "default"}, // 60 days: 100 x (365 - 60) / 365
		{day(12, 1), 100 * 335.0 / 365, "soon"},    // 30 days: in the segment
	} {
		as := p.Assess(policydoc.Record{"id": "a", "renewal": renewal, "snapshot": tc.snapshot})
		if math.Abs(as.Value-tc.value) > 1e-9 || as.Segment != tc.segment {
			t.Errorf("as of %v: value %v in %q, want %v in %q", tc.snapshot.Format(time.DateOnly), as.Value, as.Segment, tc.value, tc.segment)
		}
	}
	// Renewal passed as of the snapshot: the bound caps value at 10.
	if as := p.Assess(policydoc.Record{"id": "b", "renewal": day(11, 1), "snapshot": day(11, 20)}); as.Value != 10 {
		t.Errorf("lapsed: value %v, want the cap 10", as.Value)
	}
}
