package scoretest_test

import (
	"fmt"

	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/score/scoretest"
)

// printer is a TB that prints failures, for the examples; tests pass their
// *testing.T or *rapid.T.
type printer struct{}

func (printer) Helper()                           {}
func (printer) Errorf(format string, args ...any) { fmt.Printf(format+"\n", args...) }

func ExampleWeights() {
	health := func(c map[string]float64) float64 { return c["health"] }
	m := score.Metric(health, score.Must(score.Linear(0, 100)))
	// A published setup whose weights add up to 140%.
	g := score.Must(score.Weighted(score.Options{},
		score.Weigh("usage", 40, m), score.Weigh("support", 30, m), score.Weigh("nps", 40, m), score.Weigh("billing", 30, m)))
	scoretest.Weights(printer{}, g, scoretest.WeightOptions{Total: 100})
	// Output:
	// scoretest.Weights: the weights add up to 140 (140% of the 100 intended)
}

func ExampleMonotone() {
	type account struct {
		ID          string
		Escalations float64
	}
	// A policy that got its direction wrong: more escalations rate higher.
	support := score.Metric(func(a account) float64 { return a.Escalations }, score.Must(score.Linear(0, 5)))
	escalations := scoretest.Field("escalations", score.Descending, // fewer is better
		func(a account) float64 { return a.Escalations },
		func(a account, v float64) account { a.Escalations = v; return a })
	scoretest.Monotone[account](printer{}, support, account{ID: "acme", Escalations: 1}, escalations, 2)
	// Output:
	// scoretest.Monotone: account "acme": raising escalations by 2 moved the rating from 20 to 60, against its direction (descending)
}
