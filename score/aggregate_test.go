package score_test

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize/score"
	"pgregory.net/rapid"
)

// vec is an account made of ratings: factor i rates vec[i], NaN is missing.
type vec []float64

func at(i int) score.Scorer[vec] {
	return score.Func[vec](func(v vec) (float64, bool) { return v[i], true })
}

func factors(weights ...float64) []score.Factor[vec] {
	fs := make([]score.Factor[vec], len(weights))
	for i, w := range weights {
		fs[i] = score.Weigh(fmt.Sprintf("f%d", i), w, at(i))
	}
	return fs
}

func TestWeightedMissingPolicies(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		opts   score.Options
		in     vec
		want   float64
		wantOK bool
	}{
		// weights 40/15/20/25 throughout
		{"all present", score.Options{}, vec{80, 60, 90, 85}, 80.25, true},
		// tenure missing: (32 + 18 + 21.25) / 0.85 = 83.8235294117647...
		{"redistribute one missing", score.Options{}, vec{80, nan, 90, 85}, 71.25 / 0.85, true},
		{"redistribute all missing", score.Options{}, vec{nan, nan, nan, nan}, 0, false},
		// tenure rated 50: 32 + 7.5 + 18 + 21.25 = 78.75
		{"rate missing as 50", score.Options{Missing: score.RateMissing, MissingRating: 50}, vec{80, nan, 90, 85}, 78.75, true},
		// tenure rated 0: 32 + 0 + 18 + 21.25 = 71.25
		{"rate missing as 0", score.Options{Missing: score.RateMissing}, vec{80, nan, 90, 85}, 71.25, true},
		{"rate missing, all missing", score.Options{Missing: score.RateMissing, MissingRating: 50}, vec{nan, nan, nan, nan}, 0, false},
		{"propagate one missing", score.Options{Missing: score.Propagate}, vec{80, nan, 90, 85}, 0, false},
		{"propagate none missing", score.Options{Missing: score.Propagate}, vec{80, 60, 90, 85}, 80.25, true},
		// out-of-range inputs are clamped: 100x0.4 + 0x0.15 + 90x0.2 + 85x0.25 = 40 + 18 + 21.25
		{"clamps factors", score.Options{}, vec{1e9, -5, 90, 85}, 79.25, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := score.Weighted(tc.opts, factors(40, 15, 20, 25)...)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := g.Score(tc.in)
			if ok != tc.wantOK || !near(got, tc.want) {
				t.Errorf("Score = %v, %v; want %v, %v", got, ok, tc.want, tc.wantOK)
			}
			e := g.Explain(tc.in)
			if e.Missing == ok || e.Rating != got {
				t.Errorf("Explain disagrees with Score: %+v", e)
			}
			checkAdditive(t, e)
		})
	}
}

// checkAdditive checks that every node's children contribute exactly its
// rating, or nothing when it is missing.
func checkAdditive(t interface {
	Helper()
	Fatalf(string, ...any)
}, e score.Explanation) {
	t.Helper()
	if len(e.Children) == 0 {
		return
	}
	sum := 0.0
	for _, c := range e.Children {
		sum += c.Contribution
		checkAdditive(t, c)
	}
	want := e.Rating
	if e.Missing {
		want = 0
	}
	if math.Abs(sum-want) > tol {
		t.Fatalf("children of %q contribute %v, rating %v:\n%s", e.Name, sum, e.Rating, e)
	}
}

func TestWeightedErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	ok := at(0)
	tests := []struct {
		name    string
		opts    score.Options
		factors []score.Factor[vec]
		want    []error
		items   []string // each problem names its factor
	}{
		{"no factors", score.Options{}, nil, []error{score.ErrNoFactors}, []string{""}},
		{"negative weight", score.Options{}, []score.Factor[vec]{score.Weigh("a", -1, ok), score.Weigh("b", 1, ok)}, []error{score.ErrWeight}, []string{`factor 0 "a"`}},
		{"NaN weight", score.Options{}, []score.Factor[vec]{score.Weigh("a", nan, ok), score.Weigh("b", 1, ok)}, []error{score.ErrWeight}, []string{`factor 0 "a"`}},
		{"infinite weight", score.Options{}, []score.Factor[vec]{score.Weigh("a", 1, ok), score.Weigh("b", inf, ok)}, []error{score.ErrWeight}, []string{`factor 1 "b"`}},
		{"all zero", score.Options{}, []score.Factor[vec]{score.Weigh("a", 0, ok), score.Weigh("b", 0, ok)}, []error{score.ErrWeight}, []string{""}},
		{"weights overflow", score.Options{}, []score.Factor[vec]{score.Weigh("a", math.MaxFloat64, ok), score.Weigh("b", math.MaxFloat64, ok)}, []error{score.ErrWeight}, []string{""}},
		{"empty name", score.Options{}, []score.Factor[vec]{score.Weigh("", 1, ok)}, []error{score.ErrName}, []string{`factor 0 ""`}},
		{"duplicate name", score.Options{}, []score.Factor[vec]{score.Weigh("a", 1, ok), score.Weigh("a", 1, ok)}, []error{score.ErrName}, []string{`factor 1 "a"`}},
		{"nil scorer", score.Options{}, []score.Factor[vec]{score.Weigh[vec]("a", 1, nil)}, []error{score.ErrNil}, []string{`factor 0 "a"`}},
		{"metric with nil getter", score.Options{}, []score.Factor[vec]{score.Weigh("a", 1, score.Metric[vec](nil, score.Must(score.Linear(0, 1))))}, []error{score.ErrNil}, []string{`factor 0 "a"`}},
		{"metric with nil curve", score.Options{}, []score.Factor[vec]{score.Weigh("a", 1, score.MetricOK(func(vec) (float64, bool) { return 0, true }, nil))}, []error{score.ErrNil}, []string{`factor 0 "a"`}},
		{"missing rating out of range", score.Options{Missing: score.RateMissing, MissingRating: 101}, factors(1), []error{score.ErrRating}, []string{"MissingRating"}},
		{"unknown policy", score.Options{Missing: 9}, factors(1), []error{score.ErrWeight}, []string{"Missing"}},
		{"every problem at once", score.Options{}, []score.Factor[vec]{
			score.Weigh("", -1, ok), score.Weigh("b", nan, ok), score.Weigh[vec]("b", 1, nil),
		}, []error{score.ErrName, score.ErrWeight, score.ErrNil}, []string{`factor 0 ""`, `factor 0 ""`, `factor 1 "b"`, `factor 2 "b"`, `factor 2 "b"`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := score.Weighted(tc.opts, tc.factors...)
			if err == nil || g != nil {
				t.Fatalf("got %v, %v; want an error", g, err)
			}
			for _, w := range tc.want {
				if !errors.Is(err, w) {
					t.Errorf("error %q does not wrap %v", err, w)
				}
			}
			if diff := cmp.Diff(tc.items, errorItems(err)); diff != "" {
				t.Errorf("items named (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

// errorItems lists the Item of every *score.Error in err, in order.
func errorItems(err error) []string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var items []string
		for _, e := range j.Unwrap() {
			items = append(items, errorItems(e)...)
		}
		return items
	}
	var se *score.Error
	if errors.As(err, &se) {
		return []string{se.Item}
	}
	return nil
}

func TestWorst(t *testing.T) {
	nan := math.NaN()
	g := score.Must(score.Worst(score.Named("usage", at(0)), score.Named("support", at(1)), score.Named("payments", at(2))))
	tests := []struct {
		in     vec
		want   float64
		wantOK bool
		worst  string
	}{
		{vec{70, 40, 90}, 40, true, "support"},
		{vec{70, nan, 90}, 70, true, "usage"},
		{vec{nan, nan, nan}, 0, false, ""},
		{vec{30, 30, 90}, 30, true, "usage"}, // a tie: the first declared
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.in), func(t *testing.T) {
			got, ok := g.Score(tc.in)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("Score = %v, %v; want %v, %v", got, ok, tc.want, tc.wantOK)
			}
			e := g.Explain(tc.in)
			checkAdditive(t, e)
			worst := ""
			for _, c := range e.Children {
				if c.Weight == 1 {
					worst = c.Name
				}
			}
			if worst != tc.worst {
				t.Errorf("worst factor %q, want %q\n%s", worst, tc.worst, e)
			}
		})
	}
}

