package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/text"
	"github.com/prioritize-dev/prioritize/trigger"
)

// Accounts keeps each account's [prioritize.State] in one row of
// PostgreSQL (the table of migrations/002_account_states.sql) and handles
// the changes of accounts end to end: [Accounts.Handle] reads the row,
// reassesses the change with the policy, and writes the next state and the
// triggers it fired in one atomic write, guarded by the row's version and
// by the change's sequence number. However many workers and replicas
// handle the changes, however often a change is delivered and in whatever
// order, each account's row ends as a replay of its changes in sequence
// order leaves it, and each firing is written once. People's overrides
// and grades are written to the same row ([Accounts.Override],
// [Accounts.Grade]), so that no write loses another.
//
// The trigger history (the cooldowns) is kept in the row, not in the
// claims table of [Store]: do not claim with a Store for the accounts
// Accounts handles.
//
// Accounts is safe for concurrent use when its DB is (a pool is). Build it
// with [NewAccounts].
type Accounts[A any] struct {
	db     DB
	policy *prioritize.Policy[A]
	opts   Options
}

// Options configures [Accounts]. The zero value is the defaults.
type Options struct {
	// Retries is how many times Handle, Override and Grade read the row
	// again and start over when another writer changed it between their
	// read and their write (see [ErrConflict]); 0 means 16.
	Retries int
	// Write, when set, runs inside the transaction that writes an applied
	// change, after the state and the firings are written: the host writes
	// its own rows there (its snapshot of the account, a notification to
	// send), atomically with them. An error it returns rolls the whole
	// change back, and Handle returns it. Without Write, a change is
	// written in one statement, without a transaction of its own.
	Write func(ctx context.Context, tx pgx.Tx, r Result) error
}

// NewAccounts returns the account store over db (a pool, or a
// transaction of the host's) for the changes policy assesses. It refuses a
// nil db or policy, and a negative Options.Retries.
func NewAccounts[A any](db DB, policy *prioritize.Policy[A], opts Options) (*Accounts[A], error) {
	switch {
	case db == nil:
		return nil, ErrNoDB
	case policy == nil || policy.Ladder() == nil:
		return nil, fmt.Errorf("postgres: %w: no policy (build one with prioritize.New)", ErrChange)
	case opts.Retries < 0:
		return nil, fmt.Errorf("postgres: %w: Options.Retries is %d; want 0 (the default, 16) or more", ErrChange, opts.Retries)
	}
	if opts.Retries == 0 {
		opts.Retries = 16
	}
	return &Accounts[A]{db: db, policy: policy, opts: opts}, nil
}

// Migrate applies the package's migrations to the store's database (see
// the function [Migrate]).
func (a *Accounts[A]) Migrate(ctx context.Context) error {
	if a == nil || a.db == nil {
		return ErrNoDB
	}
	return Migrate(ctx, a.db)
}

// Change is one change of an account, as the host delivers it to
// [Accounts.Handle]: the account before and after, when, and its place in
// the account's sequence of changes.
type Change[A any] struct {
	// Account is the account's ID, the key of its row; "" takes the
	// policy's ID of Cur. When both are set they must agree.
	Account string
	// Seq is the change's number in the account's sequence: 1 for its
	// first change, and each next change one more, as the host's source
	// numbers them (a version column, a per-key offset). The row keeps the
	// last one applied; a change is applied only right after the one
	// before it.
	Seq int64
	// Prev and Cur are the account before and after the change; At is
	// when it happened (the evaluation time of the triggers and holds).
	Prev, Cur A
	At        time.Time
}

// Status is what Handle did with a change.
type Status int

const (
	// Applied: the change was reassessed and its next state written.
	Applied Status = iota + 1
	// Duplicate: the change, or a later one, was applied already; nothing
	// was written. Acknowledge it.
	Duplicate
	// Early: a change before it has not been applied yet; nothing was
	// written, and Handle returned an error wrapping [ErrEarly]. Deliver it
	// again later.
	Early
)

