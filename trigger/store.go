package trigger

import (
	"context"
	"sync"
	"time"
)

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

// Claim implements [Store].
func (m *MemoryStore) Claim(_ context.Context, account, rule string, now time.Time, cooldown time.Duration) (bool, error) {
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
