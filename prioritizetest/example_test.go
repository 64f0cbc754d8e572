package prioritizetest_test

import (
	"fmt"

	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/tier"
)

func ExampleLadderCases() {
	l := tier.Default()
	for _, s := range prioritizetest.LadderCases(l)[7:13] {
		fmt.Println(s, "-> tier", l.Rank(s))
	}
	// Output:
	// 59.99999999999999 -> tier 3
	// 60 -> tier 2
	// 60.00000000000001 -> tier 2
	// 79.99999999999999 -> tier 2
	// 80 -> tier 1
	// 80.00000000000001 -> tier 1
}
