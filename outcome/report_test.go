package outcome_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/outcome"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/tier"
)

// framework is the backtest of TestBacktestByHand: acme (tier 1) expanded
// 60,000 -> 72,000, beta (tier 2) stayed at 12,000, gamma (tier 3) and
// delta (tier 4) churned from 60,000 and 12,000.
func framework(t *testing.T) outcome.Report {
	t.Helper()
	p := prioritize.Default()
	var as []prioritize.Assessment
	for _, a := range []*prioritize.Account{prioritizetest.Acme(), prioritizetest.Beta(), prioritizetest.Gamma(), prioritizetest.Delta()} {
		as = append(as, p.Assess(a))
	}
	return outcome.Backtest(as, []outcome.Outcome{
		{Account: "acme", Expanded: true, RevenueBefore: 60000, RevenueAfter: 72000},
		{Account: "beta", RevenueBefore: 12000, RevenueAfter: 12000},
		{Account: "gamma", Churned: true, RevenueBefore: 60000},
		{Account: "delta", Churned: true, RevenueBefore: 12000},
	}, p.Ladder(), 1)
}

// TestSummarize: revenue before 60,000 + 12,000 + 60,000 + 12,000 =
// 144,000; after 72,000 + 12,000 = 84,000: NRR 84/144 = 0.58333. Kept
// (never above before) 60,000 + 12,000 = 72,000: GRR 72/144 = 0.5. Tier 1
// is acme: expansion 1, churn 0. A plan of 144,000 ARR over 4 CSMs: 36,000
// per CSM.
func TestSummarize(t *testing.T) {
	got := outcome.Summarize(framework(t), tier.Plan{CSMs: 4, ARR: 144000, HasARR: true})
	want := outcome.Period{Tier1Expansion: 1, Tier1Churn: 0, NRR: 84.0 / 144, GRR: 0.5, ARRPerCSM: 36000}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Summarize (-want +got):\n%s", diff)
	}
	if got := outcome.Summarize(outcome.Report{}, tier.Plan{CSMs: 4}); got != (outcome.Period{}) {
		t.Errorf("an empty period: %+v, want zeros", got)
	}
}

// TestBeforeAfter: the framework's table form, change = after - before.
func TestBeforeAfter(t *testing.T) {
	before := outcome.Period{Tier1Expansion: 0.2, Tier1Churn: 0.1, NRR: 1.05, GRR: 0.9, ARRPerCSM: 1_000_000}
	after := outcome.Period{Tier1Expansion: 0.35, Tier1Churn: 0.04, NRR: 1.12, GRR: 0.93, ARRPerCSM: 1_250_000}
	c := outcome.BeforeAfter(before, after)
	if len(c) != 5 || c[0].Metric != "tier 1 expansion rate" || c[4].Change != 250_000 {
		t.Fatalf("table %+v", c)
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	want := `metric                   before   after    change
tier 1 expansion rate    0.200    0.350    +0.150
tier 1 churn rate        0.100    0.040    -0.060
net revenue retention    1.050    1.120    +0.070
gross revenue retention  0.900    0.930    +0.030
ARR per CSM              1000000  1250000  +250000
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}

// TestReportOutputs: the text names every group, the CSV reads back at
// full precision, and the JSON holds the same rows.
func TestReportOutputs(t *testing.T) {
	r := framework(t)
	var text bytes.Buffer
	n, err := r.WriteTo(&text)
	if err != nil || n != int64(text.Len()) {
		t.Fatalf("WriteTo: %d bytes counted, %d written, %v", n, text.Len(), err)
	}
	for _, line := range []string{
		"4 accounts with an outcome, 0 unrated",
		"tier  accounts  churned  churn rate",
		"1     1         0        0.000       1         1.000           60000           72000          1.200  1.000",
		"churn monotone across tiers: true",
		"priority",
	} {
		if !strings.Contains(text.String(), line) {
			t.Errorf("text lacks %q:\n%s", line, text.String())
		}
	}
	var buf bytes.Buffer
	if err := r.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Header, 4 tiers, 4 quadrants, 1 segment, 4 grades.
	if want := 1 + 4 + 4 + 1 + 4; len(recs) != want {
		t.Fatalf("%d CSV records, want %d", len(recs), want)
	}
	// Tier 1 is acme: ARR 12 x 5,000 = 60,000; 1 CSM at 15 accounts each.
	if diff := cmp.Diff([]string{"tier", "1", "1", "0", "0", "1", "1", "60000", "72000", "1.2", "1", "60000", "1", "60000"}, recs[1]); diff != "" {
		t.Errorf("CSV tier 1 (-want +got):\n%s", diff)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back outcome.Report
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(r, back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
}

// TestNamedOutcomes: "upsold" (acme 1, beta 0, gamma 0, delta not
// observed) and "nps_change" (acme 10, beta -5, gamma NaN, delta 2).
// Tier 1 (acme): upsold 1, nps change 10. The default segment: upsold
// 1/3, nps change (10 - 5 + 2) / 3 = 7/3. Upsold is boolean: over acme,
// beta and gamma (priorities 83.875, 65, 57.5) the one upsold ranks first,
// AUC 1. nps_change is not boolean: no discrimination.
func TestNamedOutcomes(t *testing.T) {
	p := prioritize.Default()
	var as []prioritize.Assessment
	for _, a := range []*prioritize.Account{prioritizetest.Acme(), prioritizetest.Beta(), prioritizetest.Gamma(), prioritizetest.Delta()} {
		as = append(as, p.Assess(a))
	}
	r := outcome.Backtest(as, []outcome.Outcome{
		{Account: "acme", Other: map[string]float64{"upsold": 1, "nps_change": 10}},
		{Account: "beta", Other: map[string]float64{"upsold": 0, "nps_change": -5}},
		{Account: "gamma", Other: map[string]float64{"upsold": 0, "nps_change": math.NaN()}},
		{Account: "delta", Other: map[string]float64{"nps_change": 2}},
	}, p.Ladder(), 1)
	if diff := cmp.Diff(map[string]float64{"upsold": 1, "nps_change": 10}, r.ByTier[0].Other); diff != "" {
		t.Errorf("tier 1 (-want +got):\n%s", diff)
	}
	seg := r.BySegment[0].Other
	if math.Abs(seg["upsold"]-1.0/3) > 1e-12 || math.Abs(seg["nps_change"]-7.0/3) > 1e-12 {
		t.Errorf("segment: %v", seg)
	}
	if d := r.Other["upsold"]; len(d) == 0 || d[0].Score != "priority" || d[0].AUC != 1 {
		t.Errorf("upsold: %+v", d)
	}
	if _, ok := r.Other["nps_change"]; ok {
		t.Errorf("nps_change is not boolean: %+v", r.Other)
	}
}
