package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/store/postgres"
	"github.com/prioritize-dev/prioritize/tier"
)

const day = 24 * time.Hour

// event is one change of an account, as a host's source numbers them.
type event = postgres.Change[*prioritize.Account]

// history makes n changes of an account named id (see walk).
func history(r *rand.Rand, id string, n int) []event {
	next := walk(r, id)
	out := make([]event, n)
	for i := range out {
		out[i] = next()
	}
	return out
}

// walk returns the changes of an account named id, one a call, one every
// two days from t0, each a random step of the fields the default policy's
// triggers read: usage swings, payment failures, escalations, a champion
// who leaves and comes back, competitor mentions, an NPS answer.
func walk(r *rand.Rand, id string) func() event {
	cur := prioritizetest.Beta()
	cur.ID, cur.AsOf, cur.UsagePct = id, t0, 60
	var seq int64
	return func() event {
		seq++
		prev := *cur
		next := prev
		next.AsOf = t0.Add(time.Duration(seq) * 2 * day)
		switch r.IntN(8) {
		case 0:
			next.UsagePct = max(5, prev.UsagePct*0.6) // a decline of 40%
		case 1:
			next.UsagePct = min(100, prev.UsagePct*1.5+5)
		case 2:
			next.PaymentFailures++
		case 3:
			next.Escalations += 2
		case 4:
			next.Champion = !prev.Champion
		case 5:
			next.CompetitorMentions++
		case 6:
			next.NPS = float64(r.IntN(11))
		case 7:
			next.MRR = prev.MRR * (0.5 + r.Float64()*1.5)
		}
		cur = &next
		return event{Seq: seq, Prev: &prev, Cur: &next, At: next.AsOf}
	}
}

// steady makes n changes of an account named id, one every two days from
// t0, in which only its MRR grows (by 1% a change), which no trigger
// watches.
func steady(id string, n int) []event {
	cur := prioritizetest.Beta()
	cur.ID, cur.AsOf, cur.UsagePct = id, t0, 60
	var out []event
	for seq := int64(1); seq <= int64(n); seq++ {
		prev := *cur
		next := prev
		next.AsOf, next.MRR = t0.Add(time.Duration(seq)*2*day), prev.MRR*1.01
		cur = &next
		out = append(out, event{Seq: seq, Prev: &prev, Cur: &next, At: next.AsOf})
	}
	return out
}

// replay applies an account's changes in order, one at a time, with the
// state in memory: what the store must leave.
func replay(p *prioritize.Policy[*prioritize.Account], evs []event) (prioritize.State, []string) {
	var st prioritize.State
	var fired []string
	for _, e := range evs {
		m := p.Reassess(e.Prev, e.Cur, st, e.At)
		for _, f := range m.Fired {
			fired = append(fired, fmt.Sprint(e.Cur.ID, "/", e.Seq, "/", f.Rule))
		}
		st = m.Next()
	}
	return st, fired
}

