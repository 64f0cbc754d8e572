package score_test

import (
	"github.com/prioritize-dev/prioritize/score"
)

// account is the worked example's account type: the raw inputs of
// the framework's (docs/framework.md) table.
type account struct {
	MRR          float64 // dollars a month
	TenureMonths float64
	Engagement   string  // "high", "medium", "low"
	Strategic    string  // "top logo", "reference", "standard"
	UsageGrowth  float64 // percent over the last quarter
	Fit          string  // ICP match: "perfect", "strong", "partial", "poor"
	Relationship string  // "strong champion", "champion", "none"
	RenewalDays  float64 // days until renewal
}

// acme is the account of the framework's (docs/framework.md) worked example.
var acme = account{
	MRR: 5000, TenureMonths: 18, Engagement: "high", Strategic: "top logo",
	UsageGrowth: 40, Fit: "perfect", Relationship: "strong champion", RenewalDays: 60,
}

// policy is the framework's value, potential and the three blends, built
// from the curves below; each breakpoint that the worked example lands on
// is marked.
type policy struct {
	value, potential                *score.Aggregate[account]
	balanced, growth, retention     *score.Aggregate[account]
	revenue, tenure, growthC, renew score.Curve
}

func newPolicy() policy {
	var p policy
	p.revenue = score.Must(score.Piecewise(score.Ascending,
		score.Point{X: 0, Y: 0}, score.Point{X: 1000, Y: 40}, score.Point{X: 5000, Y: 80}, score.Point{X: 25000, Y: 100})) // 5,000 MRR -> 80
	p.tenure = score.Must(score.Piecewise(score.Ascending,
		score.Point{X: 0, Y: 0}, score.Point{X: 6, Y: 30}, score.Point{X: 18, Y: 60}, score.Point{X: 36, Y: 85}, score.Point{X: 60, Y: 100})) // 18 months -> 60
	p.growthC = score.Must(score.Piecewise(score.Ascending,
		score.Point{X: -50, Y: 0}, score.Point{X: 0, Y: 40}, score.Point{X: 20, Y: 65}, score.Point{X: 40, Y: 85}, score.Point{X: 100, Y: 100})) // 40% -> 85
	p.renew = score.Must(score.Piecewise(score.Descending,
		score.Point{X: 30, Y: 100}, score.Point{X: 60, Y: 90}, score.Point{X: 180, Y: 50}, score.Point{X: 365, Y: 20})) // 60 days -> 90
	engagement := score.Must(score.Category(func(a account) string { return a.Engagement },
		map[string]float64{"high": 90, "medium": 60, "low": 30}, 0))
	strategic := score.Must(score.Category(func(a account) string { return a.Strategic },
		map[string]float64{"top logo": 85, "reference": 70, "standard": 40}, 40))
	fit := score.Must(score.Category(func(a account) string { return a.Fit },
		map[string]float64{"perfect": 95, "strong": 80, "partial": 50, "poor": 20}, 20))
	relationship := score.Must(score.Category(func(a account) string { return a.Relationship },
		map[string]float64{"strong champion": 80, "champion": 60, "none": 20}, 20))

	p.value = score.Must(score.Weighted(score.Options{},
		score.Weigh("revenue", 0.40, score.Metric(func(a account) float64 { return a.MRR }, p.revenue)),
		score.Weigh("tenure", 0.15, score.Metric(func(a account) float64 { return a.TenureMonths }, p.tenure)),
		score.Weigh("engagement", 0.20, engagement),
		score.Weigh("strategic", 0.25, strategic),
	))
	p.potential = score.Must(score.Weighted(score.Options{},
		score.Weigh("expansion", 0.35, score.Metric(func(a account) float64 { return a.UsageGrowth }, p.growthC)),
		score.Weigh("fit", 0.25, fit),
		score.Weigh("relationship", 0.20, relationship),
		score.Weigh("timing", 0.20, score.Metric(func(a account) float64 { return a.RenewalDays }, p.renew)),
	))
	p.balanced = score.Must(score.Blend[account](p.value, p.potential, score.Balanced))
	p.growth = score.Must(score.Blend[account](p.value, p.potential, score.Growth))
	p.retention = score.Must(score.Blend[account](p.value, p.potential, score.Retention))
	return p
}