func TestBounded(t *testing.T) {
	failed := score.CondFunc[vec](func(v vec) bool { return v[1] > 0 }) // v[1]: payment failures
	strategic := score.CondFunc[vec](func(v vec) bool { return v[2] > 0 })
	lowUsage := score.Below(at(3), 20)
	s := score.Must(score.Bounded(at(0),
		score.Cap("payment failure", failed, 40),
		score.Cap("usage collapse", lowUsage, 30),
		score.Floor("strategic logo", strategic, 60),
	))
	nan := math.NaN()
	tests := []struct {
		name   string
		in     vec
		want   float64
		wantOK bool
		adjust map[string]float64 // contribution of each bound that binds
	}{
		{"nothing holds", vec{75, 0, 0, 50}, 75, true, nil},
		{"cap lowers", vec{75, 1, 0, 50}, 40, true, map[string]float64{"payment failure": -35}},
		{"cap never raises", vec{25, 1, 0, 50}, 25, true, nil},
		{"lowest cap binds", vec{75, 1, 0, 10}, 30, true, map[string]float64{"usage collapse": -45}},
		{"missing usage does not cap", vec{75, 0, 0, nan}, 75, true, nil},
		{"floor raises", vec{35, 0, 1, 50}, 60, true, map[string]float64{"strategic logo": 25}},
		{"floor never lowers", vec{75, 0, 1, 50}, 75, true, nil},
		// floor lifts 35 to 60, the cap then lowers 60 to 40: +25 then -20
		{"cap wins over floor", vec{35, 1, 1, 50}, 40, true, map[string]float64{"strategic logo": 25, "payment failure": -20}},
		{"missing stays missing", vec{nan, 1, 1, 50}, 0, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := s.Score(tc.in)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("Score = %v, %v; want %v, %v", got, ok, tc.want, tc.wantOK)
			}
			e := s.Explain(tc.in)
			checkAdditive(t, e)
			adjust := map[string]float64{}
			for _, c := range e.Children {
				if c.Adjusted {
					adjust[c.Name] = c.Contribution
				}
			}
			if len(tc.adjust) == 0 {
				tc.adjust = map[string]float64{}
			}
			if diff := cmp.Diff(tc.adjust, adjust); diff != "" {
				t.Errorf("adjustments (-want +got):\n%s\n%s", diff, e)
			}
		})
	}
}

func TestBoundedErrors(t *testing.T) {
	yes := score.CondFunc[vec](func(vec) bool { return true })
	_, err := score.Bounded[vec](nil,
		score.Cap("", yes, 40),
		score.Cap[vec]("x", nil, 40),
		score.Floor("x", yes, 140),
	)
	want := []string{"scorer", `bound 0 ""`, `bound 1 "x"`, `bound 2 "x"`, `bound 2 "x"`}
	if diff := cmp.Diff(want, errorItems(err)); diff != "" {
		t.Errorf("items named (-want +got):\n%s\nerror: %v", diff, err)
	}
	for _, w := range []error{score.ErrNil, score.ErrName, score.ErrRating} {
		if !errors.Is(err, w) {
			t.Errorf("error %q does not wrap %v", err, w)
		}
	}
}

