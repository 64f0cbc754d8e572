package score_test

import (
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/prioritize-dev/prioritize/score"
)

func TestReasons(t *testing.T) {
	p := newPolicy()
	e := p.balanced.Explain(acme)
	// A reference of 70 for every factor: impact = share of the root x (rating - 70),
	// where the share is 0.5 (the blend) x the factor's weight.
	ref := map[string]float64{}
	e.Leaves(func(path string, _ float64, _ score.Explanation) bool {
		ref[path] = 70
		return true
	})
	ref["value/tenure"] = 80 // tenure 60 against 80: 0.5 x 0.15 x -20 = -1.5
	delete(ref, "value/engagement")
	up, down := score.Reasons(e, ref, 3)
	wantUp := []score.Reason{
		{Factor: "potential/fit", Rating: 95, Reference: 70, Impact: 3.125},       // 0.5 x 0.25 x 25
		{Factor: "potential/expansion", Rating: 85, Reference: 70, Impact: 2.625}, // 0.5 x 0.35 x 15
		{Factor: "potential/timing", Rating: 90, Reference: 70, Impact: 2},        // 0.5 x 0.20 x 20
	}
	wantDown := []score.Reason{{Factor: "value/tenure", Rating: 60, Reference: 80, Impact: -1.5}}
	opt := cmpopts.EquateApprox(0, tol)
	if diff := cmp.Diff(wantUp, up, opt); diff != "" {
		t.Errorf("up (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantDown, down, opt); diff != "" {
		t.Errorf("down (-want +got):\n%s", diff)
	}
	if up, down := score.Reasons(e, ref, -1); len(up)+len(down) != 0 {
		t.Errorf("k = -1 gave %v, %v", up, down)
	}
}

func TestReasonsCountCaps(t *testing.T) {
	failed := score.CondFunc[vec](func(v vec) bool { return v[1] > 0 })
	s := score.Must(score.Bounded(score.Must(score.Weighted(score.Options{}, score.Weigh("usage", 1, at(0)))),
		score.Cap("payment failure", failed, 40)))
	up, down := score.Reasons(s.Explain(vec{70, 1}), map[string]float64{"base/usage": 60}, 5)
	// usage 70 against 60: +10; the cap takes 70 down to 40: -30.
	wantUp := []score.Reason{{Factor: "base/usage", Rating: 70, Reference: 60, Impact: 10}}
	wantDown := []score.Reason{{Factor: "payment failure", Rating: 40, Impact: -30}}
	if diff := cmp.Diff(wantUp, up); diff != "" {
		t.Errorf("up (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantDown, down); diff != "" {
		t.Errorf("down (-want +got):\n%s", diff)
	}
}

func TestMedians(t *testing.T) {
	g := score.Must(score.Weighted(score.Options{}, factors(1, 1)...))
	nan := math.NaN()
	var es []score.Explanation
	for _, v := range []vec{{10, 50}, {30, nan}, {20, 70}, {90, 60}} {
		es = append(es, g.Explain(v))
	}
	// f0: 10, 20, 30, 90 -> (20+30)/2 = 25; f1: 50, 60, 70 (one missing) -> 60
	want := map[string]float64{"f0": 25, "f1": 60}
	if diff := cmp.Diff(want, score.Medians(es)); diff != "" {
		t.Errorf("Medians (-want +got):\n%s", diff)
	}
}

// TestReasonsIgnoreNonFiniteReferences: a reference of ±Inf or NaN gives
// no reason (an impact of -Inf would not even marshal as JSON).
func TestReasonsIgnoreNonFiniteReferences(t *testing.T) {
	e := newPolicy().balanced.Explain(acme)
	for _, ref := range []float64{math.Inf(1), math.Inf(-1), math.NaN()} {
		up, down := score.Reasons(e, map[string]float64{"value/revenue": ref, "potential/fit": 70}, 5)
		want := []score.Reason{{Factor: "potential/fit", Rating: 95, Reference: 70, Impact: 3.125}} // 0.5 x 0.25 x 25
		if diff := cmp.Diff(want, up, cmpopts.EquateApprox(0, tol)); diff != "" || len(down) != 0 {
			t.Errorf("reference %v: down %v, up (-want +got):\n%s", ref, down, diff)
		}
	}
}

// TestRatingsNested: the ratings of nested groups are collected by path,
// a name holding "/" sharing the path of the group it reads as, and
// merged collections give the medians of everything collected; by hand.
func TestRatingsNested(t *testing.T) {
	leaf := func(name string, r float64, missing bool) score.Explanation {
		return score.Explanation{Name: name, Rating: r, Weight: 0.5, Missing: missing}
	}
	tree := func(a, b, c float64) score.Explanation {
		return score.Explanation{Name: "priority", Children: []score.Explanation{
			{Name: "value", Weight: 0.5, Children: []score.Explanation{leaf("usage", a, false), {Name: "zero", Rating: 99}}},
			{Name: "potential", Weight: 0.5, Children: []score.Explanation{
				{Name: "g", Weight: 1, Children: []score.Explanation{leaf("fit", b, false), leaf("gone", 1, true)}}}},
			leaf("potential/g/fit", c, false), // the same path as potential/g/fit
		}}
	}
	var r1, r2 score.Ratings
	r1.Add(tree(10, 20, 30))
	r1.Add(tree(40, 50, 60))
	r2.Add(tree(70, 80, 90))
	r1.Merge(&r2)
	r1.Add(tree(100, 110, 120))
	// value/usage: 10, 40, 70, 100 -> (40+70)/2 = 55; potential/g/fit: 20,
	// 30, 50, 60, 80, 90, 110, 120 -> (60+80)/2 = 70; zero has no weight,
	// gone is missing: neither has a median.
	want := map[string]float64{"value/usage": 55, "potential/g/fit": 70}
	if diff := cmp.Diff(want, r1.Medians()); diff != "" {
		t.Errorf("Medians (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]float64{}, r2.Medians()); diff != "" {
		t.Errorf("a merged Ratings is empty (-want +got):\n%s", diff)
	}
}
