package score_test

import (
	"fmt"

	"github.com/prioritize-dev/prioritize/score"
)

func ExampleExplanation() {
	p := newPolicy() // the worked example of the framework (framework_test.go)
	e := p.balanced.Explain(acme)
	e.Name = "priority"
	fmt.Print(e)
	// Output:
	// priority: 83.875/100
	//   value: 80.25/100 x 0.50 = 40.13
	//     revenue: 5000 -> 80/100 x 0.40 = 32.00
	//     tenure: 18 -> 60/100 x 0.15 = 9.00
	//     engagement: high -> 90/100 x 0.20 = 18.00
	//     strategic: top logo -> 85/100 x 0.25 = 21.25
	//   potential: 87.5/100 x 0.50 = 43.75
	//     expansion: 40 -> 85/100 x 0.35 = 29.75
	//     fit: perfect -> 95/100 x 0.25 = 23.75
	//     relationship: strong champion -> 80/100 x 0.20 = 16.00
	//     timing: 60 -> 90/100 x 0.20 = 18.00
}

func ExampleReasons() {
	p := newPolicy()
	beta := account{MRR: 800, TenureMonths: 30, Engagement: "low", Strategic: "standard",
		UsageGrowth: 60, Fit: "strong", Relationship: "none", RenewalDays: 200}
	// The portfolio's medians are the reference.
	ref := score.Medians([]score.Explanation{p.balanced.Explain(acme), p.balanced.Explain(beta)})
	up, down := score.Reasons(p.balanced.Explain(beta), ref, 2)
	for _, r := range up {
		fmt.Printf("+ %-22s %5.2f\n", r.Factor, r.Impact)
	}
	for _, r := range down {
		fmt.Printf("- %-22s %5.2f\n", r.Factor, r.Impact)
	}
	// By hand: beta rates revenue 32, tenure 76.667, expansion 90 and
	// relationship 20, engagement 30; the medians of the two accounts are
	// 56, 68.333, 87.5, 50 and 60. Impact = 0.5 (blend) x weight x difference:
	// tenure 0.075 x 8.333, expansion 0.175 x 2.5, revenue 0.2 x -24,
	// relationship and engagement 0.1 x -30 (a tie, broken by path).
	//
	// Output:
	// + value/tenure            0.62
	// + potential/expansion     0.44
	// - value/revenue          -4.80
	// - potential/relationship -3.00
}

func ExampleMedians() {
	g := score.Must(score.Weighted(score.Options{}, score.Weigh("usage", 1, score.Func[float64](func(x float64) (float64, bool) { return x, true }))))
	var es []score.Explanation
	for _, x := range []float64{30, 90, 60, 10} {
		es = append(es, g.Explain(x))
	}
	fmt.Println(score.Medians(es))
	// Output: map[usage:45]
}