func TestBlend(t *testing.T) {
	value := at(0)
	potential := at(1)
	nan := math.NaN()
	tests := []struct {
		name   string
		mix    score.Mix
		in     vec
		want   float64
		wantOK bool
	}{
		{"balanced", score.Balanced, vec{45, 85}, 65, true},            // framework: Growth Bet
		{"zero mix is balanced", score.Mix{}, vec{75, 40}, 57.5, true}, // framework: Cash Cow
		// 0.7 x 80.25 + 0.3 x 87.5 = 56.175 + 26.25 = 82.425
		{"retention by hand", score.Mix{Value: 0.7, Potential: 0.3}, vec{80.25, 87.5}, 82.425, true},
		{"value missing", score.Balanced, vec{nan, 87.5}, 0, false},
		{"potential missing", score.Growth, vec{80, nan}, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := score.Blend(value, potential, tc.mix)
			if err != nil {
				t.Fatal(err)
			}
			got, ok := b.Score(tc.in)
			if ok != tc.wantOK || !near(got, tc.want) {
				t.Errorf("Score = %v, %v; want %v, %v", got, ok, tc.want, tc.wantOK)
			}
		})
	}
	for _, m := range []score.Mix{{Value: -1, Potential: 1}, {Value: math.NaN()}, {Potential: math.Inf(1)}} {
		if _, err := score.Blend(value, potential, m); !errors.Is(err, score.ErrWeight) {
			t.Errorf("Blend with mix %v: err = %v, want ErrWeight", m, err)
		}
	}
	// Shares that do not add up to 1 are a mistake, not relative weights
	// (issue 23: 0.7/0.7 was read as 0.5/0.5, 0.6/0.5 as 0.55/0.45).
	for _, m := range []score.Mix{{Value: 0.7, Potential: 0.7}, {Value: 0.6, Potential: 0.5}, {Value: 7, Potential: 3}, {Value: 1e-10}, {Value: 0.3, Potential: 0.69}} {
		if _, err := score.Blend(value, potential, m); !errors.Is(err, score.ErrShares) {
			t.Errorf("Blend with mix %v: err = %v, want ErrShares", m, err)
		}
	}
	for _, m := range []score.Mix{{Value: 1}, {Potential: 1}, {Value: 0.1 + 0.2, Potential: 0.7}, {Value: 1.0 / 3, Potential: 2.0 / 3}} {
		if err := m.Validate(); err != nil {
			t.Errorf("mix %v: %v", m, err)
		}
	}
	if _, err := score.Blend(nil, potential, score.Balanced); !errors.Is(err, score.ErrNil) {
		t.Errorf("Blend with a nil value scorer: err = %v, want ErrNil", err)
	}
}

