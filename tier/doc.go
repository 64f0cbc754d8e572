// Package tier turns a priority score into what a customer-success team
// does with an account: its tier, how many accounts of that tier one CSM
// carries, the touch model, the review cadence and the playbook.
//
// # Ladders
//
// A [Ladder] is a list of [Tier] values whose half-open bands [Min, Max)
// cover [0, 100] exactly, the top band closed at 100. [NewLadder] validates
// it and reports every problem at once (gaps, overlaps, NaN or inverted
// bands, tiers out of order, repeated names or ranks, ratios below 1), each
// naming the tiers involved. [Default] is the framework's ladder:
//
//	tier  band       accounts per CSM  touch   review
//	1     [80, 100]  15                high    weekly
//	2     [60, 80)   30                medium  every two weeks
//	3     [40, 60)   50                low     monthly
//	4     [0, 40)    200               tech    quarterly
//
// [Ladder.Assign] gives a score's tier. A NaN score is unrated (ok ==
// false), never put in a tier silently; scores beyond [0, 100], infinities
// included, go to the nearer end.
//
// # Hysteresis
//
// Scores that hover at a boundary make accounts flap between tiers.
// [Ladder.Move] takes an account's previous [Position], its score and the
// time, and moves it only when the score is past the boundary by a margin,
// and not down before a minimum dwell in its tier ([Hysteresis]). Time is
// always an argument: the package never reads the clock.
//
// # Floors
//
// A Position may carry floors: each the worst tier the account may be in
// until a time, and what set it ([Position.WithFloor]). A fired
// intervention trigger holds an account at tier 2 or better for 30 days
// this way, while its score falls. Move keeps the account at the best floor
// that holds ([Position.Floor]) or better, and drops the floors that have
// expired, so that two holds of different lengths both count. The floors
// are part of the state the caller keeps between changes; the ladder keeps
// nothing.
//
// # Reviews and playbooks
//
// Each tier has a review [Cadence]; [Ladder.NextReview] and [Ladder.Overdue]
// say which accounts are due. A playbook is a list of [Step] values with an
// action, an owner [Role] and a timing (a day after the start, then a
// cadence), which a host platform schedules with [Step.Due].
//
// # Capacity
//
// [Ladder.Plan] and [Ladder.PlanARR] turn tier counts, or assignments with
// ARR, into the CSMs each tier needs, ceil(accounts / accounts per CSM),
// and the ARR each CSM manages; a [Plan] prints as a table.
//
// The other way round, a team with a fixed headcount assigns tiers by
// capacity: [Ladder.Fill] takes the CSMs each tier has ([Staff]) and the
// accounts in ranking order, and fills tier 1 up to its CSMs times its
// accounts per CSM, then tier 2, and so on. Its plan reports each tier's
// capacity, the priority its last account had (the cut), the ARR per CSM,
// and the overflow: rated accounts that no tier had room for.
package tier
