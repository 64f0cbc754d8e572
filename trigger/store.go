package trigger

import (
	"context"
	"errors"
	"fmt"
	"math"
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
	// Claim records that rule fires for account at now and returns true,
	// unless the rule already fired for the account at a time last with
	// now < last + cooldown, or now is not after last; then it returns
	// false and records nothing. It must be atomic per (account, rule).
	// A negative cooldown counts as none. It refuses an instant outside
	// [MinTime, MaxTime] with an error wrapping [ErrTime] ([CheckTime]).
	// Package triggertest checks that a Store does all of this.
	Claim(ctx context.Context, account, rule string, now time.Time, cooldown time.Duration) (bool, error)
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
// refused with [ErrTime], as by every store.
func (m *MemoryStore) Claim(_ context.Context, account, rule string, now time.Time, cooldown time.Duration) (bool, error) {
	if err := CheckTime(now); err != nil {
		return false, err
	}
	k := storeKey{account, rule}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.last == nil {
		m.last = map[storeKey]claim{}
	}
	if c, ok := m.last[k]; !allowed(c.at, ok, now, cooldown) {
		return false, nil
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
	return true, nil
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
