package tier_test

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize/tier"
	"pgregory.net/rapid"
)

func ptr(x float64) *float64 { return &x }

// TestFillFrameworkRatios works the framework's ratios by hand on a book of
// 100 accounts, priorities 99.5, 98.5, ..., 0.5, each with $1,000 of ARR,
// and one CSM for each of tiers 1 to 3 (none for tier 4):
//
//	tier 1: 1 CSM x 15 = 15 accounts, #1-#15, the last at 99.5-14 = 85.5
//	tier 2: 1 CSM x 30 = 30 accounts, #16-#45, the last at 99.5-44 = 55.5
//	tier 3: 1 CSM x 50 = 50 accounts, #46-#95, the last at 99.5-94 = 5.5
//	tier 4: no CSM, no account; #96-#100 are overflow (5)
//
// Two unrated accounts (NaN) in the book take no seat.
func TestFillFrameworkRatios(t *testing.T) {
	var book []tier.Candidate
	for i := range 100 {
		book = append(book, tier.Candidate{Priority: 99.5 - float64(i), ARR: 1000})
		if i == 10 || i == 60 {
			book = append(book, tier.Candidate{Priority: math.NaN(), ARR: 5000})
		}
	}
	f, err := tier.Default().Fill(tier.Staff{1: 1, 2: 1, 3: 1}, book)
	if err != nil {
		t.Fatal(err)
	}
	want := []tier.Row{
		{Rank: 1, Name: "Strategic", Accounts: 15, AccountsPerCSM: 15, CSMs: 1, ARR: 15000, ARRPerCSM: 15000, Capacity: 15, Cut: ptr(85.5)},
		{Rank: 2, Name: "Growth", Accounts: 30, AccountsPerCSM: 30, CSMs: 1, ARR: 30000, ARRPerCSM: 30000, Capacity: 30, Cut: ptr(55.5)},
		{Rank: 3, Name: "Standard", Accounts: 50, AccountsPerCSM: 50, CSMs: 1, ARR: 50000, ARRPerCSM: 50000, Capacity: 50, Cut: ptr(5.5)},
		{Rank: 4, Name: "Scale", AccountsPerCSM: 200},
	}
	if diff := cmp.Diff(want, f.Plan.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	// 100 rated (95 placed + 5 overflow), 3 CSMs, 95 x $1,000.
	if p := f.Plan; p.Overflow != 5 || p.Unrated != 2 || p.Accounts != 100 || p.CSMs != 3 || p.ARR != 95000 || !p.ByCapacity {
		t.Errorf("totals: %+v", p)
	}
	// The book's order: #1-#11 rated, an unrated one, ...
	wantRanks := slices.Concat(rep(1, 11), []int{0}, rep(1, 4), rep(2, 30), rep(3, 16), []int{0}, rep(3, 34), rep(0, 5))
	if diff := cmp.Diff(wantRanks, f.Ranks); diff != "" {
		t.Errorf("ranks (-want +got):\n%s", diff)
	}
	if _, err := json.Marshal(f); err != nil { // no NaN cut: a tier that took nobody has none
		t.Error(err)
	}
}

func rep(rank, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = rank
	}
	return out
}

func TestFillRefuses(t *testing.T) {
	book := []tier.Candidate{{Priority: 50}, {Priority: 70}}
	_, err := tier.Default().Fill(tier.Staff{1: -1, 7: 2}, book)
	for _, want := range []error{tier.ErrStaff, tier.ErrOrder} {
		if !errors.Is(err, want) {
			t.Errorf("err = %v, want it to wrap %v", err, want)
		}
	}
	var e *tier.Error
	if !errors.As(err, &e) {
		t.Errorf("err = %v, want *tier.Error", err)
	}
	if n := len(err.(interface{ Unwrap() []error }).Unwrap()); n != 3 {
		t.Errorf("%d errors, want 3 at once (a negative headcount, an unknown tier, the order): %v", n, err)
	}
}

// TestFillProperties: for any staff and any book in ranking order, no tier
// takes more than its capacity, tiers are filled top-down in the order
// given (so a higher priority is never in a lower tier), every rated
// account is placed or counted as overflow, and overflow happens only when
// every tier is full.
func TestFillProperties(t *testing.T) {
	l := tier.Default()
	rapid.Check(t, func(t *rapid.T) {
		staff := tier.Staff{}
		for rank := 1; rank <= 4; rank++ {
			staff[rank] = rapid.IntRange(0, 2).Draw(t, "csms")
		}
		ps := rapid.SliceOfN(rapid.SampledFrom([]float64{0, 12.5, 40, 60, 60, 80, 99, 100, math.NaN()}), 0, 700).Draw(t, "priorities")
		rated := slices.DeleteFunc(slices.Clone(ps), func(p float64) bool { return p != p })
		slices.SortFunc(rated, func(a, b float64) int { return -cmpFloat(a, b) })
		// Put the unrated back at random places: the order of the rated is ranking order.
		var book []tier.Candidate
		for _, p := range rated {
			for rapid.IntRange(0, 9).Draw(t, "unrated here") == 0 {
				book = append(book, tier.Candidate{Priority: math.NaN()})
			}
			book = append(book, tier.Candidate{Priority: p, ARR: 10})
		}
		f, err := l.Fill(staff, book)
		if err != nil {
			t.Fatal(err)
		}
		capacity, placed := 0, 0
		for _, r := range f.Plan.Rows {
			if r.Accounts > r.Capacity || r.Capacity != staff[r.Rank]*r.AccountsPerCSM {
				t.Fatalf("tier %d: %d accounts, capacity %d (%d CSMs x %d)", r.Rank, r.Accounts, r.Capacity, staff[r.Rank], r.AccountsPerCSM)
			}
			capacity += r.Capacity
			placed += r.Accounts
		}
		if placed != min(len(rated), capacity) || f.Plan.Overflow != len(rated)-placed {
			t.Fatalf("%d placed, %d overflow of %d rated; capacity %d", placed, f.Plan.Overflow, len(rated), capacity)
		}
		last := 1 // the rank of the last rated account so far; overflow (0) counts as after every tier
		order := func(rank int) int {
			if rank == 0 {
				return math.MaxInt
			}
			return rank
		}
		for i, c := range book {
			rank := f.Ranks[i]
			if c.Priority != c.Priority {
				if rank != 0 {
					t.Fatalf("an unrated account in tier %d", rank)
				}
				continue
			}
			if order(rank) < order(last) {
				t.Fatalf("account %d (priority %v) in tier %d after one in tier %d", i, c.Priority, rank, last)
			}
			last = rank
		}
	})
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
