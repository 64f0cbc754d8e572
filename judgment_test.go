package prioritize_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/prioritizetest"
	"github.com/prioritize-dev/prioritize/tier"
	"pgregory.net/rapid"
)

// escalation holds delta (tier 4 by its score, 32.5) in tier 1 for two
// weeks: an executive escalation.
func escalation() prioritize.Override {
	return prioritize.Override{Account: "delta", Tier: 1, Reason: "executive escalation", Author: "vp-cs",
		Set: asOf, Until: asOf.Add(14 * 24 * time.Hour)}
}

// TestOverride: applied, shown beside the computed tier, lapsing at its
// expiry to the second.
func TestOverride(t *testing.T) {
	p := prioritize.Default()
	as := p.Assess(delta())
	overrides := []prioritize.Override{escalation()}
	j := mustJudge(t, p, as, overrides, asOf.Add(14*24*time.Hour-time.Second))
	if j.Override == nil || j.Override.EffectiveTier.Rank != 1 || j.Tier.Rank != 4 || j.Override.Reason != "executive escalation" || j.Override.Redundant {
		t.Fatalf("a second before the expiry: %+v", j.Override)
	}
	if j.Priority != 32.5 || j.Value != 30 || j.Potential != 35 { // the numbers stay as computed
		t.Errorf("value %v, potential %v, priority %v", j.Value, j.Potential, j.Priority)
	}
	data, err := json.Marshal(j)
	if err != nil || !strings.Contains(string(data), `"reason":"executive escalation"`) || !strings.Contains(string(data), `"effective_tier":{"rank":1`) {
		t.Errorf("the override is not in the assessment's JSON: %s, %v", data, err)
	}
	if j := mustJudge(t, p, as, overrides, asOf.Add(14*24*time.Hour)); j.Override != nil {
		t.Errorf("at the expiry: %+v", j.Override)
	}
	if j := mustJudge(t, p, as, overrides, asOf.Add(-time.Second)); j.Override != nil {
		t.Errorf("before it was set: %+v", j.Override)
	}
	// The computed tier agrees with an override of tier 4: redundant.
	o := escalation()
	o.Tier = 4
	if j := mustJudge(t, p, as, []prioritize.Override{o}, asOf); j.Override == nil || !j.Override.Redundant {
		t.Errorf("redundant override: %+v", j.Override)
	}
	// Of two that hold, the one set last applies.
	later := escalation()
	later.Tier, later.Set = 2, asOf.Add(time.Hour)
	if j := mustJudge(t, p, as, []prioritize.Override{escalation(), later}, asOf.Add(2*time.Hour)); j.Override.EffectiveTier.Rank != 2 {
		t.Errorf("two overrides: effective tier %d, want 2", j.Override.EffectiveTier.Rank)
	}
}

func TestCheckOverride(t *testing.T) {
	p := prioritize.Default()
	bad := prioritize.Override{Account: "", Tier: 9, Grade: grade.Grade{Size: 'Z', Likelihood: 7}, Set: asOf, Until: asOf}
	err := p.CheckOverride(bad)
	if !errors.Is(err, prioritize.ErrOverride) {
		t.Fatalf("err = %v", err)
	}
	for _, want := range []string{"no account", "a reason and an author", "no tier 9", "invalid grade", "expire after"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%v lacks %q", err, want)
		}
	}
	if err := p.CheckOverride(escalation()); err != nil {
		t.Errorf("a good override: %v", err)
	}
	// An invalid override is not applied, and said (issue 23: it was
	// ignored without a word); a valid one of the same account still is.
	invalid := prioritize.Override{Account: "delta", Tier: 9, Reason: "r", Author: "a", Set: asOf, Until: asOf.Add(time.Hour)}
	j, err := p.Judge(p.Assess(delta()), []prioritize.Override{invalid}, asOf)
	if j.Override != nil || !errors.Is(err, prioritize.ErrOverride) || !strings.Contains(err.Error(), "no tier 9") {
		t.Errorf("an invalid override: applied %+v, error %v", j.Override, err)
	}
	j, err = p.Judge(p.Assess(delta()), []prioritize.Override{invalid, escalation()}, asOf)
	if j.Override == nil || j.Override.EffectiveTier.Rank != 1 || !errors.Is(err, prioritize.ErrOverride) {
		t.Errorf("an invalid and a valid override: applied %+v, error %v", j.Override, err)
	}
	// Another account's invalid override is none of this one's business.
	other := invalid
	other.Account = "acme"
	if _, err := p.Judge(p.Assess(delta()), []prioritize.Override{other}, asOf); err != nil {
		t.Errorf("another account's override: %v", err)
	}
}

