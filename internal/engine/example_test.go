package engine_test

import (
	"fmt"
	"time"

	"github.com/prioritize-dev/prioritize/internal/engine"
)

// Account is the caller's own account type; expr tags name its fields in
// rules.
type Account struct {
	SeatsUsed int     `expr:"seats_used"`
	NPS       float64 `expr:"nps"`
}

// Change is an environment with two states of an account, as package
// trigger evaluates its conditions over.
type Change struct {
	Prev Account `expr:"prev"`
	Cur  Account `expr:"cur"`
}

func ExampleScope() {
	var conds []*engine.Program[Change]
	for _, src := range []string{"cur.nps - prev.nps >= 2", "cur.seats_used > prev.seats_used", "cur.nps < 7"} {
		p, err := engine.CompileEnv[Change]("c", src, engine.Boolean, engine.Options{})
		if err != nil {
			panic(err)
		}
		conds = append(conds, p)
	}
	var s engine.Scope[Change] // one per goroutine; its zero value is ready
	env := s.Env()             // written in place: the change is not copied again
	env.Prev, env.Cur = Account{NPS: 6, SeatsUsed: 40}, Account{NPS: 9, SeatsUsed: 40}
	s.Bind(env, time.Time{})
	for _, c := range conds {
		ok, err := c.BoolIn(&s)
		fmt.Println(c.Source(), ok, err)
	}
	// Output:
	// cur.nps - prev.nps >= 2 true <nil>
	// cur.seats_used > prev.seats_used false <nil>
	// cur.nps < 7 false <nil>
}

func ExampleConditions() {
	var ps []*engine.Program[Change]
	for _, src := range []string{"cur.nps - prev.nps >= 2", "cur.seats_used > prev.seats_used", "cur.nps < 7"} {
		p, err := engine.CompileEnv[Change]("c", src, engine.Boolean, engine.Options{})
		if err != nil {
			panic(err)
		}
		ps = append(ps, p)
	}
	conds := engine.NewConditions(ps...)
	held, errs := make([]bool, conds.Len()), make([]error, conds.Len())
	var s engine.Scope[Change]
	for _, cur := range []Account{{NPS: 6, SeatsUsed: 40}, {NPS: 9, SeatsUsed: 40}} {
		env := s.Env()
		env.Prev, env.Cur = Account{NPS: 6, SeatsUsed: 40}, cur
		s.Bind(env, time.Time{})
		if conds.Eval(&s, nil, held, errs) == 0 {
			fmt.Println("nothing holds")
			continue
		}
		fmt.Println(held, errs)
	}
	// Output:
	// [false false true] [<nil> <nil> <nil>]
	// [true false false] [<nil> <nil> <nil>]
}
