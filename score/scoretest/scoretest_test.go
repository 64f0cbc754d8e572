package scoretest_test

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/score/scoretest"
	"github.com/prioritize-dev/prioritize/tier"
	"pgregory.net/rapid"
)

// recorder is a TB that records failures instead of failing, to prove that
// each check fails when it should.
type recorder struct{ msgs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// expectFailure checks that the recorder holds one failure whose message
// has every part.
func expectFailure(t *testing.T, r *recorder, parts ...string) {
	t.Helper()
	if len(r.msgs) == 0 {
		t.Fatalf("the check passed; want a failure with %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(r.msgs[0], p) {
			t.Errorf("failure message lacks %q:\n%s", p, r.msgs[0])
		}
	}
}

type acct struct {
	ID  string
	MRR float64
}

// broken scorers, each wrong in one way.
type outOfRange struct{}

func (outOfRange) Score(a acct) (float64, bool) { return a.MRR / 10, true } // no clamp

type badExplanation struct{}

func (badExplanation) Score(acct) (float64, bool) { return 50, true }
func (badExplanation) Explain(acct) score.Explanation {
	return score.Explanation{Rating: 50, Children: []score.Explanation{{Name: "x", Contribution: 20}}}
}

type flaky struct{ n *int }

func (f flaky) Score(acct) (float64, bool) { *f.n++; return float64(*f.n % 2), true }

var good = score.Metric(func(a acct) float64 { return a.MRR }, score.Must(score.Linear(0, 10000)))

func TestBounds(t *testing.T) {
	var ok recorder
	if !scoretest.Bounds[acct](&ok, good, acct{ID: "acme", MRR: 1e300}) || len(ok.msgs) != 0 {
		t.Errorf("a good scorer failed: %v", ok.msgs)
	}
	var r recorder
	scoretest.Bounds[acct](&r, outOfRange{}, acct{ID: "acme", MRR: 1500})
	expectFailure(t, &r, `account "acme"`, "rates 150", "outside [0, 100]")
	var r2 recorder
	scoretest.Bounds[acct](&r2, badExplanation{}, acct{ID: "beta"})
	expectFailure(t, &r2, `account "beta"`, "contribute 20", "rating is 50")
}

func TestMonotone(t *testing.T) {
	mrr := scoretest.Field("mrr", score.Ascending,
		func(a acct) float64 { return a.MRR }, func(a acct, v float64) acct { a.MRR = v; return a })
	var ok recorder
	if !scoretest.Monotone[acct](&ok, good, acct{ID: "acme", MRR: 10}, mrr, 500) {
		t.Errorf("a good scorer failed: %v", ok.msgs)
	}
	inverted := score.Metric(func(a acct) float64 { return a.MRR }, score.Must(score.Falling(0, 10000)))
	var r recorder
	scoretest.Monotone[acct](&r, inverted, acct{ID: "acme", MRR: 10}, mrr, 500)
	expectFailure(t, &r, `account "acme"`, "raising mrr by 500", "from 99.9 to 94.9")
	// Declared lower-is-better: the same inverted scorer passes, the good one fails.
	mrrDown := mrr
	mrrDown.Direction = score.Descending
	var r2 recorder
	if !scoretest.Monotone[acct](&r2, inverted, acct{ID: "acme", MRR: 10}, mrrDown, 500) {
		t.Errorf("descending input, descending scorer: %v", r2.msgs)
	}
	scoretest.Monotone[acct](&r2, good, acct{ID: "acme", MRR: 10}, mrrDown, 500)
	expectFailure(t, &r2, "raising mrr", "descending")
}

func TestDeterministic(t *testing.T) {
	var ok recorder
	if !scoretest.Deterministic[acct](&ok, good, acct{ID: "a", MRR: 5}) {
		t.Errorf("a good scorer failed: %v", ok.msgs)
	}
	n := 0
	var r recorder
	scoretest.Deterministic[acct](&r, flaky{&n}, acct{ID: "zeta"})
	expectFailure(t, &r, `account "zeta"`, "rated 1", "then 0")
}

func TestGolden(t *testing.T) {
	p := prioritize.Default()
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	acme := &prioritize.Account{ID: "acme", MRR: 5000, TenureMonths: 18, FeatureAdoption: 75, StrategicValue: 85,
		UsageGrowth: 40, ICPFit: 95, ChampionStrength: 80, AsOf: asOf, RenewalDate: asOf.AddDate(0, 0, 60)}
	right := []scoretest.Case[*prioritize.Account]{{Name: "the worked example", Account: acme,
		Want: scoretest.Want{Value: 80.25, Potential: 87.5, Priority: 83.875, Quadrant: "Star", Tier: 1}}}
	var ok recorder
	if !scoretest.Golden(&ok, p, right, 0) {
		t.Errorf("the worked example failed: %v", ok.msgs)
	}
	wrong := []scoretest.Case[*prioritize.Account]{{Name: "a wrong expectation", Account: acme,
		Want: scoretest.Want{Value: 80.25, Potential: 87.5, Priority: 84, Quadrant: "Star", Tier: 2}}}
	var r recorder
	scoretest.Golden(&r, p, wrong, 0)
	// go-cmp varies its spacing on purpose: look for the parts.
	expectFailure(t, &r, `case "a wrong expectation"`, `account "acme"`, "(-want +got)", "Priority:", "84,", "83.875,", "Tier:")
}

func TestGoldenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "testdata", "golden.json")
	data := map[string]float64{"acme": 83.875}
	var r recorder
	scoretest.GoldenFile(&r, path, data, false)
	expectFailure(t, &r, "does not exist", "-update")
	var ok recorder
	if !scoretest.GoldenFile(&ok, path, data, true) || !scoretest.GoldenFile(&ok, path, data, false) {
		t.Fatalf("write then read: %v", ok.msgs)
	}
	var r2 recorder
	scoretest.GoldenFile(&r2, path, map[string]float64{"acme": 84}, false)
	expectFailure(t, &r2, "golden.json differs", "(-want +got)", "83.875", "84")
}

