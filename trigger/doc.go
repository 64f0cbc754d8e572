// Package trigger watches each change of an account and says when its
// priority must be reassessed.
//
// # Rules
//
// A [Rule] is a condition written in the rules language over two states of
// one account of the caller's type A, prev and cur, and the evaluation time
// now:
//
//	declined(prev.usage, cur.usage, 20)
//	turned_off(prev.champion, cur.champion)
//	cur.escalations - prev.escalations >= 2 && days_until(cur.renewal_date) < 90
//
// with an [Effect], a severity, an action (free text or a playbook key), a
// [Mode], a cooldown and optionally a [Hold]. The change helpers declined, rose,
// crossed_above, crossed_below, increased, decreased, turned_on and
// turned_off come from package rules, with its whole function library.
//
// [Compile] compiles a set of rules once and reports every error at once,
// each naming its rule, and for conditions the line and column.
//
// # Effects
//
// An effect says what a fired trigger asks of the account's place on the
// tier ladder, which the root package's Policy.Reassess carries out. A
// negative signal (usage decline, an escalation, a payment failure, the
// champion leaving) lowers the account's score, because it is at risk, and
// raises the attention it gets all the same:
//
//   - [Growth] and [Intervention] raise attention: the account never drops
//     a tier on the change that fired them, and a [Hold] (the rule's own,
//     or the policy's for the effect) keeps it at a floor tier or better
//     for a while: an intervention holds an account at tier 2 for 30 days
//     in the framework's policy. The floor and its expiry travel in the
//     account's tier.Position, which the caller keeps.
//   - [Sunset] marks the account for review, to avoid or wind down; it
//     lifts a hold and lets the account fall to the tier its score gives.
//
// # Checking a change
//
// [Set.Check] evaluates every rule for one change (id, prev, cur, now) and
// returns the [Fired] triggers ordered by severity, highest first, then by
// name: the order does not depend on the order the rules were given in.
// Each names its rule, effect and action, and a reason built from the
// fields the condition reads: "usage 62 -> 41 (down 33.9%)". An error in one
// rule's evaluation does not stop the others: the errors are joined and
// returned with the triggers that fired.
//
// # Edge and level
//
// An [Edge] rule (the default) fires when its condition becomes true: it
// holds for (prev, cur) and does not hold for (prev, prev), the account as
// it was before the change. So a rule that already held for the previous
// state does not fire again, and checking an unchanged account (a, a) fires
// no edge rule. A condition that reads no field of cur cannot become true
// through a change, so an edge rule must read cur; and a time-based edge
// rule counts from a date of the account (days_between(cur.as_of,
// cur.renewal_date)) rather than from now, which is the same for both
// evaluations. A [Level] rule fires whenever its condition holds.
//
// # Cooldown and de-duplication
//
// A rule fires for an account at most once per instant, and not again until
// its cooldown has passed; a clock that steps back fires nothing. A [Set]
// keeps no state: the account's [History] (when each rule last fired) is
// the caller's, passed to [Set.Check] and returned with what fired, as
// tier.Position is for tiers. The same arguments give the same result.
//
// Where several workers or replicas handle changes of the same account,
// each with its own copy of the history, [Set.Claim] claims each firing in
// a [Store] the host owns, atomically per account and rule, so that a
// trigger fires once however many handle the change. A store's [Verdict]
// tells the caller whose firing it is: Won (fire it), Taken (another
// caller claimed this very firing: the same change, handled twice) or
// Refused (inside the cooldown). [MemoryStore] is one for a single process
// (its zero value is ready, and it evicts claims whose cooldown has
// passed); the module github.com/prioritize-dev/prioritize/store/postgres
// is one in PostgreSQL, for replicas, with an account store that keeps
// the history in the account's row instead. Package triggertest checks a
// store of one's own.
//
// A store that evicts a claim forgets it: a duplicate of a change older
// than the eviction's instant can then win its firing again. Where
// deliveries can come that late, keep the history with the account under
// a sequence guard (the account store of store/postgres) rather than
// claim.
//
// # Cost
//
// Check evaluates each condition once, and an edge rule's condition a
// second time only when it holds. Over pointer accounts it first compares
// the fields an edge rule reads between prev and cur, by precomputed field
// indexes: a rule none of whose fields changed cannot fire and is not
// evaluated. It adds no allocation to expr's own (expr boxes each field it
// reads).
package trigger
