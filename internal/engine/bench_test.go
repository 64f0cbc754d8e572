package engine_test

import (
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/prioritize-dev/prioritize/internal/engine"
)

// benchAccount is a struct account for the benchmarks.
type benchAccount struct {
	MRR        float64 `expr:"mrr"`
	Tenure     float64 `expr:"tenure"`
	Engagement float64 `expr:"engagement"`
	Strategic  float64 `expr:"strategic"`
	Growth     float64 `expr:"growth"`
	Fit        float64 `expr:"fit"`
	Champion   float64 `expr:"champion"`
	Timing     float64 `expr:"timing"`
	NPS        float64 `expr:"nps"`
	Usage      float64 `expr:"usage"`
	Tickets    float64 `expr:"tickets"`
}

var benchAcct = benchAccount{MRR: 5000, Tenure: 18, Engagement: 90, Strategic: 85, Growth: 85, Fit: 95, Champion: 80, Timing: 90, NPS: 6, Usage: 41, Tickets: 4}

var benchRules = []struct{ name, src string }{
	{"single-field", "mrr"},
	{"weighted-8", "0.40*mrr/100 + 0.15*tenure + 0.20*engagement + 0.25*strategic + 0.35*growth + 0.25*fit + 0.20*champion + 0.20*timing"},
	{"condition-3", "nps < 7 && usage < 50 && tickets >= 3"},
}

var (
	sinkF float64
	sinkB bool
)

func BenchmarkRule(b *testing.B) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, r := range benchRules {
		cond := r.name == "condition-3"
		b.Run(r.name+"/expr", func(b *testing.B) {
			opt := expr.AsFloat64()
			if cond {
				opt = expr.AsBool()
			}
			prog, err := expr.Compile(r.src, expr.Env(&benchAccount{}), opt)
			if err != nil {
				b.Fatal(err)
			}
			var machine vm.VM
			a := benchAcct
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				out, err := machine.Run(prog, &a)
				if err != nil {
					b.Fatal(err)
				}
				if cond {
					sinkB = out.(bool)
				} else {
					sinkF = out.(float64)
				}
			}
		})
		b.Run(r.name+"/rules", func(b *testing.B) {
			a := benchAcct
			if cond {
				c, err := engine.CompileCondition[benchAccount](r.name, r.src, engine.Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					sinkB, _ = c.Eval(a, now)
				}
				return
			}
			n, err := engine.CompileNumber[benchAccount](r.name, r.src, engine.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				sinkF, _, _ = n.Eval(a, now)
			}
		})
	}
}

// allocs returns the allocations of one evaluation through rules and
// through expr alone, with a reused VM.
func allocs(t *testing.T, src string, cond bool) (ours, theirs float64) {
	opt := expr.AsFloat64()
	if cond {
		opt = expr.AsBool()
	}
	prog, err := expr.Compile(src, expr.Env(&benchAccount{}), opt)
	if err != nil {
		t.Fatal(err)
	}
	var machine vm.VM
	a := benchAcct
	theirs = testing.AllocsPerRun(200, func() { _, _ = machine.Run(prog, &a) })
	now := time.Time{}
	if cond {
		c, err := engine.CompileCondition[benchAccount]("c", src, engine.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return testing.AllocsPerRun(200, func() { _, _ = c.Eval(a, now) }), theirs
	}
	n, err := engine.CompileNumber[benchAccount]("n", src, engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return testing.AllocsPerRun(200, func() { _, _, _ = n.Eval(a, now) }), theirs
}

// platformBench is an account with the kinds a platform's database gives.
type platformBench struct {
	MRRCents int64     `expr:"mrr_cents"`
	Users    int32     `expr:"users"`
	NPS      *float64  `expr:"nps"`
	Plan     string    `expr:"plan"`
	Region   string    `expr:"region"`
	Tickets  []float64 `expr:"tickets"`
}

// BenchmarkSandboxPaths measures the paths the sandbox adds, each beside
// expr running the same source without bounds: numbers of other kinds
// (converted to float64), string comparisons, and a loop (charged once
// before it starts).
func BenchmarkSandboxPaths(b *testing.B) {
	nps := 7.0
	a := platformBench{MRRCents: 500_000, Users: 40, NPS: &nps, Plan: "enterprise", Region: "amer",
		Tickets: []float64{1, 5, 2, 8, 3, 4, 9, 1, 0, 2, 6, 7, 3, 2, 1, 5, 4, 8, 2, 3}}
	cases := []struct{ name, src, exprSrc string }{
		{"kinds", "mrr_cents / 100 * 0.4 + users * 0.1 + (nps ?? 5)", "float(mrr_cents) / 100 * 0.4 + float(users) * 0.1 + (nps ?? 5)"},
		{"strings", `plan == "enterprise" && region != "emea" ? 1 : 0`, ""},
		{"loop-20", "count(tickets, # > 3)", ""},
	}
	for _, c := range cases {
		src := c.exprSrc
		if src == "" {
			src = c.src
		}
		b.Run(c.name+"/expr", func(b *testing.B) {
			prog, err := expr.Compile(src, expr.Env(platformBench{}))
			if err != nil {
				b.Fatal(err)
			}
			var machine vm.VM
			b.ReportAllocs()
			for range b.N {
				if _, err := machine.Run(prog, &a); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(c.name+"/rules", func(b *testing.B) {
			n, err := engine.CompileNumber[platformBench](c.name, c.src, engine.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for range b.N {
				if _, _, err := n.Eval(a, time.Time{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