// String returns "applied", "duplicate" or "early"; the zero Status, of a
// change refused before it was read, is "refused".
func (s Status) String() string {
	switch s {
	case 0:
		return "refused"
	case Applied:
		return "applied"
	case Duplicate:
		return "duplicate"
	case Early:
		return "early"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Result is what Handle did with a change.
type Result struct {
	Status Status
	// Movement is the change's movement, when Applied: its Fired are the
	// triggers written to the firings table, and its Err what the change
	// could not honour (a trigger rule that failed, an invalid override),
	// the rest of it written.
	Movement prioritize.Movement
	// Row is the account's row: as written, when Applied; as found,
	// otherwise.
	Row Row
	// Conflicts is how many times another writer changed the row first
	// and Handle started over.
	Conflicts int
}

// Row is an account's row: its State, the sequence number of the last
// change applied to it, and its version, which every write increments
// (0: the account has no row yet).
type Row struct {
	Account string
	Seq     int64 // the last change applied
	Version int64 // incremented by every write; 0: no row yet
	State   prioritize.State
}

// Firing is a trigger a change fired, as the firings table keeps it.
type Firing struct {
	Account string
	Seq     int64         // the change that fired it
	Fired   trigger.Fired // the trigger, its reason and the values that made it fire
}

// Errors of Accounts.
var (
	// ErrConflict: another writer changed the row between the read and
	// the write. Handle, Override and Grade start over, up to
	// Options.Retries times; Save returns it at once.
	ErrConflict = errors.New("the row was changed by another writer")
	// ErrEarly: a change came before the change it follows was applied.
	// Deliver it again later; once the change before it is applied, it is.
	ErrEarly = errors.New("the change comes before the one it follows is applied")
	// ErrChange: a change, an override or a grade that cannot be applied
	// as given (no account, a sequence number below 1, a policy that is
	// not built). Delivering it again does not help.
	ErrChange = errors.New("invalid change")
)

// Handle handles one change of an account: it reads the account's row,
// and when the change is the next in the account's sequence, reassesses it
// with the policy (prioritize.Policy.Reassess, from the row's State) and
// writes the movement's next state and the triggers it fired, in one
// atomic write that succeeds only if no other writer changed the row since
// it was read; otherwise it reads the row again and starts over. A change
// already applied is a Duplicate, and nothing is written; a change whose
// predecessor is not applied yet is Early, and Handle returns an error
// wrapping [ErrEarly]: deliver it again later. A failure of the database
// (the server away, ctx done) is returned as it is, with nothing written:
// deliver the change again. So duplicate, concurrent and out-of-order
// deliveries leave each row as a replay of the account's changes in
// sequence order leaves it, and each firing is written once.
func (a *Accounts[A]) Handle(ctx context.Context, ch Change[A]) (Result, error) {
	if a == nil || a.db == nil {
		return Result{}, ErrNoDB
	}
	account, err := a.account(ch)
	if err != nil {
		return Result{}, err
	}
	if ch.Seq < 1 {
		return Result{}, fmt.Errorf("postgres: %w: change %d of %q: sequence numbers start at 1", ErrChange, ch.Seq, account)
	}
	var res Result
	for ; ; res.Conflicts++ {
		row, err := a.Load(ctx, account)
		if err != nil {
			return res, err
		}
		res.Row = row
		switch {
		case ch.Seq <= row.Seq:
			res.Status = Duplicate
			return res, nil
		case ch.Seq > row.Seq+1:
			res.Status = Early
			return res, fmt.Errorf("postgres: change %d of %q: %w: the last applied is change %d; deliver it again later", ch.Seq, account, ErrEarly, row.Seq)
		}
		m := a.policy.Reassess(ch.Prev, ch.Cur, row.State, ch.At)
		if errors.Is(m.Err, prioritize.ErrNotBuilt) {
			return res, fmt.Errorf("postgres: %w: %w", ErrChange, m.Err)
		}
		next := Row{Account: account, Seq: ch.Seq, Version: row.Version, State: m.Next()}
		res.Status, res.Movement = Applied, m
		written, err := a.write(ctx, next, ch.At, m.Fired, &res)
		if errors.Is(err, ErrConflict) && res.Conflicts < a.opts.Retries {
			continue
		}
		if err != nil {
			return Result{Row: row, Conflicts: res.Conflicts}, err
		}
		res.Row = written
		return res, nil
	}
}

// account is the change's account ID.
func (a *Accounts[A]) account(ch Change[A]) (string, error) {
	id := ch.Account
	if of := a.policy.Config().ID; of != nil && !isNil(ch.Cur) {
		switch got := of(ch.Cur); {
		case id == "":
			id = got
		case got != "" && got != id:
			return "", fmt.Errorf("postgres: %w: the change is of %q, and its account's ID is %q", ErrChange, id, got)
		}
	}
	if id == "" {
		return "", fmt.Errorf("postgres: %w: the change has no account ID", ErrChange)
	}
	if err := text.Check(id); err != nil { // refused as trigger.Set.Claim refuses it, not left to the server
		return "", fmt.Errorf("postgres: %w: account ID %q: %v", ErrChange, id, err)
	}
	return id, nil
}

// isNil reports whether a is a nil pointer, map or interface: an account
// that is gone, without an ID.
func isNil[A any](a A) bool {
	v := reflect.ValueOf(any(a))
	switch v.Kind() {
	case reflect.Invalid:
		return true
	case reflect.Pointer, reflect.Map, reflect.Interface, reflect.Slice:
		return v.IsNil()
	}
	return false
}

// load reads an account's row.
const load = `SELECT seq, version, state FROM prioritize_account_states WHERE account = $1`

// Load returns the account's row; an account without one has the zero
// Seq, Version and State.
func (a *Accounts[A]) Load(ctx context.Context, account string) (Row, error) {
	if a == nil || a.db == nil {
		return Row{}, ErrNoDB
	}
	row := Row{Account: account}
	var state []byte
	err := a.db.QueryRow(ctx, load, account).Scan(&row.Seq, &row.Version, &state)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return row, nil
	case err != nil:
		return row, fmt.Errorf("postgres: load %q: %w", account, err)
	}
	if err := json.Unmarshal(state, &row.State); err != nil {
		return row, fmt.Errorf("postgres: load %q: the stored state: %w", account, err)
	}
	return row, nil
}

// Save writes a row as it is given, if the stored row is still at
// r.Version (0: the account has no row yet), and returns it with its new
// version; otherwise it returns an error wrapping [ErrConflict] and
// writes nothing. It is how a host seeds the state of an account whose
// changes it numbered before (Seq: the last of them), or moves an account
// past a change it lost for good.
func (a *Accounts[A]) Save(ctx context.Context, r Row) (Row, error) {
	if a == nil || a.db == nil {
		return Row{}, ErrNoDB
	}
	if r.Account == "" || text.Check(r.Account) != nil || r.Seq < 0 || r.Version < 0 {
		return Row{}, fmt.Errorf("postgres: %w: save %q at change %d, version %d", ErrChange, r.Account, r.Seq, r.Version)
	}
	return a.write(ctx, r, time.Time{}, nil, nil)
}

// The writes of a row, each with the firings of its change: one statement,
// which writes nothing unless the row is still at the version read.
const (
	insertRow = `
WITH s AS (
	INSERT INTO prioritize_account_states (account, seq, version, state, updated_ns)
	VALUES ($1, $2, 1, $3, $4)
	ON CONFLICT (account) DO NOTHING
	RETURNING version
), f AS (
	INSERT INTO prioritize_firings (account, seq, rule, fired_ns, firing)
	SELECT $1, $2, x->>'rule', $4, x FROM s, jsonb_array_elements($5::jsonb) AS x
)
SELECT version FROM s`
	updateRow = `
WITH s AS (
	UPDATE prioritize_account_states
	SET seq = $2, version = version + 1, state = $3, updated_ns = $4
	WHERE account = $1 AND version = $6
	RETURNING version
), f AS (
	INSERT INTO prioritize_firings (account, seq, rule, fired_ns, firing)
	SELECT $1, $2, x->>'rule', $4, x FROM s, jsonb_array_elements($5::jsonb) AS x
)
SELECT version FROM s`
)

// write writes r over the row at r.Version, with the firings of its
// change at at; res, for a change, is what Options.Write is given.
func (a *Accounts[A]) write(ctx context.Context, r Row, at time.Time, fired []trigger.Fired, res *Result) (Row, error) {
	state, err := json.Marshal(r.State)
	if err != nil {
		return r, fmt.Errorf("postgres: write %q: %w", r.Account, err)
	}
	firings := []byte("[]")
	if len(fired) > 0 {
		if firings, err = json.Marshal(fired); err != nil {
			return r, fmt.Errorf("postgres: write %q: %w", r.Account, err)
		}
	}
	var ns int64
	if !at.IsZero() && trigger.CheckTime(at) == nil {
		ns = at.UnixNano()
	}
	sql, args := insertRow, []any{r.Account, r.Seq, state, ns, firings}
	if r.Version > 0 {
		sql, args = updateRow, append(args, r.Version)
	}
	exec := func(db DB) (int64, error) {
		var v int64
		err := db.QueryRow(ctx, sql, args...).Scan(&v)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, fmt.Errorf("postgres: write %q: %w since version %d", r.Account, ErrConflict, r.Version)
		}
		if err != nil {
			return 0, fmt.Errorf("postgres: write %q: %w", r.Account, err)
		}
		return v, nil
	}
	if a.opts.Write == nil || res == nil {
		v, err := exec(a.db)
		if err != nil {
			return r, err
		}
		r.Version = v
		return r, nil
	}
	err = pgx.BeginFunc(ctx, a.db, func(tx pgx.Tx) error {
		v, err := exec(tx)
		if err != nil {
			return err
		}
		r.Version = v
		res.Row = r
		return a.opts.Write(ctx, tx, *res)
	})
	if err != nil {
		return r, err
	}
	return r, nil
}

