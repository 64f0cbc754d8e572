package prioritize

import (
	"time"

	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
	"github.com/prioritize-dev/prioritize/trigger"
)

// The curves of the default policy. Each breakpoint is where the framework
// puts a reference account, or where a CS team's judgement changes.
var (
	// Revenue, MRR in dollars: $1,000 is a small account (40), $5,000 the
	// framework's reference account (80), $25,000 and over the largest
	// (100). Linear between, so each dollar counts more in the small range.
	revenuePoints = []score.Point{{X: 0, Y: 0}, {X: 1000, Y: 40}, {X: 5000, Y: 80}, {X: 25000, Y: 100}}
	// Tenure in months: the first 6 months are onboarding (up to 30), 18
	// months is the framework's reference (60), 3 years an established
	// customer (85), 5 years and over the most loyal (100).
	tenurePoints = []score.Point{{X: 0, Y: 0}, {X: 6, Y: 30}, {X: 18, Y: 60}, {X: 36, Y: 85}, {X: 60, Y: 100}}
	// Engagement, % of key features in use: a quarter is light use (40),
	// half is moderate (70), three quarters is the framework's "high usage"
	// (90), all features 100.
	engagementPoints = []score.Point{{X: 0, Y: 0}, {X: 25, Y: 40}, {X: 50, Y: 70}, {X: 75, Y: 90}, {X: 100, Y: 100}}
	// Expansion, usage growth % over the last quarter: shrinking by half
	// is the worst (0), flat is 40, 20% growth 65, the framework's 40%
	// growth 85, doubling and more 100.
	expansionPoints = []score.Point{{X: -50, Y: 0}, {X: 0, Y: 40}, {X: 20, Y: 65}, {X: 40, Y: 85}, {X: 100, Y: 100}}
	// Timing, days until renewal: within a month is the moment (100), the
	// framework's 60 days 90, half a year 50, a year and more 20. A renewal
	// date already past rates 100: the conversation is overdue.
	timingPoints = []score.Point{{X: 30, Y: 100}, {X: 60, Y: 90}, {X: 180, Y: 50}, {X: 365, Y: 20}}
)

// DefaultConfig returns the framework's policy over [Account], to use as it
// is (see [Default]) or to change: value weights revenue 40%, tenure 15%,
// engagement 20%, strategic value 25%; potential weights expansion 35%, ICP
// fit 25%, relationship (champion strength) 20%, timing 20%; balanced mix;
// the framework's four tiers, quadrants at 50/50, the A1..C3 grade grid
// (size from potential ARR, likelihood from growth likelihood); accounts in
// the renewal stage lean to retention and accounts in the growth stage to
// growth; the framework's triggers ([DefaultTriggers]), where an
// intervention holds the account at tier 2 or better for 30 days and no
// growth or intervention trigger lowers its tier on the change that fired
// it; ARR is contract value, or 12 x MRR when none is recorded.
//
// Strategic value, ICP fit and champion strength are ratings the account
// team keeps (0-100) and count as they are. Missing data (NaN) is
// redistributed within each axis.
func DefaultConfig() Config[*Account] {
	pw := func(pts []score.Point, dir score.Direction) score.Curve {
		return score.Must(score.Piecewise(dir, pts...))
	}
	rating := score.Must(score.Linear(0, 100))
	m := func(get func(*Account) float64, c score.Curve) score.Scorer[*Account] { return score.Metric(get, c) }
	value := score.Must(score.Weighted(score.Options{},
		score.Weigh("revenue", 0.40, m(func(a *Account) float64 { return a.MRR }, pw(revenuePoints, score.Ascending))),
		score.Weigh("tenure", 0.15, m(func(a *Account) float64 { return a.TenureMonths }, pw(tenurePoints, score.Ascending))),
		score.Weigh("engagement", 0.20, m(func(a *Account) float64 { return a.FeatureAdoption }, pw(engagementPoints, score.Ascending))),
		score.Weigh("strategic", 0.25, m(func(a *Account) float64 { return a.StrategicValue }, rating)),
	))
	potential := score.Must(score.Weighted(score.Options{},
		score.Weigh("expansion", 0.35, m(func(a *Account) float64 { return a.UsageGrowth }, pw(expansionPoints, score.Ascending))),
		score.Weigh("fit", 0.25, m(func(a *Account) float64 { return a.ICPFit }, rating)),
		score.Weigh("relationship", 0.20, m(func(a *Account) float64 { return a.ChampionStrength }, rating)),
		score.Weigh("timing", 0.20, m((*Account).DaysToRenewal, pw(timingPoints, score.Descending))),
	))
	var grader grade.Grader
	retention, growth := score.Retention, score.Growth
	triggers, err := trigger.Compile[*Account](trigger.Options{Rules: rules.Options{}}, DefaultTriggers()...)
	if err != nil {
		panic("prioritize: the default triggers do not compile: " + err.Error()) // a bug, caught by the tests
	}
	return Config[*Account]{
		ID:        func(a *Account) string { return a.ID },
		Value:     value,
		Potential: potential,
		Mix:       score.Balanced,
		Ladder:    tier.Default(),
		Grade: func(a *Account) (grade.Grade, bool) {
			return grader.Grade(a.PotentialARR, a.GrowthLikelihood)
		},
		Segments: []Segment[*Account]{
			{Name: "renewal", When: score.CondFunc[*Account](func(a *Account) bool { return a.Stage == Renewal }), Mix: &retention},
			{Name: "growth", When: score.CondFunc[*Account](func(a *Account) bool { return a.Stage == Expansion }), Mix: &growth},
		},
		Triggers: triggers,
		Holds: map[trigger.Effect]trigger.Hold{
			trigger.Intervention: {Floor: 2, For: 30 * 24 * time.Hour},
		},
		ARR: func(a *Account) (float64, error) {
			if a.ContractValue > 0 {
				return a.ContractValue, nil
			}
			if a.MRR > 0 {
				return 12 * a.MRR, nil
			}
			return 0, nil
		},
	}
}

