package policydoc_test

import (
	"os"
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/proptest"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
)

// piecewise interpolates linearly between points sorted by x, clamped at
// both ends: the framework's curves, written by hand.
func piecewise(x float64, pts [][2]float64) float64 {
	if x != x {
		return 0
	}
	if x <= pts[0][0] {
		return pts[0][1]
	}
	for i := 1; i < len(pts); i++ {
		if x <= pts[i][0] {
			a, b := pts[i-1], pts[i]
			return a[1] + (x-a[0])*(b[1]-a[1])/(b[0]-a[0])
		}
	}
	return pts[len(pts)-1][1]
}

var (
	revenueCurve    = [][2]float64{{0, 0}, {1000, 40}, {5000, 80}, {25000, 100}}
	tenureCurve     = [][2]float64{{0, 0}, {6, 30}, {18, 60}, {36, 85}, {60, 100}}
	engagementCurve = [][2]float64{{0, 0}, {25, 40}, {50, 70}, {75, 90}, {100, 100}}
	expansionCurve  = [][2]float64{{-50, 0}, {0, 40}, {20, 65}, {40, 85}, {100, 100}}
	timingCurve     = [][2]float64{{30, 100}, {60, 90}, {180, 50}, {365, 20}}
)

func linear(x float64) float64 { return min(max(x, 0), 100) }

// handWritten is the framework's balanced priority in plain Go, the
// baseline: the same curves and weights as the default policy.
func handWritten(a *prioritize.Account) float64 {
	value := 0.40*piecewise(a.MRR, revenueCurve) + 0.15*piecewise(a.TenureMonths, tenureCurve) +
		0.20*piecewise(a.FeatureAdoption, engagementCurve) + 0.25*linear(a.StrategicValue)
	days := a.RenewalDate.Sub(a.AsOf).Hours() / 24
	potential := 0.35*piecewise(a.UsageGrowth, expansionCurve) + 0.25*linear(a.ICPFit) +
		0.20*linear(a.ChampionStrength) + 0.20*piecewise(days, timingCurve)
	return 0.5*value + 0.5*potential
}

// bigExpression is the same priority as one expression for expr alone.
const bigExpression = `0.5 * (0.40*pw(mrr, 0) + 0.15*pw(tenure_months, 1) + 0.20*pw(feature_adoption, 2) + 0.25*lin(strategic_value)) +
 0.5 * (0.35*pw(usage_growth, 3) + 0.25*lin(icp_fit) + 0.20*lin(champion_strength) + 0.20*pw(renewal_date.Sub(as_of).Hours() / 24, 4))`

func bigExpressionProgram(tb testing.TB) *vm.Program {
	curves := [][][2]float64{revenueCurve, tenureCurve, engagementCurve, expansionCurve, timingCurve}
	p, err := expr.Compile(bigExpression, expr.Env(&prioritize.Account{}), expr.AsFloat64(),
		expr.Function("pw", func(p ...any) (any, error) { return piecewise(p[0].(float64), curves[p[1].(int)]), nil },
			new(func(float64, int) float64)),
		expr.Function("lin", func(p ...any) (any, error) { return linear(p[0].(float64)), nil }, new(func(float64) float64)))
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

func documentPolicy(tb testing.TB) *prioritize.Policy[*prioritize.Account] {
	data, err := os.ReadFile("testdata/default-policy.json")
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := policydoc.Parse(data)
	if err != nil {
		tb.Fatal(err)
	}
	p, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

var (
	sinkPriority float64
	sinkAssess   prioritize.Assessment
)

// interleaved runs ours and theirs in alternate blocks of 100, so that
// both see the same machine, and reports the ratio of their times.
func interleaved(b *testing.B, ours, theirs func()) {
	var t1, t2 time.Duration
	for range b.N {
		start := time.Now()
		for range 100 {
			ours()
		}
		mid := time.Now()
		for range 100 {
			theirs()
		}
		t1, t2 = t1+mid.Sub(start), t2+time.Since(mid)
	}
	b.ReportMetric(float64(t1)/float64(t2), "ratio")
}

// BenchmarkFrameworkPolicy assesses the framework's worked example four
// ways, side by side in one run: hand-written Go, the Go policy
// (Default), the same policy as the JSON document (expressions compiled to
// closures), and one big expression on a reused expr VM.
func BenchmarkFrameworkPolicy(b *testing.B) {
	a := acme()
	b.Run("hand-written-go", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			sinkPriority = handWritten(a)
		}
	})
	b.Run("go-policy", func(b *testing.B) {
		p := prioritize.Default()
		b.ReportAllocs()
		for range b.N {
			sinkAssess = p.Assess(a)
		}
	})
	b.Run("document", func(b *testing.B) {
		p := documentPolicy(b)
		b.ReportAllocs()
		for range b.N {
			sinkAssess = p.Assess(a)
		}
	})
	// The document's ratio to the Go policy, interleaved so that both see
	// the same machine: the target is at most 2.
	b.Run("document-vs-go-policy", func(b *testing.B) {
		doc, gp := documentPolicy(b), prioritize.Default()
		interleaved(b, func() { sinkAssess = doc.Assess(a) }, func() { sinkAssess = gp.Assess(a) })
	})
	b.Run("expr-vm-one-expression", func(b *testing.B) {
		prog := bigExpressionProgram(b)
		var machine vm.VM
		b.ReportAllocs()
		for range b.N {
			out, err := machine.Run(prog, a)
			if err != nil {
				b.Fatal(err)
			}
			sinkPriority = out.(float64)
		}
	})
}

// TestBaselinesAgree: the benchmark's baselines compute the framework's
// priority, 83.875 for the worked example, as the document does.
func TestBaselinesAgree(t *testing.T) {
	a := acme()
	out, err := vm.Run(bigExpressionProgram(t), a)
	if err != nil {
		t.Fatal(err)
	}
	doc := documentPolicy(t).Assess(a)
	for name, got := range map[string]float64{"hand-written": handWritten(a), "expression": out.(float64), "document": doc.Priority} {
		if got != 83.875 {
			t.Errorf("%s: priority %v, want 83.875 (the framework's worked example)", name, got)
		}
	}
}

// TestDocumentAssessAllocatesNothing: the document policy's expressions run
// as closures, and assessing an account allocates nothing, as the Go policy.
func TestDocumentAssessAllocatesNothing(t *testing.T) {
	if proptest.RaceEnabled {
		t.Skip("allocation counts of pooled code are not meaningful under the race detector")
	}
	p, a := documentPolicy(t), acme()
	if n := testing.AllocsPerRun(200, func() { sinkAssess = p.Assess(a) }); n != 0 {
		t.Errorf("Assess of the document policy allocates %v times, want 0", n)
	}
}