// TestOverrideLaws: an expired override never changes an assessment, and
// an override never changes value, potential, priority or the computed
// placement: only the effective one.
func TestOverrideLaws(t *testing.T) {
	p := prioritize.Default()
	rapid.Check(t, func(t *rapid.T) {
		a := prioritizetest.Account().Draw(t, "account")
		as := p.Assess(a)
		o := prioritize.Override{Account: a.ID, Tier: rapid.IntRange(1, 4).Draw(t, "tier"), Reason: "r", Author: "a",
			Set: asOf, Until: asOf.Add(time.Duration(rapid.IntRange(1, 1000).Draw(t, "hours")) * time.Hour)}
		now := asOf.Add(time.Duration(rapid.IntRange(0, 2000).Draw(t, "at")) * time.Hour)
		j := mustJudge(t, p, as, []prioritize.Override{o}, now)
		if diff := cmp.Diff(as, j, cmpopts.IgnoreFields(prioritize.Assessment{}, "Override")); diff != "" {
			t.Fatalf("the override changed the computed assessment:\n%s", diff)
		}
		if !o.Holds(now) && j.Override != nil {
			t.Fatalf("an expired override applied at %v: %+v", now, j.Override)
		}
		if o.Holds(now) && (j.Override == nil || j.Override.EffectiveTier.Rank != o.Tier) {
			t.Fatalf("an override that holds was not applied: %+v", j.Override)
		}
	})
}

// TestReassessRevisitsOverrides: a change that fires a trigger under an
// override says to revisit it, and the override travels in the state.
func TestReassessRevisitsOverrides(t *testing.T) {
	p := prioritize.Default()
	prev, cur := delta(), delta()
	prev.UsagePct, cur.UsagePct = 62, 41 // a usage decline fires
	st := prioritize.State{Position: tier.Position{Rank: 4, Since: asOf}, Overrides: []prioritize.Override{escalation()}}
	m := p.Reassess(prev, cur, st, asOf.Add(time.Hour))
	if m.After.Override == nil || m.After.Override.EffectiveTier.Rank != 1 || len(m.Revisit) != 1 || m.Revisit[0].Reason != "executive escalation" {
		t.Errorf("override %+v, revisit %+v", m.After.Override, m.Revisit)
	}
	if next := m.Next(); len(next.Overrides) != 1 {
		t.Errorf("the overrides did not travel: %+v", next)
	}
}

