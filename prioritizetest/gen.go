package prioritizetest

import (
	"math"
	"time"

	"github.com/prioritize-dev/prioritize"
	"pgregory.net/rapid"
)

// Epoch is the AsOf date of generated accounts: a fixed date keeps
// generated portfolios reproducible.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Epoch returns the AsOf date of the accounts [Account] generates.
func Epoch() time.Time { return epoch }

// Account returns a generator of reference accounts with realistic ranges:
// MRR from $0 to $60,000 (skewed small), tenure to 8 years, percentages in
// their ranges, renewals up to 18 months after AsOf (a few already past),
// lifecycle stages of all kinds. A few accounts miss some data (NaN).
func Account() *rapid.Generator[*prioritize.Account] {
	return rapid.Custom(func(t *rapid.T) *prioritize.Account {
		maybe := func(label string, g *rapid.Generator[float64]) float64 {
			if rapid.IntRange(0, 49).Draw(t, label+" missing") == 0 {
				return math.NaN()
			}
			return g.Draw(t, label)
		}
		pct := rapid.Float64Range(0, 100)
		mrr := math.Round(math.Pow(10, rapid.Float64Range(1.5, 4.78).Draw(t, "log mrr")))
		seats := rapid.IntRange(1, 2000).Draw(t, "seat limit")
		a := &prioritize.Account{
			ID:                 "acct-" + rapid.StringMatching(`[a-z0-9]{8}`).Draw(t, "id"),
			Name:               rapid.SampledFrom([]string{"Acme", "Beta", "Gamma", "Delta", "Epsilon", "Zeta"}).Draw(t, "name"),
			Industry:           rapid.SampledFrom([]string{"software", "retail", "finance", "health", "logistics"}).Draw(t, "industry"),
			Employees:          rapid.IntRange(5, 50000).Draw(t, "employees"),
			MRR:                maybe("mrr", rapid.Just(mrr)),
			TenureMonths:       maybe("tenure", rapid.Float64Range(0, 96)),
			AsOf:               epoch,
			RenewalDate:        epoch.AddDate(0, 0, rapid.IntRange(-30, 540).Draw(t, "renewal in days")),
			PotentialARR:       math.Round(rapid.Float64Range(0, 250000).Draw(t, "potential arr")),
			GrowthLikelihood:   pct.Draw(t, "growth likelihood"),
			SeatLimit:          seats,
			SeatsUsed:          rapid.IntRange(0, seats).Draw(t, "seats used"),
			UsagePct:           pct.Draw(t, "usage pct"),
			UsageGrowth:        maybe("usage growth", rapid.Float64Range(-60, 150)),
			ActiveUsers:        rapid.IntRange(0, seats).Draw(t, "active users"),
			Logins30d:          rapid.IntRange(0, 5000).Draw(t, "logins"),
			FeatureAdoption:    maybe("feature adoption", pct),
			TeamGrowth:         rapid.Float64Range(-20, 60).Draw(t, "team growth"),
			PaymentFailures:    rapid.IntRange(0, 4).Draw(t, "payment failures"),
			RevenueTrend:       rapid.Float64Range(-50, 100).Draw(t, "revenue trend"),
			Expansions:         rapid.IntRange(0, 6).Draw(t, "expansions"),
			FundingRounds:      rapid.IntRange(0, 4).Draw(t, "funding rounds"),
			Champion:           rapid.Bool().Draw(t, "champion"),
			ChampionStrength:   maybe("champion strength", pct),
			ExecSponsor:        rapid.Bool().Draw(t, "exec sponsor"),
			NPS:                float64(rapid.IntRange(0, 10).Draw(t, "nps")),
			CSAT:               pct.Draw(t, "csat"),
			Escalations:        rapid.IntRange(0, 6).Draw(t, "escalations"),
			CompetitorMentions: rapid.IntRange(0, 5).Draw(t, "competitor mentions"),
			StrategicValue:     maybe("strategic value", pct),
			ICPFit:             maybe("icp fit", pct),
			Stage: rapid.SampledFrom([]prioritize.Stage{
				prioritize.Onboarding, prioritize.Adoption, prioritize.Expansion, prioritize.Renewal, prioritize.Advocacy,
			}).Draw(t, "stage"),
		}
		a.ContractValue = 12 * a.MRR
		if math.IsNaN(a.ContractValue) {
			a.ContractValue = 0
		}
		return a
	})
}
