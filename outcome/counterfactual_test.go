package outcome_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/outcome"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"pgregory.net/rapid"
)

// lever changes one field of a copy of the account.
func lever(name string, lo, hi float64, f func(*prioritize.Account) *float64) outcome.Lever[*prioritize.Account] {
	return outcome.Lever[*prioritize.Account]{
		Name: name, Min: lo, Max: hi,
		Get: func(a *prioritize.Account) float64 { return *f(a) },
		Set: func(a *prioritize.Account, x float64) *prioritize.Account {
			c := *a
			*f(&c) = x
			return &c
		},
	}
}

func withFactor(l outcome.Lever[*prioritize.Account], path string) outcome.Lever[*prioritize.Account] {
	l.Factor = path
	return l
}

func levers() []outcome.Lever[*prioritize.Account] {
	return []outcome.Lever[*prioritize.Account]{
		lever("strategic", 0, 100, func(a *prioritize.Account) *float64 { return &a.StrategicValue }),
		lever("fit", 0, 100, func(a *prioritize.Account) *float64 { return &a.ICPFit }),
		lever("relationship", 0, 100, func(a *prioritize.Account) *float64 { return &a.ChampionStrength }),
		withFactor(lever("engagement", 0, 100, func(a *prioritize.Account) *float64 { return &a.FeatureAdoption }), "value/engagement"),
		lever("mrr", 0, 50000, func(a *prioritize.Account) *float64 { return &a.MRR }),
	}
}

// TestCounterfactualByHand: gamma (value 75, potential 40, priority 57.5,
// tier 3) reaches tier 2 at priority 60: +5 value or +5 potential points.
//   - strategic (value, 25%, linear): +20, 65 -> 85;
//   - fit (potential, 25%, linear): +20, 40 -> 60;
//   - relationship (potential, 20%): +25, 60 -> 85;
//   - engagement (value, 20%): its rating 70 -> 95; 90 at 75%, then 0.4 a
//     point: 75 + 5/0.4 = 87.5%;
//   - MRR (value, 40%): rating 80 -> 92.5 at 0.001 a dollar above 5,000:
//     5,000 + 12,500 = 17,500.
//
// Relative to their ranges: 0.2, 0.2, 0.25, 0.375 and 12,500 / 50,000 =
// 0.25, so strategic, fit, relationship, mrr, engagement.
func TestCounterfactualByHand(t *testing.T) {
	p := prioritize.Default()
	got, err := outcome.Counterfactual(p, prioritizetest.Gamma(), 2, levers())
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name     string
		from, to float64
	}{{"strategic", 65, 85}, {"fit", 40, 60}, {"relationship", 60, 85}, {"mrr", 5000, 17500}, {"engagement", 50, 87.5}}
	// Then the smallest pair: strategic and fit count alike (0.125
	// priority a point, ranges of 100), so any pair of changes summing to
	// 20 points is as small as either alone.
	if len(got) != len(want)+1 {
		t.Fatalf("%d proposals, want %d and a pair: %v", len(got), len(want), got)
	}
	pair := got[len(want)]
	if len(pair.Levers) != 2 || pair.Tier != 2 || pair.To[0] == pair.From[0] || pair.To[1] == pair.From[1] ||
		math.Abs((pair.To[0]-pair.From[0])+(pair.To[1]-pair.From[1])-20) > 1e-6 {
		t.Errorf("pair %v: want two changes summing to 20 points", pair)
	}
	for i, w := range want {
		g := got[i]
		if g.Levers[0] != w.name || g.From[0] != w.from || math.Abs(g.To[0]-w.to) > 1e-6*math.Max(1, w.to) || g.Tier != 2 || math.Abs(g.Priority-60) > 1e-6 {
			t.Errorf("proposal %d: %v; want %s %v -> %v: tier 2 (priority 60)", i, g, w.name, w.from, w.to)
		}
	}
	if got[0].String() != "strategic 65 -> 85: tier 2 (priority 60)" {
		t.Errorf("String: %q", got[0].String())
	}
	// Engagement names its factor: its rating 70 -> 95 at weight
	// 0.5 x 0.2 = 0.1 of priority.
	if s := got[4].String(); s != "engagement 50 -> 87.5: tier 2 (priority 60); value/engagement rates 70 -> 95 at weight 0.1" {
		t.Errorf("String: %q", s)
	}
	// Tier 1 needs priority 80: +22.5, 45 axis points. The most any
	// lever gives: fit 40 -> 100, 15 potential points; strategic 65 -> 100,
	// 8.75; mrr to 50,000, 8; relationship 60 -> 100, 8; engagement
	// 50 -> 100, 6. No lever, and no pair (at most 23.75), reaches.
	if got, _ := outcome.Counterfactual(p, prioritizetest.Gamma(), 1, levers()); len(got) != 0 {
		t.Errorf("tier 1 for gamma: %v", got)
	}
	// Beta (65) to tier 1 needs 30 axis points: no lever alone (mrr gives
	// at most 24: 40 -> 100 at 40%), but mrr with engagement (12) or
	// strategic (8.5) does.
	got, err = outcome.Counterfactual(p, prioritizetest.Beta(), 1, levers())
	if err != nil || len(got) != 1 || len(got[0].Levers) != 2 || got[0].Tier != 1 {
		t.Errorf("beta to tier 1: %v, %v; want one pair", got, err)
	}
	// Acme is in tier 1 already.
	if got, _ := outcome.Counterfactual(p, prioritizetest.Acme(), 1, levers()); got != nil {
		t.Errorf("acme: %v", got)
	}
}

