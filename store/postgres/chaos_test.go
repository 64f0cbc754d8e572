package postgres_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/store/postgres"
	"github.com/prioritize-dev/prioritize/tier"
)

// The chaos run: 500 accounts with 20 changes each, 20% of the changes
// delivered twice and 10% before the change they follow, handled by 4
// processes of 8 workers each.
const (
	chaosAccounts  = 500
	chaosChanges   = 20
	chaosProcs     = 4
	chaosWorkers   = 8
	chaosTwice     = 0.20
	chaosEarly     = 0.10
	chaosOverrides = 50
)

// delivery is one delivery of a change: the account's index and the
// change's sequence number.
type delivery struct{ account, seq int }

// chaosPlan makes the run's changes and their deliveries, the same for
// every process: the changes of every account interleaved in time order,
// 10% of them moved before the change they follow, 20% delivered a second
// time a little later. It returns the changes by account, the
// deliveries, and how many were moved and repeated.
func chaosPlan(run string) (evs [][]event, deliveries []delivery, early, twice int) {
	r := rand.New(rand.NewPCG(24, 2026))
	for i := range chaosAccounts {
		evs = append(evs, history(r, fmt.Sprintf("%s/%03d", run, i), chaosChanges))
	}
	for seq := 1; seq <= chaosChanges; seq++ {
		for _, i := range r.Perm(chaosAccounts) {
			deliveries = append(deliveries, delivery{i, seq})
		}
	}
	pos := map[delivery]int{}
	for i, d := range deliveries {
		pos[d] = i
	}
	for i := range deliveries {
		d := deliveries[i]
		if d.seq == 1 || r.Float64() >= chaosEarly {
			continue
		}
		j := pos[delivery{d.account, d.seq - 1}]
		if j > i { // its predecessor was moved after it already
			continue
		}
		deliveries[i], deliveries[j] = deliveries[j], deliveries[i]
		pos[deliveries[i]], pos[deliveries[j]] = i, j
		early++
	}
	type repeat struct {
		at int // delivered again after the delivery at this position
		d  delivery
	}
	var out []delivery
	var again []repeat
	for i, d := range deliveries {
		if r.Float64() < chaosTwice {
			again = append(again, repeat{i + 1 + r.IntN(300), d})
			twice++
		}
	}
	slices.SortStableFunc(again, func(a, b repeat) int { return a.at - b.at })
	for i, d := range deliveries {
		out = append(out, d)
		for len(again) > 0 && again[0].at <= i {
			out, again = append(out, again[0].d), again[1:]
		}
	}
	for _, a := range again {
		out = append(out, a.d)
	}
	return evs, out, early, twice
}

// chaosStats is what a worker process reports.
type chaosStats struct {
	Applied, Duplicate, Early, Failed, Conflicts int
	Announced                                    []string // account/seq/rule of each firing an applied change returned
}

// TestChaosWorker is a worker process of TestChaos: 8 goroutines handle
// this process's share of the deliveries; an early change goes to the
// back of the queue, a failed one is delivered again after a pause.
func TestChaosWorker(t *testing.T) {
	run := os.Getenv("PRIORITIZE_CHAOS_RUN")
	if run == "" {
		t.Skip("a worker of TestChaos")
	}
	proc, _ := strconv.Atoi(os.Getenv("PRIORITIZE_CHAOS_PROC"))
	a, _ := newAccounts(t, postgres.Options{})
	evs, deliveries, _, _ := chaosPlan(run)
	var mine []delivery
	for i, d := range deliveries {
		if i%chaosProcs == proc {
			mine = append(mine, d)
		}
	}
	queue := make(chan delivery, len(mine))
	for _, d := range mine {
		queue <- d
	}
	var pending sync.WaitGroup
	pending.Add(len(mine))
	var mu sync.Mutex
	var st chaosStats
	deadline := time.Now().Add(3 * time.Minute)
	var workers sync.WaitGroup
	for range chaosWorkers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for d := range queue {
				if time.Now().After(deadline) {
					t.Errorf("not done in 3 minutes: %+v", d)
					pending.Done()
					continue
				}
				res, err := a.Handle(context.Background(), evs[d.account][d.seq-1])
				mu.Lock()
				st.Conflicts += res.Conflicts
				switch {
				case errors.Is(err, postgres.ErrEarly):
					st.Early++
				case errors.Is(err, postgres.ErrChange):
					t.Errorf("change %+v: %v", d, err)
				case err != nil:
					st.Failed++
				case res.Status == postgres.Duplicate:
					st.Duplicate++
				default:
					st.Applied++
					for _, f := range res.Movement.Fired {
						st.Announced = append(st.Announced, fmt.Sprint(res.Row.Account, "/", d.seq, "/", f.Rule))
					}
				}
				mu.Unlock()
				if err != nil && !errors.Is(err, postgres.ErrChange) {
					if !errors.Is(err, postgres.ErrEarly) {
						time.Sleep(50 * time.Millisecond) // the server is away: the worker pauses
					}
					go func() { // the queue delivers it again, a little later
						time.Sleep(5 * time.Millisecond)
						queue <- d
					}()
					continue
				}
				pending.Done()
			}
		}()
	}
	pending.Wait()
	close(queue)
	workers.Wait()
	b, _ := json.Marshal(st)
	fmt.Printf("CHAOS %s\n", b)
}

