package scoretest

import (
	"math"

	"pgregory.net/rapid"
)

// Float returns a generator of numbers in [lo, hi] for a field of one's own
// account type, drawn more often at the ends and the middle, where policies
// have their breakpoints.
func Float(lo, hi float64) *rapid.Generator[float64] {
	return rapid.OneOf(
		rapid.Float64Range(lo, hi),
		rapid.SampledFrom([]float64{lo, hi, (lo + hi) / 2}),
	)
}

// Maybe returns a generator that draws from g, or NaN (missing) about once
// in every n draws.
func Maybe(g *rapid.Generator[float64], n int) *rapid.Generator[float64] {
	return rapid.Custom(func(t *rapid.T) float64 {
		if n > 0 && rapid.IntRange(0, n-1).Draw(t, "missing") == 0 {
			return math.NaN()
		}
		return g.Draw(t, "value")
	})
}

// Hostile returns a generator of the float64 values that break code: NaN,
// ±Inf, ±MaxFloat64, subnormals, ±0, and any float64 at all.
func Hostile() *rapid.Generator[float64] {
	return rapid.OneOf(
		rapid.Float64(),
		rapid.SampledFrom([]float64{math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64,
			math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, 0, math.Copysign(0, -1)}),
	)
}