func newAccounts(t testing.TB, opts postgres.Options) (*postgres.Accounts[*prioritize.Account], *prioritize.Policy[*prioritize.Account]) {
	t.Helper()
	p := prioritize.Default()
	a, err := postgres.NewAccounts(connect(t), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	return a, p
}

func unique(name string) string { return fmt.Sprintf("%s-%d", name, time.Now().UnixNano()) }

// TestHandle delivers one account's changes as a queue would, in steps,
// and checks each outcome: the first applies, its repeat is a duplicate,
// a change ahead of its turn is early and waits, and the row ends as the
// sequential replay leaves it, with each firing written once.
func TestHandle(t *testing.T) {
	a, p := newAccounts(t, postgres.Options{})
	ctx := context.Background()
	id := unique("handle")
	evs := steady(id, 6)
	// Change 2 declines usage from 60% to 36%: the default policy's
	// "usage decline" (a decline of 20% or more) fires, an intervention,
	// which holds the account at tier 2 or better for 30 days from the
	// change. No other change fires anything.
	for i := 1; i < len(evs); i++ {
		if i > 1 {
			evs[i].Prev.UsagePct = 36
		}
		evs[i].Cur.UsagePct = 36
	}
	steps := []struct {
		seq    int64
		status postgres.Status
		early  bool
		stored int64 // the row's Seq after
	}{
		{1, postgres.Applied, false, 1},
		{1, postgres.Duplicate, false, 1},
		{3, postgres.Early, true, 1},
		{2, postgres.Applied, false, 2},
		{3, postgres.Applied, false, 3},
		{2, postgres.Duplicate, false, 3}, // late: a later change is applied
		{6, postgres.Early, true, 3},
		{4, postgres.Applied, false, 4},
		{5, postgres.Applied, false, 5},
		{6, postgres.Applied, false, 6},
	}
	for i, st := range steps {
		res, err := a.Handle(ctx, evs[st.seq-1])
		if st.early != errors.Is(err, postgres.ErrEarly) || (!st.early && err != nil) {
			t.Fatalf("step %d (change %d): error %v", i, st.seq, err)
		}
		if res.Status != st.status || res.Row.Seq != st.stored {
			t.Errorf("step %d (change %d): %v, row at change %d; want %v at %d", i, st.seq, res.Status, res.Row.Seq, st.status, st.stored)
		}
		if st.seq == 2 && res.Status == postgres.Applied {
			if len(res.Movement.Fired) == 0 || res.Movement.Fired[0].Rule != "usage decline" {
				t.Errorf("change 2 fired %v, want usage decline", res.Movement.Fired)
			}
			want := []tier.Floor{{Rank: 2, Until: evs[1].At.Add(30 * day), By: "usage decline"}}
			if diff := cmp.Diff(want, res.Row.State.Position.Floors); diff != "" {
				t.Errorf("change 2: the floor written (-want +got):\n%s", diff)
			}
		}
	}
	want, fired := replay(p, evs)
	row, err := a.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, row.State); diff != "" {
		t.Errorf("the stored state is not the sequential replay's (-want +got):\n%s", diff)
	}
	if row.Version != 6 {
		t.Errorf("version %d after 6 writes", row.Version)
	}
	got, err := a.Firings(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range got {
		names = append(names, fmt.Sprint(f.Account, "/", f.Seq, "/", f.Fired.Rule))
	}
	if diff := cmp.Diff(fired, names, sortStrings); diff != "" {
		t.Errorf("firings (-want +got):\n%s", diff)
	}
}

// TestPeopleKeepTheirWrites: an override and a grade written between
// changes stay in the row, are applied by the next change, and survive
// every change after; an override given twice is kept once; one the
// policy would not apply is refused.
func TestPeopleKeepTheirWrites(t *testing.T) {
	a, _ := newAccounts(t, postgres.Options{})
	ctx := context.Background()
	id := unique("people")
	evs := history(rand.New(rand.NewPCG(3, 4)), id, 4)
	if _, err := a.Handle(ctx, evs[0]); err != nil {
		t.Fatal(err)
	}
	o := prioritize.Override{Account: id, Tier: 1, Reason: "exec escalation", Author: "vp-cs", Set: evs[0].At, Until: evs[0].At.Add(90 * day)}
	for range 2 { // given twice, as a retried request would
		if _, err := a.Override(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	g := prioritize.GradeRecord{Account: id, Grade: mustGrade("A1"), By: "csm", At: evs[0].At, How: prioritize.CSReview}
	if _, err := a.Grade(ctx, g); err != nil {
		t.Fatal(err)
	}
	for _, e := range evs[1:] {
		res, err := a.Handle(ctx, e)
		if err != nil {
			t.Fatal(err)
		}
		if j := res.Movement.After.Override; j == nil || j.EffectiveTier.Rank != 1 {
			t.Errorf("change %d: the override is not applied: %+v", e.Seq, j)
		}
		if res.Movement.After.GradeRecord == nil || res.Movement.After.Grade != g.Grade {
			t.Errorf("change %d: the grade is not applied: %v", e.Seq, res.Movement.After.Grade)
		}
	}
	row, err := a.Load(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]prioritize.Override{o}, row.State.Overrides); diff != "" {
		t.Errorf("overrides (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(&g, row.State.Grade); diff != "" {
		t.Errorf("grade (-want +got):\n%s", diff)
	}
	bad := o
	bad.Tier, bad.Reason = 9, ""
	if _, err := a.Override(ctx, bad); !errors.Is(err, prioritize.ErrOverride) {
		t.Errorf("an override of tier 9 without a reason: %v, want ErrOverride", err)
	}
	if _, err := a.Grade(ctx, prioritize.GradeRecord{Account: id}); !errors.Is(err, postgres.ErrChange) {
		t.Errorf("a grade without a grade: %v, want ErrChange", err)
	}
}

// TestSave: a row is written only over the version read.
func TestSave(t *testing.T) {
	a, _ := newAccounts(t, postgres.Options{})
	ctx := context.Background()
	id := unique("save")
	seed := postgres.Row{Account: id, Seq: 41, State: prioritize.State{Position: tier.Position{Rank: 2, Since: t0}}}
	row, err := a.Save(ctx, seed)
	if err != nil || row.Version != 1 {
		t.Fatalf("the first save: version %d, %v", row.Version, err)
	}
	if _, err := a.Save(ctx, seed); !errors.Is(err, postgres.ErrConflict) {
		t.Errorf("a second save over no row: %v, want ErrConflict", err)
	}
	if row, err = a.Save(ctx, row); err != nil || row.Version != 2 {
		t.Errorf("a save over the version read: version %d, %v", row.Version, err)
	}
	stale := row
	stale.Version = 1
	if _, err := a.Save(ctx, stale); !errors.Is(err, postgres.ErrConflict) {
		t.Errorf("a save over a stale version: %v, want ErrConflict", err)
	}
	// The seeded account's changes go on from 42.
	evs := history(rand.New(rand.NewPCG(5, 6)), id, 1)
	evs[0].Seq = 42
	if res, err := a.Handle(ctx, evs[0]); err != nil || res.Status != postgres.Applied || res.Row.Seq != 42 {
		t.Errorf("change 42 of the seeded account: %v, %v", res.Status, err)
	}
	if _, err := a.Save(ctx, postgres.Row{Seq: 1}); !errors.Is(err, postgres.ErrChange) {
		t.Errorf("a row without an account: %v, want ErrChange", err)
	}
}

// TestWriteHook: the host's own rows are written in the transaction of the
// change, and an error of the host's rolls the whole change back: no state,
// no firing.
func TestWriteHook(t *testing.T) {
	pool := connect(t)
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS host_snapshots (account text, seq bigint, usage float8, PRIMARY KEY (account, seq))`); err != nil {
		t.Fatal(err)
	}
	fail := true
	a, err := postgres.NewAccounts(pool, prioritize.Default(), postgres.Options{
		Write: func(ctx context.Context, tx pgx.Tx, r postgres.Result) error {
			if _, err := tx.Exec(ctx, `INSERT INTO host_snapshots VALUES ($1, $2, $3)`, r.Row.Account, r.Row.Seq, r.Movement.After.Value); err != nil {
				return err
			}
			if fail {
				return errors.New("the host's queue is full")
			}
			return nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	id := unique("hook")
	evs := history(rand.New(rand.NewPCG(7, 8)), id, 2)
	evs[0].Cur.PaymentFailures = evs[0].Prev.PaymentFailures + 1 // fires "payment failure"
	if _, err := a.Handle(ctx, evs[0]); err == nil || err.Error() != "the host's queue is full" {
		t.Fatalf("the host's error: %v", err)
	}
	count := func(sql string) int {
		var n int
		if err := pool.QueryRow(ctx, sql, id).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, sql := range []string{
		`SELECT count(*) FROM prioritize_account_states WHERE account = $1`,
		`SELECT count(*) FROM prioritize_firings WHERE account = $1`,
		`SELECT count(*) FROM host_snapshots WHERE account = $1`,
	} {
		if n := count(sql); n != 0 {
			t.Errorf("after the rollback, %s: %d", sql, n)
		}
	}
	fail = false
	res, err := a.Handle(ctx, evs[0])
	if err != nil || res.Status != postgres.Applied || len(res.Movement.Fired) == 0 {
		t.Fatalf("delivered again: %v, %v, fired %v", res.Status, err, res.Movement.Fired)
	}
	if n := count(`SELECT count(*) FROM host_snapshots WHERE account = $1`); n != 1 {
		t.Errorf("the host's rows: %d, want 1", n)
	}
	if n := count(`SELECT count(*) FROM prioritize_firings WHERE account = $1`); n != len(res.Movement.Fired) {
		t.Errorf("firings written: %d, want %d", n, len(res.Movement.Fired))
	}
}

// TestAccountsRefuse: what cannot be applied is refused with ErrChange,
// before anything is read or written.
func TestAccountsRefuse(t *testing.T) {
	pool := connect(t)
	p := prioritize.Default()
	if _, err := postgres.NewAccounts[*prioritize.Account](nil, p, postgres.Options{}); !errors.Is(err, postgres.ErrNoDB) {
		t.Errorf("no db: %v", err)
	}
	if _, err := postgres.NewAccounts[*prioritize.Account](pool, nil, postgres.Options{}); !errors.Is(err, postgres.ErrChange) {
		t.Errorf("no policy: %v", err)
	}
	if _, err := postgres.NewAccounts(pool, p, postgres.Options{Retries: -1}); !errors.Is(err, postgres.ErrChange) {
		t.Errorf("negative retries: %v", err)
	}
	a, _ := newAccounts(t, postgres.Options{})
	evs := history(rand.New(rand.NewPCG(9, 10)), unique("refuse"), 1)
	for name, ch := range map[string]event{
		"a sequence number of 0":  {Seq: 0, Prev: evs[0].Prev, Cur: evs[0].Cur, At: t0},
		"another account's ID":    {Account: "someone-else", Seq: 1, Prev: evs[0].Prev, Cur: evs[0].Cur, At: t0},
		"no account at all":       {Seq: 1, At: t0},
		"a NUL in the account ID": {Account: "a\x00b", Seq: 1, At: t0}, // the server would refuse it, every delivery again
		"invalid UTF-8":           {Account: "bad\xff", Seq: 1, At: t0},
	} {
		if _, err := a.Handle(context.Background(), ch); !errors.Is(err, postgres.ErrChange) {
			t.Errorf("%s: %v, want ErrChange", name, err)
		}
	}
	gone := event{Account: evs[0].Cur.ID, Seq: 1, Prev: evs[0].Prev, Cur: nil, At: t0} // the account was deleted
	if res, err := a.Handle(context.Background(), gone); err != nil || res.Status != postgres.Applied || res.Movement.To != 0 {
		t.Errorf("a deleted account: %v, %v, tier %d; want applied, unrated", res.Status, err, res.Movement.To)
	}
}

// sortStrings compares lists of strings as sets with repeats.
var sortStrings = cmpopts.SortSlices(func(a, b string) bool { return a < b })

func mustGrade(s string) grade.Grade {
	g, err := grade.Parse(s)
	if err != nil {
		panic(err)
	}
	return g
}
