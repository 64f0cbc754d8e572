package scoretest

import (
	"math"
	"slices"

	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
)

// Around returns the inputs that probe cuts: each cut, the float64 just
// below and just above it, then NaN (missing), +Inf and -Inf; sorted, NaN
// last, without repeats.
func Around(cuts ...float64) []float64 {
	var xs []float64
	for _, c := range cuts {
		if math.IsNaN(c) || math.IsInf(c, 0) {
			continue
		}
		xs = append(xs, math.Nextafter(c, math.Inf(-1)), c, math.Nextafter(c, math.Inf(1)))
	}
	xs = append(xs, math.Inf(-1), math.Inf(1))
	slices.Sort(xs)
	xs = slices.Compact(xs)
	return append(xs, math.NaN())
}

// LadderCases returns the priorities that probe a ladder: every band's
// lower bound, 100, and their neighbours, plus NaN and ±Inf.
func LadderCases(l *tier.Ladder) []float64 {
	cuts := []float64{100}
	for _, t := range l.Tiers() {
		cuts = append(cuts, t.Min)
	}
	return Around(cuts...)
}

// CurveCases returns the inputs that probe a curve: its breakpoints (see
// score.Breakpoints) and their neighbours, plus NaN and ±Inf.
func CurveCases(c score.Curve) []float64 {
	return Around(score.Breakpoints(c)...)
}

// MatrixCases returns (value, potential) pairs that probe a quadrant
// matrix: each axis at, below and above its cut, and NaN, crossed.
func MatrixCases(m grade.Matrix) [][2]float64 {
	vc, pc := m.ValueCut, m.PotentialCut
	if vc == 0 {
		vc = grade.DefaultCut
	}
	if pc == 0 {
		pc = grade.DefaultCut
	}
	var out [][2]float64
	for _, v := range Around(vc) {
		for _, p := range Around(pc) {
			out = append(out, [2]float64{v, p})
		}
	}
	return out
}

// GraderCases returns the potentials and likelihood scores that probe a
// grader's bands.
func GraderCases(g grade.Grader) (potentials, likelihoods []float64) {
	b, a := g.BFrom, g.AFrom
	if b == 0 {
		b = grade.DefaultBFrom
	}
	if a == 0 {
		a = grade.DefaultAFrom
	}
	one, two := g.OneFrom, g.TwoFrom
	if one == 0 {
		one = grade.DefaultOneFrom
	}
	if two == 0 {
		two = grade.DefaultTwoFrom
	}
	return Around(0, b, a), Around(0, two, one, 100)
}
