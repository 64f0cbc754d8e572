package prioritize_test

import (
	"context"
	"fmt"
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/tier"
)

func ExampleDefault() {
	p := prioritize.Default()
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	acme := &prioritize.Account{
		ID: "acme", MRR: 5000, TenureMonths: 18, FeatureAdoption: 75, StrategicValue: 85,
		UsageGrowth: 40, ICPFit: 95, ChampionStrength: 80,
		AsOf: asOf, RenewalDate: asOf.AddDate(0, 0, 60),
		PotentialARR: 80000, GrowthLikelihood: 85,
	}
	as := p.Assess(acme)
	fmt.Printf("value %v, potential %v, priority %v\n", as.Value, as.Potential, as.Priority)
	t, _ := p.Ladder().Tier(as.Tier.Rank) // the assessment names its tier; the ladder holds it
	fmt.Printf("%v, tier %d (%s): %v touch, review %v, %d accounts per CSM; grade %v\n",
		as.Quadrant, as.Tier.Rank, as.Tier.Name, t.Touch, t.Review, t.AccountsPerCSM, as.Grade)
	// Output:
	// value 80.25, potential 87.5, priority 83.875
	// Star, tier 1 (Strategic): high touch, review weekly, 15 accounts per CSM; grade A1
}

func ExamplePolicy_Assess() {
	p := prioritize.Default()
	for _, a := range []*prioritize.Account{acme(), beta(), gamma(), delta()} {
		as := p.Assess(a)
		fmt.Printf("%-5s value %5v  potential %4v  priority %6v  %-11v tier %d\n",
			as.ID, as.Value, as.Potential, as.Priority, as.Quadrant, as.Tier.Rank)
	}
	// Output:
	// acme  value 80.25  potential 87.5  priority 83.875  Star        tier 1
	// beta  value    45  potential   85  priority     65  Growth Bet  tier 2
	// gamma value    75  potential   40  priority   57.5  Cash Cow    tier 3
	// delta value    30  potential   35  priority   32.5  Maintenance tier 4
}

func ExamplePolicy_Explain() {
	p := prioritize.Default()
	as := p.Explain(beta(), nil, 0)
	fmt.Print(as.Explanation)
	// Output:
	// priority: 65/100
	//   value: 45/100 x 0.50 = 22.50
	//     revenue: 1000 -> 40/100 x 0.40 = 16.00
	//     tenure: 6 -> 30/100 x 0.15 = 4.50
	//     engagement: 25 -> 40/100 x 0.20 = 8.00
	//     strategic: 66 -> 66/100 x 0.25 = 16.50
	//   potential: 85/100 x 0.50 = 42.50
	//     expansion: 40 -> 85/100 x 0.35 = 29.75
	//     fit: 85 -> 85/100 x 0.25 = 21.25
	//     relationship: 80 -> 80/100 x 0.20 = 16.00
	//     timing: 60 -> 90/100 x 0.20 = 18.00
}

func ExamplePolicy_Rank() {
	p := prioritize.Default()
	ranked, err := p.Rank(context.Background(), []*prioritize.Account{delta(), beta(), acme(), gamma()}, prioritize.RankOptions{})
	if err != nil {
		panic(err)
	}
	for i, as := range ranked {
		fmt.Println(i+1, as.ID, as.Priority)
	}
	fmt.Print(p.Plan(ranked))
	// Output:
	// 1 acme 83.875
	// 2 beta 65
	// 3 gamma 57.5
	// 4 delta 32.5
	// tier         accounts  per CSM  CSMs  ARR     ARR per CSM
	// 1 Strategic  1         15       1     60,000  60,000
	// 2 Growth     1         30       1     12,000  12,000
	// 3 Standard   1         50       1     60,000  60,000
	// 4 Scale      1         200      1     12,000  12,000
	// total        4                  4     144,000
}

func ExamplePolicy_Reassess() {
	p := prioritize.Default()
	prev := beta()
	prev.UsagePct = 62
	cur := beta()
	cur.UsagePct = 41     // usage down a third
	cur.UsageGrowth = -30 // and shrinking
	now := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	m := p.Reassess(prev, cur, prioritize.State{Position: tier.Position{Rank: 2, Since: now.AddDate(0, -2, 0)}}, now)
	// The score falls to tier 3's band, but a usage decline is a reason for
	// more attention, not less: the account stays in tier 2, held there for
	// 30 days. Keep m.Position for the account's next change.
	fmt.Printf("tier %d -> %d, priority %v -> %v, attention: %v\n", m.From, m.To, m.Before.Priority, m.After.Priority, m.Attention)
	f, _ := m.Position.Floor(now)
	fmt.Printf("held at tier %d until %s by %q\n", f.Rank, f.Until.Format(time.DateOnly), f.By)
	for _, f := range m.Fired {
		fmt.Printf("fired: %s (%v): %s -> %s\n", f.Rule, f.Effect, f.Reason, f.Action)
	}
	for _, f := range m.Factors {
		fmt.Printf("factor: %s %v -> %v (%+.3f)\n", f.Factor, f.Before, f.After, f.Impact)
	}
	// Output:
	// tier 2 -> 2, priority 65 -> 52.925, attention: intervention
	// held at tier 2 until 2026-12-02 by "usage decline"
	// fired: usage decline (intervention): usage_pct 62 -> 41 (down 33.9%) -> health call
	// factor: potential/expansion 85 -> 16 (-12.075)
}

