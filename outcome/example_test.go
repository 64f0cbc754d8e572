package outcome_test

import (
	"fmt"

	"github.com/prioritize-dev/prioritize/outcome"
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
