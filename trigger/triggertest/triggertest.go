// Package triggertest checks implementations of [trigger.Store], as
// testing/slogtest checks slog handlers: a store in memory and a store in
// a database give the same verdicts for the same calls (won once per
// instant, taken at that instant again, refused inside the cooldown and at
// a time before the last), keep every instant of
// [trigger.MinTime, trigger.MaxTime] exactly, refuse the others with
// trigger.ErrTime, claim nothing under a done context, take names of
// every kind, and let exactly one of many concurrent claims win.
// [TestStore] runs the cases as subtests; [Check] runs them anywhere:
//
//	func TestMyStore(t *testing.T) {
//		triggertest.TestStore(t, func(t *testing.T) trigger.Store { return mystore.New(db) })
//	}
//
// [TestOutage] and [CheckOutage] check a store whose backend fails: every
// claim says so with an error, and a failed claim records nothing.
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

const (
	refused = trigger.Refused
	won     = trigger.Won
	taken   = trigger.Taken
)

// t0 is the instant the cases start from.
var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// step is one call of Claim and what it must return.
type step struct {
	account string // "" is the case's account
	rule    string // "" is "rule"
	at      time.Time
	cool    time.Duration
	want    trigger.Verdict
	err     error // a sentinel the error must wrap, or nil for none
	done    bool  // the claim is made with a done context
}

type storeCase struct {
	name  string
	steps []step
}

