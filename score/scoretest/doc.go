// Package scoretest helps users test their own weighting policies, as
// testing/slogtest helps them test slog handlers: "more MRR never lowers
// value", "no weight set adds up to 140%", "an account at exactly 80 is
// tier 1", "these twenty golden accounts keep their tiers".
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
//   - [Golden]: a table of accounts keeps its ratings, quadrants and tiers,
//     compared with go-cmp and a "(-want +got)" diff within a tolerance;
//     [GoldenFile] keeps the same under testdata, rewritten on -update.
//   - [Weights]: declared weights add up to the intended total, and no
//     share is below a floor; [Inert] and [CheckInert]: factors that cannot
//     move any account across a tier boundary.
//
// Boundary cases: [Around], [LadderCases], [CurveCases], [MatrixCases] and
// [GraderCases] return the inputs at, just below and just above each cut,
// with NaN and ±Inf, ready for golden or property checks.
//
// Generators: [Account] draws reference accounts with realistic ranges;
// [Float], [Maybe] and [Hostile] build generators for one's own account
// type; [Property] runs a check over generated accounts.
//
// The package may use rapid and go-cmp and imports the root package; no
// package of the library imports it.
package scoretest
