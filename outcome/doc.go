// Package outcome says whether a policy works, as transparent arithmetic:
// the framework's "measuring prioritization effectiveness".
//
//   - [Backtest] matches assessments with what happened afterwards
//     ([Outcome]) and reports, by tier, quadrant, segment and grade, the
//     accounts, churn and expansion rates, revenue, NRR and GRR, whether
//     churn moves one way across the tiers, and how well the priority and
//     each axis separate churn ([Discrimination]: AUC with a seeded
//     bootstrap interval, lift and revenue captured in the top 10%).
//   - [AUC], [Lift], [Spearman], [Bootstrap] and [ROI] are the arithmetic,
//     each usable alone.
//   - [Compare] is a what-if between two policies over one book: the tier
//     transition matrix, the accounts that move with the factor that moved
//     each most, who enters and leaves the top k, the rank correlation of
//     the priorities, and both capacity plans.
//   - [Counterfactual] proposes, for one account, the smallest change of
//     one input ([Lever], within its declared range) that places it in a
//     tier, each proposal reassessed by the policy.
//   - [Summarize] and [BeforeAfter] give the framework's before/after table
//     (tier 1 expansion and churn, NRR, GRR, ARR per CSM).
//
// # Output
//
// Every result marshals to JSON. A [Report] also writes aligned text
// tables (its WriteTo) and CSV ([Report.WriteCSV]); [Changes] writes the
// before/after table as text.
//
// # Cost
//
// A backtest sorts each score once and bootstraps its AUC in one pass a
// round (200 rounds, the three scores in parallel): about 9 s and 420 MB
// for a million assessments on two cores. Compare assesses every account
// under both policies and explains the accounts that move.
package outcome
