package tier

// Default returns the framework's four-tier ladder:
//
//	tier  band       accounts per CSM  touch   review
//	1     [80, 100]  15                high    weekly
//	2     [60, 80)   30                medium  every two weeks
//	3     [40, 60)   50                low     monthly
//	4     [0, 40)    200               tech    quarterly
//
// with the framework's playbooks. Each call returns a new ladder.
func Default() *Ladder {
	l, err := NewLadder(DefaultTiers()...)
	if err != nil {
		panic("tier: the default ladder is invalid: " + err.Error()) // a bug, caught by the tests
	}
	return l
}

// DefaultTiers returns the tiers of [Default], to start a ladder of one's
// own from.
func DefaultTiers() []Tier {
	return []Tier{
		{
			Rank: 1, Name: "Strategic", Min: 80, Max: 100, AccountsPerCSM: 15, Touch: HighTouch, Review: Weekly,
			Playbook: []Step{
				{Action: "custom success plan", Owner: CSM, Day: 14},
				{Action: "executive sponsor alignment", Owner: Sales, Day: 30, Every: Quarterly},
				{Action: "quarterly business review", Owner: CSM, Day: 90, Every: Quarterly},
				{Action: "proactive expansion review", Owner: CustomerDevelopment, Day: 60, Every: Quarterly},
				{Action: "priority support", Owner: CSM, Day: 0},
			},
		},
		{
			Rank: 2, Name: "Growth", Min: 60, Max: 80, AccountsPerCSM: 30, Touch: MediumTouch, Review: Biweekly,
			Playbook: []Step{
				{Action: "success plan", Owner: CSM, Day: 30},
				{Action: "business review", Owner: CSM, Day: 180, Every: Quarterly},
				{Action: "expansion check", Owner: CustomerDevelopment, Day: 90, Every: Quarterly},
				{Action: "adoption check-in", Owner: CSM, Day: 14, Every: Monthly},
			},
		},
		{
			Rank: 3, Name: "Standard", Min: 40, Max: 60, AccountsPerCSM: 50, Touch: LowTouch, Review: Monthly,
			Playbook: []Step{
				{Action: "onboarding webinar", Owner: CSM, Day: 7},
				{Action: "health check call", Owner: CSM, Day: 90, Every: Quarterly},
				{Action: "targeted adoption campaigns", Owner: CSM, Day: 30, Every: Monthly},
			},
		},
		{
			Rank: 4, Name: "Scale", Min: 0, Max: 40, AccountsPerCSM: 200, Touch: TechTouch, Review: Quarterly,
			Playbook: []Step{
				{Action: "automated onboarding", Owner: CSM, Day: 0},
				{Action: "in-app guidance", Owner: CSM, Day: 1},
				{Action: "email nurture", Owner: CSM, Day: 7, Every: Monthly},
				{Action: "community forums invitation", Owner: CSM, Day: 14},
				{Action: "self-service support", Owner: CSM, Day: 0},
			},
		},
	}
}