// TestGradeProvenance: a person's grade replaces the computed one with its
// provenance; a borderline cell is resolved by the recorded decision; a
// grade given at close falls due 30 days later, to the second.
func TestGradeProvenance(t *testing.T) {
	p := prioritize.Default()
	as := p.Assess(delta()) // priority 32.5; computed grade C3
	a2 := grade.Grade{Size: grade.A, Likelihood: 2}
	rec := prioritize.GradeRecord{Account: "delta", Grade: a2, By: "ae-jones", At: asOf, How: prioritize.SalesClose}
	g := p.Graded(as, rec)
	// A2 is borderline between tiers 1 and 2; by score 32.5 < 70: tier 2.
	if g.Grade != a2 || g.GradeRank != 2 || g.GradeRecord == nil || g.GradeRecord.By != "ae-jones" || g.Priority != 32.5 {
		t.Errorf("graded %v rank %d by %+v, priority %v", g.Grade, g.GradeRank, g.GradeRecord, g.Priority)
	}
	rec.Tier = 1 // the quick call: tier 1
	if g := p.Graded(as, rec); g.GradeRank != 1 {
		t.Errorf("decided borderline: rank %d, want 1", g.GradeRank)
	}
	due, ok := rec.Due()
	if !ok || !due.Equal(asOf.Add(30*24*time.Hour)) {
		t.Errorf("due %v, %v", due, ok)
	}
	records := []prioritize.GradeRecord{rec, {Account: "acme", Grade: a2, By: "cs", At: asOf, How: prioritize.CSReview}}
	if d := prioritize.GradesDue(records, due.Add(-time.Second)); len(d) != 0 {
		t.Errorf("a second before: %+v", d)
	}
	if d := prioritize.GradesDue(records, due); len(d) != 1 || d[0].Account != "delta" || d[0].Overdue {
		t.Errorf("at the due time: %+v", d)
	}
	if d := prioritize.GradesDue(records, due.Add(time.Second)); len(d) != 1 || !d[0].Overdue {
		t.Errorf("a second after: %+v", d)
	}
	// A trigger that fires makes a person's grade due again.
	prev, cur := delta(), delta()
	prev.UsagePct, cur.UsagePct = 62, 41
	m := p.Reassess(prev, cur, prioritize.State{Grade: &rec}, asOf.Add(time.Hour))
	if !m.RegradeDue || m.After.Grade != a2 || m.Next().Grade == nil {
		t.Errorf("regrade due %v, grade %v", m.RegradeDue, m.After.Grade)
	}
}

// mustJudge is Policy.Judge of overrides that are valid.
func mustJudge(t interface{ Fatalf(string, ...any) }, p *prioritize.Policy[*prioritize.Account], as prioritize.Assessment, overrides []prioritize.Override, now time.Time) prioritize.Assessment {
	j, err := p.Judge(as, overrides, now)
	if err != nil {
		t.Fatalf("Judge: %v", err)
	}
	return j
}

// TestReassessSaysWhatItCannotHonour: a State on a tier the ladder lacks,
// a floor on one, or an invalid override is an error of the Movement,
// each typed (issue 23: rank 9 was accepted without a word, and so was
// an override Judge ignored); the movement stands, placed afresh.
func TestReassessSaysWhatItCannotHonour(t *testing.T) {
	p := prioritize.Default()
	a := delta()
	for _, tc := range []struct {
		name string
		st   prioritize.State
		want error
	}{
		{"a position on tier 9", prioritize.State{Position: tier.Position{Rank: 9, Since: asOf}}, prioritize.ErrState},
		{"a floor on tier 7", prioritize.State{Position: tier.Position{Rank: 4, Since: asOf,
			Floors: []tier.Floor{{Rank: 7, Until: asOf.Add(time.Hour), By: "usage decline"}}}}, prioritize.ErrState},
		{"an invalid override", prioritize.State{Position: tier.Position{Rank: 4, Since: asOf},
			Overrides: []prioritize.Override{{Account: "delta", Tier: 9, Reason: "r", Author: "a", Set: asOf, Until: asOf.Add(time.Hour)}}}, prioritize.ErrOverride},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := p.Reassess(a, a, tc.st, asOf)
			if !errors.Is(m.Err, tc.want) {
				t.Errorf("Err = %v, want %v", m.Err, tc.want)
			}
			if m.To != 4 { // delta, 32.5: tier 4 by the framework
				t.Errorf("placed at tier %d, want 4", m.To)
			}
		})
	}
	if m := p.Reassess(a, a, prioritize.State{Position: tier.Position{Rank: 4, Since: asOf}}, asOf); m.Err != nil {
		t.Errorf("a good state: %v", m.Err)
	}
}
