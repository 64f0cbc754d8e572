package prioritize_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/tier"
)

// TestNilAccounts: a nil account in a portfolio is unrated with the reason,
// in Rank over one worker and over many (where a panic on a worker would
// kill the process), in Stream, Top, Plan and Reassess.
func TestNilAccounts(t *testing.T) {
	p := prioritize.Default()
	accounts := generate(t, 3000)
	accounts[1500] = nil
	for _, workers := range []int{1, 4} {
		as, err := p.Rank(context.Background(), accounts, prioritize.RankOptions{Workers: workers})
		if err != nil {
			t.Fatalf("%d workers: %v", workers, err)
		}
		i := slices.IndexFunc(as, func(a prioritize.Assessment) bool { return a.Unrated == "the account is nil" })
		if i < 0 || as[i].Rated || len(as) != len(accounts) {
			t.Errorf("%d workers: no unrated nil account among %d assessments", workers, len(as))
		}
		if plan := p.Plan(as); plan.Unrated < 1 {
			t.Errorf("the plan counts no unrated account: %+v", plan)
		}
	}
	var nils int
	for as, err := range p.Stream(context.Background(), slices.Values([]*prioritize.Account{nil, acme()})) {
		if err != nil {
			t.Fatal(err)
		}
		if !as.Rated {
			nils++
		}
	}
	if nils != 1 {
		t.Errorf("Stream: %d unrated, want the nil account", nils)
	}
	top, err := p.Top(context.Background(), slices.Values([]*prioritize.Account{nil, acme(), beta()}), 3)
	if err != nil || len(top) != 3 || top[2].Rated {
		t.Errorf("Top: %+v, %v", top, err)
	}
	m := p.Reassess(acme(), nil, prioritize.State{Position: tier.Position{}}, asOf)
	if m.To != 0 || m.After.Rated {
		t.Errorf("Reassess to a nil account: %+v", m)
	}
}

// TestDuplicateIDsNamed: twelve IDs shared, one of them by three accounts:
// 13 accounts repeat an ID (12 second copies + 1 third), and the error
// names the first ten IDs in byte order, each once, whatever the input
// order.
func TestDuplicateIDsNamed(t *testing.T) {
	p := prioritize.Default()
	var book []*prioritize.Account
	for _, id := range []string{"l", "k", "j", "i", "h", "g", "f", "e", "d", "c", "b", "a"} {
		for range 2 {
			a := acme()
			a.ID = id
			book = append(book, a)
		}
	}
	third := acme()
	third.ID = "c"
	book = append([]*prioritize.Account{third}, book...)
	book = append(book, nil, nil) // nil accounts are reported as such, not as duplicates
	want := "prioritize: duplicate or empty account IDs: 13 accounts repeat an ID (a, b, c, d, e, f, g, h, i, j)"
	_, err := p.Rank(context.Background(), book, prioritize.RankOptions{})
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
	// The same among 6,000 distinct IDs, over one worker and over two
	// (the check then splits the hashes in halves).
	for i := range 6000 {
		a := beta()
		a.ID = fmt.Sprintf("z%05d", i)
		book = append(book, a)
	}
	for _, workers := range []int{1, 2} {
		_, err := p.Rank(context.Background(), book, prioritize.RankOptions{Workers: workers})
		if err == nil || err.Error() != want {
			t.Errorf("%d workers: got  %v\nwant %s", workers, err, want)
		}
	}
}

// TestDuplicateIDs: two accounts with one ID, or none, are reported with
// the ranking, or the ranking is refused.
func TestDuplicateIDs(t *testing.T) {
	p := prioritize.Default()
	a, b, c := acme(), beta(), gamma()
	b.ID = a.ID
	c.ID = ""
	as, err := p.Rank(context.Background(), []*prioritize.Account{a, b, c}, prioritize.RankOptions{})
	if !errors.Is(err, prioritize.ErrDuplicateID) || len(as) != 3 {
		t.Fatalf("report: %d assessments, %v", len(as), err)
	}
	for _, want := range []string{`1 accounts repeat an ID (acme)`, "1 accounts have no ID"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%v lacks %q", err, want)
		}
	}
	as, err = p.Rank(context.Background(), []*prioritize.Account{a, b}, prioritize.RankOptions{Duplicates: prioritize.RejectDuplicates})
	if !errors.Is(err, prioritize.ErrDuplicateID) || as != nil {
		t.Errorf("reject: %v, %v", as, err)
	}
	if _, err := p.Rank(context.Background(), []*prioritize.Account{acme(), beta()}, prioritize.RankOptions{}); err != nil {
		t.Errorf("distinct IDs: %v", err)
	}
}

// TestPlanStaysFinite: two contract values of 1e308 would sum to +Inf,
// which JSON cannot carry: the plan saturates and says so.
func TestPlanStaysFinite(t *testing.T) {
	p := prioritize.Default()
	a, b := acme(), beta()
	a.ContractValue, b.ContractValue = 1e308, 1e308
	as, err := p.Rank(context.Background(), []*prioritize.Account{a, b}, prioritize.RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	plan := p.Plan(as)
	if !plan.Saturated || plan.ARR != math.MaxFloat64 {
		t.Errorf("plan ARR %v, saturated %v", plan.ARR, plan.Saturated)
	}
	if _, err := json.Marshal(plan); err != nil {
		t.Errorf("the plan does not marshal: %v", err)
	}
}

// TestRankPanicReachesTheCaller: a scorer that panics on a worker goroutine
// does not kill the process: the panic reaches Rank's caller.
func TestRankPanicReachesTheCaller(t *testing.T) {
	cfg := prioritize.DefaultConfig()
	cfg.ID = func(a *prioritize.Account) string {
		if a.Name == "boom" {
			panic("boom")
		}
		return a.ID
	}
	p, err := prioritize.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	accounts := generate(t, 5000)
	accounts[4000].Name = "boom"
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("recovered %v, want boom", r)
		}
	}()
	_, _ = p.Rank(context.Background(), accounts, prioritize.RankOptions{Workers: 4})
	t.Error("Rank returned")
}