func TestCategory(t *testing.T) {
	fit, err := score.Category(func(s string) string { return s }, map[string]float64{"perfect": 95, "poor": 20}, 10)
	if err != nil {
		t.Fatal(err)
	}
	for in, want := range map[string]float64{"perfect": 95, "poor": 20, "unknown": 10, "": 10} {
		if got, ok := fit.Score(in); got != want || !ok {
			t.Errorf("Score(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	if e := fit.Explain("unknown"); e.Input != "unknown" || e.Note == "" {
		t.Errorf("Explain of an unknown category: %+v", e)
	}
	_, err = score.Category[string, string](nil, map[string]float64{"a": 101, "b": -1}, math.NaN())
	want := []string{"a", "b", "default", "getter"}
	if diff := cmp.Diff(want, errorItems(err)); diff != "" {
		t.Errorf("items named (-want +got):\n%s\nerror: %v", diff, err)
	}
}

// genWeights draws n valid weights, at least one positive.
func genWeights(t *rapid.T, n int) []float64 {
	ws := rapid.SliceOfN(rapid.OneOf(rapid.Float64Range(0, 100), rapid.Just(0.0)), n, n).Draw(t, "weights")
	ws[rapid.IntRange(0, n-1).Draw(t, "positive")] += 1
	return ws
}

// genRatings draws n factor ratings, some missing (NaN) and some out of range.
func genRatings(t *rapid.T, n int, label string) vec {
	return rapid.SliceOfN(rapid.OneOf(rapid.Float64Range(0, 100), anyFloat()), n, n).Draw(t, label)
}

func TestWeightedProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 8).Draw(t, "n")
		ws := genWeights(t, n)
		in := genRatings(t, n, "ratings")
		g := score.Must(score.Weighted(score.Options{}, factors(ws...)...))
		got, ok := g.Score(in)

		// Bounds, and between the lowest and highest present factor.
		lo, hi, present := math.Inf(1), math.Inf(-1), false
		for i, r := range in {
			if math.IsNaN(r) || ws[i] == 0 {
				continue
			}
			r = score.Clamp(r)
			lo, hi, present = min(lo, r), max(hi, r), true
		}
		if ok != present {
			t.Fatalf("ok = %v with present factors: %v", ok, present)
		}
		if !(got >= 0 && got <= 100) {
			t.Fatalf("rating %v outside [0, 100]", got)
		}
		if ok && (got < lo-tol || got > hi+tol) {
			t.Fatalf("rating %v outside [%v, %v]", got, lo, hi)
		}

		// Explanation agrees and adds up.
		e := g.Explain(in)
		if e.Rating != got || e.Missing == ok {
			t.Fatalf("Explain %v/%v, Score %v/%v", e.Rating, e.Missing, got, ok)
		}
		checkAdditive(t, e)

		// Scaling every weight and reordering the factors change nothing.
		k := rapid.Float64Range(1e-3, 1e3).Draw(t, "scale")
		perm := rapid.Permutation(seq(n)).Draw(t, "order")
		fs := make([]score.Factor[vec], n)
		for j, i := range perm {
			fs[j] = score.Weigh(fmt.Sprintf("f%d", i), ws[i]*k, at(i))
		}
		g2 := score.Must(score.Weighted(score.Options{}, fs...))
		got2, ok2 := g2.Score(in)
		if ok2 != ok || math.Abs(got2-got) > tol {
			t.Fatalf("scaled by %v and reordered %v: %v, %v; was %v, %v", k, perm, got2, ok2, got, ok)
		}

		// Raising one present factor never lowers the aggregate.
		i := rapid.IntRange(0, n-1).Draw(t, "raise")
		if math.IsNaN(in[i]) {
			return
		}
		up := append(vec(nil), in...)
		up[i] = score.Clamp(in[i]) + rapid.Float64Range(0, 100).Draw(t, "by")
		if got3, _ := g.Score(up); got3 < got-tol {
			t.Fatalf("raising factor %d from %v to %v lowered the rating from %v to %v", i, in[i], up[i], got, got3)
		}
	})
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// TestNestedBoundsProperty: every scorer of the package, nested, gives a
// rating in [0, 100] or missing, and an additive explanation.
func TestNestedBoundsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCurve().Draw(t, "curve")
		policy := rapid.SampledFrom([]score.Options{
			{}, {Missing: score.RateMissing, MissingRating: 50}, {Missing: score.Propagate},
		}).Draw(t, "policy")
		m := score.Metric(func(v vec) float64 { return v[0] }, c)
		inner := score.Must(score.Weighted(policy, score.Weigh("m", 2, m), score.Weigh("f1", 1, at(1))))
		worst := score.Must(score.Worst(score.Named("inner", inner), score.Named("f2", at(2))))
		capped := score.Must(score.Bounded[vec](worst,
			score.Cap("low f3", score.Below(at(3), 30), 40),
			score.Floor("high f4", score.CondFunc[vec](func(v vec) bool { return v[4] > 50 }), 20)))
		top := score.Must(score.Blend[vec](capped, inner, score.Growth))
		in := vec{anyFloat().Draw(t, "x0"), anyFloat().Draw(t, "x1"), anyFloat().Draw(t, "x2"), anyFloat().Draw(t, "x3"), anyFloat().Draw(t, "x4")}
		for _, s := range []score.Explainer[vec]{m, inner, worst, capped, top} {
			r, ok := s.Score(in)
			if math.IsNaN(r) || r < 0 || r > 100 || (!ok && r != 0) {
				t.Fatalf("%T rates %v, %v", s, r, ok)
			}
			e := s.Explain(in)
			if e.Rating != r || e.Missing == ok {
				t.Fatalf("%T: Explain %v/%v, Score %v/%v", s, e.Rating, e.Missing, r, ok)
			}
			checkAdditive(t, e)
		}
	})
}