func TestCounterfactualLevers(t *testing.T) {
	bad := levers()
	bad[0].Name = ""
	bad[1].Min, bad[1].Max = 5, 5
	bad[2].Max = math.Inf(1)
	bad[3].Set = nil
	_, err := outcome.Counterfactual(prioritize.Default(), prioritizetest.Gamma(), 2, bad)
	if !errors.Is(err, outcome.ErrLever) {
		t.Fatalf("error %v, want ErrLever", err)
	}
	if _, err := outcome.Counterfactual(prioritize.Default(), prioritizetest.Gamma(), 0, levers()); !errors.Is(err, outcome.ErrLever) {
		t.Errorf("target 0: %v, want ErrLever", err)
	}
	for _, lever := range []string{"lever 0", "lever 1", "lever 2", "lever 3"} {
		if !strings.Contains(err.Error(), lever) {
			t.Errorf("error does not name %s: %v", lever, err)
		}
	}
}

// TestCounterfactualLands: over generated accounts, every proposal stays
// in its lever's range and, applied and reassessed, lands the account in
// the promised tier, at or above the target.
func TestCounterfactualLands(t *testing.T) {
	p := prioritize.Default()
	ls := levers()
	rapid.Check(t, func(t *rapid.T) {
		a := prioritizetest.Account().Draw(t, "account")
		as := p.Assess(a)
		if !as.Rated || as.Tier.Rank < 2 {
			t.Skip("unrated, or in tier 1 already")
		}
		target := as.Tier.Rank - 1
		props, err := outcome.Counterfactual(p, a, target, ls)
		if err != nil {
			t.Fatal(err)
		}
		for _, prop := range props {
			changed := a
			for k, name := range prop.Levers {
				var l outcome.Lever[*prioritize.Account]
				for _, x := range ls {
					if x.Name == name {
						l = x
					}
				}
				to := prop.To[k]
				if to < l.Min || to > l.Max {
					t.Fatalf("%v: outside [%v, %v]", prop, l.Min, l.Max)
				}
				changed = l.Set(changed, to)
			}
			after := p.Assess(changed)
			if after.Tier.Rank > target || after.Tier.Rank != prop.Tier || after.Priority != prop.Priority {
				t.Fatalf("%v: reassessed tier %d, priority %v", prop, after.Tier.Rank, after.Priority)
			}
		}
	})
}
