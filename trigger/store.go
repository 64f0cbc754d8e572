package trigger

import (
	"sync"
	"time"
)

// Store remembers when each rule last fired for each account, so that a
// rule fires for an account at most once per instant and not again inside
// its cooldown. A host platform plugs in its own (a database table with a
// conditional update); [MemoryStore] keeps it in memory.
type Store interface {
	// Claim records that rule fires for account at now and returns true,
	// unless the rule already fired for the account at a time last with
	// now < last + cooldown, or now is not after last; then it returns
	// false and records nothing. It must be atomic per (account, rule) when
	// the store is shared between goroutines.
	Claim(account, rule string, now time.Time, cooldown time.Duration) (bool, error)
}

// MemoryStore is a [Store] in memory, safe for concurrent use.
type MemoryStore struct {
	mu   sync.Mutex
	last map[storeKey]time.Time
}

type storeKey struct{ account, rule string }

// NewMemoryStore returns an empty store.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{last: map[storeKey]time.Time{}}
}

// Claim implements [Store].
func (m *MemoryStore) Claim(account, rule string, now time.Time, cooldown time.Duration) (bool, error) {
	k := storeKey{account, rule}
	m.mu.Lock()
	defer m.mu.Unlock()
	if last, ok := m.last[k]; ok && (!now.After(last) || now.Before(last.Add(cooldown))) {
		return false, nil
	}
	m.last[k] = now
	return true, nil
}

// Last returns when rule last fired for account, and whether it ever did.
func (m *MemoryStore) Last(account, rule string) (time.Time, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	t, ok := m.last[storeKey{account, rule}]
	return t, ok
}