func TestWeights(t *testing.T) {
	f := func(n string, w float64) score.Factor[acct] { return score.Weigh(n, w, good) }
	// One vendor's published setup: weights that add up to 140%.
	g := score.Must(score.Weighted(score.Options{}, f("usage", 40), f("support", 30), f("nps", 40), f("billing", 30)))
	var r recorder
	scoretest.Weights(&r, g, scoretest.WeightOptions{Total: 100})
	expectFailure(t, &r, "add up to 140", "140% of the 100 intended")
	var ok recorder
	tiny := score.Must(score.Weighted(score.Options{}, f("usage", 0.6), f("support", 0.38), f("nps", 0.02)))
	if !scoretest.Weights(&ok, tiny, scoretest.WeightOptions{Total: 1}) {
		t.Errorf("weights adding up to 1: %v", ok.msgs)
	}
	var r2 recorder
	outer := score.Must(score.Weighted(score.Options{}, score.Weigh[acct]("health", 1, tiny), f("revenue", 1)))
	scoretest.Weights(&r2, outer, scoretest.WeightOptions{MinShare: 0.05})
	expectFailure(t, &r2, "factor health/nps", "share of 2.0%", "floor of 5.0%")
}

func TestInert(t *testing.T) {
	accounts := []*prioritize.Account{}
	g := scoretest.Account()
	for i := range 200 {
		accounts = append(accounts, g.Example(i))
	}
	// The default policy: every factor moves some account across a boundary.
	if inert := scoretest.Inert(prioritize.Default(), accounts); len(inert) != 0 {
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
	if inert := scoretest.Inert(p, accounts); !slices.Equal(inert, []string{"value/csat"}) {
		t.Errorf("Inert = %v, want [value/csat]", inert)
	}
	var r recorder
	scoretest.CheckInert(&r, p, accounts)
	expectFailure(t, &r, "factor value/csat", "200 accounts")
}

func TestAround(t *testing.T) {
	got := scoretest.Around(80, 40, 80)
	want := []float64{math.Inf(-1), math.Nextafter(40, 0), 40, math.Nextafter(40, 100), math.Nextafter(80, 0), 80, math.Nextafter(80, 100), math.Inf(1)}
	if len(got) != len(want)+1 || !slices.Equal(got[:len(want)], want) || !math.IsNaN(got[len(got)-1]) {
		t.Errorf("Around = %v", got)
	}
	// Every ladder case gets a tier, NaN none; each boundary and its neighbours differ as the bands say.
	l := tier.Default()
	for _, s := range scoretest.LadderCases(l) {
		if r := l.Rank(s); (r == 0) != math.IsNaN(s) {
			t.Errorf("Rank(%v) = %d", s, r)
		}
	}
	// Around(50) is -Inf, below 50, 50, above 50, +Inf and NaN: 6 values an axis, 36 pairs.
	if n := len(scoretest.MatrixCases(grade.Matrix{})); n != 36 {
		t.Errorf("%d matrix cases, want 36", n)
	}
	pot, lik := scoretest.GraderCases(grade.Grader{})
	if !slices.Contains(pot, 10000) || !slices.Contains(pot, math.Nextafter(50000, 0)) || !slices.Contains(lik, 70) {
		t.Errorf("grader cases %v %v", pot, lik)
	}
	curve := score.Must(score.Piecewise(score.Ascending, score.Point{X: 0, Y: 0}, score.Point{X: 1000, Y: 40}, score.Point{X: 5000, Y: 80}))
	if cs := scoretest.CurveCases(curve); !slices.Contains(cs, 1000) || !slices.Contains(cs, math.Nextafter(5000, 0)) {
		t.Errorf("curve cases %v", cs)
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
	scoretest.Property(t, scoretest.Account(), func(t *rapid.T, a *prioritize.Account) {
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
	for _, s := range scoretest.LadderCases(p.Ladder()) {
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
