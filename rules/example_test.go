package rules_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/score"
)

// Account is the caller's own account type; expr tags name its fields in
// rules.
type Account struct {
	SeatsUsed   int       `expr:"seats_used"`
	SeatLimit   int       `expr:"seat_limit"`
	NPS         float64   `expr:"nps"`
	RenewalDate time.Time `expr:"renewal_date"`
}

func ExampleCompileNumber() {
	seats, err := rules.CompileNumber[Account]("seat utilisation", "min(seats_used / seat_limit, 1) * 100", rules.Options{})
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	fmt.Println(seats.Eval(Account{SeatsUsed: 45, SeatLimit: 60}, now))
	fmt.Println(seats.Eval(Account{SeatsUsed: 45}, now)) // 45 / 0: an error at its place, never 100
	// Output:
	// 75 true <nil>
	// 0 false rules: rule "seat utilisation": line 1, column 16: evaluation failed: division by zero
	//  | min(seats_used / seat_limit, 1) * 100
	//  |                ^
}

func ExampleCompileNumber_missing() {
	// ratio(a, b) is a / b, missing when b is 0: for a divisor that may
	// legitimately be 0. (A plain / by 0 is an error.)
	r, _ := rules.CompileNumber[Account]("nps per seat", "ratio(nps, seat_limit)", rules.Options{})
	fmt.Println(r.Eval(Account{NPS: 8}, time.Time{}))
	// Output: 0 false <nil>
}

func ExampleCompileNumber_error() {
	_, err := rules.CompileNumber[Account]("usage", "seats_usd / seat_limit * 100", rules.Options{})
	fmt.Println(err)
	// Output:
	// rules: rule "usage": line 1, column 1: unknown name: "seats_usd" (did you mean "seats_used"?)
	//  | seats_usd / seat_limit * 100
	//  | ^
}

func ExampleCompileCondition() {
	// days_until counts from the evaluation time, so the rule needs a clock
	// (Eval takes the time as an argument; Holds asks the clock).
	clock := func() time.Time { return time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC) }
	risk, err := rules.CompileCondition[Account]("renewal risk", "days_until(renewal_date) < 90 && nps < 7", rules.Options{Clock: clock})
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	fmt.Println(risk.Eval(Account{NPS: 5, RenewalDate: now.AddDate(0, 2, 0)}, now))
	fmt.Println(risk.Eval(Account{NPS: 9, RenewalDate: now.AddDate(0, 2, 0)}, now))
	// Output:
	// true <nil>
	// false <nil>
}

func ExampleNumber_Metric() {
	// An expression plus a curve is a factor of a weighted score; a
	// condition caps it.
	seats, _ := rules.CompileNumber[Account]("seats", "seats_used / seat_limit * 100", rules.Options{})
	detractor, _ := rules.CompileCondition[Account]("detractor", "nps < 7", rules.Options{})
	health, err := score.Bounded(
		score.Must(score.Weighted(score.Options{},
			score.Weigh("seats", 1, seats.Metric(score.Must(score.Linear(0, 100)))))),
		score.Cap("detractor", detractor, 40),
	)
	if err != nil {
		panic(err)
	}
	fmt.Println(health.Score(Account{SeatsUsed: 45, SeatLimit: 50, NPS: 9}))
	fmt.Println(health.Score(Account{SeatsUsed: 45, SeatLimit: 50, NPS: 3}))
	// Output:
	// 90 true
	// 40 true
}

func ExampleCompileNumber_map() {
	// Map accounts list the keys rules may use. An absent key reads nil:
	// has() tells whether it is there, ?? gives a default.
	opts := rules.Options{Fields: []string{"mrr", "csat"}}
	r, _ := rules.CompileNumber[map[string]any]("csat or neutral", "has(csat) ? csat : 50", opts)
	fmt.Println(r.Eval(map[string]any{"mrr": 900.0}, time.Time{}))
	fmt.Println(r.Eval(map[string]any{"mrr": 900.0, "csat": 82}, time.Time{}))
	// Output:
	// 50 true <nil>
	// 82 true <nil>
}

func ExampleCompileConditions() {
	_, err := rules.CompileConditions[Account](rules.Options{},
		rules.Source{Name: "detractor", Expr: "nps < 7"},
		rules.Source{Name: "full", Expr: "seats_used >= seat_limt"},
		rules.Source{Name: "score", Expr: "nps * 10"},
	)
	fmt.Println(err)
	// Output:
	// rules: rule "full": line 1, column 15: unknown name: "seat_limt" (did you mean "seat_limit"?)
	//  | seats_used >= seat_limt
	//  |               ^
	// rules: rule "score": line 1, column 5: wrong result type: a condition must produce a bool, not float64
	//  | nps * 10
	//  |     ^
}

// A rule that would build a string of 2^40 bytes stops at its budget (here
// the steps of copying strings run out before the 1 MiB of memory), at the
// place where it ran out, without disturbing the host.
func ExampleOptions_budget() {
	bomb, err := rules.CompileNumber[Account]("bomb", `len(reduce(1..40, #acc + #acc, "x"))`, rules.Options{})
	if err != nil {
		panic(err)
	}
	_, _, err = bomb.Eval(Account{}, time.Time{})
	fmt.Println(errors.Is(err, rules.ErrLimit))
	fmt.Println(err)
	// Output:
	// true
	// rules: rule "bomb": line 1, column 24: rule exceeds a limit: the evaluation ran out of steps (budget 500000 steps, Options.MaxSteps)
	//  | len(reduce(1..40, #acc + #acc, "x"))
	//  |                        ^
}

// Rules read fields; a method can be neither called nor taken as a value,
// however it is spelt.
func ExampleCompileNumber_methods() {
	for _, src := range []string{"renewal_date.Unix()", "let f = renewal_date.Unix; f()"} {
		_, err := rules.CompileNumber[Account]("epoch", src, rules.Options{})
		fmt.Println(errors.Is(err, rules.ErrMethodCall))
	}
	// Output:
	// true
	// true
}

func ExampleNumber_Closure() {
	opts := rules.Options{}
	fast, _ := rules.CompileNumber[Account]("seats", "min(seats_used / seat_limit, 1) * 100", opts)
	loop, _ := rules.CompileNumber[Account]("loop", "len(filter([nps, 7, 9], # >= 7))", opts)
	ok, why := fast.Closure()
	fmt.Println(ok, why == "")
	fmt.Println(loop.Closure())
	// Both give the same results; the closures allocate nothing.
	fmt.Println(loop.Eval(Account{NPS: 8}, time.Time{}))
	// Output:
	// true true
	// false the builtin filter (a loop)
	// 3 true <nil>
}