var cases = []storeCase{
	{"the first claim fires", []step{{at: t0, cool: time.Hour, want: won}}},
	{"once per instant: the same instant again is taken", []step{{at: t0, want: won}, {at: t0, want: taken}, {at: t0.In(time.FixedZone("X", 3600)), want: taken}}},
	{"taken is the same instant only", []step{
		{at: t0, cool: time.Hour, want: won},
		{at: t0.Add(time.Nanosecond), cool: time.Hour, want: refused},
		{at: t0, cool: time.Hour, want: taken},
		{at: t0.Add(-time.Nanosecond), cool: time.Hour, want: refused},
	}},
	{"a clock stepping forward, then back", []step{
		{at: t0, cool: time.Hour, want: won},
		{at: t0.AddDate(10, 0, 0), cool: time.Hour, want: won},
		{at: t0.Add(2 * time.Hour), cool: time.Hour, want: refused}, // before the last
		{at: t0.AddDate(10, 0, 0).Add(time.Hour), cool: time.Hour, want: won},
	}},
	{"a done context claims nothing", []step{
		{at: t0, cool: time.Hour, want: refused, err: context.Canceled, done: true},
		{at: t0, cool: time.Hour, want: won},
		{at: t0.Add(2 * time.Hour), cool: time.Hour, want: refused, err: context.Canceled, done: true},
		{at: t0.Add(2 * time.Hour), cool: time.Hour, want: won},
	}},
	{"not again inside the cooldown", []step{
		{at: t0, cool: time.Hour, want: won},
		{at: t0.Add(time.Hour - 1), cool: time.Hour, want: refused},
		{at: t0.Add(time.Hour), cool: time.Hour, want: won},
		{at: t0.Add(time.Hour + 1), cool: time.Hour, want: refused},
	}},
	{"not at a time before the last", []step{{at: t0, want: won}, {at: t0.Add(-time.Hour), want: refused}, {at: t0.Add(time.Nanosecond), want: won}}},
	{"a negative cooldown is none", []step{{at: t0, cool: -time.Hour, want: won}, {at: t0.Add(1), cool: -time.Hour, want: won}}},
	{"accounts and rules are independent", []step{
		{at: t0, cool: time.Hour, want: won},
		{rule: "other", at: t0, cool: time.Hour, want: won},
		{account: "+other", at: t0, cool: time.Hour, want: won},
		{at: t0.Add(time.Minute), cool: time.Hour, want: refused},
	}},
	{"the longest cooldown", []step{ // 292 years
		{at: trigger.MinTime, cool: 1<<63 - 1, want: won},
		{at: trigger.MinTime.AddDate(200, 0, 0), cool: 1<<63 - 1, want: refused},
		{at: t0, cool: 1<<63 - 1, want: won},                  // 349 years after: past it, and past int64 nanoseconds
		{at: trigger.MaxTime, cool: 1<<63 - 1, want: refused}, // 236 years after t0: inside it
	}},
	{"the last instant kept", []step{
		{at: trigger.MaxTime, cool: time.Hour, want: won},
		{at: t0, cool: time.Hour, want: refused}, // not after the last
		{at: trigger.MaxTime, cool: 0, want: taken},
	}},
	{"the first instant kept, then the last", []step{
		{at: trigger.MinTime, cool: time.Hour, want: won},
		{at: trigger.MaxTime, cool: time.Hour, want: won}, // 584 years apart: no overflow
		{at: t0, cool: time.Hour, want: refused},
	}},
	{"instants outside the range are refused, the store unchanged", []step{
		{at: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), want: refused, err: trigger.ErrTime},
		{at: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), want: refused, err: trigger.ErrTime},
		{at: time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), want: refused, err: trigger.ErrTime},
		{at: time.Time{}, want: refused, err: trigger.ErrTime},
		{at: trigger.MaxTime.Add(1), want: refused, err: trigger.ErrTime},
		{at: trigger.MinTime.Add(-1), want: refused, err: trigger.ErrTime},
		{at: t0, cool: time.Hour, want: won},
		{at: t0.Add(time.Minute), cool: time.Hour, want: refused},
	}},
	{"names of every kind", []step{
		{account: "+'; DROP TABLE prioritize_trigger_claims; --", at: t0, want: won},
		{account: "+Açaí 日本 \"quoted\" \\back", rule: "usage 'drop' %_", at: t0, want: won},
		{account: "+" + strings.Repeat("x", 2000), at: t0, want: won},
		{account: "+" + strings.Repeat("x", 2000) + "y", at: t0, want: won}, // not the same name cut short
		{account: "+'; DROP TABLE prioritize_trigger_claims; --", at: t0, want: taken},
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
		ctx := context.Background()
		if st.done {
			c, cancel := context.WithCancel(ctx)
			cancel()
			ctx = c
		}
		got, err := s.Claim(ctx, a, rule, st.at, st.cool)
		call := fmt.Sprintf("step %d: Claim(%s, %v)", i, st.at.Format(time.RFC3339Nano), st.cool)
		if st.done {
			call += " with a done context"
		}
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

const concurrentName = "exactly one of many concurrent claims wins, the others see it taken"

// concurrent claims one firing from 32 goroutines at once.
func concurrent(s trigger.Store, run string) error {
	const n = 32
	var wins, takes atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := s.Claim(context.Background(), run+"concurrent", "rule", t0, time.Hour)
			if err != nil {
				errs <- err
			}
			switch v {
			case trigger.Won:
				wins.Add(1)
			case trigger.Taken:
				takes.Add(1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	if w, tk := wins.Load(), takes.Load(); w != 1 || tk != n-1 {
		all = append(all, fmt.Errorf("%d claims won and %d saw it taken, want 1 and %d", w, tk, n-1))
	}
	return errors.Join(all...)
}

// TestOutage checks what a store does while its backend fails, as
// CheckOutage does, as a test: fail makes the backend fail (a server
// stopped, a connection cut) and returns the function that restores it.
func TestOutage(t *testing.T, s trigger.Store, fail func() (restore func())) {
	t.Helper()
	if err := CheckOutage(s, fail); err != nil {
		t.Fatal(err)
	}
}

// CheckOutage checks a store whose backend fails: it claims a firing,
// calls fail, and then, until it calls the restore function fail returned,
// every claim must return an error, never a verdict without one (a
// refusal the host cannot tell from a cooldown, or a firing won); after
// the restore, the firing claimed before the outage is still taken, and
// a firing claimed during it is won, since a failed claim records
// nothing. It returns nil when the store does all of this.
func CheckOutage(s trigger.Store, fail func() (restore func())) error {
	ctx := context.Background()
	account := fmt.Sprintf("outage/%d", time.Now().UnixNano())
	if v, err := s.Claim(ctx, account, "before", t0, time.Hour); err != nil || v != trigger.Won {
		return fmt.Errorf("before the outage: Claim = %v, %v; want won", v, err)
	}
	restore := fail()
	var errs []error
	for i := range 3 {
		v, err := s.Claim(ctx, account, "during", t0.Add(time.Duration(i)*time.Hour), time.Hour)
		if err == nil {
			errs = append(errs, fmt.Errorf("during the outage: claim %d = %v without an error; want an error", i, v))
		} else if v != trigger.Refused {
			errs = append(errs, fmt.Errorf("during the outage: claim %d = %v with %v; want refused", i, v, err))
		}
	}
	restore()
	var v trigger.Verdict
	var err error
	for range 50 { // the backend may take a moment to come back
		if v, err = s.Claim(ctx, account, "before", t0, time.Hour); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil || v != trigger.Taken {
		errs = append(errs, fmt.Errorf("after the outage: the claim made before it = %v, %v; want taken (kept)", v, err))
	}
	if v, err := s.Claim(ctx, account, "during", t0, time.Hour); err != nil || v != trigger.Won {
		errs = append(errs, fmt.Errorf("after the outage: a claim that failed during it = %v, %v; want won (a failed claim records nothing)", v, err))
	}
	return errors.Join(errs...)
}
