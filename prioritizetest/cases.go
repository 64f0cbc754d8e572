package prioritizetest

import (
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/score/scoretest"
	"github.com/prioritize-dev/prioritize/tier"
)

// LadderCases returns the priorities that probe a ladder: every band's
// lower bound, 100, and their neighbours, plus NaN and ±Inf.
func LadderCases(l *tier.Ladder) []float64 {
	cuts := []float64{100}
	for _, t := range l.Tiers() {
		cuts = append(cuts, t.Min)
	}
	return scoretest.Around(cuts...)
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
	for _, v := range scoretest.Around(vc) {
		for _, p := range scoretest.Around(pc) {
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
	return scoretest.Around(0, b, a), scoretest.Around(0, two, one, 100)
}
