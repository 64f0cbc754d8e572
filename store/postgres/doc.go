// Package postgres is a trigger.Store in PostgreSQL, for host platforms
// that run several replicas: a trigger fires once for a change of an
// account however many replicas handle it, and not again inside its
// cooldown.
//
// # Set-up
//
// The table is created by the migration migrations/001_trigger_claims.sql,
// which [Store.Migrate] runs (it is idempotent); hosts with their own
// migration tool apply the file instead. The package takes a pgxpool.Pool
// (github.com/jackc/pgx/v5), which the host configures and owns.
//
// # Claims
//
// [Store.Claim] is one statement, an INSERT ... ON CONFLICT DO UPDATE whose
// update is conditional: it records the firing and returns true only when
// the rule never fired for the account, or fired at a time before now and
// at least its cooldown ago. PostgreSQL runs it atomically per row, so of
// any number of replicas claiming the same firing, one wins. Times are
// stored as int64 nanoseconds, exact; an instant outside
// [trigger.MinTime, trigger.MaxTime] (1677 to 2262) is refused with
// trigger.ErrTime, as MemoryStore refuses it, and the two stores pass the
// same conformance tests (package trigger/triggertest). A clock that steps back claims
// nothing. When the server cannot be reached, Claim returns the error and
// no claim: the trigger does not fire (nothing fires twice; a firing can be
// lost while the server is away).
//
// [Store.Evict] deletes the claims whose cooldown has passed, which can no
// longer stop a firing; run it from time to time to keep the table small.
//
// This package is its own module, so that the core module keeps its three
// dependencies; its tests run against a real PostgreSQL server.
package postgres
