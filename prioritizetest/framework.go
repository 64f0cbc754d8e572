package prioritizetest

import (
	"time"

	"github.com/prioritize-dev/prioritize"
)

// AsOf is the snapshot date of the framework's example accounts.
var AsOf = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

// The framework's four example accounts (docs/framework.md), with raw
// inputs chosen (by hand, below) so that the default policy rates them as
// the framework does: references for golden tests. Each call returns a new
// account, to change at will.
// Acme is the framework's worked example: a Star in tier 1 (80.25 / 87.5,
// priority 83.875).
func Acme() *prioritize.Account {
	// value: revenue 5,000 -> 80, tenure 18 -> 60, adoption 75% -> 90, strategic 85
	//        0.4x80 + 0.15x60 + 0.2x90 + 0.25x85 = 32 + 9 + 18 + 21.25 = 80.25
	// potential: growth 40% -> 85, fit 95, champion 80, renewal in 60 days -> 90
	//        0.35x85 + 0.25x95 + 0.2x80 + 0.2x90 = 29.75 + 23.75 + 16 + 18 = 87.5
	return &prioritize.Account{ID: "acme", Name: "Acme", MRR: 5000, TenureMonths: 18, FeatureAdoption: 75,
		StrategicValue: 85, UsageGrowth: 40, ICPFit: 95, ChampionStrength: 80, Champion: true,
		AsOf: AsOf, RenewalDate: AsOf.AddDate(0, 0, 60), Stage: prioritize.Adoption,
		PotentialARR: 80000, GrowthLikelihood: 85, UsagePct: 62}
}

// Beta is the framework's Growth Bet: 45 / 85, priority 65, tier 2.
func Beta() *prioritize.Account {
	// value: 1,000 -> 40, 6 months -> 30, 25% -> 40, strategic 66
	//        16 + 4.5 + 8 + 16.5 = 45
	// potential: 40% -> 85, fit 85, champion 80, 60 days -> 90
	//        29.75 + 21.25 + 16 + 18 = 85
	return &prioritize.Account{ID: "beta", Name: "Beta", MRR: 1000, TenureMonths: 6, FeatureAdoption: 25,
		StrategicValue: 66, UsageGrowth: 40, ICPFit: 85, ChampionStrength: 80, Champion: true,
		AsOf: AsOf, RenewalDate: AsOf.AddDate(0, 0, 60), Stage: prioritize.Adoption,
		PotentialARR: 60000, GrowthLikelihood: 55}
}

// Gamma is the framework's Cash Cow: 75 / 40, priority 57.5, tier 3.
func Gamma() *prioritize.Account {
	// value: 5,000 -> 80, 36 months -> 85, 50% -> 70, strategic 65
	//        32 + 12.75 + 14 + 16.25 = 75
	// potential: 0% -> 40, fit 40, champion 60, 365 days -> 20
	//        14 + 10 + 12 + 4 = 40
	return &prioritize.Account{ID: "gamma", Name: "Gamma", MRR: 5000, TenureMonths: 36, FeatureAdoption: 50,
		StrategicValue: 65, UsageGrowth: 0, ICPFit: 40, ChampionStrength: 60, Champion: true,
		AsOf: AsOf, RenewalDate: AsOf.AddDate(0, 0, 365), Stage: prioritize.Adoption,
		PotentialARR: 20000, GrowthLikelihood: 30}
}

// Delta is the framework's Maintenance account: 30 / 35, priority 32.5,
// tier 4.
func Delta() *prioritize.Account {
	// value: 1,000 -> 40, 6 -> 30, 25% -> 40, strategic 6
	//        16 + 4.5 + 8 + 1.5 = 30
	// potential: 0% -> 40, fit 20, champion 30, 180 days -> 50
	//        14 + 5 + 6 + 10 = 35
	return &prioritize.Account{ID: "delta", Name: "Delta", MRR: 1000, TenureMonths: 6, FeatureAdoption: 25,
		StrategicValue: 6, UsageGrowth: 0, ICPFit: 20, ChampionStrength: 30,
		AsOf: AsOf, RenewalDate: AsOf.AddDate(0, 0, 180), Stage: prioritize.Adoption,
		PotentialARR: 5000, GrowthLikelihood: 20}
}
