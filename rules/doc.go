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
// one that produces a bool, [CompileText] one that produces a string (a
// category level), once, against an account type A: a struct, whose
// exported fields rules name by their expr tags (or Go names), or a map
// with string keys, whose keys Options.Fields lists. Compilation type
// checks the rule: a numeric rule must produce a number, a condition a
// bool, a text rule a string, and a name that is not a field or function is
// an error that suggests the closest known name. [CompileNumbers] and
// [CompileConditions] compile several rules and report every failure at
// once.
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
// the machine's clock or time zone, build unbounded strings or shift
// integers out of range silently: now(), date(), timezone(), repeat() and
// the bit operations (bitand, bitshl, ...). Functions are the only things a rule can
// call: not methods (see Limits and safety), not values held in let
// bindings or fields.
//
// The library adds:
//
//	clamp(x, lo, hi)    x limited to [lo, hi]; lo > hi is an error; NaN
//	                    or ±Inf give NaN (missing), never a bound.
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
//	                    the zero time. A rule that uses it (or now, or
//	                    days_since) needs Options.Clock, or it does not
//	                    compile.
//	days_since(t)       days from t to the evaluation time.
//	days_between(a, b)  days from a to b, without the evaluation time:
//	                    days_between(as_of, renewal_date); NaN when
//	                    either is the zero time.
//	has(f)              whether field f is present: a map key with a
//	                    non-nil value, or a struct field that is not a nil
//	                    pointer, and not a number NaN (missing, as a blank
//	                    cell of a record). has(csat) ? csat : 50
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
// # Numbers
//
// Every number a rule reads from the account is a float64, whatever its Go
// type: all sizes of int and uint, float32, named numeric types (type Cents
// int64), and pointers to any of them, where nil reads NaN, which is
// missing. So every function treats int64 cents, int32 counters and
// float32 ratios exactly as float64 (a property test checks 16 kinds
// against float64 through 40 functions and operators). Fields of type int
// stay ints, and integer arithmetic (on ints, literals, len, count) is done
// in float64: exact up to 2^53, never wrapped; sum() of integers without
// a predicate, reduce over integers and arithmetic on durations are checked
// and fail with [ErrEval] on overflow; int(x) of a number out of the int
// range is an evaluation error. x == nil still tests the pointer.
// time.Duration fields stay durations.
//
// # Missing values
//
// A numeric rule whose result is NaN, ±Inf or nil is missing: Eval returns
// ok == false and no error, and a [Number.Metric] rates the account
// missing, which the score aggregates treat by their stated policy. NaN and
// infinities stay missing through every function: clamp, scale, min, max,
// mean and median give NaN for them (min(x, 100) with x = +Inf is missing,
// not 100), between gives false, and mean or median of no numbers is
// missing, not 0. ratio(a, b) is missing when b is 0.
//
// Division (or %) by zero is not missing data: by the constant 0 the rule
// does not compile ([ErrSyntax]); by a value that is 0 at run time, Eval returns an
// error of kind [ErrEval] that names the place ("division by zero"), and
// Metric rates the account missing. Comparisons with NaN are false, as in
// Go. An absent key of a map[string]any account reads nil: arithmetic on
// nil is an evaluation error (not a silent 0), and has(x) or x ?? default
// handle it (?? also replaces NaN). An absent key of a map[string]float64
// reads 0; has tells the difference.
//
// # Limits and safety
//
// Rules are written by people who are not the host's engineers, so every
// rule is bounded, at compile time and at run time. At compile time
// [Options] bounds its source (4,096 bytes by default), its syntax tree
// (1,000 nodes) and its estimated cost (10,000: one per node, and a
// predicate over a collection costs the collection's size, 100 when
// unknown, times its own cost). At run time every evaluation has a budget
// of its own:
//
//   - steps (Options.MaxSteps, 500,000 by default, about 10 ms of work): an
//     iteration of a predicate (map, filter, all, reduce, ...) costs its
//     predicate's size plus 10; an operation whose work grows with its
//     operands costs their size in bytes or elements: joining, comparing or
//     searching strings, x in list, the string and collection builtins,
//     sorting (n log n), building a range. A comparison outside any loop of
//     values read straight from the account or written in the rule is not
//     charged: it runs once, in time linear in the input.
//   - memory (Options.MaxMemory, 1 MiB by default): every string the rule
//     builds costs its length and every element of a collection 16 bytes,
//     charged before it is built, where the result can be much larger
//     than the arguments (a + b, replace, join, split, ranges), and from
//     the arguments' size otherwise. expr's own memory budget, set to
//     MaxMemory / 16 elements, bounds the arrays and maps the rule writes.
//
// An evaluation that runs out stops at once with an error of kind
// [ErrLimit] at the place in the rule where it ran out; the budget is the
// evaluation's own, so nothing else in the host is disturbed, and the next
// evaluation starts afresh. The budgets count work, not time, so the same
// account gives the same result on any machine. The table of hostile rules
// in the tests (run each in a process of its own, under an address-space
// limit) shows each reported attack stopped; the slowest evaluation there
// takes about 10 ms, and none allocates more than 6 MB. FuzzSandbox
// evaluates arbitrary rules under a watchdog:
//
//	go test ./internal/engine -run '^$' -fuzz '^FuzzSandbox$' -fuzztime 10m
//
// Without Options.AllowMethods no method of any value can be called or
// taken as a value, whatever the syntax: x.M(), x.M, let f = x.M; f(),
// a method of the account by its bare name, a field of func type, get(x,
// "M"), or a member of a value whose type is only known at run time (read
// through a lookup of fields and keys that never returns a method). $env
// is not part of the language, and names starting with two underscores are
// reserved. now(), date() and timezone() are not there, so a rule cannot
// read the machine's clock or time zone. Nothing in a rule can panic the
// host: expr recovers runtime faults, and they come back as errors.
//
// # Speed: closures, and the VM as the reference
//
// A rule without loops compiles to Go closures over the account's memory:
// each field is read at its offset, found once per type, numbers stay
// float64 from the field to the result, and an evaluation over numbers,
// strings, bools and dates allocates nothing (a value whose type is known
// only at run time is boxed, as on the VM). That covers literals, fields (through nested structs and
// pointers), the operators, conditionals, ??, in over a list of
// constants, the function library, the change helpers and expr's builtins
// that take no predicate. Over a map[string]any account (a policy
// document's records, a platform's custom attributes, or prev and cur of
// a trigger over them) a key is read from the map in place, and the
// operators, ??, conditionals, has and the date functions take the values
// they find, float64, string or time.Time, without boxing; a value of
// any other kind, or none, is handed to the very functions the VM calls,
// so that the result is the VM's. A document policy over a record
// allocates nothing per assessment. A rule with anything else (a predicate such as
// filter or all, let, a range, an array or map it builds, slicing,
// optional chaining ?., matches, a method) runs on the expr VM, whole, as
// compiled by expr; [Number.Closure] (and Condition's and Text's) says
// which, and why.
//
// Both give the same results: the same number, the same missing value,
// the same class of error at the same line and column, for every rule the
// closures compile. The VM is
// the reference: the closures compile the very tree the VM runs (after
// the sandbox's passes and expr's optimizer), and where a value's type is
// known only at run time they call the functions the VM calls, with the
// evaluation's meter. The differential tests check it:
// TestClosuresMatchVM draws rules from a grammar of the closures'
// language and accounts with every edge of every kind (NaN, infinities,
// the largest integers, nil pointers, a nil account) and compares over
// 100,000 evaluations per run; TestHostileRulesMatchVM runs the sandbox's
// hostile rules both ways; FuzzClosures compares any source:
//
//	go test ./internal/engine -run '^$' -fuzz '^FuzzClosures$' -fuzztime 10m
//
// The closures keep the sandbox's bounds: they run no loops, so an
// evaluation's work is bounded by the rule's size and the strings it
// reads, and the metered functions charge the same budget as on the VM.
//
// The commonest shapes (a field, a field against a constant, the days
// between two dates) are computed in place without even a frame. Package
// trigger evaluates its conditions over one change in one pass, through
// the engine (internal/engine's Scope and Conditions): the change is copied
// once, and nothing is written until a condition holds.
//
// Measured on a 2-core machine, medians of ten runs (go test ./internal/engine
// -bench Rule -count 10), against expr's own Run of the same source with a
// reused VM: a single field 10 ns against 189 ns, a sum of eight weighted
// terms 97 ns against 1,840 ns, a condition of three comparisons 57 ns
// against 568 ns, with 0 allocations against 2, 25 and 3.
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
// # Environments and the engine
//
// The rules run on an engine, the package internal/engine, whose types
// this package names ([Number], [Condition], [Text], [Options], [Error]
// are its, by alias). Package trigger compiles its conditions over prev
// and cur, two states of one account, against the engine's environments
// directly. [Get] reads a field by the name rules give it, for messages
// that quote the values a rule read.
package rules
