package prioritizetest_test

import (
	"math"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/internal/proptest"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/score/scoretest"
	"github.com/prioritize-dev/prioritize/tier"
	"pgregory.net/rapid"
)

type recorder = proptest.Recorder

func expectFailure(t *testing.T, r *recorder, parts ...string) {
	t.Helper()
	proptest.ExpectFailure(t, r, parts...)
}

func TestGolden(t *testing.T) {
	p := prioritize.Default()
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	acme := &prioritize.Account{ID: "acme", MRR: 5000, TenureMonths: 18, FeatureAdoption: 75, StrategicValue: 85,
		UsageGrowth: 40, ICPFit: 95, ChampionStrength: 80, AsOf: asOf, RenewalDate: asOf.AddDate(0, 0, 60)}
	right := []prioritizetest.Case[*prioritize.Account]{{Name: "the worked example", Account: acme,
		Want: prioritizetest.Want{Value: 80.25, Potential: 87.5, Priority: 83.875, Quadrant: "Star", Tier: 1}},
		// Potential ARR 0 is size C, growth likelihood 0 is likelihood 3: C3.
		{Name: "pinned segment and grade", Account: acme,
			Want: prioritizetest.Want{Value: 80.25, Potential: 87.5, Priority: 83.875, Quadrant: "Star", Tier: 1, Segment: "default", Grade: "C3"}}}
	var ok recorder
	if !prioritizetest.Golden(&ok, p, right, 0) {
		t.Errorf("the worked example failed: %v", ok.Msgs)
	}
	wrong := []prioritizetest.Case[*prioritize.Account]{{Name: "a wrong expectation", Account: acme,
		Want: prioritizetest.Want{Value: 80.25, Potential: 87.5, Priority: 84, Quadrant: "Star", Tier: 2}}}
	var r recorder
	prioritizetest.Golden(&r, p, wrong, 0)
	// go-cmp varies its spacing on purpose: look for the parts.
	expectFailure(t, &r, `case "a wrong expectation"`, `account "acme"`, "(-want +got)", "Priority:", "84,", "83.875,", "Tier:")
	var r2 recorder
	prioritizetest.Golden(&r2, p, []prioritizetest.Case[*prioritize.Account]{{Name: "wrong segment and grade", Account: acme,
		Want: prioritizetest.Want{Value: 80.25, Potential: 87.5, Priority: 83.875, Quadrant: "Star", Tier: 1, Segment: "renewal", Grade: "A1"}}}, 0)
	expectFailure(t, &r2, "Segment:", `"renewal"`, `"default"`, "Grade:", `"A1"`, `"C3"`)
}

func TestGoldenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "testdata", "golden.json")
	data := map[string]float64{"acme": 83.875}
	var r recorder
	prioritizetest.GoldenFile(&r, path, data, 0, false)
	expectFailure(t, &r, "does not exist", "-update")
	var ok recorder
	if !prioritizetest.GoldenFile(&ok, path, data, 0, true) || !prioritizetest.GoldenFile(&ok, path, data, 0, false) {
		t.Fatalf("write then read: %v", ok.Msgs)
	}
	var r2 recorder
	prioritizetest.GoldenFile(&r2, path, map[string]float64{"acme": 84}, 0, false)
	expectFailure(t, &r2, "golden.json differs", "(-want +got)", "83.875", "84")
	// A difference in the last digits is within the tolerance: no one rounds by hand.
	var ok2 recorder
	if !prioritizetest.GoldenFile(&ok2, path, map[string]float64{"acme": 83.875 + 1e-12}, 0, false) {
		t.Errorf("a difference of 1e-12 failed: %v", ok2.Msgs)
	}
}

