package score_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/prioritize-dev/prioritize/score"
	"pgregory.net/rapid"
)

func pt(x, y float64) score.Point { return score.Point{X: x, Y: y} }

func TestCurveRatings(t *testing.T) {
	inf := math.Inf(1)
	linear := score.Must(score.Linear(0, 200))
	falling := score.Must(score.Falling(0, 5))
	logc := score.Must(score.Log(100, 10000))
	peak := score.Must(score.Peak(0, 30, 90, 180))
	steps := score.Must(score.Steps(score.Ascending, score.Step{From: 0, Rating: 20}, score.Step{From: 1000, Rating: 50}, score.Step{From: 5000, Rating: 80}))
	yes := score.Must(score.Boolean(0, 100))
	no := score.Must(score.Boolean(100, 0))
	tests := []struct {
		name string
		c    score.Curve
		x    float64
		want float64 // by hand
	}{
		{"linear lo", linear, 0, 0},
		{"linear mid", linear, 50, 25}, // 100 x 50/200
		{"linear hi", linear, 200, 100},
		{"linear below", linear, -5, 0},
		{"linear above", linear, 1e300, 100},
		{"linear +Inf", linear, inf, 100},
		{"linear -Inf", linear, -inf, 0},
		{"linear NaN", linear, math.NaN(), 0},
		{"falling 0 escalations", falling, 0, 100},
		{"falling 2 escalations", falling, 2, 60}, // 100 - 100 x 2/5
		{"falling 9 escalations", falling, 9, 0},
		{"log lo", logc, 100, 0},
		{"log 1000", logc, 1000, 50}, // ln(10)/ln(100) = 1/2
		{"log hi", logc, 10000, 100},
		{"log 0", logc, 0, 0},
		{"log negative", logc, -1, 0},
		{"peak rising", peak, 15, 50}, // 100 x 15/30
		{"peak top", peak, 60, 100},
		{"peak falling", peak, 135, 50}, // 100 - 100 x 45/90
		{"peak past", peak, 400, 0},
		{"steps below first", steps, -10, 20},
		{"steps just below 1000", steps, 999.99, 20},
		{"steps at 1000", steps, 1000, 50},
		{"steps at 5000", steps, 5000, 80},
		{"steps +Inf", steps, inf, 80},
		{"yes on 1", yes, 1, 100},
		{"yes on 0", yes, 0, 0},
		{"yes on -1", yes, -1, 0},
		{"no on 1", no, 1, 0},
		{"no on 0", no, 0, 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.Rate(tc.x); math.Abs(got-tc.want) > tol {
				t.Errorf("Rate(%v) = %v, want %v", tc.x, got, tc.want)
			}
		})
	}
}

func TestCurveDirection(t *testing.T) {
	tests := []struct {
		c    score.Curve
		want score.Direction
	}{
		{score.Must(score.Linear(0, 1)), score.Ascending},
		{score.Must(score.Falling(0, 1)), score.Descending},
		{score.Must(score.Log(1, 2)), score.Ascending},
		{score.Must(score.Peak(0, 1, 2, 3)), score.Peaked},
		{score.Must(score.Boolean(0, 100)), score.Ascending},
		{score.Must(score.Boolean(100, 0)), score.Descending},
	}
	for _, tc := range tests {
		if got := tc.c.Direction(); got != tc.want {
			t.Errorf("%T: Direction() = %v, want %v", tc.c, got, tc.want)
		}
	}
	if got := score.Direction(7).String(); got != "Direction(7)" {
		t.Errorf("unknown direction prints %q", got)
	}
}

func TestCurveErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name  string
		build func() (score.Curve, error)
		want  []error // every sentinel the joined error must wrap
		count int     // how many problems are reported
	}{
		{"linear lo = hi", func() (score.Curve, error) { return score.Linear(3, 3) }, []error{score.ErrBound}, 1},
		{"linear lo > hi", func() (score.Curve, error) { return score.Linear(3, 1) }, []error{score.ErrBound}, 1},
		{"linear NaN", func() (score.Curve, error) { return score.Linear(nan, 1) }, []error{score.ErrBound}, 1},
		{"linear both infinite", func() (score.Curve, error) { return score.Linear(-inf, inf) }, []error{score.ErrBound}, 2},
		{"falling lo > hi", func() (score.Curve, error) { return score.Falling(3, 1) }, []error{score.ErrBound}, 1},
		{"log lo = 0", func() (score.Curve, error) { return score.Log(0, 10) }, []error{score.ErrBound}, 1},
		{"log lo negative", func() (score.Curve, error) { return score.Log(-1, 10) }, []error{score.ErrBound}, 1},
		{"peak unordered", func() (score.Curve, error) { return score.Peak(0, 50, 40, 100) }, []error{score.ErrBound}, 1},
		{"peak NaN", func() (score.Curve, error) { return score.Peak(0, nan, 40, 100) }, []error{score.ErrBound}, 1},
		{"piecewise one point", func() (score.Curve, error) { return score.Piecewise(score.Ascending, pt(0, 0)) }, []error{score.ErrBound}, 1},
		{"piecewise unsorted x", func() (score.Curve, error) {
			return score.Piecewise(score.Ascending, pt(0, 0), pt(10, 50), pt(5, 60))
		}, []error{score.ErrBound}, 1},
		{"piecewise repeated x", func() (score.Curve, error) {
			return score.Piecewise(score.Ascending, pt(0, 0), pt(0, 50))
		}, []error{score.ErrBound}, 1},
		{"piecewise not ascending", func() (score.Curve, error) {
			return score.Piecewise(score.Ascending, pt(0, 0), pt(10, 50), pt(20, 40))
		}, []error{score.ErrDirection}, 1},
		{"piecewise not descending", func() (score.Curve, error) {
			return score.Piecewise(score.Descending, pt(0, 100), pt(10, 50), pt(20, 60))
		}, []error{score.ErrDirection}, 1},
		{"piecewise peaked twice", func() (score.Curve, error) {
			return score.Piecewise(score.Peaked, pt(0, 0), pt(10, 100), pt(20, 0), pt(30, 100))
		}, []error{score.ErrDirection}, 1},
		{"piecewise rating range", func() (score.Curve, error) {
			return score.Piecewise(score.Ascending, pt(0, -1), pt(10, 101))
		}, []error{score.ErrRating}, 2},
		{"piecewise NaN rating", func() (score.Curve, error) {
			return score.Piecewise(score.Ascending, pt(0, nan), pt(10, 100))
		}, []error{score.ErrRating}, 1},
		{"piecewise infinite x", func() (score.Curve, error) {
			return score.Piecewise(score.Ascending, pt(-inf, 0), pt(10, 100))
		}, []error{score.ErrBound}, 1},
		{"piecewise unknown direction", func() (score.Curve, error) {
			return score.Piecewise(score.Direction(9), pt(0, 0), pt(10, 100))
		}, []error{score.ErrDirection}, 1},
		{"piecewise everything wrong at once", func() (score.Curve, error) {
			return score.Piecewise(score.Ascending, pt(nan, 50), pt(10, 120), pt(5, 10))
		}, []error{score.ErrBound, score.ErrRating, score.ErrDirection}, 4},
		{"steps none", func() (score.Curve, error) { return score.Steps(score.Ascending) }, []error{score.ErrBound}, 1},
		{"steps not monotone", func() (score.Curve, error) {
			return score.Steps(score.Ascending, score.Step{From: 0, Rating: 50}, score.Step{From: 10, Rating: 20})
		}, []error{score.ErrDirection}, 1},
		{"boolean out of range", func() (score.Curve, error) { return score.Boolean(-1, 200) }, []error{score.ErrRating}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tc.build()
			if err == nil || c != nil {
				t.Fatalf("got %v, %v; want an error", c, err)
			}
			for _, w := range tc.want {
				if !errors.Is(err, w) {
					t.Errorf("error %q does not wrap %v", err, w)
				}
			}
			if n := countErrors(err); n != tc.count {
				t.Errorf("%d problems reported, want %d: %v", n, tc.count, err)
			}
		})
	}
}

