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
package outcome
