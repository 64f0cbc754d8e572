// Package score rates accounts on a scale of 0 to 100 and weights those
// ratings into value, potential and priority.
//
// # Scorers
//
// A [Scorer] rates an account of the caller's own type A: a struct, a
// pointer to one, or a map. It is a one-method interface with a function
// adapter, [Func], in the manner of net/http's Handler and HandlerFunc.
// Score returns (rating, true), or ok == false when the scorer has no data
// for the account: a missing rating, which is not a rating of 0.
//
// Every scorer of this package returns a finite rating in [0, 100] for every
// input, NaN, infinities and huge values included. Scorers are immutable
// once built and safe for concurrent use.
//
// # Curves and metrics
//
// A [Curve] maps one raw number to a rating and declares its [Direction]:
// [Ascending], [Descending] or [Peaked] (best inside a range). It is monotone
// in that direction. The constructors validate their input and report every
// problem at once:
//
//   - [Linear] and [Falling]: a straight line between two bounds;
//   - [Log]: every doubling counts the same, for revenue-like measures;
//   - [Piecewise]: linear between breakpoints, the workhorse of policies;
//   - [Steps]: half-open bands [From, next From) with fixed ratings;
//   - [Peak]: 100 inside a target range, falling off on both sides;
//   - [Boolean]: yes/no inputs.
//
// Inputs beyond a curve's ends take the rating at the nearer end.
//
// A metric reads one number from an account and rates it through a curve:
// [Metric] for getters that always have a number (NaN still counts as
// missing) and [MetricOK] for getters that can say "not present", as a map
// lookup can. [Category] rates categorical inputs ("perfect", "strong", ...)
// through a table with a default.
//
// # Aggregates
//
// [Weighted] combines named [Factor] values with relative weights: 40/15/20/25
// and 0.40/0.15/0.20/0.25 are the same policy. What happens to a factor with
// no data is stated per aggregate in [Options]: [Redistribute] its weight
// over the present factors (the default), rate it as a fixed value
// ([RateMissing]), or make the aggregate missing ([Propagate]). An aggregate
// whose factors are all missing is missing.
//
// [Worst] rates an account as its weakest factor. [Bounded] applies caps and
// floors ([Cap], [Floor]) under conditions: "any payment failure caps health
// at 40". A cap never raises a rating and a floor never lowers one; a cap
// wins over a conflicting floor, whatever their order.
//
// [Blend] makes priority from value and potential with a [Mix]: [Balanced]
// 0.5/0.5, [Growth] 0.3/0.7, [Retention] 0.7/0.3, or any other.
//
// Aggregates are scorers, so they nest to any depth. Evaluation does not
// depend on the order of factors and, with the built-in scorers, does not
// allocate.
//
// # Explanations
//
// Every scorer of this package is an [Explainer]: Explain returns the rating
// as a tree of [Explanation] nodes (name, raw input, rating, share of weight,
// contribution, missing and adjusted flags, a note) whose children's
// contributions add up to the parent's rating. The tree prints as text,
//
//	revenue: 5000 -> 80/100 x 0.40 = 32.00
//
// and encodes as JSON. Plain scoring never builds it. [Reasons] turns a tree
// into reason codes, the factors that pull a rating furthest up and down
// against a reference such as the portfolio's [Medians].
//
// # Errors
//
// Constructors return an [*Error] for each problem, naming the constructor
// and the factor, point or field at fault, joined with [errors.Join]; each
// wraps a sentinel ([ErrWeight], [ErrName], [ErrBound], ...) for
// [errors.Is]. [Must] panics on an error, for policies built from constants.
//
// # The worked example
//
// The framework's value score weights revenue 40%, tenure 15%, engagement
// 20% and strategic worth 25%; potential weights expansion 35%, fit 25%,
// relationship 20% and timing 20%. An account whose factors rate 80, 60, 90,
// 85 and 85, 95, 80, 90 has value 80.25 and potential 87.5, and a balanced
// priority of 83.875. See the Explanation example.
package score
