package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prioritize-dev/prioritize/trigger"
)

// Migrations are the SQL files that create the package's tables, in the
// order to apply them: migrations/001_trigger_claims.sql (the claims of
// [Store]) and migrations/002_account_states.sql (the rows of
// [Accounts]). [Migrate] applies them; a host with its own migration tool
// applies the files instead.
//
//go:embed migrations/*.sql
var Migrations embed.FS

// DB is what the stores run their statements on: a *pgxpool.Pool, a
// *pgx.Conn, or a pgx.Tx, so that a claim or an account's write can run
// inside a transaction of the host's own, with the host's own rows.
type DB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Begin(ctx context.Context) (pgx.Tx, error)
}

var (
	_ DB = (*pgxpool.Pool)(nil)
	_ DB = (*pgx.Conn)(nil)
	_ DB = pgx.Tx(nil)
)

// Migrate applies the package's migrations (see [Migrations]) to db, in
// order. Each is idempotent: it creates what does not exist yet.
func Migrate(ctx context.Context, db DB) error {
	if db == nil {
		return ErrNoDB
	}
	files, err := fs.Glob(Migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, f := range files {
		sql, err := fs.ReadFile(Migrations, f)
		if err != nil {
			return err
		}
		if _, err := db.Exec(ctx, string(sql)); err != nil {
			return fmt.Errorf("postgres: migrate %s: %w", path.Base(f), err)
		}
	}
	return nil
}

// Store is a trigger.Store in PostgreSQL. It is safe for concurrent use
// when its DB is (a pool is; a connection or a transaction is not). Build
// it with [New]; the zero Store has no database, and its methods return
// [ErrNoDB].
type Store struct {
	db DB
}

// ErrNoDB is returned by the methods of a store without a database.
var ErrNoDB = errors.New("postgres: the store has no database (use New or NewAccounts)")

var _ trigger.Store = (*Store)(nil)

// New returns a store over db, which the caller configures and closes: a
// pool, or a transaction of the host's, in which the claims are then made
// (they are kept if it commits, and forgotten if it rolls back).
func New(db DB) *Store { return &Store{db: db} }

// Migrate applies the package's migrations to the store's database (see
// the function [Migrate]).
func (s *Store) Migrate(ctx context.Context) error {
	if s == nil || s.db == nil {
		return ErrNoDB
	}
	return Migrate(ctx, s.db)
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

// last reads when the rule last fired for the account.
const last = `SELECT fired_ns FROM prioritize_trigger_claims WHERE account = $1 AND rule = $2`

// Claim implements trigger.Store: it records that rule fires for account
// at now and returns trigger.Won, unless the rule fired for the account at
// a time last with now - last < cooldown, or now is not after last: then
// trigger.Taken when last is now, else trigger.Refused. The claim is one
// atomic statement, and a refused one reads the claim that refused it.
// Instants are kept as int64 nanoseconds, exactly: one outside
// [trigger.MinTime, trigger.MaxTime] is refused with trigger.ErrTime, as
// by every store. A failure (the server away, ctx done) returns the error
// and trigger.Refused, and records nothing.
func (s *Store) Claim(ctx context.Context, account, rule string, now time.Time, cooldown time.Duration) (trigger.Verdict, error) {
	if s == nil || s.db == nil {
		return trigger.Refused, ErrNoDB
	}
	if err := trigger.CheckTime(now); err != nil {
		return trigger.Refused, fmt.Errorf("postgres: claim %q for %q: %w", rule, account, err)
	}
	at := now.UnixNano()
	until := at + int64(max(cooldown, 0))
	if until < at { // past the end of int64 nanoseconds
		until = 1<<63 - 1
	}
	var one int
	err := s.db.QueryRow(ctx, claim, account, rule, at, until, int64(cooldown)).Scan(&one)
	switch {
	case err == nil:
		return trigger.Won, nil
	case !errors.Is(err, pgx.ErrNoRows):
		return trigger.Refused, fmt.Errorf("postgres: claim %q for %q: %w", rule, account, err)
	}
	var fired int64
	switch err := s.db.QueryRow(ctx, last, account, rule).Scan(&fired); {
	case errors.Is(err, pgx.ErrNoRows): // evicted since: refused, as it was
	case err != nil:
		return trigger.Refused, fmt.Errorf("postgres: claim %q for %q: %w", rule, account, err)
	case fired == at:
		return trigger.Taken, nil
	}
	return trigger.Refused, nil
}

// Evict deletes the claims whose cooldown has passed at now, and returns
// how many it deleted.
func (s *Store) Evict(ctx context.Context, now time.Time) (int64, error) {
	if s == nil || s.db == nil {
		return 0, ErrNoDB
	}
	if err := trigger.CheckTime(now); err != nil {
		return 0, fmt.Errorf("postgres: evict: %w", err)
	}
	tag, err := s.db.Exec(ctx, `DELETE FROM prioritize_trigger_claims WHERE until_ns <= $1 AND fired_ns < $1`, now.UnixNano())
	if err != nil {
		return 0, fmt.Errorf("postgres: evict: %w", err)
	}
	return tag.RowsAffected(), nil
}
