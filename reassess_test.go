package prioritize_test

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/tier"
	"github.com/prioritize-dev/prioritize/trigger"
	"pgregory.net/rapid"
)

const month = 30 * 24 * time.Hour

// TestFrameworkTriggerEffects reassesses gamma (tier 3 at 57.5, in it since
// asOf) on a change that fires each of the framework's ten triggers. A
// growth trigger leaves it where its score puts it (none of these changes
// moves the score); an intervention raises it to the default policy's
// floor, tier 2, held for 30 days from the change, to the second.
func TestFrameworkTriggerEffects(t *testing.T) {
	now := asOf.Add(36 * time.Hour)
	held := func(rule string) tier.Position {
		return tier.Position{Rank: 2, Since: now, Floors: []tier.Floor{{Rank: 2, Until: now.Add(month), By: rule}}}
	}
	stays := tier.Position{Rank: 3, Since: asOf}
	tests := []struct {
		rule      string
		change    func(prev, cur *prioritize.Account)
		attention trigger.Effect
		want      tier.Position
		setBy     string
	}{
		{"contract expansion", func(p, c *prioritize.Account) { p.ContractValue, c.ContractValue = 100_000, 120_000 }, trigger.Growth, stays, ""},
		{"usage spike", func(p, c *prioritize.Account) { p.UsagePct, c.UsagePct = 40, 60 }, trigger.Growth, stays, ""},
		{"new executive sponsor", func(p, c *prioritize.Account) { c.ExecSponsor = true }, trigger.Growth, stays, ""},
		{"funding announced", func(p, c *prioritize.Account) { c.FundingRounds = 1 }, trigger.Growth, stays, ""},
		{"nps increase", func(p, c *prioritize.Account) { p.NPS, c.NPS = 5, 8 }, trigger.Growth, stays, ""},
		{"usage decline", func(p, c *prioritize.Account) { p.UsagePct, c.UsagePct = 62, 41 }, trigger.Intervention, held("usage decline"), "usage decline"},
		{"support escalations", func(p, c *prioritize.Account) { c.Escalations = 2 }, trigger.Intervention, held("support escalations"), "support escalations"},
		{"payment failure", func(p, c *prioritize.Account) { c.PaymentFailures = 1 }, trigger.Intervention, held("payment failure"), "payment failure"},
		{"champion departure", func(p, c *prioritize.Account) { c.Champion = false }, trigger.Intervention, held("champion departure"), "champion departure"},
		{"competitor mentions", func(p, c *prioritize.Account) { c.CompetitorMentions = 1 }, trigger.Intervention, held("competitor mentions"), "competitor mentions"},
	}
	for _, tc := range tests {
		t.Run(tc.rule, func(t *testing.T) {
			p := prioritize.Default()
			prev, cur := gamma(), gamma()
			tc.change(prev, cur)
			m := p.Reassess(prev, cur, prioritize.State{Position: tier.Position{Rank: 3, Since: asOf}}, now)
			if len(m.Fired) != 1 || m.Fired[0].Rule != tc.rule || m.Fired[0].Effect != tc.attention {
				t.Fatalf("fired %+v, want only %q", m.Fired, tc.rule)
			}
			if m.After.Priority != 57.5 {
				t.Fatalf("priority %v: the change moved the score", m.After.Priority)
			}
			if diff := cmp.Diff(tc.want, m.Position); diff != "" {
				t.Errorf("position (-want +got):\n%s", diff)
			}
			if m.From != 3 || m.To != tc.want.Rank || m.Attention != tc.attention || m.SetBy != tc.setBy || m.Review {
				t.Errorf("movement %d -> %d, attention %v, set by %q, review %v", m.From, m.To, m.Attention, m.SetBy, m.Review)
			}
			if tc.attention != trigger.Intervention {
				return
			}
			// The floor holds to the second: a later change without a
			// trigger leaves the account in tier 2 until the hold ends.
			later := p.Reassess(cur, cur, m.Next(), now.Add(month-time.Second))
			if later.To != 2 || later.SetBy != tc.rule || len(later.Position.Floors) != 1 {
				t.Errorf("a second before the end: tier %d, set by %q, %+v", later.To, later.SetBy, later.Position)
			}
			after := p.Reassess(cur, cur, m.Next(), now.Add(month))
			if diff := cmp.Diff(tier.Position{Rank: 3, Since: now.Add(month)}, after.Position); diff != "" || after.SetBy != "" {
				t.Errorf("when the hold ends, set by %q, position (-want +got):\n%s", after.SetBy, diff)
			}
		})
	}
}

