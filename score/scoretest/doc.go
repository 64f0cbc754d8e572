// Package scoretest helps users test their own scorers, as testing/slogtest
// helps them test slog handlers: "more MRR never lowers value", "no weight
// set adds up to 140%", "no rating leaves [0, 100]". Checks of whole
// policies (golden accounts, tiers, inert factors) are in package
// prioritizetest.
//
// Each check takes a [TB], which *testing.T and *rapid.T both satisfy, so
// it works in a plain test and inside a rapid property; a failure names the
// account, the input and the numbers involved. The checks:
//
//   - [Bounds]: a rating is finite and in [0, 100], or missing; its
//     explanation agrees and adds up.
//   - [Monotone]: raising an [Input] (a getter/setter pair, see [Field], or
//     a nudge function) never moves a rating against the input's direction.
//   - [Deterministic]: the same account always gets the same rating and
//     explanation.
//   - [Weights]: declared weights add up to the intended total, and no
//     share is below a floor.
//
// Boundary cases: [Around] and [CurveCases] return the inputs at, just
// below and just above each cut, with NaN and ±Inf, ready for golden or
// property checks.
//
// Generators: [Float], [Maybe] and [Hostile] build generators for one's own
// account type; [Property] runs a check over generated accounts.
//
// The package imports package score only (and rapid and go-cmp); no
// package of the library imports it.
package scoretest