// TestEnumsAsText: the words of String are the words of JSON, both ways.
func TestEnumsAsText(t *testing.T) {
	for _, p := range []score.MissingPolicy{score.Redistribute, score.RateMissing, score.Propagate} {
		b, err := p.MarshalText()
		var back score.MissingPolicy
		if err != nil || string(b) != p.String() || back.UnmarshalText(b) != nil || back != p {
			t.Errorf("%v: %q, %v, back %v", p, b, err, back)
		}
	}
	for _, d := range []score.Direction{score.Ascending, score.Descending, score.Peaked} {
		b, err := d.MarshalText()
		var back score.Direction
		if err != nil || string(b) != d.String() || back.UnmarshalText(b) != nil || back != d {
			t.Errorf("%v: %q, %v, back %v", d, b, err, back)
		}
	}
	var p score.MissingPolicy
	if err := p.UnmarshalText([]byte("rate-missing")); err == nil {
		t.Error("an unknown word decoded")
	}
}

// TestFallback: a factor's own missing rule: rated 30 where it has no
// data, so its weight is kept rather than redistributed.
func TestFallback(t *testing.T) {
	type acc struct{ nps float64 }
	nps := score.Must(score.Fallback[acc](score.Metric(func(a acc) float64 { return a.nps }, score.Must(score.Linear(0, 10))), 30))
	g := score.Must(score.Weighted(score.Options{},
		score.Weigh("nps", 1, nps),
		score.Weigh("fixed", 1, score.Metric(func(acc) float64 { return 80 }, score.Must(score.Linear(0, 100)))),
	))
	if r, ok := g.Score(acc{nps: math.NaN()}); !ok || r != 55 { // (30 + 80) / 2
		t.Errorf("missing nps: %v, %v; want 55", r, ok)
	}
	if r, _ := g.Score(acc{nps: 9}); r != 85 { // (90 + 80) / 2
		t.Errorf("nps 9: %v, want 85", r)
	}
	e, _ := g.Explain(acc{nps: math.NaN()}).Find("nps")
	if e.Missing || e.Rating != 30 || e.Note != "missing: rated 30" {
		t.Errorf("explanation %+v", e)
	}
	if _, err := score.Fallback[acc](nil, 30); !errors.Is(err, score.ErrNil) {
		t.Errorf("nil scorer: %v", err)
	}
	if _, err := score.Fallback[acc](nps, 130); !errors.Is(err, score.ErrRating) {
		t.Errorf("rating 130: %v", err)
	}
}

// staleAcc has a usage figure and when it was observed.
type staleAcc struct {
	usage          float64
	observed, asOf time.Time
}

func staleHealth() (*score.Aggregate[staleAcc], score.Scorer[staleAcc]) {
	usage := score.Metric(func(a staleAcc) float64 { return a.usage }, score.Must(score.Linear(0, 100)))
	fresh := score.Must(score.Fresh[staleAcc](usage, func(a staleAcc) time.Time { return a.observed },
		func(a staleAcc) time.Time { return a.asOf }, 90*24*time.Hour))
	g := score.Must(score.Weighted(score.Options{},
		score.Weigh("usage", 3, fresh),
		score.Weigh("fixed", 1, score.Metric(func(staleAcc) float64 { return 40 }, score.Must(score.Linear(0, 100)))),
	))
	return g, usage
}

