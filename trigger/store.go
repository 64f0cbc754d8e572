package trigger

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"
)

// The instants a Store keeps: those of int64 nanoseconds since the Unix
// epoch (time.Time.UnixNano), from 1677-09-21 to 2262-04-11 UTC, exact to
// the nanosecond. Every store refuses an instant outside them with
// [ErrTime], the same way, rather than keep a wrong one.
var (
	MinTime = time.Unix(0, math.MinInt64).UTC()
	MaxTime = time.Unix(0, math.MaxInt64).UTC()
)

// ErrTime reports an instant outside [MinTime, MaxTime].
var ErrTime = errors.New("trigger: the instant is outside the range a store keeps (1677-09-21 to 2262-04-11 UTC)")

// CheckTime returns nil for an instant a Store keeps, and an error
// wrapping [ErrTime] that names it otherwise. Stores call it first.
func CheckTime(now time.Time) error {
	if now.Before(MinTime) || now.After(MaxTime) {
		return fmt.Errorf("%w: %s", ErrTime, now.UTC().Format(time.RFC3339Nano))
	}
	return nil
}

// Store claims firings for hosts where several workers or replicas handle
// changes of the same account (see [Set.Claim]): a rule fires for an
// account at most once per instant and not again inside its cooldown,
// however many try. A host platform plugs in its own, such as the
// PostgreSQL store of the module github.com/prioritize-dev/prioritize/store/postgres;
// [MemoryStore] keeps the claims of one process in memory.
type Store interface {
	// Claim records that rule fires for account at now and returns Won,
	// unless the rule already fired for the account at a time last: then
	// it records nothing and returns Taken when last is now (another
	// caller claimed this very firing, as when two replicas handle one
	// change), or Refused when now < last + cooldown or now is before
	// last. It must be atomic per (account, rule). A negative cooldown
	// counts as none. It refuses an instant outside [MinTime, MaxTime]
	// with an error wrapping [ErrTime] ([CheckTime]), and a done ctx with
	// an error wrapping ctx.Err(); whenever it returns an error it has
	// recorded nothing, and the verdict is Refused. Package triggertest
	// checks that a Store does all of this.
	Claim(ctx context.Context, account, rule string, now time.Time, cooldown time.Duration) (Verdict, error)
}

// Verdict is a [Store]'s answer to a claim of a firing.
type Verdict int

const (
	// Refused: the rule fired for the account inside its cooldown, or at
	// a later instant than now (a clock that stepped back), or the claim
	// failed. It does not fire.
	Refused Verdict = iota
	// Won: the claim is this caller's; the rule fires.
	Won
	// Taken: another caller already claimed this firing (the rule fired
	// for the account at this very instant). It fires once, for that
	// caller; this one applies its effect too, so that whichever caller's
	// state is written, the account is placed as the firing asks (see
	// prioritize's Movement.Taken), but does not announce it.
	Taken
)

// String returns "refused", "won" or "taken".
func (v Verdict) String() string {
	switch v {
	case Refused:
		return "refused"
	case Won:
		return "won"
	case Taken:
		return "taken"
	}
	return "Verdict(" + strconv.Itoa(int(v)) + ")"
}

// Decide is the verdict of a store's rule, for a claim at now of a rule
// that last fired at last (ok: it ever fired): Won when it may fire
// again, Taken when last is now, else Refused. A store holding its
// claims in memory calls it under its lock.
func Decide(last time.Time, ok bool, now time.Time, cooldown time.Duration) Verdict {
	switch {
	case allowed(last, ok, now, cooldown):
		return Won
	case last.Equal(now):
		return Taken
	}
	return Refused
}

// MemoryStore is a [Store] in memory, safe for concurrent use. Its zero
// value is an empty store, ready to use. It is bounded: whenever it has
// doubled since it last swept (and holds over 1,024 claims), it evicts the
// claims whose cooldown has passed, which can no longer stop a firing; so
// it holds at most about twice the claims that still count.
type MemoryStore struct {
	mu    sync.Mutex
	last  map[storeKey]claim
	sweep int // evict when the map grows past this
}

type storeKey struct{ account, rule string }

type claim struct{ at, until time.Time }

// Claim implements [Store]. An instant outside [MinTime, MaxTime] is
// refused with [ErrTime], and a done ctx with its error, as by every store.
func (m *MemoryStore) Claim(ctx context.Context, account, rule string, now time.Time, cooldown time.Duration) (Verdict, error) {
	if err := CheckTime(now); err != nil {
		return Refused, err
	}
	if err := ctx.Err(); err != nil {
		return Refused, fmt.Errorf("trigger: claim %q for %q: %w", rule, account, err)
	}
	k := storeKey{account, rule}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.last == nil {
		m.last = map[storeKey]claim{}
	}
	c, ok := m.last[k]
	if v := Decide(c.at, ok, now, cooldown); v != Won {
		return v, nil
	}
	m.last[k] = claim{at: now, until: now.Add(cooldown)}
	if len(m.last) > max(m.sweep, 1024) {
		for k, c := range m.last {
			if !now.Before(c.until) && now.After(c.at) {
				delete(m.last, k)
			}
		}
		m.sweep = 2 * len(m.last)
	}
	return Won, nil
}

// Len returns how many claims the store holds.
func (m *MemoryStore) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.last)
}

// Last returns when rule last fired for account, and whether the store
// still holds that claim.
func (m *MemoryStore) Last(account, rule string) (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.last[storeKey{account, rule}]
	return c.at, ok
}
