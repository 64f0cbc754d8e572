package policydoc_test

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/tier"
)

var (
	asOf  = prioritizetest.AsOf
	acme  = prioritizetest.Acme
	beta  = prioritizetest.Beta
	gamma = prioritizetest.Gamma
	delta = prioritizetest.Delta
)

// generate draws n reference accounts, the same every run.
func generate(n int) []*prioritize.Account {
	g := prioritizetest.Account()
	out := make([]*prioritize.Account, n)
	for i := range out {
		out[i] = g.Example(i)
	}
	return out
}

func defaultDocument(t *testing.T) policydoc.Document {
	t.Helper()
	data, err := os.ReadFile("testdata/default-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := policydoc.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestDocumentMatchesDefault: the default policy written as a document of
// expressions assesses every account as Default does.
func TestDocumentMatchesDefault(t *testing.T) {
	p, err := policydoc.Compile(defaultDocument(t), func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := prioritize.Default()
	accounts := append(generate(2000), acme(), beta(), gamma(), delta())
	ignore := cmpopts.IgnoreFields(prioritize.Assessment{}, "Policy")
	for _, a := range accounts {
		if diff := cmp.Diff(d.Assess(a), p.Assess(a), ignore, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
			t.Fatalf("%s (-Default +document):\n%s", a.ID, diff)
		}
	}
	if as := p.Assess(acme()); as.Priority != 83.875 || as.ARR != 60000 {
		t.Errorf("acme from the document: %+v", as)
	}
	// Its triggers fire as the default's do.
	prev, cur := beta(), beta()
	prev.UsagePct, cur.UsagePct = 62, 41
	m := p.Reassess(prev, cur, prioritize.State{Position: tier.Position{}}, asOf)
	if len(m.Fired) != 1 || m.Fired[0].Rule != "usage decline" {
		t.Errorf("fired %+v", m.Fired)
	}
	// and hold as the default's do: tier 2 for 30 days.
	want := tier.Position{Rank: 2, Since: asOf, Floors: []tier.Floor{{Rank: 2, Until: asOf.Add(720 * time.Hour), By: "usage decline"}}}
	if diff := cmp.Diff(want, m.Position); diff != "" {
		t.Errorf("position (-want +got):\n%s", diff)
	}
}

func TestDocumentErrors(t *testing.T) {
	doc := defaultDocument(t)
	doc.Value.Factors[1].Expr = "tenure_monts"
	doc.Value.Factors[2].Curve.Points[2][1] = 30 // not ascending
	doc.Value.Factors[3].Weight = -1
	doc.Potential.Factors[0].Curve.Kind = "spline"
	doc.Segments[0].When = "stage = 'renewal'"
	doc.Triggers[1].Effect = 0
	doc.Tiers = []tier.Tier{{Rank: 1, Name: "all", Min: 10, Max: 100, AccountsPerCSM: 40}}
	_, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{
		`value.factors[1] "tenure".expr (line 8, column 50): invalid expression: rules: rule "tenure": line 1, column 1: unknown name: "tenure_monts" (did you mean "tenure_months"?)`,
		`value.factors[2] "engagement".curve (line 11, column 17): invalid policy: score: Piecewise: point 2: not monotone`,
		`value.factors[3] "strategic".weight (line 12, column 39): invalid policy: -1: a weight is a finite number, 0 or more`,
		`potential.factors[0] "expansion".curve (line 19, column 17): invalid policy: kind "spline"`,
		`segments[0] "renewal".when (line 30, column 33): invalid expression: rules: rule "renewal": line 1, column 7`,
		`triggers[1] "champion departure" (line 37, column 5): invalid policy: trigger: rule "champion departure": invalid trigger rule: unknown effect 0`,
		`tiers[0] "all": invalid policy: tier: "all": gap: nothing covers [0, 10)`,
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q", want)
		}
	}
	if n := len(err.(interface{ Unwrap() []error }).Unwrap()); n != 7 {
		t.Errorf("%d problems reported, want all 7:\n%v", n, err)
	}
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{`{"value": {"factors": []}, "potnetial": {}}`, `potnetial (line 1, column 28): unknown field: "potnetial" (did you mean "potential"?)`},
		{`{"value": 3}`, "value (line 1, column 11): wrong type: want an object, not 3"},
		{`{} {}`, "(line 1, column 4): invalid JSON: data after the document"},
		{`{"triggers": [{"name": "x", "cooldown": "a week"}]}`, `duration "a week": want a number of days (7d), weeks (2w) or a Go duration (36h)`},
		{`{"value": {"missing": "guess"}}`, `unknown missing-data policy "guess"`},
		{`{"triggers": [{"name": "x", "effect": "panic"}]}`, `unknown effect "panic"`},
		{`{"tiers": [{"touch": "loud"}]}`, `unknown touch model "loud"`},
	} {
		_, err := policydoc.Parse([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.in, err, tc.want)
		}
	}
	var syntax *json.SyntaxError
	if _, err := policydoc.Parse([]byte(`{"value": `)); err == nil || errors.As(err, &syntax) && syntax.Offset == 0 {
		t.Errorf("truncated document: %v", err)
	}
}

// FuzzDocument: any input is a document or an error, and any document
// compiles into a policy or an error; nothing panics, and a policy rates
// within [0, 100].
func FuzzDocument(f *testing.F) {
	data, err := os.ReadFile("testdata/default-policy.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"value": {"factors": [{"name": "a", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 1}}]}}`))
	f.Add([]byte(`{"tiers": [{"rank": 1, "name": "x", "min": 0, "max": 100, "accounts_per_csm": 1, "touch": "high"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := policydoc.Parse(data)
		if err != nil {
			return
		}
		p, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
		if err != nil {
			return
		}
		for _, a := range []*prioritize.Account{acme(), delta(), {ID: "empty"}} {
			as := p.Assess(a)
			for _, r := range []float64{as.Value, as.Potential, as.Priority} {
				if math.IsNaN(r) || r < 0 || r > 100 {
					t.Fatalf("%s: rating %v from %s", a.ID, r, data)
				}
			}
		}
	})
}

// TestDuration: durations as ops write them, in days and weeks, or as Go
// writes them; whole days write back as days.
func TestDuration(t *testing.T) {
	day := 24 * time.Hour
	for _, tc := range []struct {
		in   string
		want time.Duration
		out  string
	}{
		{"7d", 7 * day, "7d"},
		{"2w", 14 * day, "14d"},
		{"1.5d", 36 * time.Hour, "36h0m0s"},
		{"36h", 36 * time.Hour, "36h0m0s"},
		{"720h", 30 * day, "30d"},
		{"", 0, "0s"},
	} {
		var d policydoc.Duration
		if err := d.UnmarshalText([]byte(tc.in)); err != nil || time.Duration(d) != tc.want {
			t.Errorf("%q: %v, %v; want %v", tc.in, time.Duration(d), err, tc.want)
			continue
		}
		if out, _ := d.MarshalText(); string(out) != tc.out {
			t.Errorf("%q writes %q, want %q", tc.in, out, tc.out)
		}
	}
	for _, bad := range []string{"7days", "-1d", "d", "1e300w"} {
		var d policydoc.Duration
		if err := d.UnmarshalText([]byte(bad)); err == nil {
			t.Errorf("%q decoded to %v", bad, time.Duration(d))
		}
	}
}

// TestFingerprint: a document's fingerprint survives a round trip through
// Parse and json.Marshal, and any spacing or order of keys; it changes with
// any weight; Compile stamps it on assessments and movements.
func TestFingerprint(t *testing.T) {
	data, err := os.ReadFile("testdata/default-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := policydoc.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	fp := doc.Fingerprint()
	written, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	again, err := policydoc.Parse(written)
	if err != nil || again.Fingerprint() != fp {
		t.Errorf("round trip: %v, %s != %s", err, again.Fingerprint(), fp)
	}
	// The same document with its keys reordered and other spacing.
	var generic map[string]any
	if err := json.Unmarshal(data, &generic); err != nil {
		t.Fatal(err)
	}
	reordered, _ := json.MarshalIndent(generic, "", "\t") // keys sorted, tabs
	if doc2, err := policydoc.Parse(reordered); err != nil || doc2.Fingerprint() != fp {
		t.Errorf("reordered: %v, fingerprint changed", err)
	}
	for i := range doc.Value.Factors {
		changed, _ := policydoc.Parse(data)
		changed.Value.Factors[i].Weight += 0.01
		if changed.Fingerprint() == fp {
			t.Errorf("changing the weight of value factor %d kept the fingerprint", i)
		}
	}
	p, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if as := p.Assess(acme()); as.Policy != fp || !strings.HasPrefix(fp, "sha256:") || len(fp) != 71 {
		t.Errorf("assessment stamped %q, want %q", as.Policy, fp)
	}
	if m := p.Reassess(acme(), acme(), prioritize.State{}, asOf); m.Policy != fp {
		t.Errorf("movement stamped %q", m.Policy)
	}
}

// TestTestdata: every document under testdata/valid compiles, and every one
// under testdata/invalid (which the JSON Schema refuses too) is refused by
// Parse or Compile.
func TestTestdata(t *testing.T) {
	id := func(a *prioritize.Account) string { return a.ID }
	for _, dir := range []string{"valid", "invalid"} {
		paths, _ := filepath.Glob(filepath.Join("testdata", dir, "*.json"))
		if len(paths) == 0 {
			t.Fatalf("no documents in testdata/%s", dir)
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := policydoc.Parse(data)
			if err == nil {
				_, err = policydoc.Compile(doc, id, rules.Options{})
			}
			if (err == nil) != (dir == "valid") {
				t.Errorf("%s: %v", p, err)
			}
		}
	}
}
