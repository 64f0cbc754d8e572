package triggertest

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize/trigger"
)

// mutant is a store in memory with one deliberate fault.
type mutant struct {
	mu   sync.Mutex
	last map[string]time.Time
	down bool // the backend is away

	alwaysWin    bool // every claim wins
	neverWin     bool // no claim wins
	noTaken      bool // the same instant again is refused, not taken
	noCooldown   bool // the cooldown is ignored
	backInTime   bool // a claim before the last may win
	noNegative   bool // a negative cooldown is taken as its absolute value
	byAccount    bool // the rule is ignored: one claim per account
	wraps        bool // last + cooldown is computed in int64 nanoseconds, which wrap
	lenient      bool // instants outside the range are kept
	micro        bool // instants are kept to the microsecond, as a timestamp column keeps them
	ignoreCtx    bool // a done context is ignored
	racy         bool // check, then act, without the lock
	wallClock    bool // instants are compared with ==, so that the zone matters
	truncate     bool // names are cut at 1,000 bytes
	silentOutage bool // while the backend is away, claims are refused without an error
	keepsFailed  bool // while the backend is away, claims are recorded, and an error returned
}

func (m *mutant) Claim(ctx context.Context, account, rule string, now time.Time, cooldown time.Duration) (trigger.Verdict, error) {
	if !m.lenient {
		if err := trigger.CheckTime(now); err != nil {
			return trigger.Refused, err
		}
	}
	if !m.ignoreCtx && ctx.Err() != nil {
		return trigger.Refused, ctx.Err()
	}
	if m.truncate && len(account) > 1000 {
		account = account[:1000]
	}
	if m.micro {
		now = now.Truncate(time.Microsecond)
	}
	if m.noNegative && cooldown < 0 {
		cooldown = -cooldown
	}
	k := account + "\x00" + rule
	if m.byAccount {
		k = account
	}
	if !m.racy {
		m.mu.Lock()
		defer m.mu.Unlock()
	}
	read := func() (time.Time, bool) {
		if m.racy {
			m.mu.Lock()
			defer m.mu.Unlock()
		}
		t, ok := m.last[k]
		return t, ok
	}
	write := func() {
		if m.racy {
			m.mu.Lock()
			defer m.mu.Unlock()
		}
		if m.last == nil {
			m.last = map[string]time.Time{}
		}
		m.last[k] = now
	}
	if m.down {
		if m.keepsFailed {
			write()
		}
		if m.silentOutage {
			return trigger.Refused, nil
		}
		return trigger.Refused, errors.New("the backend is away")
	}
	last, ok := read()
	if m.racy {
		time.Sleep(time.Millisecond) // let the others read the same
	}
	v := trigger.Decide(last, ok, now, cooldown)
	switch {
	case m.alwaysWin, m.noCooldown && ok && now.After(last), m.backInTime && ok && !now.Equal(last):
		v = trigger.Won
	case m.wraps && ok && now.After(last):
		if now.UnixNano() >= last.UnixNano()+int64(cooldown) {
			v = trigger.Won
		} else {
			v = trigger.Refused
		}
	case m.wallClock && ok && now != last && v == trigger.Taken:
		v = trigger.Refused
	}
	if v == trigger.Won && m.neverWin {
		v = trigger.Refused
	}
	if v == trigger.Taken && m.noTaken {
		v = trigger.Refused
	}
	if v == trigger.Won {
		write()
	}
	return v, nil
}

// TestEveryCheckCanFail: each case of the kit, and the outage check, fails
// on a store with the fault it is there to catch, and the store without a
// fault passes them all.
func TestEveryCheckCanFail(t *testing.T) {
	if err := Check(func() trigger.Store { return &mutant{} }); err != nil {
		t.Fatalf("the store without a fault fails: %v", err)
	}
	faults := map[string]func(*mutant){
		"alwaysWin":  func(m *mutant) { m.alwaysWin = true },
		"neverWin":   func(m *mutant) { m.neverWin = true },
		"noTaken":    func(m *mutant) { m.noTaken = true },
		"noCooldown": func(m *mutant) { m.noCooldown = true },
		"backInTime": func(m *mutant) { m.backInTime = true },
		"noNegative": func(m *mutant) { m.noNegative = true },
		"byAccount":  func(m *mutant) { m.byAccount = true },
		"wraps":      func(m *mutant) { m.wraps = true },
		"lenient":    func(m *mutant) { m.lenient = true },
		"micro":      func(m *mutant) { m.micro = true },
		"ignoreCtx":  func(m *mutant) { m.ignoreCtx = true },
		"racy":       func(m *mutant) { m.racy = true },
		"wallClock":  func(m *mutant) { m.wallClock = true },
		"truncate":   func(m *mutant) { m.truncate = true },
	}
	failed := map[string][]string{} // case: the faults that fail it
	for name, set := range faults {
		m := &mutant{}
		set(m)
		err := Check(func() trigger.Store { return m })
		if err == nil {
			t.Errorf("the kit passes a store with the fault %s", name)
			continue
		}
		for _, tc := range append(caseNames(), concurrentName) {
			if strings.Contains(err.Error(), tc+": ") {
				failed[tc] = append(failed[tc], name)
			}
		}
	}
	t.Logf("the faults each case catches: %v", failed)
	var uncaught []string
	for _, tc := range append(caseNames(), concurrentName) {
		if len(failed[tc]) == 0 {
			uncaught = append(uncaught, tc)
		}
	}
	if len(uncaught) > 0 {
		t.Errorf("cases no fault fails (each must be able to fail): %q", uncaught)
	}
	for name, want := range map[string]string{
		"the backend claims in silence": "without an error",
		"the backend records failures":  "a failed claim records nothing",
	} {
		m := &mutant{}
		if name == "the backend claims in silence" {
			m.silentOutage = true
		} else {
			m.keepsFailed = true
		}
		err := CheckOutage(m, func() func() { m.down = true; return func() { m.down = false } })
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: CheckOutage = %v, want an error saying %q", name, err, want)
		}
	}
	healthy := &mutant{}
	if err := CheckOutage(healthy, func() func() { healthy.down = true; return func() { healthy.down = false } }); err != nil {
		t.Errorf("CheckOutage fails a store without a fault: %v", err)
	}
}

func caseNames() []string {
	var names []string
	for _, tc := range cases {
		names = append(names, tc.name)
	}
	sort.Strings(names)
	return names
}

// TestMemoryStore: the store of the trigger package passes the kit.
func TestMemoryStore(t *testing.T) {
	TestStore(t, func(*testing.T) trigger.Store { return new(trigger.MemoryStore) })
	seen := map[string]bool{}
	for _, name := range caseNames() {
		seen[name] = true
	}
	if diff := cmp.Diff(len(cases), len(seen)); diff != "" {
		t.Errorf("case names are not unique: the errors could not say which case failed (-want +got):\n%s", diff)
	}
}
