// Package prioritizetest helps users test their own whole policies, as
// net/http/httptest serves net/http: "these twenty golden accounts keep
// their tiers, segments and grades", "no factor is too light to move any
// account across a tier boundary". Checks of single scorers are in package
// score/scoretest, whose [scoretest.TB] the checks here take too, so they
// work in a plain test and inside a rapid property.
//
//   - [Golden]: a table of accounts keeps its ratings, quadrants and tiers,
//     and, where a case pins them, its segment and grade; compared with
//     go-cmp and a "(-want +got)" diff within a tolerance. [GoldenFile]
//     keeps any result under testdata, numbers compared within a
//     tolerance, rewritten on -update.
//   - [Inert] and [CheckInert]: factors that cannot move any account across
//     a tier boundary: weights too small to matter.
//   - Boundary cases of a policy's parts: [LadderCases], [MatrixCases] and
//     [GraderCases] return the inputs at, just below and just above each
//     cut, with NaN and ±Inf.
//   - [Account] draws reference accounts ([prioritize.Account]) with
//     realistic ranges, for properties of the default policy and its
//     variants.
//
// The package may use rapid and go-cmp; no package of the library imports
// it.
package prioritizetest
