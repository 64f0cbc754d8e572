package prioritize_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/score"
)

// diagAccount is an account of a platform whose policy is broken in four
// ways at once.
type diagAccount struct {
	ID        string  `expr:"id"`
	MRR       float64 `expr:"mrr"`
	SeatsUsed int     `expr:"seats_used"`
	SeatLimit int     `expr:"seat_limit"` // never filled: 0 for every account
	Plan      string  `expr:"plan"`
	NPS       float64 `expr:"nps"` // never answered: NaN
}

// brokenPolicy has one healthy factor (revenue) and one broken factor of
// each kind: seats fails (divides by the empty seat limit), nps is always
// missing, fit is constant, and plan's table misspells a level.
func brokenPolicy(t *testing.T) *prioritize.Policy[diagAccount] {
	t.Helper()
	seats, err := rules.CompileNumber[diagAccount]("seats", "seats_used / seat_limit * 100", rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	plan := score.Must(score.Category(func(a diagAccount) string { return a.Plan },
		map[string]float64{"enterprise": 90, "smb": 40}, 20))
	value := score.Must(score.Weighted(score.Options{},
		score.Weigh("revenue", 1, score.Metric(func(a diagAccount) float64 { return a.MRR }, score.Must(score.Linear(0, 10000)))),
		score.Weigh("seats", 1, seats.Metric(score.Must(score.Linear(0, 100)))),
	))
	potential := score.Must(score.Weighted(score.Options{},
		score.Weigh("nps", 1, score.Metric(func(a diagAccount) float64 { return a.NPS }, score.Must(score.Linear(0, 10)))),
		score.Weigh("fit", 1, score.Metric(func(diagAccount) float64 { return 5 }, score.Must(score.Linear(0, 10)))),
		score.Weigh("plan", 1, plan),
	))
	p, err := prioritize.New(prioritize.Config[diagAccount]{ID: func(a diagAccount) string { return a.ID }, Value: value, Potential: potential})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func diagSample() []diagAccount {
	var as []diagAccount
	for i := range 8 {
		plan := "enterprise"
		if i%2 == 1 {
			plan = "Enterprise" // the platform's spelling
		}
		as = append(as, diagAccount{ID: fmt.Sprint("a", i), MRR: float64(i) * 1000, SeatsUsed: 10, Plan: plan, NPS: math.NaN()})
	}
	return as
}

func TestDiagnoseFindsEachBrokenFactor(t *testing.T) {
	d := brokenPolicy(t).Diagnose(diagSample())
	want := []string{
		`value/seats failed for 8 of 8 accounts: rules: rule "seats": line 1, column 12: evaluation failed: division by zero`,
		`potential/nps is missing for every account: no data, or a field that is never filled`,
		`potential/fit rates 50 for every account it rates: it tells no account from another`,
		`potential/plan: 4 of 8 accounts have a level its table lacks (first "Enterprise"), rated the default`,
	}
	if diff := cmp.Diff(want, d.Problems); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%s", diff, d)
	}
	// revenue: 0, 1000, ..., 7000 over [0, 10000]: 0 to 70, median 35 (between 30 and 40).
	rev := d.Factors[0]
	if rev.Factor != "value/revenue" || rev.Rated != 8 || rev.Min != 0 || rev.Median != 35 || rev.Max != 70 || rev.Q1 != 17.5 {
		t.Errorf("revenue %+v", rev)
	}
	// value = revenue alone (seats failed); potential = (50 + 90 or 20) / 2 = 70 or 35;
	// priority (value + potential) / 2 from 17.5 (a0) to 70 (a6: (60 + 70) / 2 = 65) ...
	sizes := 0
	for _, s := range d.Tiers {
		sizes += s.Accounts
	}
	if sizes != 8 || d.Unrated != 0 {
		t.Errorf("tiers %+v, unrated %d", d.Tiers, d.Unrated)
	}
	t.Logf("\n%s", d)
}

// TestAssessRecordsFailures: a failing expression is missing in its
// aggregate (its weight redistributed) and recorded as a failure, distinct
// from missing data; Explain shows it.
func TestAssessRecordsFailures(t *testing.T) {
	p := brokenPolicy(t)
	a := diagSample()[4] // MRR 4000: revenue 40; seats fails; potential (50 + 90) / 2 = 70
	as := p.Assess(a)
	if len(as.Failed) != 1 || as.Failed[0].Factor != "value/seats" || !strings.Contains(as.Failed[0].Err.Error(), "division by zero") {
		t.Fatalf("failed %+v", as.Failed)
	}
	if as.Value != 40 || as.Potential != 70 {
		t.Errorf("value %v, potential %v; want 40 (revenue alone), 70", as.Value, as.Potential)
	}
	e, _ := p.Explain(a, nil, 0).Explanation.Find("value/seats")
	if !e.Missing || !strings.Contains(e.Err, "division by zero") || e.Note != "failed: weight redistributed" {
		t.Errorf("explanation of seats %+v", e)
	}
	if as := p.Assess(diagAccount{ID: "ok", MRR: 1000, SeatsUsed: 5, SeatLimit: 10, Plan: "smb", NPS: 5}); as.Failed != nil {
		t.Errorf("a healthy account has failures %+v", as.Failed)
	}
}

// TestFailuresOutsideTheFactors: a priority, ARR or segment condition
// that fails is recorded on the assessment and counted by Diagnose, never
// taken for 0, "unrated" without a reason or "not in the segment" (issue
// 23: policydoc.Compile disguised them).
func TestFailuresOutsideTheFactors(t *testing.T) {
	rate := score.Func[*prioritize.Account](func(a *prioritize.Account) (float64, bool) { return a.MRR, true })
	boom := errors.New("boom")
	cond := failingCond{err: boom}
	p, err := prioritize.New(prioritize.Config[*prioritize.Account]{
		ID:    func(a *prioritize.Account) string { return a.ID },
		Value: rate, Potential: rate,
		Priority: func(v, pt float64) (float64, error) {
			if v > 50 {
				return 0, boom
			}
			return v, nil
		},
		ARR:      func(a *prioritize.Account) (float64, error) { return 0, boom },
		Segments: []prioritize.Segment[*prioritize.Account]{{Name: "big", When: cond}},
	})
	if err != nil {
		t.Fatal(err)
	}
	low, high := &prioritize.Account{ID: "low", MRR: 10}, &prioritize.Account{ID: "high", MRR: 90}
	as := p.Assess(low)
	var got []string
	for _, f := range as.Failed {
		got = append(got, f.Error())
	}
	if diff := cmp.Diff([]string{"segment/big: boom", "arr: boom"}, got); diff != "" || !as.Rated || as.Segment != "default" {
		t.Errorf("low: rated %v in %q, failed (-want +got):\n%s", as.Rated, as.Segment, diff)
	}
	if as := p.Assess(high); as.Rated || as.Unrated != "the priority expression failed" || len(as.Failed) != 3 || as.Failed[2].Factor != "priority" {
		t.Errorf("high: rated %v (%q), failed %v", as.Rated, as.Unrated, as.Failed)
	}
	d := p.Diagnose([]*prioritize.Account{low, high})
	failed := map[string]int{}
	for _, f := range d.Factors {
		failed[f.Factor] = f.Failed
	}
	if diff := cmp.Diff(map[string]int{"segment/big": 2, "arr": 2, "priority": 1, "value": 0, "potential": 0}, failed); diff != "" {
		t.Errorf("Diagnose failures (-want +got):\n%s", diff)
	}
}

// failingCond is a segment condition that always fails.
type failingCond struct{ err error }

func (c failingCond) Holds(*prioritize.Account) bool { return false }
func (c failingCond) HoldsErr(*prioritize.Account) (bool, error) {
	return false, c.err
}
