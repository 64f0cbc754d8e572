// Package prioritize tells a customer-success team which accounts to focus
// on. It is an embeddable library: a CS platform hands in its accounts (its
// own struct type, or the reference [Account]) and gets back, for each one,
// how much it is worth now (value), how much it could be worth
// (potential), a priority that blends the two, the quadrant, the tier with
// its touch model, review cadence and playbook, the A1..C3 grade, the
// reasons, and what changed since last time.
//
// # The framework
//
// An account is rated on two axes. Value (now): revenue 40%, tenure 15%,
// engagement 20%, strategic worth 25%. Potential (future): expansion signals
// 35%, fit with the ideal customer 25%, relationship 20%, timing 20%. Each
// factor is rated 0-100 by a curve, weighted into value and potential, and
// the two blend into priority: balanced 0.5/0.5, growth 0.3/0.7, retention
// 0.7/0.3. The framework's reference account rates 80, 60, 90, 85 and 85,
// 95, 80, 90: value 80.25, potential 87.5, balanced priority 83.875, a Star
// in tier 1. [Default] is this framework over [Account]; [DefaultConfig]
// documents each curve and its breakpoints.
//
// # Policies
//
// A [Policy] is built by [New] from a [Config]: plain data holding the value
// and potential scorers (package score), the mix, the tier ladder (package
// tier), the quadrant matrix and optional grade grid (package grade),
// segments, and triggers (package trigger). New validates all of it and
// reports every problem at once.
//
// A policy can also be data: a document (JSON) whose factors are
// expressions with curves and whose segments and triggers are conditions,
// read and compiled by package policydoc with every problem reported at
// once, each naming its place in the document.
//
// Segments select a different mix or different scorers for some accounts
// (the default policy leans accounts in the renewal stage to retention and
// growth-stage accounts to growth); the first whose condition holds wins,
// and an assessment names its segment.
//
// # Assessing and ranking
//
// [Policy.Assess] rates one account without building an explanation and,
// with the scorers of package score, without allocating. An account whose
// value or potential has no data, or a nil account, is unrated, with the
// reason, and never ranked silently among the rated. A factor whose
// expression fails (a division by zero) counts as missing in its
// aggregate but is recorded as a failure in Assessment.Failed, never
// disguised as missing data. [Policy.Explain] adds the explanation tree
// (with each failure's error and each expression's text) and the reason
// codes against a reference (the portfolio's medians). [Policy.Rank] with
// RankOptions.Reasons gives every account its reason codes against the
// portfolio's medians in the ranking's own parallel pass, and each
// assessment's Index joins it back to the input. An assessment names its
// tier ([tier.Ref]: rank and name) and the policy's ladder holds the rest
// (Policy.Ladder().Tier), so that a ranking of a million accounts takes
// about 232 MB: Rank assesses into its result and sorts it in place.
//
// # People decide too
//
// A person can override an account's tier, grade or quadrant for reasons
// no data holds: an [Override] carries the reason, the author, when it was
// set and when it lapses. The host stores overrides; [Policy.Judge] applies
// the one that holds at a given time (time is an argument, so an override
// lapses by itself), shows the effective placement beside the computed one
// (value, potential and priority never change), and says when the computed
// placement now agrees (redundant). Sales grades an account at close and
// customer success regrades it: a [GradeRecord] carries who graded, when
// and how, and the tier decided for a borderline cell; [Policy.Graded]
// applies it, [GradesDue] lists the grades due 30 days after close, and
// Reassess marks a person's grade due again when a trigger fires. The
// account's overrides and grade travel in its [State], and Reassess lists
// the overrides a change makes worth revisiting. Inputs go stale too:
// score.Fresh counts a factor whose input is older than its maximum age as
// missing, explained "stale since" the day.
//
// # Diagnosis
//
// [Policy.Diagnose] runs a policy over a sample before it goes live and
// reports, per factor, how many accounts it rated, found missing or failed
// for (with the first error), the levels its tables lack, a rating that
// never varies and the spread of the ratings, with the tier sizes the
// policy would give and the problems in words.
//
// [Policy.Rank] assesses a portfolio in parallel over GOMAXPROCS workers,
// cancellable with a context, and sorts it by priority with the account ID
// as tie-break; the result does not depend on the number of workers.
// Accounts with empty or shared IDs are reported with the ranking, or
// rejected (RankOptions.Duplicates).
// [Policy.Stream] and [Policy.Top] assess an iter.Seq one account at a time,
// in flat memory. [Policy.Plan] turns a ranking into a capacity plan.
//
// # Reassessment
//
// [Policy.Reassess] handles one change of an account (prev, cur, now) from
// the [State] the caller keeps for it (its tier position and its trigger
// history; the policy keeps nothing, so the same change from the same state
// always gives the same movement): it fires the policy's triggers,
// assesses both states, and moves the account on the ladder. Without a
// trigger, moves are damped by hysteresis. Triggers mean what the
// framework says: a growth or intervention trigger raises the account's
// attention, so it never drops a tier on the change that fired it, and a
// hold (Config.Holds per effect, or the rule's own) keeps it at a floor
// tier until a stated time: the default policy holds an intervention at
// tier 2 or better for 30 days. The floor and its expiry travel in the
// returned tier.Position. A sunset trigger marks the account for review and
// can lower it. The [Movement] names the triggers, the one that set the
// placement, and the factors that moved the account, and carries the next
// State ([Movement.Next]). Where several replicas may handle the same
// change, [Policy.ReassessClaim] claims each firing in a trigger.Store they
// share instead, and every replica computes the same next state; the
// module store/postgres keeps the account's State in PostgreSQL and
// handles a change end to end, exactly once, in one transaction. When
// nothing fires and the tier does not move, Reassess builds no explanation:
// it costs about 3x two Assess calls.
//
// # Packages
//
//   - score: scorers, curves, weighted aggregation with an explicit
//     missing-data policy, caps and floors, blends, explanations and
//     reason codes. Standard library only.
//   - score/scoretest: checks for users' own tests of their scorers, and
//     generators of inputs. Imports score only.
//   - prioritizetest: checks of whole policies (golden accounts with their
//     tiers, segments and grades; golden files within a tolerance; inert
//     factors), boundary cases of ladders and grids, reference accounts.
//   - tier: tier ladders, hysteresis, review cadence, playbooks, capacity
//     plans. Standard library only.
//   - grade: the value x potential quadrants and the A1..C3 grade grid.
//   - rules: scoring rules and conditions as expressions (expr), compiled
//     once, type-checked, safe for concurrent use.
//   - trigger: rules over an account's previous and current state that fire
//     reassessment, with cooldowns.
//
// Imports point one way: score and tier use only the standard library; grade
// may use tier; rules uses score and expr; trigger uses rules; this package
// uses them all, and none of them imports it.
//
// # Principles
//
// The library is pure computation: no I/O in the core packages, no global
// state, no hidden clock (time is always an argument, and an account's own
// AsOf date sets its timing factor, so a score depends on the data alone), no
// goroutines except in Rank. Configuration is plain data, validated when it
// is built. Evaluation never panics and never returns NaN or a rating
// outside [0, 100]; every rating can explain itself.
package prioritize
