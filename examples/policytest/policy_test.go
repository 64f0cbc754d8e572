package policytest

import (
	"context"
	"flag"
	"math"
	"testing"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/score/scoretest"
	"pgregory.net/rapid"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.json")

// customers generates the team's accounts: realistic ranges, some data
// missing, now and then a hostile value.
func customers() *rapid.Generator[Customer] {
	return rapid.Custom(func(t *rapid.T) Customer {
		limit := rapid.IntRange(1, 500).Draw(t, "seat limit")
		return Customer{
			ID:         rapid.StringMatching(`c-[0-9]{4}`).Draw(t, "id"),
			ARR:        scoretest.Maybe(scoretest.Float(0, 800000), 20).Draw(t, "arr"),
			SeatLimit:  limit,
			SeatsUsed:  rapid.IntRange(0, limit).Draw(t, "seats used"),
			Tickets:    rapid.OneOf(scoretest.Float(0, 30), scoretest.Hostile()).Draw(t, "tickets"),
			NPS:        scoretest.Maybe(scoretest.Float(0, 10), 10).Draw(t, "nps"),
			Whitespace: scoretest.Float(0, 300000).Draw(t, "whitespace"),
		}
	})
}

func with(c Customer, f func(*Customer)) Customer { f(&c); return c }

var inputs = []scoretest.Input[Customer]{
	scoretest.Field("arr", score.Ascending, func(c Customer) float64 { return c.ARR },
		func(c Customer, v float64) Customer { c.ARR = v; return c }),
	scoretest.Field("tickets", score.Descending, func(c Customer) float64 { return c.Tickets },
		func(c Customer, v float64) Customer { c.Tickets = v; return c }),
	scoretest.Field("whitespace", score.Ascending, func(c Customer) float64 { return c.Whitespace },
		func(c Customer, v float64) Customer { c.Whitespace = v; return c }),
	scoretest.Field("nps", score.Ascending, func(c Customer) float64 { return c.NPS },
		func(c Customer, v float64) Customer { c.NPS = v; return c }),
	{Name: "seats used", Direction: score.Ascending, Nudge: func(c Customer, by float64) Customer {
		c.SeatsUsed = min(c.SeatsUsed+int(by), c.SeatLimit)
		return c
	}},
}

func TestPolicyProperties(t *testing.T) {
	p, err := NewPolicy()
	if err != nil {
		t.Fatal(err)
	}
	cfg := p.Config()
	scoretest.Property(t, customers(), func(t *rapid.T, c Customer) {
		for _, s := range []score.Scorer[Customer]{cfg.Value, cfg.Potential} {
			scoretest.Bounds(t, s, c)
			scoretest.Deterministic(t, s, c)
			for _, in := range inputs {
				scoretest.Monotone(t, s, c, in, rapid.Float64Range(0, 1000).Draw(t, "by"))
			}
		}
	})
}

func TestWeights(t *testing.T) {
	p, err := NewPolicy()
	if err != nil {
		t.Fatal(err)
	}
	value := p.Config().Value.(*score.Aggregate[Customer])
	// The team writes weights in percent: they must add up to 100.
	scoretest.Weights(t, value, scoretest.WeightOptions{Total: 100, MinShare: 0.1})
	var accounts []Customer
	g := customers()
	for i := range 300 {
		accounts = append(accounts, g.Example(i))
	}
	prioritizetest.CheckInert(t, p, accounts)
}

// golden are accounts the team has agreed on, with their numbers worked out
// by hand.
var golden = []prioritizetest.Case[Customer]{
	{Name: "flagship", Account: Customer{ID: "flagship", ARR: 500000, SeatsUsed: 90, SeatLimit: 100, Tickets: 0, NPS: 9, Whitespace: 150000},
		// value: arr 100 x 0.5 + seats 90 x 0.3 + support 100 x 0.2 = 50 + 27 + 20 = 97
		// potential: whitespace 75 x 0.6 + nps 90 x 0.4 = 45 + 36 = 81; priority (97 + 81) / 2 = 89
		Want: prioritizetest.Want{Value: 97, Potential: 81, Priority: 89, Quadrant: "Star", Tier: 1}},
	{Name: "unhappy big account", Account: Customer{ID: "unhappy", ARR: 500000, SeatsUsed: 50, SeatLimit: 100, Tickets: 5, NPS: 3, Whitespace: 200000},
		// value: 50 + 15 + 10 = 75; potential: 60 + 12 = 72, capped at 50 (detractor); priority 62.5
		Want: prioritizetest.Want{Value: 75, Potential: 50, Priority: 62.5, Quadrant: "Star", Tier: 2}},
	{Name: "small, no data on NPS", Account: Customer{ID: "small", ARR: 1000, SeatsUsed: 2, SeatLimit: 10, Tickets: 10, NPS: math.NaN(), Whitespace: 20000},
		// value: arr 0 x 0.5 + seats 20 x 0.3 + support 0 = 6; potential: nps missing, whitespace 10 alone = 10; priority 8
		Want: prioritizetest.Want{Value: 6, Potential: 10, Priority: 8, Quadrant: "Maintenance", Tier: 4}},
	{Name: "no seats bought", Account: Customer{ID: "free", ARR: 22360.679774997898, SeatsUsed: 3, SeatLimit: 0, Tickets: 2, NPS: 7, Whitespace: 100000},
		// arr at the geometric middle of [1,000, 500,000]: 50; 3 / 0 is a division by zero, so seats is
		// missing (not 100%) and its weight goes to the others: value (50 x 50 + 80 x 20) / 70 = 58.571428...;
		// potential 30 + 28 = 58; priority (58.571428... + 58) / 2 = 58.285714...: tier 3
		Want: prioritizetest.Want{Value: 4100.0 / 70, Potential: 58, Priority: (4100.0/70 + 58) / 2, Quadrant: "Star", Tier: 3}},
}

func TestGolden(t *testing.T) {
	p, err := NewPolicy()
	if err != nil {
		t.Fatal(err)
	}
	prioritizetest.Golden(t, p, golden, 1e-6)
	// The same accounts ranked, kept in a golden file.
	var accounts []Customer
	for _, c := range golden {
		accounts = append(accounts, c.Account)
	}
	ranked, err := p.Rank(context.Background(), accounts, prioritize.RankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []prioritizetest.Want
	for _, as := range ranked {
		got = append(got, prioritizetest.Got(as))
	}
	prioritizetest.GoldenFile(t, "testdata/golden.json", got, 1e-9, *update)
}

func TestBoundaries(t *testing.T) {
	p, err := NewPolicy()
	if err != nil {
		t.Fatal(err)
	}
	// NPS at and around the detractor cut of 5, and hostile values.
	base := golden[0].Account
	for _, nps := range scoretest.Around(5) {
		as := p.Assess(with(base, func(c *Customer) { c.NPS = nps }))
		capped := nps < 5
		if as.Rated && capped && as.Potential > 50 {
			t.Errorf("nps %v: potential %v, want capped at 50", nps, as.Potential)
		}
		if !math.IsNaN(nps) && !capped && as.Potential <= 50 {
			t.Errorf("nps %v: potential %v, want uncapped", nps, as.Potential)
		}
	}
	for _, s := range prioritizetest.LadderCases(p.Ladder()) {
		if r := p.Ladder().Rank(s); (r == 0) != math.IsNaN(s) {
			t.Errorf("priority %v: tier %d", s, r)
		}
	}
}