// TestGrowthNeverLowers: beta (tier 2 at 65) whose NPS rises while its
// expansion collapses: the score gives tier 3 (52.925), the growth trigger
// keeps the account in tier 2 on this change, without a floor.
func TestGrowthNeverLowers(t *testing.T) {
	now := asOf.Add(time.Hour)
	prev, cur := beta(), beta()
	prev.NPS, cur.NPS = 5, 8
	cur.UsageGrowth = -30 // expansion 85 -> 16: potential 60.85, priority (45 + 60.85) / 2 = 52.925
	since := asOf.AddDate(0, -1, 0)
	m := prioritize.Default().Reassess(prev, cur, prioritize.State{Position: tier.Position{Rank: 2, Since: since}}, now)
	if diff := cmp.Diff(tier.Position{Rank: 2, Since: since}, m.Position); diff != "" {
		t.Errorf("position (-want +got):\n%s", diff)
	}
	if m.After.Priority != 52.925 || m.SetBy != "nps increase" || m.Attention != trigger.Growth {
		t.Errorf("priority %v, set by %q, attention %v", m.After.Priority, m.SetBy, m.Attention)
	}
}

// TestSunsetLiftsTheHold: a toxic support load (4 escalations, usage down
// 12%) marks the account for review, lifts the floor an intervention set
// and lets it fall to the tier of its score.
func TestSunsetLiftsTheHold(t *testing.T) {
	now := asOf.Add(time.Hour)
	prev, cur := gamma(), gamma()
	prev.Escalations, cur.Escalations = 4, 4
	prev.UsagePct, cur.UsagePct = 50, 44 // down 12%: past the sunset's 10%, short of the usage decline's 20%
	pos := tier.Position{Rank: 2, Since: asOf, Floors: []tier.Floor{{Rank: 2, Until: now.Add(month), By: "usage decline"}}}
	m := prioritize.Default().Reassess(prev, cur, prioritize.State{Position: pos}, now)
	if len(m.Fired) != 1 || m.Fired[0].Rule != "toxic support load" {
		t.Fatalf("fired %+v", m.Fired)
	}
	if diff := cmp.Diff(tier.Position{Rank: 3, Since: now}, m.Position); diff != "" {
		t.Errorf("position (-want +got):\n%s", diff)
	}
	if !m.Review || m.Attention != trigger.Sunset || m.SetBy != "toxic support load" {
		t.Errorf("review %v, attention %v, set by %q", m.Review, m.Attention, m.SetBy)
	}
}

// TestAttentionNeverLowersTheTier is the law of the effects: whatever the
// accounts, the change and the position, a change that fires a growth or
// intervention trigger never leaves the account in a lower tier than it
// was (a larger rank).
func TestAttentionNeverLowersTheTier(t *testing.T) {
	p := prioritize.Default()
	fired := 0
	rapid.Check(t, func(t *rapid.T) {
		prev := prioritizetest.Account().Draw(t, "prev")
		cur := *prev
		cur.UsagePct = rapid.Float64Range(0, 120).Draw(t, "usage")
		cur.UsageGrowth = rapid.Float64Range(-60, 120).Draw(t, "growth")
		cur.Escalations = prev.Escalations + rapid.IntRange(0, 3).Draw(t, "escalations")
		cur.NPS = rapid.Float64Range(0, 10).Draw(t, "nps")
		cur.Champion = rapid.Bool().Draw(t, "champion")
		cur.ChampionStrength = rapid.Float64Range(0, 100).Draw(t, "strength")
		cur.FeatureAdoption = rapid.Float64Range(0, 100).Draw(t, "adoption")
		pos := tier.Position{Rank: rapid.IntRange(1, 4).Draw(t, "rank"), Since: asOf}
		m := p.Reassess(prev, &cur, prioritize.State{Position: pos}, asOf.Add(time.Hour))
		if !m.After.Rated || (m.Attention != trigger.Growth && m.Attention != trigger.Intervention) {
			return
		}
		fired++
		if m.To > m.From {
			t.Fatalf("%v fired (%+v) and the account fell from tier %d to %d", m.Attention, m.Fired, m.From, m.To)
		}
	})
	if fired == 0 {
		t.Error("no case fired a growth or intervention trigger")
	}
}

// TestReassessIsPure: the same change from the same state gives the same
// movement however often it is replayed, two policies built from one
// config share nothing, and the state to keep comes back in the movement.
func TestReassessIsPure(t *testing.T) {
	cfg := prioritize.DefaultConfig()
	p1, _ := prioritize.New(cfg)
	p2, _ := prioritize.New(cfg)
	prev, cur := beta(), beta()
	prev.UsagePct, cur.UsagePct = 62, 41 // the usage decline
	st := prioritize.State{Position: tier.Position{Rank: 2, Since: asOf}}
	now := asOf.Add(time.Hour)
	first := p1.Reassess(prev, cur, st, now)
	for i, m := range []prioritize.Movement{p1.Reassess(prev, cur, st, now), p2.Reassess(prev, cur, st, now)} {
		if diff := cmp.Diff(first, m); diff != "" {
			t.Errorf("replay %d differs (-first +replay):\n%s", i, diff)
		}
	}
	if len(first.Fired) != 1 || !first.Next().History["usage decline"].Equal(now) {
		t.Fatalf("fired %v, history %v", first.Fired, first.History)
	}
	// With the state kept, the same change an hour later is inside the week of cooldown.
	if m := p1.Reassess(prev, cur, first.Next(), now.Add(time.Hour)); len(m.Fired) != 0 {
		t.Errorf("fired inside the cooldown: %v", m.Fired)
	}
}

