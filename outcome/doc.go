// Package outcome says whether a policy works, as transparent arithmetic:
// the framework's "measuring prioritization effectiveness", and how to
// improve it.
//
// # Backtests
//
// [Backtest] matches assessments with what happened afterwards
// ([Outcome]) and reports, by tier, quadrant, segment and grade, the
// accounts, churn and expansion rates, revenue, NRR and GRR (and, by tier,
// ARR per CSM at the tier's ratio); whether churn moves one way across the
// tiers; and how well the priority and each axis separate churn
// ([Discrimination]: AUC with a seeded bootstrap interval, lift and revenue
// captured in the top 10%). [Factors] gives the same for each factor.
// [Summarize] and [BeforeAfter] make the framework's before/after table
// (tier 1 expansion and churn, NRR, GRR, ARR per CSM), and [ROI] its
// return on prioritization. [AUC], [Lift], [Spearman] and [Bootstrap] are
// the arithmetic, each usable alone.
//
// # What-if
//
// [Compare] puts two policies side by side over one book: the tier
// transition matrix, the accounts that move with the factor that moved
// each most, who enters and leaves the top k, the rank correlation of the
// priorities, both capacity plans, and both policies' identities (a
// document's fingerprint).
//
// # Tuning
//
// [Tune] proposes non-negative weights for the factors of one axis that
// rate the accounts with an outcome higher, by a documented coordinate
// search, checked by k-fold cross-validation: it refuses weights that do
// worse out of sample ([ErrNoGain]). It returns the revised policy, the
// what-if against the old one, and ([Tuning.Apply]) the revised document
// when the policy came from one. To tune both axes, tune one and then the
// other on the first tuning's Config.
//
// # Counterfactuals
//
// [Counterfactual] proposes, for one account, the smallest change of one
// input ([Lever], within its declared range), and of a pair, that places
// it in a tier, each proposal reassessed by the policy and, where the
// lever names its factor, with the factor's rating before and after and
// its weight.
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
// round (200 rounds, the three scores in parallel): about 8 s and 800 MB
// for a million assessments on two cores. Compare assesses every account
// under both policies and explains the accounts that move: about 9 s and
// 2.6 GB for a million. Factors explains every account. Tuning the Telco
// sample's value axis (7,043 customers, 5 folds) takes about 0.6 s.
package outcome