func TestInert(t *testing.T) {
	accounts := []*prioritize.Account{}
	g := prioritizetest.Account()
	for i := range 200 {
		accounts = append(accounts, g.Example(i))
	}
	// The default policy: every factor moves some account across a boundary.
	if inert := prioritizetest.Inert(prioritize.Default(), accounts); len(inert) != 0 {
		t.Errorf("inert factors of the default policy: %v", inert)
	}
	// A policy where one factor has a sliver of weight.
	cfg := prioritize.DefaultConfig()
	rating := score.Must(score.Linear(0, 100))
	cfg.Value = score.Must(score.Weighted(score.Options{},
		score.Weigh("strategic", 0.9999, score.Metric(func(a *prioritize.Account) float64 { return a.StrategicValue }, rating)),
		score.Weigh("csat", 0.0001, score.Metric(func(a *prioritize.Account) float64 { return a.CSAT }, rating)),
	))
	p, err := prioritize.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accounts {
		if math.IsNaN(a.StrategicValue) { // csat would then carry the whole value axis
			a.StrategicValue = 50
		}
	}
	if inert := prioritizetest.Inert(p, accounts); !slices.Equal(inert, []string{"value/csat"}) {
		t.Errorf("Inert = %v, want [value/csat]", inert)
	}
	var r recorder
	prioritizetest.CheckInert(&r, p, accounts)
	expectFailure(t, &r, "factor value/csat", "200 accounts")
}

func TestCases(t *testing.T) {
	// Every ladder case gets a tier, NaN none; each boundary and its neighbours differ as the bands say.
	l := tier.Default()
	for _, s := range prioritizetest.LadderCases(l) {
		if r := l.Rank(s); (r == 0) != math.IsNaN(s) {
			t.Errorf("Rank(%v) = %d", s, r)
		}
	}
	// Around(50) is -Inf, below 50, 50, above 50, +Inf and NaN: 6 values an axis, 36 pairs.
	if n := len(prioritizetest.MatrixCases(grade.Matrix{})); n != 36 {
		t.Errorf("%d matrix cases, want 36", n)
	}
	pot, lik := prioritizetest.GraderCases(grade.Grader{})
	if !slices.Contains(pot, 10000) || !slices.Contains(pot, math.Nextafter(50000, 0)) || !slices.Contains(lik, 70) {
		t.Errorf("grader cases %v %v", pot, lik)
	}
}

// TestDefaultPolicy runs every check on the library's own default policy.
func TestDefaultPolicy(t *testing.T) {
	p := prioritize.Default()
	cfg := prioritize.DefaultConfig()
	value, potential := cfg.Value.(*score.Aggregate[*prioritize.Account]), cfg.Potential.(*score.Aggregate[*prioritize.Account])
	inputs := []scoretest.Input[*prioritize.Account]{
		scoretest.Field("mrr", score.Ascending, func(a *prioritize.Account) float64 { return a.MRR },
			func(a *prioritize.Account, v float64) *prioritize.Account { b := *a; b.MRR = v; return &b }),
		scoretest.Field("tenure", score.Ascending, func(a *prioritize.Account) float64 { return a.TenureMonths },
			func(a *prioritize.Account, v float64) *prioritize.Account { b := *a; b.TenureMonths = v; return &b }),
		{Name: "days to renewal", Direction: score.Descending, Nudge: func(a *prioritize.Account, by float64) *prioritize.Account {
			b := *a
			b.RenewalDate = b.RenewalDate.Add(time.Duration(by * float64(24*time.Hour)))
			return &b
		}},
	}
	scoretest.Property(t, prioritizetest.Account(), func(t *rapid.T, a *prioritize.Account) {
		for _, s := range []score.Scorer[*prioritize.Account]{value, potential} {
			scoretest.Bounds(t, s, a)
			scoretest.Deterministic(t, s, a)
			for _, in := range inputs {
				scoretest.Monotone(t, s, a, in, rapid.Float64Range(0, 100).Draw(t, "by"))
			}
		}
	})
	scoretest.Weights(t, value, scoretest.WeightOptions{Total: 1, MinShare: 0.1})
	scoretest.Weights(t, potential, scoretest.WeightOptions{Total: 1, MinShare: 0.1})
	// Ladder boundaries through the policy's own ladder.
	for _, s := range prioritizetest.LadderCases(p.Ladder()) {
		want := 0
		switch {
		case s >= 80:
			want = 1
		case s >= 60:
			want = 2
		case s >= 40:
			want = 3
		case !math.IsNaN(s):
			want = 4
		}
		if got := p.Ladder().Rank(s); got != want {
			t.Errorf("priority %v: tier %d, want %d", s, got, want)
		}
	}
}
