package outcome_test

import (
	"fmt"
	"os"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/outcome"
	"github.com/prioritize-dev/prioritize/prioritizetest"
)

// AUC is the chance that a churned account was rated above one that stayed.
// Here the churned accounts score 90 and 40, those that stayed 70 and 10:
// of the four churned/stayed pairs, three put the churned account higher
// (90>70, 90>10, 40>10), so AUC = 3/4.
func ExampleAUC() {
	scores := []float64{90, 70, 40, 10}
	churned := []bool{true, false, true, false}
	auc, ok := outcome.AUC(scores, churned)
	fmt.Println(auc, ok)
	// Output: 0.75 true
}

// ROI is (additional revenue + prevented churn - cost) / cost:
// (30,000 + 20,000 - 25,000) / 25,000 = 1.
func ExampleROI() {
	roi, err := outcome.ROI(30_000, 20_000, 25_000)
	fmt.Println(roi, err)
	// Output: 1 <nil>
}

// BeforeAfter puts two periods side by side in the framework's table form.
func ExampleBeforeAfter() {
	before := outcome.Period{Tier1Expansion: 0.2, Tier1Churn: 0.1, NRR: 1.05, GRR: 0.9, ARRPerCSM: 1_000_000}
	after := outcome.Period{Tier1Expansion: 0.35, Tier1Churn: 0.04, NRR: 1.12, GRR: 0.93, ARRPerCSM: 1_250_000}
	outcome.BeforeAfter(before, after).WriteTo(os.Stdout)
	// Output:
	// metric                   before   after    change
	// tier 1 expansion rate    0.200    0.350    +0.150
	// tier 1 churn rate        0.100    0.040    -0.060
	// net revenue retention    1.050    1.120    +0.070
	// gross revenue retention  0.900    0.930    +0.030
	// ARR per CSM              1000000  1250000  +250000
}

// Counterfactual says what would move gamma (priority 57.5, tier 3) into
// tier 2 (priority 60): 2.5 more priority is 5 more value points, 20
// points of strategic value at its 25% weight.
func ExampleCounterfactual() {
	strategic := outcome.Lever[*prioritize.Account]{
		Name: "strategic_value", Min: 0, Max: 100,
		Get: func(a *prioritize.Account) float64 { return a.StrategicValue },
		Set: func(a *prioritize.Account, x float64) *prioritize.Account {
			c := *a
			c.StrategicValue = x
			return &c
		},
	}
	props, _ := outcome.Counterfactual(prioritize.Default(), prioritizetest.Gamma(), 2, []outcome.Lever[*prioritize.Account]{strategic})
	for _, p := range props {
		fmt.Println(p)
	}
	// Output: strategic_value 65 -> 85: tier 2 (priority 60)
}
