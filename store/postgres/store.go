package postgres

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prioritize-dev/prioritize/trigger"
)

// Migration is the SQL that creates the claims table, as in
// migrations/001_trigger_claims.sql.
//
//go:embed migrations/001_trigger_claims.sql
var Migration string

// Store is a trigger.Store in PostgreSQL. It is safe for concurrent use,
// as its pool is. Build it with [New]; the zero Store has no pool, and its
// methods return [ErrNoPool].
type Store struct {
	pool *pgxpool.Pool
}

// ErrNoPool is returned by the methods of a Store without a pool.
var ErrNoPool = errors.New("postgres: the store has no pool (use New)")

var _ trigger.Store = (*Store)(nil)

// New returns a store over pool, which the caller configures and closes.
func New(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Migrate creates the claims table and its index when they do not exist.
func (s *Store) Migrate(ctx context.Context) error {
	if s == nil || s.pool == nil {
		return ErrNoPool
	}
	if _, err := s.pool.Exec(ctx, Migration); err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	return nil
}

// claim inserts the firing, or updates the last one when it is older than
// now by at least the cooldown; a row comes back only when it did either.
const claim = `
INSERT INTO prioritize_trigger_claims AS c (account, rule, fired_ns, until_ns)
VALUES ($1, $2, $3, $4)
ON CONFLICT (account, rule) DO UPDATE
SET fired_ns = EXCLUDED.fired_ns, until_ns = EXCLUDED.until_ns
WHERE c.fired_ns < EXCLUDED.fired_ns AND EXCLUDED.fired_ns::numeric - c.fired_ns::numeric >= $5::numeric
RETURNING 1`

// Claim implements trigger.Store: it records that rule fires for account
// at now and returns true, unless the rule fired for the account at a time
// last with now - last < cooldown, or now is not after last. It is one
// atomic statement. Instants are kept as int64 nanoseconds, exactly: one
// outside [trigger.MinTime, trigger.MaxTime] is refused with
// trigger.ErrTime, as by every store. A failure (the server away, ctx
// done) returns the error and false.
func (s *Store) Claim(ctx context.Context, account, rule string, now time.Time, cooldown time.Duration) (bool, error) {
	if s == nil || s.pool == nil {
		return false, ErrNoPool
	}
	if err := trigger.CheckTime(now); err != nil {
		return false, fmt.Errorf("postgres: claim %q for %q: %w", rule, account, err)
	}
	at := now.UnixNano()
	until := at + int64(max(cooldown, 0))
	if until < at { // past the end of int64 nanoseconds
		until = 1<<63 - 1
	}
	var one int
	err := s.pool.QueryRow(ctx, claim, account, rule, at, until, int64(cooldown)).Scan(&one)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("postgres: claim %q for %q: %w", rule, account, err)
	}
	return true, nil
}

// Evict deletes the claims whose cooldown has passed at now, and returns
// how many it deleted.
func (s *Store) Evict(ctx context.Context, now time.Time) (int64, error) {
	if s == nil || s.pool == nil {
		return 0, ErrNoPool
	}
	if err := trigger.CheckTime(now); err != nil {
		return 0, fmt.Errorf("postgres: evict: %w", err)
	}
	tag, err := s.pool.Exec(ctx, `DELETE FROM prioritize_trigger_claims WHERE until_ns <= $1 AND fired_ns < $1`, now.UnixNano())
	if err != nil {
		return 0, fmt.Errorf("postgres: evict: %w", err)
	}
	return tag.RowsAffected(), nil
}