// TestReassessFastPath: a change that fires nothing and moves no tier
// builds no explanation; FactorMoves gives the factors when asked.
func TestReassessFastPath(t *testing.T) {
	p := prioritize.Default()
	prev, cur := gamma(), gamma()
	cur.FeatureAdoption = 55 // engagement 70 -> 74 (70 + 5 x 20/25): value 75.8, priority 57.9, still tier 3
	m := p.Reassess(prev, cur, prioritize.State{Position: tier.Position{Rank: 3, Since: asOf}}, asOf)
	if m.Moved() || len(m.Fired) != 0 || m.After.Explanation != nil || m.Factors != nil {
		t.Errorf("movement %+v", m)
	}
	moves := p.FactorMoves(prev, cur)
	if len(moves) != 1 || moves[0].Factor != "value/engagement" || math.Abs(moves[0].Impact-0.4) > tol { // 0.5 x 0.2 x 4
		t.Errorf("factor moves %+v", moves)
	}
}

// TestReassessClaim: replicas handling the same change through one store
// fire its trigger once, and each computes the same next state: the one
// whose claim was taken keeps the hold (issue 24: its Movement had no
// fired trigger, hence no floor, and when its write won, the stored
// position lost the intervention floor); the state's overrides are applied
// and carried to Next (ReassessClaim took a tier.Position and dropped
// them).
func TestReassessClaim(t *testing.T) {
	p := prioritize.Default()
	var store trigger.MemoryStore
	prev, cur := beta(), beta()
	prev.UsagePct, cur.UsagePct = 62, 41
	o := prioritize.Override{Account: cur.ID, Tier: 1, Reason: "exec escalation", Author: "vp", Set: asOf.Add(-time.Hour), Until: asOf.Add(month)}
	st := prioritize.State{Position: tier.Position{Rank: 3, Since: asOf.Add(-month)}, Overrides: []prioritize.Override{o}}
	want := p.Reassess(prev, cur, st, asOf) // one handler, with the history in the state
	if len(want.Fired) != 1 || want.Fired[0].Rule != "usage decline" || len(want.Position.Floors) != 1 {
		t.Fatalf("the sequential movement fired %v at %+v", want.Fired, want.Position)
	}
	fired, taken := 0, 0
	for replica := range 3 {
		m := p.ReassessClaim(context.Background(), &store, prev, cur, st, asOf)
		if m.Err != nil {
			t.Fatal(m.Err)
		}
		fired, taken = fired+len(m.Fired), taken+len(m.Taken)
		if diff := cmp.Diff(want.Position, m.Position); diff != "" {
			t.Errorf("replica %d: position (-want +got):\n%s", replica, diff)
		}
		if m.To != want.To || m.SetBy != want.SetBy || m.Attention != want.Attention {
			t.Errorf("replica %d: to %d set by %q (%v), want %d by %q (%v)", replica, m.To, m.SetBy, m.Attention, want.To, want.SetBy, want.Attention)
		}
		if diff := cmp.Diff(st.Overrides, m.Next().Overrides); diff != "" {
			t.Errorf("replica %d: Next lost the overrides (-want +got):\n%s", replica, diff)
		}
		if m.After.Override == nil || m.After.Override.EffectiveTier.Rank != 1 || len(m.Revisit) != 1 {
			t.Errorf("replica %d: the override is not applied: %+v, revisit %v", replica, m.After.Override, m.Revisit)
		}
	}
	if fired != 1 || taken != 2 {
		t.Errorf("the trigger fired %d times and was taken %d times, want 1 and 2", fired, taken)
	}
	// A later change inside the cooldown: refused, neither fired nor taken.
	later := p.ReassessClaim(context.Background(), &store, cur, cur, want.Next(), asOf.Add(time.Hour))
	if len(later.Fired)+len(later.Taken) != 0 || later.To != want.To {
		t.Errorf("an hour later: fired %v, taken %v, tier %d", later.Fired, later.Taken, later.To)
	}
}

// TestIdentityStamped: a Go-built policy's identity, as the host sets it,
// is on every assessment and movement.
func TestIdentityStamped(t *testing.T) {
	cfg := prioritize.DefaultConfig()
	cfg.Identity = "default@2026-11"
	p, err := prioritize.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if as := p.Assess(acme()); as.Policy != "default@2026-11" || p.Identity() != "default@2026-11" {
		t.Errorf("assessment stamped %q", as.Policy)
	}
	if m := p.Reassess(beta(), beta(), prioritize.State{}, asOf); m.Policy != "default@2026-11" || m.Before.Policy != "default@2026-11" {
		t.Errorf("movement stamped %q", m.Policy)
	}
}