// Override writes a person's override into its account's row, next to
// the ones it holds; an override the row holds already (an equal one) is
// not written twice. It refuses an override the policy would not apply
// (see prioritize.Policy.CheckOverride), with that error, wrapping
// prioritize.ErrOverride.
func (a *Accounts[A]) Override(ctx context.Context, o prioritize.Override) (Row, error) {
	if a == nil || a.db == nil {
		return Row{}, ErrNoDB
	}
	if err := a.policy.CheckOverride(o); err != nil {
		return Row{}, err
	}
	return a.update(ctx, o.Account, func(st *prioritize.State) bool {
		if slices.ContainsFunc(st.Overrides, func(x prioritize.Override) bool { return sameOverride(x, o) }) {
			return false
		}
		st.Overrides = append(st.Overrides, o)
		return true
	})
}

// sameOverride reports whether two overrides are one.
func sameOverride(a, b prioritize.Override) bool {
	return a.Account == b.Account && a.Tier == b.Tier && a.Grade == b.Grade && a.Quadrant == b.Quadrant &&
		a.Reason == b.Reason && a.Author == b.Author && a.Set.Equal(b.Set) && a.Until.Equal(b.Until)
}

// Grade writes a person's grade into its account's row, in place of the
// one it holds. It refuses a record without an account or with an
// invalid grade.
func (a *Accounts[A]) Grade(ctx context.Context, r prioritize.GradeRecord) (Row, error) {
	if a == nil || a.db == nil {
		return Row{}, ErrNoDB
	}
	if r.Account == "" || !r.Grade.Valid() {
		return Row{}, fmt.Errorf("postgres: %w: grade %v of %q", ErrChange, r.Grade, r.Account)
	}
	return a.update(ctx, r.Account, func(st *prioritize.State) bool {
		rec := r
		st.Grade = &rec
		return true
	})
}

