// Package postgres keeps in PostgreSQL what a host platform running
// several replicas must not lose: each account's prioritize.State (its
// tier, the floors fired triggers set, its trigger history, people's
// overrides and grade), the triggers each change fired, and the claims of
// firings.
//
// # Accounts: the default way
//
// [Accounts] handles a change of an account end to end, exactly once:
//
//	accounts, err := postgres.NewAccounts(pool, policy, postgres.Options{})
//	...
//	res, err := accounts.Handle(ctx, postgres.Change[*Account]{Seq: 42, Prev: prev, Cur: cur, At: at})
//	switch {
//	case errors.Is(err, postgres.ErrEarly), err != nil && !errors.Is(err, postgres.ErrChange):
//		// deliver it again later (a change before it is not applied yet, or the server is away)
//	case err != nil:
//		// a change that cannot be applied: set it aside
//	default:
//		// acknowledge it; res.Status is Applied or Duplicate
//	}
//
// Handle reads the account's row, reassesses the change from its State,
// and writes the next State and the triggers the change fired in one
// statement that succeeds only if no other writer changed the row since
// the read (compare-and-swap on the row's version); otherwise it reads
// again and starts over. Each change carries its number in the account's
// sequence (Change.Seq: 1, 2, 3...), and the row the last one applied: a
// change already applied is a Duplicate and writes nothing; a change
// whose predecessor is not applied yet is Early and is refused
// ([ErrEarly]) until it is. So duplicate, concurrent and out-of-order
// deliveries, from any number of workers and replicas, leave each row as
// a replay of the account's changes in sequence order leaves it, and each
// firing is written once. A failed write writes nothing, so a change is
// simply delivered again; a commit whose answer was lost to a server
// restart is applied and its redelivery a Duplicate.
//
// People's overrides and grades go to the same row ([Accounts.Override],
// [Accounts.Grade]), under the same version, so that a change never
// writes over them and they never write over a change.
//
// The triggers fired are written to the table prioritize_firings, keyed
// by account, change and rule, in the statement that writes the state:
// it is an outbox. Announce the firings from it, or from
// Result.Movement.Fired of an applied change (a change whose commit
// answer was lost is in the table, and not in any Result).
// Options.Write runs the host's own writes (its snapshot of the account,
// a notification) in the transaction of the change, so that they commit
// with it or not at all.
//
// The rows, as migrations/002_account_states.sql creates them:
//
//	prioritize_account_states (
//	    account    text   PRIMARY KEY,
//	    seq        bigint NOT NULL,  -- the last change applied
//	    version    bigint NOT NULL,  -- incremented by every write
//	    state      jsonb  NOT NULL,  -- prioritize.State
//	    updated_ns bigint NOT NULL)
//	prioritize_firings (
//	    account text, seq bigint, rule text, fired_ns bigint,
//	    firing  jsonb,                -- trigger.Fired
//	    PRIMARY KEY (account, seq, rule))
//
// # Claims
//
// [Store] is a trigger.Store, for hosts that keep the account's State
// themselves and call prioritize.Policy.ReassessClaim: one atomic
// conditional upsert per firing, so that of any number of replicas
// claiming the same firing one wins (trigger.Won) and the others see it
// taken (trigger.Taken: they place the account as the winner does, and
// announce nothing). It takes a [DB], which may be the host's own
// transaction: the claims then commit or roll back with the host's rows.
// Times are stored as int64 nanoseconds, exact; an instant outside
// [trigger.MinTime, trigger.MaxTime] (1677 to 2262) is refused with
// trigger.ErrTime, as MemoryStore refuses it, and the two stores pass the
// same conformance kit (package trigger/triggertest). When the server
// cannot be reached, Claim returns the error and no claim: the trigger
// does not fire. [Store.Evict] deletes the claims whose cooldown has
// passed; run it from time to time to keep the table small.
//
// Accounts keeps the trigger history in the account's row and does not
// claim: do not use a Store for the accounts Accounts handles.
//
// # Set-up
//
// [Migrate] applies the SQL files of [Migrations] (001_trigger_claims.sql,
// 002_account_states.sql); each is idempotent. Hosts with their own
// migration tool apply the files instead. The package takes a
// pgxpool.Pool (github.com/jackc/pgx/v5), which the host configures and
// owns, or any [DB].
//
// This package is its own module, so that the core module keeps its three
// dependencies; its tests run against a real PostgreSQL server, among
// them a chaos run: 4 processes of 8 workers, 10,000 changes delivered
// twice and out of order, overrides set meanwhile, and the server
// restarted in the middle.
package postgres
