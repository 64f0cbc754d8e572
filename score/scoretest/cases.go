package scoretest

import (
	"math"
	"slices"

	"github.com/prioritize-dev/prioritize/score"
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

// CurveCases returns the inputs that probe a curve: its breakpoints (see
// score.Breakpoints) and their neighbours, plus NaN and ±Inf.
func CurveCases(c score.Curve) []float64 {
	return Around(score.Breakpoints(c)...)
}