// countErrors counts the *score.Error values in a possibly joined error.
func countErrors(err error) int {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		n := 0
		for _, e := range j.Unwrap() {
			n += countErrors(e)
		}
		return n
	}
	var se *score.Error
	if errors.As(err, &se) {
		return 1
	}
	return 0
}

// anyFloat draws any float64, weighted towards the values that break code:
// NaN, infinities, extremes, subnormals, zero and negatives.
func anyFloat() *rapid.Generator[float64] {
	return rapid.OneOf(
		rapid.Float64(),
		rapid.SampledFrom([]float64{
			math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64,
			math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 0, math.Copysign(0, -1),
		}),
		rapid.Float64Range(-1e6, 1e6),
	)
}

// genCurve draws a valid curve of any kind.
func genCurve() *rapid.Generator[score.Curve] {
	return rapid.Custom(func(t *rapid.T) score.Curve {
		lo := rapid.Float64Range(-1e6, 1e6).Draw(t, "lo")
		span := rapid.Float64Range(1e-3, 1e6).Draw(t, "span")
		hi := lo + span
		switch rapid.IntRange(0, 6).Draw(t, "kind") {
		case 0:
			return score.Must(score.Linear(lo, hi))
		case 1:
			return score.Must(score.Falling(lo, hi))
		case 2:
			return score.Must(score.Log(span, span*rapid.Float64Range(1.001, 1e6).Draw(t, "factor")))
		case 3:
			a := rapid.Float64Range(0, 1).Draw(t, "a")
			b := rapid.Float64Range(a, 1).Draw(t, "b")
			from, to := lo+span*(0.001+0.99*a), lo+span*(0.001+0.99*b)
			return score.Must(score.Peak(lo, from, to, hi+span))
		case 4:
			return score.Must(score.Boolean(rapid.Float64Range(0, 100).Draw(t, "no"), rapid.Float64Range(0, 100).Draw(t, "yes")))
		default:
			dir := rapid.SampledFrom([]score.Direction{score.Ascending, score.Descending}).Draw(t, "dir")
			n := rapid.IntRange(2, 8).Draw(t, "n")
			ys := rapid.SliceOfN(rapid.Float64Range(0, 100), n, n).Draw(t, "ys")
			sortFloats(ys, dir == score.Descending)
			pts := make([]score.Point, n)
			steps := make([]score.Step, n)
			for i := range pts {
				pts[i] = pt(lo+float64(i)*span, ys[i])
				steps[i] = score.Step{From: pts[i].X, Rating: ys[i]}
			}
			if rapid.Bool().Draw(t, "steps") {
				return score.Must(score.Steps(dir, steps...))
			}
			return score.Must(score.Piecewise(dir, pts...))
		}
	})
}

func sortFloats(xs []float64, desc bool) {
	for i := 1; i < len(xs); i++ {
		for j := i; j > 0 && (xs[j] < xs[j-1]) != desc && xs[j] != xs[j-1]; j-- {
			xs[j], xs[j-1] = xs[j-1], xs[j]
		}
	}
}

func TestCurveBoundsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCurve().Draw(t, "curve")
		x := anyFloat().Draw(t, "x")
		r := c.Rate(x)
		if !(r >= 0 && r <= 100) {
			t.Fatalf("%T.Rate(%v) = %v, outside [0, 100]", c, x, r)
		}
		m := score.Metric(func(v float64) float64 { return v }, c)
		got, ok := m.Score(x)
		if math.IsNaN(x) == ok {
			t.Fatalf("metric of %v: ok = %v", x, ok)
		}
		if ok && got != r {
			t.Fatalf("metric rates %v, curve %v", got, r)
		}
	})
}

func TestCurveMonotoneProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := genCurve().Draw(t, "curve")
		x := anyFloat().Filter(func(f float64) bool { return !math.IsNaN(f) }).Draw(t, "x")
		y := anyFloat().Filter(func(f float64) bool { return !math.IsNaN(f) && f >= x }).Draw(t, "y")
		rx, ry := c.Rate(x), c.Rate(y)
		switch c.Direction() {
		case score.Ascending:
			if ry < rx {
				t.Fatalf("ascending %T: Rate(%v) = %v > Rate(%v) = %v", c, x, rx, y, ry)
			}
		case score.Descending:
			if ry > rx {
				t.Fatalf("descending %T: Rate(%v) = %v < Rate(%v) = %v", c, x, rx, y, ry)
			}
		case score.Peaked:
			// Unimodal: for any z between x and y, Rate(z) >= min(Rate(x), Rate(y)).
			z := x + (y-x)*rapid.Float64Range(0, 1).Draw(t, "t")
			if math.IsNaN(z) || math.IsInf(z, 0) {
				return
			}
			if rz := c.Rate(z); rz < min(rx, ry)-tol {
				t.Fatalf("peaked %T: Rate(%v) = %v dips below Rate(%v) = %v and Rate(%v) = %v", c, z, rz, x, rx, y, ry)
			}
		}
	})
}

func TestBreakpoints(t *testing.T) {
	tests := []struct {
		c    score.Curve
		want []float64
	}{
		{score.Must(score.Linear(0, 200)), []float64{0, 200}},
		{score.Must(score.Peak(0, 30, 90, 180)), []float64{0, 30, 90, 180}},
		{score.Must(score.Peak(0, 30, 30, 180)), []float64{0, 30, 180}},
		{score.Must(score.Log(100, 10000)), []float64{100, 10000}},
		{score.Must(score.Steps(score.Ascending, score.Step{From: 0, Rating: 20}, score.Step{From: 1000, Rating: 50})), []float64{0, 1000}},
		{score.Must(score.Boolean(0, 100)), []float64{0}},
		{nil, nil},
	}
	for _, tc := range tests {
		if got := score.Breakpoints(tc.c); !slices.Equal(got, tc.want) {
			t.Errorf("Breakpoints(%T) = %v, want %v", tc.c, got, tc.want)
		}
	}
}

// TestCurvesAtExtremeBounds: bounds near the ends of float64 rate as the
// same curve over ordinary bounds would: the middle is 50.
func TestCurvesAtExtremeBounds(t *testing.T) {
	tests := []struct {
		name  string
		curve score.Curve
		x     float64
		want  float64
	}{
		{"linear over ±MaxFloat64 at 0", score.Must(score.Linear(-math.MaxFloat64, math.MaxFloat64)), 0, 50},
		{"linear over ±MaxFloat64 at MaxFloat64/2", score.Must(score.Linear(-math.MaxFloat64, math.MaxFloat64)), math.MaxFloat64 / 2, 75},
		{"falling over ±MaxFloat64 at 0", score.Must(score.Falling(-math.MaxFloat64, math.MaxFloat64)), 0, 50},
		{"log over [1e-308, 1e308] at 1", score.Must(score.Log(1e-308, 1e308)), 1, 50},
		{"log over [1e-308, 1e308] at 1e154", score.Must(score.Log(1e-308, 1e308)), 1e154, 75},
		{"log over [1e-300, 1e300] at 1e-300", score.Must(score.Log(1e-300, 1e300)), 1e-300, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.curve.Rate(tc.x); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("Rate(%v) = %v, want %v", tc.x, got, tc.want)
			}
		})
	}
}
