package scoretest_test

import (
	"math"
	"slices"
	"testing"

	"github.com/prioritize-dev/prioritize/internal/proptest"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/score/scoretest"
	"pgregory.net/rapid"
)

type recorder = proptest.Recorder

func expectFailure(t *testing.T, r *recorder, parts ...string) {
	t.Helper()
	proptest.ExpectFailure(t, r, parts...)
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
	if !scoretest.Bounds[acct](&ok, good, acct{ID: "acme", MRR: 1e300}) || len(ok.Msgs) != 0 {
		t.Errorf("a good scorer failed: %v", ok.Msgs)
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
		t.Errorf("a good scorer failed: %v", ok.Msgs)
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
		t.Errorf("descending input, descending scorer: %v", r2.Msgs)
	}
	scoretest.Monotone[acct](&r2, good, acct{ID: "acme", MRR: 10}, mrrDown, 500)
	expectFailure(t, &r2, "raising mrr", "descending")
}

func TestDeterministic(t *testing.T) {
	var ok recorder
	if !scoretest.Deterministic[acct](&ok, good, acct{ID: "a", MRR: 5}) {
		t.Errorf("a good scorer failed: %v", ok.Msgs)
	}
	n := 0
	var r recorder
	scoretest.Deterministic[acct](&r, flaky{&n}, acct{ID: "zeta"})
	expectFailure(t, &r, `account "zeta"`, "rated 1", "then 0")
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
		t.Errorf("weights adding up to 1: %v", ok.Msgs)
	}
	var r2 recorder
	outer := score.Must(score.Weighted(score.Options{}, score.Weigh[acct]("health", 1, tiny), f("revenue", 1)))
	scoretest.Weights(&r2, outer, scoretest.WeightOptions{MinShare: 0.05})
	expectFailure(t, &r2, "factor health/nps", "share of 2.0%", "floor of 5.0%")
}

func TestAround(t *testing.T) {
	got := scoretest.Around(80, 40, 80)
	want := []float64{math.Inf(-1), math.Nextafter(40, 0), 40, math.Nextafter(40, 100), math.Nextafter(80, 0), 80, math.Nextafter(80, 100), math.Inf(1)}
	if len(got) != len(want)+1 || !slices.Equal(got[:len(want)], want) || !math.IsNaN(got[len(got)-1]) {
		t.Errorf("Around = %v", got)
	}
	curve := score.Must(score.Piecewise(score.Ascending, score.Point{X: 0, Y: 0}, score.Point{X: 1000, Y: 40}, score.Point{X: 5000, Y: 80}))
	if cs := scoretest.CurveCases(curve); !slices.Contains(cs, 1000) || !slices.Contains(cs, math.Nextafter(5000, 0)) {
		t.Errorf("curve cases %v", cs)
	}
}

// TestPropertyOwnType runs the checks over a user's own account type drawn
// from the number generators, hostile values included.
func TestPropertyOwnType(t *testing.T) {
	n := 0
	scoretest.Property(t, rapid.Custom(func(t *rapid.T) acct {
		return acct{ID: "g", MRR: rapid.OneOf(scoretest.Maybe(scoretest.Float(0, 20000), 10), scoretest.Hostile()).Draw(t, "mrr")}
	}), func(t *rapid.T, a acct) {
		n++
		scoretest.Bounds(t, good, a)
		scoretest.Deterministic(t, good, a)
		scoretest.Monotone(t, good, a, scoretest.Field("mrr", score.Ascending,
			func(a acct) float64 { return a.MRR }, func(a acct, v float64) acct { a.MRR = v; return a }),
			rapid.Float64Range(0, 1000).Draw(t, "by"))
	})
	if n == 0 {
		t.Error("no case ran")
	}
}
