package trigger_test

import (
	"github.com/prioritize-dev/prioritize/internal/proptest"
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/prioritize-dev/prioritize/trigger"
)

// exprOnly compiles the framework's conditions with expr alone, over the
// same environment and with the same helper functions, to compare with.
func exprOnly(t testing.TB) []*vm.Program {
	helpers := []expr.Option{
		expr.Env(&trigger.Env[state]{}), expr.AsBool(),
		expr.Function("rose", func(p ...any) (any, error) {
			return p[0].(float64) > 0 && 100*(p[1].(float64)-p[0].(float64))/p[0].(float64) >= p[2].(float64), nil
		}, new(func(float64, float64, float64) bool)),
		expr.Function("declined", func(p ...any) (any, error) {
			return p[0].(float64) > 0 && 100*(p[0].(float64)-p[1].(float64))/p[0].(float64) >= p[2].(float64), nil
		}, new(func(float64, float64, float64) bool)),
		expr.Function("turned_on", func(p ...any) (any, error) { return !p[0].(bool) && p[1].(bool), nil }, new(func(any, any) bool)),
		expr.Function("turned_off", func(p ...any) (any, error) { return p[0].(bool) && !p[1].(bool), nil }, new(func(any, any) bool)),
		expr.Function("increased", func(p ...any) (any, error) { return toF(p[1]) > toF(p[0]), nil }, new(func(float64, float64) bool)),
	}
	var progs []*vm.Program
	for _, r := range framework {
		p, err := expr.Compile(r.When, helpers...)
		if err != nil {
			t.Fatal(err)
		}
		progs = append(progs, p)
	}
	return progs
}

func toF(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

// handWritten are the framework's ten conditions in Go, as a host would
// write them without rules: the baseline of BenchmarkCheck.
var handWritten = []func(e *trigger.Env[state]) bool{
	func(e *trigger.Env[state]) bool { return e.Prev.ARR > 0 && 100*(e.Cur.ARR-e.Prev.ARR)/e.Prev.ARR >= 10 },
	func(e *trigger.Env[state]) bool {
		return e.Prev.Usage > 0 && 100*(e.Cur.Usage-e.Prev.Usage)/e.Prev.Usage >= 30
	},
	func(e *trigger.Env[state]) bool { return !e.Prev.Sponsor && e.Cur.Sponsor },
	func(e *trigger.Env[state]) bool { return e.Cur.Funding != e.Prev.Funding && e.Cur.Funding != "" },
	func(e *trigger.Env[state]) bool { return e.Cur.NPS-e.Prev.NPS >= 2 },
	func(e *trigger.Env[state]) bool {
		return e.Prev.Usage > 0 && 100*(e.Prev.Usage-e.Cur.Usage)/e.Prev.Usage >= 20
	},
	func(e *trigger.Env[state]) bool { return e.Cur.Escalations-e.Prev.Escalations >= 2 },
	func(e *trigger.Env[state]) bool { return e.Cur.PaymentFailures > e.Prev.PaymentFailures },
	func(e *trigger.Env[state]) bool { return e.Prev.Champion && !e.Cur.Champion },
	func(e *trigger.Env[state]) bool { return e.Cur.CompetitorMentions > e.Prev.CompetitorMentions },
}

// BenchmarkCheck checks the framework's ten rules over an unchanged pair
// (nothing fires), next to expr running the same ten conditions once each.
func BenchmarkCheck(b *testing.B) {
	set := mustSet(b, framework...)
	prev, cur := base, base
	b.Run("trigger", func(b *testing.B) {
		b.ReportAllocs()
		for i := range b.N {
			fired, _, err := set.Check(prev, cur, t0, nil)
			if len(fired) != 0 || err != nil {
				b.Fatal(i, fired, err)
			}
		}
	})
	// The ratio to hand-written Go, interleaved so that both see the same
	// machine: the target is at most 3.
	b.Run("trigger-vs-go", func(b *testing.B) {
		env := &trigger.Env[state]{Prev: prev, Cur: cur, Now: t0}
		var ours, theirs time.Duration
		for range b.N {
			t1 := time.Now()
			for range 100 {
				if fired, _, _ := set.Check(prev, cur, t0, nil); len(fired) != 0 {
					b.Fatal(fired)
				}
			}
			t2 := time.Now()
			for range 100 {
				for _, c := range handWritten {
					if c(env) {
						b.Fatal("fired")
					}
				}
			}
			ours, theirs = ours+t2.Sub(t1), theirs+time.Since(t2)
		}
		b.ReportMetric(float64(ours)/float64(theirs), "ratio")
	})
	b.Run("go", func(b *testing.B) {
		env := &trigger.Env[state]{Prev: prev, Cur: cur, Now: t0}
		b.ReportAllocs()
		for range b.N {
			for _, c := range handWritten {
				if c(env) {
					b.Fatal("fired")
				}
			}
		}
	})
	b.Run("expr", func(b *testing.B) {
		progs := exprOnly(b)
		env := &trigger.Env[state]{Prev: prev, Cur: cur, Now: t0}
		var machine vm.VM
		b.ReportAllocs()
		b.ResetTimer()
		for range b.N {
			for _, p := range progs {
				out, err := machine.Run(p, env)
				if err != nil || out.(bool) {
					b.Fatal(out, err)
				}
			}
		}
	})
}

// TestCheckAllocatesNothingOfItsOwn: when nothing fires, Check allocates no
// more than expr's own evaluations of the same conditions. (expr boxes every
// field it reads, one allocation each; Check adds none.)
func TestCheckAllocatesNothingOfItsOwn(t *testing.T) {
	if proptest.RaceEnabled {
		t.Skip("allocation counts of pooled code are not meaningful under the race detector")
	}
	set := mustSet(t, framework...)
	ours := testing.AllocsPerRun(200, func() { _, _, _ = set.Check(base, base, t0, nil) })
	progs := exprOnly(t)
	env := &trigger.Env[state]{Prev: base, Cur: base, Now: t0}
	var machine vm.VM
	theirs := testing.AllocsPerRun(200, func() {
		for _, p := range progs {
			_, _ = machine.Run(p, env)
		}
	})
	if ours > theirs {
		t.Errorf("Check allocates %v times, expr alone %v", ours, theirs)
	}
}