// TestChaos: 4 processes x 8 workers handle 10,000 changes of 500
// accounts, 20% delivered twice and 10% out of order; a person sets 50
// overrides meanwhile, and the server is stopped and started again in the
// middle. Every row ends as the sequential replay of its account's
// changes leaves it (tier, floors, history), no override is lost, and
// every firing is written exactly once.
func TestChaos(t *testing.T) {
	if testing.Short() {
		t.Skip("the chaos run takes about 10 s: go test without -short")
	}
	pool := connect(t)
	a, p := newAccounts(t, postgres.Options{})
	ctx := context.Background()
	run := unique("chaos")
	evs, deliveries, early, twice := chaosPlan(run)
	start := time.Now()
	outs := make([][]byte, chaosProcs)
	errs := make([]error, chaosProcs)
	var procs sync.WaitGroup
	for i := range chaosProcs {
		procs.Add(1)
		go func() {
			defer procs.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestChaosWorker$", "-test.v")
			cmd.Env = append(os.Environ(), "PRIORITIZE_CHAOS_RUN="+run, fmt.Sprint("PRIORITIZE_CHAOS_PROC=", i))
			outs[i], errs[i] = cmd.CombinedOutput()
		}()
	}
	var done atomic.Bool
	go func() { procs.Wait(); done.Store(true) }()
	// progress is how many changes are applied so far.
	progress := func() int {
		var n int
		_ = pool.QueryRow(ctx, `SELECT coalesce(sum(seq), 0) FROM prioritize_account_states WHERE account LIKE $1 || '/%'`, run).Scan(&n)
		return n
	}
	waitFor := func(n int) {
		for progress() < n && !done.Load() {
			time.Sleep(10 * time.Millisecond)
		}
	}
	// A person sets overrides on 50 accounts while the changes flow, one
	// every 20 ms from a tenth of the way in, across the restart; one the
	// server refuses is set again, as a person would click again.
	overrides := map[string]prioritize.Override{}
	var people sync.WaitGroup
	people.Add(1)
	go func() {
		defer people.Done()
		waitFor(len(deliveries) / 12)
		for i := range chaosOverrides {
			id := evs[i*chaosAccounts/chaosOverrides][0].Cur.ID
			o := prioritize.Override{Account: id, Tier: 1, Reason: "executive escalation", Author: "vp-cs",
				Set: t0, Until: t0.AddDate(1, 0, 0)}
			for {
				if _, err := a.Override(ctx, o); err == nil {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			overrides[id] = o
			time.Sleep(20 * time.Millisecond)
		}
	}()
	restarted := false
	if server != nil {
		waitFor(len(deliveries) / 4) // a fifth of the way in: the duplicates count too
		if !done.Load() {
			if err := server.Stop(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Second)
			if err := server.Restart(); err != nil {
				t.Fatal(err)
			}
			restarted = true
		}
	}
	procs.Wait()
	people.Wait()
	elapsed := time.Since(start)
	var total chaosStats
	announced := map[string]int{}
	for i, out := range outs {
		if errs[i] != nil {
			t.Fatalf("worker %d: %v\n%s", i, errs[i], out)
		}
		_, line, ok := strings.Cut(string(out), "CHAOS ")
		line, _, _ = strings.Cut(line, "\n")
		var st chaosStats
		if err := json.Unmarshal([]byte(line), &st); !ok || err != nil {
			t.Fatalf("worker %d printed no result: %v\n%s", i, err, out)
		}
		total.Applied += st.Applied
		total.Duplicate += st.Duplicate
		total.Early += st.Early
		total.Failed += st.Failed
		total.Conflicts += st.Conflicts
		for _, f := range st.Announced {
			announced[f]++
		}
	}
	if !restarted && server != nil {
		t.Error("the run ended before the server could be restarted in the middle of it")
	}

	// What the store holds, against the sequential replay.
	var lostHolds, tiers, floors, histories, lostOverrides, holds int
	var want []string
	for _, acct := range evs {
		st, fired := replay(p, acct)
		want = append(want, fired...)
		holds += len(st.Position.Floors)
		id := acct[0].Cur.ID
		row, err := a.Load(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if row.Seq != chaosChanges {
			t.Errorf("%s: the row is at change %d, want %d", id, row.Seq, chaosChanges)
		}
		got := row.State
		if got.Position.Rank != st.Position.Rank {
			tiers++
		}
		if diff := cmp.Diff(st.Position.Floors, got.Position.Floors); diff != "" {
			floors++
			for _, f := range st.Position.Floors {
				if !slices.ContainsFunc(got.Position.Floors, func(g tier.Floor) bool { return g.By == f.By && g.Until.Equal(f.Until) && g.Rank == f.Rank }) {
					lostHolds++
				}
			}
		}
		if diff := cmp.Diff(st.Position, got.Position); diff != "" {
			t.Errorf("%s: position (-replay +stored):\n%s", id, diff)
		}
		if diff := cmp.Diff(st.History, got.History); diff != "" {
			histories++
			t.Errorf("%s: history (-replay +stored):\n%s", id, diff)
		}
		var wantOverrides []prioritize.Override
		if o, ok := overrides[id]; ok {
			wantOverrides = append(wantOverrides, o)
		}
		if diff := cmp.Diff(wantOverrides, got.Overrides); diff != "" {
			lostOverrides++
			t.Errorf("%s: overrides (-set +stored):\n%s", id, diff)
		}
	}
	var stored []string
	rows, err := pool.Query(ctx, `SELECT account, seq, rule FROM prioritize_firings WHERE account LIKE $1 || '/%'`, run)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var acct, rule string
		var seq int64
		if err := rows.Scan(&acct, &seq, &rule); err != nil {
			t.Fatal(err)
		}
		stored = append(stored, fmt.Sprint(acct, "/", seq, "/", rule))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, stored, sortStrings); diff != "" {
		t.Errorf("firings written (-replay +stored):\n%s", diff)
	}
	twiceAnnounced := 0
	for f, n := range announced {
		if n > 1 {
			twiceAnnounced++
			t.Errorf("%s was announced %d times", f, n)
		}
	}
	if tiers+floors+lostHolds+lostOverrides+histories > 0 {
		t.Errorf("states differ from the replay: %d tiers, %d accounts' floors (%d holds lost), %d histories; %d overrides lost", tiers, floors, lostHolds, histories, lostOverrides)
	}
	t.Logf("%d changes of %d accounts, %d deliveries (%d twice, %d before the change they follow), %d processes x %d workers, the server restarted mid-run: %v",
		len(evs)*chaosChanges, len(evs), len(deliveries), twice, early, chaosProcs, chaosWorkers, restarted)
	t.Logf("handled: %d applied, %d duplicates, %d early (delivered again), %d failed while the server was away (delivered again), %d write conflicts started over",
		total.Applied, total.Duplicate, total.Early, total.Failed, total.Conflicts)
	t.Logf("against the sequential replay: %d firings written, %d expected, %d announced by the workers (%d twice); %d holds in force at the end, %d lost; %d tiers and %d floors differ; %d of %d overrides lost",
		len(stored), len(want), len(announced), twiceAnnounced, holds, lostHolds, tiers, floors, lostOverrides, len(overrides))
	t.Logf("%.0f deliveries/s over %v, the restart included", float64(len(deliveries))/elapsed.Seconds(), elapsed.Round(time.Millisecond))
}