// update changes an account's State with change, which reports whether it
// changed anything, and writes it at the version read, starting over when
// another writer came first.
func (a *Accounts[A]) update(ctx context.Context, account string, change func(*prioritize.State) bool) (Row, error) {
	if err := text.Check(account); err != nil {
		return Row{}, fmt.Errorf("postgres: %w: account ID %q: %v", ErrChange, account, err)
	}
	for conflicts := 0; ; conflicts++ {
		row, err := a.Load(ctx, account)
		if err != nil {
			return row, err
		}
		if !change(&row.State) {
			return row, nil
		}
		written, err := a.write(ctx, row, time.Time{}, nil, nil)
		if errors.Is(err, ErrConflict) && conflicts < a.opts.Retries {
			continue
		}
		return written, err
	}
}

// Firings returns the triggers the changes of an account fired, as the
// firings table keeps them, in the order of the changes (then by rule).
func (a *Accounts[A]) Firings(ctx context.Context, account string) ([]Firing, error) {
	if a == nil || a.db == nil {
		return nil, ErrNoDB
	}
	rows, err := a.db.Query(ctx, `SELECT seq, firing FROM prioritize_firings WHERE account = $1 ORDER BY seq, rule`, account)
	if err != nil {
		return nil, fmt.Errorf("postgres: firings of %q: %w", account, err)
	}
	var out []Firing
	for rows.Next() {
		f := Firing{Account: account}
		var b []byte
		if err := rows.Scan(&f.Seq, &b); err != nil {
			return nil, fmt.Errorf("postgres: firings of %q: %w", account, err)
		}
		if err := json.Unmarshal(b, &f.Fired); err != nil {
			return nil, fmt.Errorf("postgres: firings of %q: %w", account, err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: firings of %q: %w", account, err)
	}
	return out, nil
}
