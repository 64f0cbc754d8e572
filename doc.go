// Package prioritize tells a customer-success team which accounts to focus
// on. It is an embeddable library: a CS platform hands in its accounts and
// gets back, for each one, how much it is worth now (value), how much it
// could be worth (potential), a priority that blends the two, and what to
// do about it.
//
// # The framework
//
// An account is rated on two axes. Value (now): revenue 40%, tenure 15%,
// engagement 20%, strategic worth 25%. Potential (future): expansion signals
// 35%, fit with the ideal customer 25%, relationship 20%, timing 20%. Each
// factor is rated 0-100 by a curve, weighted into value and potential, and
// the two blend into priority: balanced 0.5/0.5, growth 0.3/0.7, retention
// 0.7/0.3. An account whose factors rate 80, 60, 90, 85 and 85, 95, 80, 90
// has value 80.25, potential 87.5 and a balanced priority of 83.875.
//
// # Packages
//
//   - score: scorers, curves, weighted aggregation, caps and floors, blends,
//     explanations and reason codes. Standard library only.
//   - score/scoretest: checks for users' own tests of their policies.
//   - tier: tier ladders (coverage ratio, touch model, review cadence,
//     playbook), hysteresis and capacity plans. Standard library only.
//   - grade: the value x potential quadrant and the A1..C3 grade grid.
//   - rules: scoring rules and conditions written as expressions
//     (github.com/expr-lang/expr).
//   - trigger: rules over an account's previous and current state that fire
//     reassessment.
//
// Imports point one way: score and tier use only the standard library; grade
// may use tier; rules uses score and expr; trigger uses rules; this package
// uses them all, and none of them imports it.
//
// # Principles
//
// The library is pure computation: no I/O in the core packages, no global
// state, no hidden clock (time is always an argument), no goroutines except in
// explicitly parallel batch functions. Configuration is plain data,
// validated when it is built, with every problem reported at once.
// Evaluation never panics and never returns NaN or a rating outside
// [0, 100]; every rating can explain itself.
package prioritize
