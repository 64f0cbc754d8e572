package policydoc_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"pgregory.net/rapid"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/score"
)

const freshDoc = `{"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}, {"name": "nps", "type": "number"},
  {"name": "nps_date", "type": "date"}, {"name": "as_of", "type": "date"}],
 "value": {"factors": [
  {"name": "revenue", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 1000}},
  {"name": "nps", "weight": 1, "expr": "nps", "curve": {"kind": "linear", "lo": -100, "hi": 100}, "fresh": {"observed": "nps_date", "max_age": "14d"}}]},
 "potential": {"factors": [{"name": "p", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 1000}}]}}`

// freshAcct is the same account as a Go struct, for the Go version.
type freshAcct struct {
	ID      string    `expr:"id"`
	MRR     float64   `expr:"mrr"`
	NPS     float64   `expr:"nps"`
	NPSDate time.Time `expr:"nps_date"`
	AsOf    time.Time `expr:"as_of"`
}

// freshGo is the document's policy written in Go with score.Fresh.
func freshGo(t *testing.T) *prioritize.Policy[freshAcct] {
	t.Helper()
	lin := func(lo, hi float64) score.Curve { c, _ := score.Linear(lo, hi); return c }
	rev := score.Metric[freshAcct](func(a freshAcct) float64 { return a.MRR }, lin(0, 1000))
	nps, err := score.Fresh[freshAcct](score.Metric[freshAcct](func(a freshAcct) float64 { return a.NPS }, lin(-100, 100)),
		func(a freshAcct) time.Time { return a.NPSDate }, func(a freshAcct) time.Time { return a.AsOf }, 14*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	value, err := score.Weighted(score.Options{}, score.Factor[freshAcct]{Name: "revenue", Weight: 1, Scorer: rev}, score.Factor[freshAcct]{Name: "nps", Weight: 1, Scorer: nps})
	if err != nil {
		t.Fatal(err)
	}
	potential, err := score.Weighted(score.Options{}, score.Factor[freshAcct]{Name: "p", Weight: 1, Scorer: rev})
	if err != nil {
		t.Fatal(err)
	}
	p, err := prioritize.New(prioritize.Config[freshAcct]{ID: func(a freshAcct) string { return a.ID }, Value: value, Potential: potential})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFreshnessLikeGo: a document's fresh factor rates as score.Fresh in
// Go, on generated accounts: the same ratings, the same stale and failed
// counts in Diagnose (issue 23: freshness existed only in Go).
func TestFreshnessLikeGo(t *testing.T) {
	doc, err := policydoc.Parse([]byte(freshDoc))
	if err != nil {
		t.Fatal(err)
	}
	fromDoc, err := policydoc.CompileRecords(doc, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	inGo := freshGo(t)
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "n")
		var recs []policydoc.Record
		var accts []freshAcct
		for i := range n {
			a := freshAcct{ID: string(rune('a'+i%26)) + string(rune('0'+i/26)), MRR: rapid.Float64Range(0, 1000).Draw(t, "mrr"),
				NPS: rapid.Float64Range(-100, 100).Draw(t, "nps"), AsOf: asOf}
			switch rapid.IntRange(0, 3).Draw(t, "date") {
			case 0: // blank: not known, fresh
			case 1:
				a.NPSDate = asOf.AddDate(0, 0, -rapid.IntRange(0, 40).Draw(t, "age"))
			case 2:
				a.NPSDate = asOf.AddDate(0, 0, rapid.IntRange(1, 5).Draw(t, "ahead")) // after the as-of: a failure
			case 3:
				a.NPSDate = asOf.AddDate(0, 0, -14) // at the limit: fresh
			}
			rec := policydoc.Record{"id": a.ID, "mrr": a.MRR, "nps": a.NPS, "as_of": a.AsOf}
			if !a.NPSDate.IsZero() {
				rec["nps_date"] = a.NPSDate
			}
			recs, accts = append(recs, rec), append(accts, a)
		}
		type rating struct {
			Value, Priority float64
			Rated           bool
			Failed          int
		}
		for i := range recs {
			d, g := fromDoc.Assess(recs[i]), inGo.Assess(accts[i])
			if diff := cmp.Diff(rating{g.Value, g.Priority, g.Rated, len(g.Failed)}, rating{d.Value, d.Priority, d.Rated, len(d.Failed)},
				cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Fatalf("account %d (nps_date %v) (-go +doc):\n%s", i, accts[i].NPSDate, diff)
			}
		}
		dd, gd := fromDoc.Diagnose(recs), inGo.Diagnose(accts)
		count := func(d prioritize.Diagnosis) map[string][2]int {
			out := map[string][2]int{}
			for _, f := range d.Factors {
				out[f.Factor] = [2]int{f.Stale, f.Failed}
			}
			return out
		}
		if diff := cmp.Diff(count(gd), count(dd)); diff != "" {
			t.Fatalf("Diagnose stale and failed (-go +doc):\n%s", diff)
		}
	})
}

// TestFreshnessMistakes: a fresh factor must name declared date fields.
func TestFreshnessMistakes(t *testing.T) {
	bad := `{"fields": [{"name": "id", "type": "string"}, {"name": "nps", "type": "number"}, {"name": "as_of", "type": "string"}],
 "value": {"factors": [{"name": "nps", "weight": 1, "expr": "nps", "curve": {"kind": "linear", "lo": -100, "hi": 100}, "fresh": {"observed": "nps_date", "max_age": "0s"}}]},
 "potential": {"factors": [{"name": "p", "weight": 1, "expr": "nps", "curve": {"kind": "linear", "lo": 0, "hi": 1}}]}}`
	want := []string{
		`policydoc: value.factors[0] "nps".fresh.observed (line 2, column 142): invalid policy: no field is named "nps_date": declare it, a date`,
		`policydoc: value.factors[0] "nps".fresh (line 2, column 129): invalid policy: the field "as_of" is a string, not a date`,
		`policydoc: value.factors[0] "nps".fresh.max_age (line 2, column 165): invalid policy: 0s: an age is a duration above 0 ("14d")`,
	}
	if diff := cmp.Diff(want, compileDoc(bad)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}