// Default returns the framework's policy over [Account]; see
// [DefaultConfig]. Each call builds a new policy, with its own trigger
// store.
func Default() *Policy[*Account] {
	p, err := New(DefaultConfig())
	if err != nil {
		panic("prioritize: the default policy is invalid: " + err.Error()) // a bug, caught by the tests
	}
	return p
}

// DefaultTriggers returns the framework's triggers over [Account]: the ten
// that raise priority for growth or intervention, the expansion signals,
// and the signals to avoid or sunset an account.
func DefaultTriggers() []trigger.Rule {
	week := 7 * 24 * time.Hour
	return []trigger.Rule{
		// Raise priority: growth.
		{Name: "contract expansion", When: "rose(prev.contract_value, cur.contract_value, 10)", Effect: trigger.Growth, Severity: 3, Action: "expansion review"},
		{Name: "usage spike", When: "rose(prev.usage_pct, cur.usage_pct, 30)", Effect: trigger.Growth, Severity: 2, Action: "upsell conversation", Cooldown: week},
		{Name: "new executive sponsor", When: "turned_on(prev.exec_sponsor, cur.exec_sponsor)", Effect: trigger.Growth, Severity: 2, Action: "executive sponsor alignment"},
		{Name: "funding announced", When: "increased(prev.funding_rounds, cur.funding_rounds)", Effect: trigger.Growth, Severity: 3, Action: "expansion review"},
		{Name: "nps increase", When: "cur.nps - prev.nps >= 2", Effect: trigger.Growth, Severity: 1, Action: "ask for a reference"},
		// Raise priority: intervention.
		{Name: "usage decline", When: "declined(prev.usage_pct, cur.usage_pct, 20)", Effect: trigger.Intervention, Severity: 4, Action: "health call", Cooldown: week},
		{Name: "support escalations", When: "cur.escalations - prev.escalations >= 2", Effect: trigger.Intervention, Severity: 3, Action: "escalation review"},
		{Name: "payment failure", When: "increased(prev.payment_failures, cur.payment_failures)", Effect: trigger.Intervention, Severity: 5, Action: "billing outreach"},
		{Name: "champion departure", When: "turned_off(prev.champion, cur.champion)", Effect: trigger.Intervention, Severity: 5, Action: "find a new champion"},
		{Name: "competitor mentions", When: "increased(prev.competitor_mentions, cur.competitor_mentions)", Effect: trigger.Intervention, Severity: 3, Action: "competitive play"},
		// Expansion signals.
		{Name: "near plan limit", When: "crossed_above(prev.usage_pct, cur.usage_pct, 80)", Effect: trigger.Growth, Severity: 2, Action: "plan upgrade offer"},
		{Name: "team growth", When: "crossed_above(prev.team_growth, cur.team_growth, 20)", Effect: trigger.Growth, Severity: 2, Action: "seat expansion"},
		// Counted from the snapshot's own date, so that the edge is crossed when a
		// new snapshot comes in 90 days or less before the renewal.
		{Name: "renewal approaching", When: "between(days_between(cur.as_of, cur.renewal_date), 0, 90)", Effect: trigger.Growth, Severity: 2, Action: "renewal plan"},
		// Avoid or sunset.
		{Name: "toxic support load", When: "cur.escalations >= 4 && declined(prev.usage_pct, cur.usage_pct, 10)", Effect: trigger.Sunset, Severity: 4, Action: "sunset review"},
		{Name: "repeated payment failures", When: "cur.payment_failures >= 3 && increased(prev.payment_failures, cur.payment_failures)", Effect: trigger.Sunset, Severity: 4, Action: "collections and sunset review"},
	}
}
