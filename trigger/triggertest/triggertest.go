// Package triggertest checks implementations of [trigger.Store], as
// testing/slogtest checks slog handlers: a store in memory and a store in
// a database claim the same firings for the same calls (once per instant,
// not inside the cooldown, not at a time before the last), keep every
// instant of [trigger.MinTime, trigger.MaxTime] exactly, refuse the others
// with trigger.ErrTime, take names of every kind, and let exactly one of
// many concurrent claims win. [TestStore] runs the cases as subtests;
// [Check] runs them anywhere:
//
//	func TestMyStore(t *testing.T) {
//		triggertest.TestStore(t, func(t *testing.T) trigger.Store { return mystore.New(db) })
//	}
package triggertest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize/trigger"
)

// t0 is the instant the cases start from.
var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// step is one call of Claim and what it must return.
type step struct {
	account string // "" is the case's account
	rule    string // "" is "rule"
	at      time.Time
	cool    time.Duration
	want    bool
	err     error // a sentinel the error must wrap, or nil for none
}

type storeCase struct {
	name  string
	steps []step
}

var cases = []storeCase{
	{"the first claim fires", []step{{at: t0, cool: time.Hour, want: true}}},
	{"once per instant", []step{{at: t0, want: true}, {at: t0, want: false}, {at: t0.In(time.FixedZone("X", 3600)), want: false}}},
	{"not again inside the cooldown", []step{
		{at: t0, cool: time.Hour, want: true},
		{at: t0.Add(time.Hour - 1), cool: time.Hour, want: false},
		{at: t0.Add(time.Hour), cool: time.Hour, want: true},
		{at: t0.Add(time.Hour + 1), cool: time.Hour, want: false},
	}},
	{"not at a time before the last", []step{{at: t0, want: true}, {at: t0.Add(-time.Hour), want: false}, {at: t0.Add(time.Nanosecond), want: true}}},
	{"a negative cooldown is none", []step{{at: t0, cool: -time.Hour, want: true}, {at: t0.Add(1), cool: -time.Hour, want: true}}},
	{"accounts and rules are independent", []step{
		{at: t0, cool: time.Hour, want: true},
		{rule: "other", at: t0, cool: time.Hour, want: true},
		{account: "+other", at: t0, cool: time.Hour, want: true},
		{at: t0.Add(time.Minute), cool: time.Hour, want: false},
	}},
	{"the longest cooldown", []step{ // 292 years
		{at: trigger.MinTime, cool: 1<<63 - 1, want: true},
		{at: trigger.MinTime.AddDate(200, 0, 0), cool: 1<<63 - 1, want: false},
		{at: t0, cool: 1<<63 - 1, want: true},               // 349 years after: past it, and past int64 nanoseconds
		{at: trigger.MaxTime, cool: 1<<63 - 1, want: false}, // 236 years after t0: inside it
	}},
	{"the last instant kept", []step{
		{at: trigger.MaxTime, cool: time.Hour, want: true},
		{at: t0, cool: time.Hour, want: false}, // not after the last
		{at: trigger.MaxTime, cool: 0, want: false},
	}},
	{"the first instant kept, then the last", []step{
		{at: trigger.MinTime, cool: time.Hour, want: true},
		{at: trigger.MaxTime, cool: time.Hour, want: true}, // 584 years apart: no overflow
		{at: t0, cool: time.Hour, want: false},
	}},
	{"instants outside the range are refused, the store unchanged", []step{
		{at: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), want: false, err: trigger.ErrTime},
		{at: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), want: false, err: trigger.ErrTime},
		{at: time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), want: false, err: trigger.ErrTime},
		{at: time.Time{}, want: false, err: trigger.ErrTime},
		{at: trigger.MaxTime.Add(1), want: false, err: trigger.ErrTime},
		{at: trigger.MinTime.Add(-1), want: false, err: trigger.ErrTime},
		{at: t0, cool: time.Hour, want: true},
		{at: t0.Add(time.Minute), cool: time.Hour, want: false},
	}},
	{"names of every kind", []step{
		{account: "+'; DROP TABLE prioritize_trigger_claims; --", at: t0, want: true},
		{account: "+Açaí 日本 \"quoted\" \\back", rule: "usage 'drop' %_", at: t0, want: true},
		{account: "+" + strings.Repeat("x", 2000), at: t0, want: true},
		{account: "+'; DROP TABLE prioritize_trigger_claims; --", at: t0, want: false},
	}},
}

// TestStore runs the conformance cases against the stores newStore
// returns, each case as a subtest. newStore may return the same store each
// time: every case claims for accounts of its own, named from the test's
// name and an instant of the run, so a shared database table serves.
func TestStore(t *testing.T, newStore func(t *testing.T) trigger.Store) {
	run := fmt.Sprintf("%s/%d/", t.Name(), time.Now().UnixNano())
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.run(newStore(t), run); err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run(concurrentName, func(t *testing.T) {
		if err := concurrent(newStore(t), run); err != nil {
			t.Fatal(err)
		}
	})
}

// Check runs the conformance cases as TestStore does, outside a test:
// it returns nil when the store passes them all, and otherwise an error
// per failing case, joined, each naming the case and the call.
func Check(newStore func() trigger.Store) error {
	run := fmt.Sprintf("check/%d/", time.Now().UnixNano())
	var errs []error
	for _, tc := range cases {
		if err := tc.run(newStore(), run); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", tc.name, err))
		}
	}
	if err := concurrent(newStore(), run); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", concurrentName, err))
	}
	return errors.Join(errs...)
}

// run makes the case's calls in order and returns the first that did not
// return what it must.
func (tc storeCase) run(s trigger.Store, run string) error {
	account := run + tc.name
	for i, st := range tc.steps {
		a := account
		if strings.HasPrefix(st.account, "+") {
			a = account + st.account
		}
		rule := st.rule
		if rule == "" {
			rule = "rule"
		}
		got, err := s.Claim(context.Background(), a, rule, st.at, st.cool)
		call := fmt.Sprintf("step %d: Claim(%s, %v)", i, st.at.Format(time.RFC3339Nano), st.cool)
		switch {
		case st.err != nil && !errors.Is(err, st.err):
			return fmt.Errorf("%s: error %v, want %v", call, err, st.err)
		case st.err == nil && err != nil:
			return fmt.Errorf("%s: %w", call, err)
		case got != st.want:
			return fmt.Errorf("%s = %v, want %v", call, got, st.want)
		}
	}
	return nil
}

const concurrentName = "exactly one of many concurrent claims wins"

// concurrent claims one firing from 32 goroutines at once.
func concurrent(s trigger.Store, run string) error {
	const n = 32
	var wins atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ok, err := s.Claim(context.Background(), run+"concurrent", "rule", t0, time.Hour)
			if err != nil {
				errs <- err
			}
			if ok {
				wins.Add(1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	if w := wins.Load(); w != 1 {
		all = append(all, fmt.Errorf("%d claims won, want exactly 1", w))
	}
	return errors.Join(all...)
}