// TestFresh: a usage figure observed more than 90 days before the
// snapshot is missing, its weight redistributed exactly as a missing one's,
// explained "stale since" the day it went stale.
func TestFresh(t *testing.T) {
	g, _ := staleHealth()
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	fresh := staleAcc{usage: 80, observed: asOf.AddDate(0, -1, 0), asOf: asOf}
	if r, _ := g.Score(fresh); r != 70 { // (3 x 80 + 40) / 4
		t.Errorf("fresh: %v, want 70", r)
	}
	stale := staleAcc{usage: 80, observed: asOf.AddDate(0, -4, 0), asOf: asOf} // observed 2026-07-01, stale since 2026-09-29
	missing := staleAcc{usage: math.NaN(), observed: asOf, asOf: asOf}
	rs, _ := g.Score(stale)
	rm, _ := g.Score(missing)
	if rs != 40 || rm != 40 { // usage's weight redistributed: fixed alone
		t.Errorf("stale %v, missing %v; want 40 and 40", rs, rm)
	}
	e, _ := g.Explain(stale).Find("usage")
	if !e.Missing || e.Stale != "2026-09-29" || e.Note != "stale since 2026-09-29: weight redistributed" {
		t.Errorf("explanation %+v", e)
	}
	exactly := staleAcc{usage: 80, observed: asOf.Add(-90 * 24 * time.Hour), asOf: asOf} // 90 days to the second: fresh
	if r, _ := g.Score(exactly); r != 70 {
		t.Errorf("observed exactly 90 days before: %v, want 70", r)
	}
}

// TestFreshNeverRaises: a fresh-checked factor rates as its scorer does,
// or not at all.
func TestFreshNeverRaises(t *testing.T) {
	_, usage := staleHealth()
	f := score.Must(score.Fresh[staleAcc](usage, func(a staleAcc) time.Time { return a.observed },
		func(a staleAcc) time.Time { return a.asOf }, 30*24*time.Hour))
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rapid.Check(t, func(t *rapid.T) {
		a := staleAcc{usage: rapid.Float64Range(-50, 150).Draw(t, "usage"),
			observed: asOf.Add(-time.Duration(rapid.Int64Range(0, 400*24).Draw(t, "hours")) * time.Hour), asOf: asOf}
		r, ok := f.Score(a)
		want, _ := usage.Score(a)
		if ok && r != want {
			t.Fatalf("fresh rated %v, the scorer %v", r, want)
		}
	})
}

// TestReweighted: four factors rated 80, 85, 90 and 75, reweighted to
// revenue alone, rate as revenue (80); equal weights give the
// mean of 80, 85, 90 and 75 = 82.5. Worst, a wrong count and a negative
// weight are refused.
func TestReweighted(t *testing.T) {
	c := func(r float64) score.Scorer[float64] {
		return score.Func[float64](func(float64) (float64, bool) { return r, true })
	}
	g := score.Must(score.Weighted(score.Options{},
		score.Weigh("revenue", 0.40, c(80)), score.Weigh("tenure", 0.15, c(85)),
		score.Weigh("engagement", 0.20, c(90)), score.Weigh("strategic", 0.25, c(75))))
	for _, tc := range []struct {
		name    string
		weights []float64
		want    float64
	}{
		{"as built", []float64{0.40, 0.15, 0.20, 0.25}, 81.5}, // 32 + 12.75 + 18 + 18.75
		{"revenue alone", []float64{1, 0, 0, 0}, 80},
		{"equal", []float64{1, 1, 1, 1}, 82.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := g.Reweighted(tc.weights...)
			if err != nil {
				t.Fatal(err)
			}
			if got, ok := r.Score(0); !ok || math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("rating %v, %v; want %v", got, ok, tc.want)
			}
		})
	}
	if got, _ := g.Score(0); math.Abs(got-81.5) > 1e-9 {
		t.Errorf("the original changed: %v", got)
	}
	w := score.Must(score.Worst(score.Named("a", c(1)), score.Named("b", c(2))))
	for name, err := range map[string]error{
		"worst":    func() error { _, err := w.Reweighted(1, 2); return err }(),
		"count":    func() error { _, err := g.Reweighted(1, 2); return err }(),
		"negative": func() error { _, err := g.Reweighted(1, -1, 1, 1); return err }(),
		"all zero": func() error { _, err := g.Reweighted(0, 0, 0, 0); return err }(),
	} {
		if !errors.Is(err, score.ErrWeight) {
			t.Errorf("%s: %v, want ErrWeight", name, err)
		}
	}
}
