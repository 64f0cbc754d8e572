package score_test

import (
	"testing"

	"github.com/prioritize-dev/prioritize/score"
)

// numeric is the worked example's account with every input a number, so that
// the benchmark measures the library's own overhead and not map lookups.
type numeric struct {
	MRR, Tenure, ActivePct, Strategic, Growth, Fit, Champion, Renewal float64
}

var numericAcme = numeric{MRR: 5000, Tenure: 18, ActivePct: 75, Strategic: 85, Growth: 40, Fit: 95, Champion: 80, Renewal: 60}

var (
	revenuePts    = []score.Point{{X: 0, Y: 0}, {X: 1000, Y: 40}, {X: 5000, Y: 80}, {X: 25000, Y: 100}}
	tenurePts     = []score.Point{{X: 0, Y: 0}, {X: 6, Y: 30}, {X: 18, Y: 60}, {X: 36, Y: 85}, {X: 60, Y: 100}}
	activePts     = []score.Point{{X: 0, Y: 0}, {X: 25, Y: 40}, {X: 75, Y: 90}, {X: 100, Y: 100}}
	growthPts     = []score.Point{{X: -50, Y: 0}, {X: 0, Y: 40}, {X: 20, Y: 65}, {X: 40, Y: 85}, {X: 100, Y: 100}}
	renewalPts    = []score.Point{{X: 30, Y: 100}, {X: 60, Y: 90}, {X: 180, Y: 50}, {X: 365, Y: 20}}
	identityRange = [2]float64{0, 100}
)

func numericPolicy() *score.Aggregate[*numeric] {
	pw := func(d score.Direction, pts []score.Point) score.Curve { return score.Must(score.Piecewise(d, pts...)) }
	id := score.Must(score.Linear(identityRange[0], identityRange[1]))
	m := func(get func(*numeric) float64, c score.Curve) score.Scorer[*numeric] { return score.Metric(get, c) }
	value := score.Must(score.Weighted(score.Options{},
		score.Weigh("revenue", 0.40, m(func(a *numeric) float64 { return a.MRR }, pw(score.Ascending, revenuePts))),
		score.Weigh("tenure", 0.15, m(func(a *numeric) float64 { return a.Tenure }, pw(score.Ascending, tenurePts))),
		score.Weigh("engagement", 0.20, m(func(a *numeric) float64 { return a.ActivePct }, pw(score.Ascending, activePts))),
		score.Weigh("strategic", 0.25, m(func(a *numeric) float64 { return a.Strategic }, id)),
	))
	potential := score.Must(score.Weighted(score.Options{},
		score.Weigh("expansion", 0.35, m(func(a *numeric) float64 { return a.Growth }, pw(score.Ascending, growthPts))),
		score.Weigh("fit", 0.25, m(func(a *numeric) float64 { return a.Fit }, id)),
		score.Weigh("relationship", 0.20, m(func(a *numeric) float64 { return a.Champion }, id)),
		score.Weigh("timing", 0.20, m(func(a *numeric) float64 { return a.Renewal }, pw(score.Descending, renewalPts))),
	))
	return score.Must(score.Blend[*numeric](value, potential, score.Balanced))
}

// interp is the hand-written piecewise interpolation: the arithmetic a
// careful programmer writes without the library (clamped ends, NaN missing).
func interp(pts []score.Point, x float64) float64 {
	if x <= pts[0].X {
		return pts[0].Y
	}
	n := len(pts) - 1
	if x >= pts[n].X {
		return pts[n].Y
	}
	i := 1
	for x >= pts[i].X {
		i++
	}
	a, b := pts[i-1], pts[i]
	return a.Y + (x-a.X)*(b.Y-a.Y)/(b.X-a.X)
}

func clamp(x float64) float64 { return min(max(x, 0), 100) }

// handWritten computes the same priority in plain Go.
func handWritten(a *numeric) float64 {
	value := 0.40*interp(revenuePts, a.MRR) + 0.15*interp(tenurePts, a.Tenure) +
		0.20*interp(activePts, a.ActivePct) + 0.25*clamp(a.Strategic)
	potential := 0.35*interp(growthPts, a.Growth) + 0.25*clamp(a.Fit) +
		0.20*clamp(a.Champion) + 0.20*interp(renewalPts, a.Renewal)
	return 0.5*value + 0.5*potential
}

func TestNumericPolicyMatchesHandWritten(t *testing.T) {
	// 80x0.4 + 60x0.15 + 90x0.2 + 85x0.25 = 80.25; 85x0.35 + 95x0.25 + 80x0.2 + 90x0.2 = 87.5
	const want = 83.875
	got, ok := numericPolicy().Score(&numericAcme)
	if !ok || !near(got, want) {
		t.Errorf("library: %v, %v; want %v", got, ok, want)
	}
	if got := handWritten(&numericAcme); !near(got, want) {
		t.Errorf("hand-written: %v; want %v", got, want)
	}
}

func TestScoreAllocatesNothing(t *testing.T) {
	p := numericPolicy()
	a := numericAcme
	if n := testing.AllocsPerRun(1000, func() { p.Score(&a) }); n != 0 {
		t.Errorf("Score allocates %v times per rating, want 0", n)
	}
	wp := newPolicy() // categories, struct by value
	if n := testing.AllocsPerRun(1000, func() { wp.balanced.Score(acme) }); n != 0 {
		t.Errorf("Score of the worked example allocates %v times, want 0", n)
	}
}

var sink float64

func BenchmarkPriority(b *testing.B) {
	p := numericPolicy()
	a := numericAcme
	b.Run("library", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			r, _ := p.Score(&a)
			sink += r
		}
	})
	b.Run("hand-written", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			sink += handWritten(&a)
		}
	})
	b.Run("explain", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			e := p.Explain(&a)
			sink += e.Rating
		}
	})
	wp := newPolicy()
	b.Run("worked-example-categories", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			r, _ := wp.balanced.Score(acme)
			sink += r
		}
	})
}
