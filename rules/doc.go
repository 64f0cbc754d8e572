// Package rules compiles the scoring rules and conditions that customer
// success operations write as expressions, in the language of
// github.com/expr-lang/expr, against the caller's own account type.
//
//	min(seats_used / seat_limit, 1) * 100
//	days_until(renewal_date) < 90 && nps < 7
//
// # Compiling
//
// [CompileNumber] compiles a rule that produces a number, [CompileCondition]
// one that produces a bool, once, against an account type A: a struct,
// whose exported fields rules name by their expr tags (or Go names), or a
// map with string keys, whose keys Options.Fields lists. Compilation type
// checks the rule: a numeric rule must produce a number, a condition a bool,
// and a name that is not a field or function is an error that suggests the
// closest known name. [CompileNumbers] and [CompileConditions] compile
// several rules and report every failure at once.
//
// A compiled rule is immutable and safe for concurrent use. Evaluations
// reuse expr VMs from a pool, so a goroutine does not allocate a VM per
// call, and the library adds no allocation to expr's own.
//
// # The language
//
// Everything of expr's language: arithmetic (+ - * / % ^ **), comparison,
// && || !, the ternary c ? a : b, let bindings, arrays, ranges (1..10),
// member access, and expr's builtins: abs, ceil, floor, round, min, max,
// mean, median, len, all, any, none, one, filter, map, count, sum, find,
// reduce, string functions, duration, and more. Left out, because they read
// the machine's clock or time zone or build unbounded strings: now(),
// date(), timezone() and repeat().
//
// The library adds:
//
//	clamp(x, lo, hi)    x limited to [lo, hi]; lo > hi is an error.
//	                    clamp(140, 0, 100) == 100
//	scale(x, lo, hi)    x mapped linearly onto 0-100, clamped; hi < lo
//	                    scales downwards; lo == hi is an error.
//	                    scale(250, 0, 1000) == 25, scale(2, 10, 0) == 80
//	pct_change(old, new)  100 x (new - old) / |old|; NaN (missing) when
//	                    old is 0. pct_change(62, 41) == -33.87...
//	ratio(a, b)         a / b; NaN (missing) when b is 0.
//	                    ratio(45, 60) == 0.75
//	between(x, lo, hi)  lo <= x <= hi; false for NaN.
//	days_until(t)       days from the evaluation time to t (negative when
//	                    t is past); NaN when t or the evaluation time is
//	                    the zero time.
//	days_since(t)       days from t to the evaluation time.
//	days_between(a, b)  days from a to b, without the evaluation time:
//	                    days_between(as_of, renewal_date); NaN when
//	                    either is the zero time.
//	has(f)              whether field f is present: a map key with a
//	                    non-nil value, or a struct field that is not a nil
//	                    pointer. has(csat) ? csat : 50
//	now                 the evaluation time, a time.Time: now -
//	                    last_login > duration("720h")
//
// and helpers for rules over two states of an account, as package trigger
// writes them (prev and cur are the states):
//
//	declined(old, new, pct)      new is at least pct% below old (old > 0):
//	                             declined(prev.usage, cur.usage, 20)
//	rose(old, new, pct)          new is at least pct% above old (old > 0)
//	crossed_above(old, new, t)   old < t <= new
//	crossed_below(old, new, t)   new < t <= old
//	increased(old, new)          new > old
//	decreased(old, new)          new < old
//	turned_on(old, new)          a flag went from off to on: a bool, a
//	                             number not 0, a non-empty string, non-nil
//	turned_off(old, new)         a flag went from on to off
//
// The evaluation time is always an argument ([Number.Eval],
// [Condition.Eval]); the package never reads the wall clock. The score
// adapters, which have no time argument, take it from Options.Clock.
//
// # Missing values
//
// A numeric rule whose result is NaN, ±Inf or nil is missing: Eval returns
// ok == false, and a [Number.Metric] rates the account missing, which the
// score aggregates treat by their stated policy. So x / 0 and ratio(x, 0)
// are missing, never ratings. Comparisons with NaN are false, as in Go. An
// absent key of a map[string]any account reads nil: arithmetic on nil is an
// evaluation error (not a silent 0), and has(x) or x ?? default handle it.
// An absent key of a map[string]float64 reads 0; has tells the difference.
//
// # Limits and safety
//
// [Options] bounds what a rule may be: its source length (4,096 bytes by
// default), its syntax tree (1,000 nodes), its estimated cost (10,000: one
// per node, and a predicate over a collection costs the collection's size,
// 100 when unknown, times its own cost), and what one evaluation may
// allocate (expr's memory budget, 10,000). Method calls on the account are
// refused unless Options.AllowMethods is set. Nothing in a rule can panic
// the host: expr recovers runtime faults, and they come back as errors.
//
// # Errors
//
// Every error is an [*Error] naming the rule, the line and column, a
// snippet of the source line with a caret (long lines are cut around the
// column), its kind ([ErrSyntax], [ErrUnknownName], [ErrResultType],
// [ErrLimit], [ErrMethodCall], [ErrEnv], [ErrEval]) for errors.Is, and the
// cause (expr's *file.Error where there is one) for errors.As:
//
//	rules: rule "usage": line 1, column 1: unknown name: "seats_usd" (did you mean "seats_used"?)
//	 | seats_usd / seat_limit * 100
//	 | ^
//
// # Environments
//
// [CompileEnv] compiles a rule against any struct environment E, for rules
// that see more than one account: package trigger compiles conditions over
// prev and cur, two states of one account, with it. [Get] reads a field by
// the name rules give it, for messages that quote the values a rule read.
package rules