// Diagnose runs a policy over a sample before it goes live: here a seat
// utilisation factor that divides by a seat limit the platform never fills.
func ExamplePolicy_Diagnose() {
	doc, err := policydoc.Parse([]byte(`{
	  "value": {"factors": [
	    {"name": "revenue", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 10000}},
	    {"name": "seats", "weight": 1, "expr": "seats_used / seat_limit * 100", "curve": {"kind": "linear", "lo": 0, "hi": 100}}
	  ]},
	  "potential": {"factors": [
	    {"name": "fit", "weight": 1, "expr": "icp_fit", "curve": {"kind": "linear", "lo": 0, "hi": 100}}
	  ]}
	}`))
	if err != nil {
		panic(err)
	}
	p, err := policydoc.Compile(doc, func(a *prioritize.Account) string { return a.ID }, rules.Options{})
	if err != nil {
		panic(err)
	}
	d := p.Diagnose([]*prioritize.Account{acme(), beta(), gamma(), delta()})
	for _, problem := range d.Problems {
		fmt.Println(problem)
	}
	fmt.Println(d.Factors[0].Factor, d.Factors[0].Min, d.Factors[0].Median, d.Factors[0].Max)
	// Output:
	// value/seats failed for 4 of 4 accounts: rules: rule "seats": line 1, column 12: evaluation failed: division by zero
	// value/revenue 10 30 50
}

// A person overrides a computed tier for a reason no data holds; the
// assessment keeps the computed tier beside the effective one, and the
// override lapses by itself.
func ExamplePolicy_Judge() {
	p := prioritize.Default()
	asOf := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	o := prioritize.Override{Account: "delta", Tier: 1, Reason: "executive escalation", Author: "vp-cs",
		Set: asOf, Until: asOf.AddDate(0, 0, 14)}
	as := p.Assess(delta())
	for _, now := range []time.Time{asOf.AddDate(0, 0, 7), asOf.AddDate(0, 0, 14)} {
		j, err := p.Judge(as, []prioritize.Override{o}, now)
		if err != nil { // an override the policy cannot apply (a tier it lacks) is said
			fmt.Println(err)
			continue
		}
		if j.Override == nil {
			fmt.Printf("%s: tier %d, no override\n", now.Format(time.DateOnly), j.Tier.Rank)
			continue
		}
		fmt.Printf("%s: tier %d computed, %d effective (%s, by %s)\n", now.Format(time.DateOnly),
			j.Tier.Rank, j.Override.EffectiveTier.Rank, j.Override.Reason, j.Override.Author)
	}
	// Output:
	// 2026-11-08: tier 4 computed, 1 effective (executive escalation, by vp-cs)
	// 2026-11-15: tier 4, no override
}

// Sales grades an account at close; the grade carries who and when, and
// falls due for customer success's regrade 30 days later.
func ExamplePolicy_Graded() {
	p := prioritize.Default()
	closed := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	rec := prioritize.GradeRecord{Account: "delta", Grade: grade.Grade{Size: grade.B, Likelihood: 1},
		By: "ae-jones", At: closed, How: prioritize.SalesClose, Tier: 1}
	as := p.Graded(p.Assess(delta()), rec)
	due, _ := rec.Due()
	fmt.Println(as.Grade, "tier", as.GradeRank, "by", as.GradeRecord.By, "("+as.GradeRecord.How.String()+")")
	fmt.Println("regrade due", due.Format(time.DateOnly))
	// Output:
	// B1 tier 1 by ae-jones (sales-close)
	// regrade due 2026-12-01
}

func ExamplePolicy_Fill() {
	p := prioritize.Default()
	ranked, _ := p.Rank(context.Background(), []*prioritize.Account{acme(), beta(), gamma(), delta()}, prioritize.RankOptions{})
	// One CSM on tier 2 (30 accounts) and none on tier 1: the accounts
	// whose bands are tiers 1 to 4 all go to tier 2, which has room.
	f, err := p.Fill(ranked, tier.Staff{2: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, as := range ranked {
		fmt.Printf("%s: band tier %d, filled tier %d\n", as.ID, as.Tier.Rank, f.Ranks[i])
	}
	// Output:
	// acme: band tier 1, filled tier 2
	// beta: band tier 2, filled tier 2
	// gamma: band tier 3, filled tier 2
	// delta: band tier 4, filled tier 2
}
