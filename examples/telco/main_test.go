package main

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/outcome"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/score/scoretest"
)

// dataPath is the real dataset: $PRIORITIZE_TELCO (which .ci/run sets),
// or the project's ../shared/data beside this checkout.
func dataPath() string {
	if p := os.Getenv("PRIORITIZE_TELCO"); p != "" {
		return p
	}
	return filepath.Join("..", "..", DefaultData)
}

// data opens the real dataset, or skips when this checkout has no shared
// data beside it; under CI (CI=true) the dataset must be there.
func data(t *testing.T) []Customer {
	t.Helper()
	path := dataPath()
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the Telco sample is missing under CI: %v", err)
		}
		t.Skipf("no dataset at %s: set PRIORITIZE_TELCO to the IBM Telco CSV (Telco-Customer-Churn.csv) to run the tests on real data", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	customers, err := Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return customers
}

// TestRealData checks the reading and the ranking of the 7,043 customers
// against the facts the dataset's README states.
func TestRealData(t *testing.T) {
	customers := data(t)
	// README: 7,043 rows; Churn 1,869 Yes; Contract 3,875 / 1,473 / 1,695;
	// TotalCharges blank in 11 rows, all with tenure 0.
	contracts := map[string]int{}
	churned, blank, blankTenure0 := 0, 0, 0
	for _, c := range customers {
		contracts[c.Contract]++
		if c.Churned {
			churned++
		}
		if math.IsNaN(c.TotalCharges) {
			blank++
			if c.Tenure == 0 {
				blankTenure0++
			}
		}
		if c.Services < 0 || c.Services > 9 { // nine service columns
			t.Fatalf("%s holds %v services", c.ID, c.Services)
		}
	}
	if len(customers) != 7043 || churned != 1869 || blank != 11 || blankTenure0 != 11 {
		t.Errorf("%d customers, %d churned, %d blank TotalCharges (%d at tenure 0); want 7043, 1869, 11 (11)", len(customers), churned, blank, blankTenure0)
	}
	if diff := cmp.Diff(map[string]int{"Month-to-month": 3875, "One year": 1473, "Two year": 1695}, contracts); diff != "" {
		t.Errorf("contracts (-README +read):\n%s", diff)
	}

	p, err := Policy()
	if err != nil {
		t.Fatal(err)
	}
	r, ranked, err := Analyze(customers, p)
	if err != nil {
		t.Fatal(err)
	}
	// Nothing lost: every customer is in exactly one tier and one quadrant.
	tiers, quads := Group{}, Group{}
	for _, g := range r.ByTier {
		tiers.Customers, tiers.Churned = tiers.Customers+g.Customers, tiers.Churned+g.Churned
	}
	for _, g := range r.ByQuadrant {
		quads.Customers, quads.Churned = quads.Customers+g.Customers, quads.Churned+g.Churned
	}
	want := Group{7043, 1869}
	if r.All != want || tiers != want || quads != want || r.Unrated != 0 {
		t.Errorf("all %+v, tiers %+v, quadrants %+v, unrated %d; want %+v each", r.All, tiers, quads, r.Unrated, want)
	}
	// Real data through the policy: bounds, determinism, and the same
	// ranking with one worker as with many.
	for _, c := range customers {
		scoretest.Bounds(t, p.Config().Value, c)
		scoretest.Bounds(t, p.Config().Potential, c)
	}
	one, err := p.Rank(context.Background(), customers, prioritize.RankOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(one, ranked); diff != "" {
		t.Errorf("one worker vs many (-one +many):\n%s", diff)
	}
}

func TestRun(t *testing.T) {
	data(t) // skips without the dataset
	var out bytes.Buffer
	if err := run(dataPath(), &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"7043 customers, 1869 churned (26.5%), 0 unrated", "quadrant", "Capacity plan", "How well the ratings separate churn", "AUC out of sample", "What if:", "value/tenure"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestReadErrors(t *testing.T) {
	in := "customerID,tenure,MonthlyCharges,TotalCharges,Contract,PaperlessBilling,PaymentMethod,Churn\n" +
		"a,1,29.85,29.85,Month-to-month,Yes,Electronic check,No\n" +
		"b,x,29.85, ,One year,No,Mailed check,Yes\n" +
		"c,3,,10,Two year,No,Mailed check,No\n"
	_, err := Read(strings.NewReader(in))
	for _, want := range []string{`line 3, column 3 (tenure): "x" is not a number`, `line 4, column 5 (MonthlyCharges): "" is not a number`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q: %v", want, err)
		}
	}
	if _, err := Read(strings.NewReader("customerID,tenure\n")); err == nil || !strings.Contains(err.Error(), "no MonthlyCharges column") {
		t.Errorf("missing column: %v", err)
	}
	if err := run("/no/such/file.csv", &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "-data") {
		t.Errorf("missing file: %v", err)
	}
}

// TestBacktestOnRealData: the backtest's churn AUC of each rating equals
// the share of (churner, stayer) pairs in which the churner is rated
// higher, ties counting half, counted here pair by pair over the 1,869 x
// 5,174 pairs.
func TestBacktestOnRealData(t *testing.T) {
	customers := data(t)
	p, err := Policy()
	if err != nil {
		t.Fatal(err)
	}
	ranked, err := p.Rank(context.Background(), customers, prioritize.RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bt := outcome.Backtest(ranked, Outcomes(customers), p.Ladder(), 1)
	if bt.Accounts != 7043 || bt.Unrated != 0 || len(bt.Churn) != 3 {
		t.Fatalf("backtest of %d accounts (%d unrated), %d scores", bt.Accounts, bt.Unrated, len(bt.Churn))
	}
	churned := map[string]bool{}
	for _, c := range customers {
		churned[c.ID] = c.Churned
	}
	for i, get := range []func(prioritize.Assessment) float64{
		func(as prioritize.Assessment) float64 { return as.Priority },
		func(as prioritize.Assessment) float64 { return as.Value },
		func(as prioritize.Assessment) float64 { return as.Potential },
	} {
		var pos, neg []float64
		for _, as := range ranked {
			if churned[as.ID] {
				pos = append(pos, get(as))
			} else {
				neg = append(neg, get(as))
			}
		}
		var pairs float64
		for _, x := range pos {
			for _, y := range neg {
				switch {
				case x > y:
					pairs++
				case x == y:
					pairs += 0.5
				}
			}
		}
		want := pairs / float64(len(pos)*len(neg))
		d := bt.Churn[i]
		if len(pos) != 1869 || math.Abs(d.AUC-want) > 1e-9 || !(d.CI.Lo <= d.AUC && d.AUC <= d.CI.Hi) {
			t.Errorf("%s: AUC %v in [%v, %v]; pair by pair %v over %d churners", d.Score, d.AUC, d.CI.Lo, d.CI.Hi, want, len(pos))
		}
	}
}

// TestTuneOnRealData: the tuned value axis does better out of sample than
// the hand-written one, and the tuned document (Apply) compiles to a policy
// that rates every customer as the tuned policy does.
func TestTuneOnRealData(t *testing.T) {
	customers := data(t)
	p, err := Policy()
	if err != nil {
		t.Fatal(err)
	}
	tu, err := TuneValue(customers, p)
	if err != nil {
		t.Fatal(err)
	}
	if !(tu.OutOfSample.New > tu.OutOfSample.Old) {
		t.Errorf("out of sample %+v: no gain", tu.OutOfSample)
	}
	doc, err := policydoc.Parse(policyJSON)
	if err != nil {
		t.Fatal(err)
	}
	tuned, err := tu.Apply(doc)
	if err != nil {
		t.Fatal(err)
	}
	if tuned.Fingerprint() == doc.Fingerprint() || doc.Value.Factors[0].Weight != 40 {
		t.Errorf("the tuned document has the old fingerprint, or the old document changed (revenue weight %v)", doc.Value.Factors[0].Weight)
	}
	q, err := policydoc.Compile(tuned, func(c Customer) string { return c.ID }, rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range customers {
		a, b := tu.Policy.Assess(c), q.Assess(c)
		if math.Abs(a.Priority-b.Priority) > 1e-9 || a.Tier.Rank != b.Tier.Rank {
			t.Fatalf("%s: tuned policy %v (tier %d), tuned document %v (tier %d)", c.ID, a.Priority, a.Tier.Rank, b.Priority, b.Tier.Rank)
		}
	}
}

// BenchmarkTune tunes the value axis over the 7,043 customers (5 folds).
func BenchmarkTune(b *testing.B) {
	f, err := os.Open(dataPath())
	if err != nil {
		b.Skip(err)
	}
	customers, err := Read(f)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	p, err := Policy()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for range b.N {
		if _, err := TuneValue(customers, p); err != nil {
			b.Fatal(err)
		}
	}
}
