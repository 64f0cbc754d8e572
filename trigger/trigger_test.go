package trigger_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize/rules"
	"github.com/prioritize-dev/prioritize/trigger"
	"github.com/prioritize-dev/prioritize/trigger/triggertest"
	"pgregory.net/rapid"
)

// state is one account's state, as a CS platform would hand it in.
type state struct {
	ARR                float64 `expr:"arr"`
	Usage              float64 `expr:"usage"` // % of the plan used
	Sponsor            bool    `expr:"sponsor"`
	Funding            string  `expr:"funding"` // last announced round
	NPS                float64 `expr:"nps"`
	Escalations        int     `expr:"escalations"`
	PaymentFailures    int     `expr:"payment_failures"`
	Champion           bool    `expr:"champion"`
	CompetitorMentions int     `expr:"competitor_mentions"`
}

var base = state{ARR: 60000, Usage: 62, Sponsor: false, Funding: "seed", NPS: 7, Champion: true}

// framework are the ten triggers of the framework: five that raise priority
// for growth, five for intervention.
var framework = []trigger.Rule{
	{Name: "contract expansion", When: "rose(prev.arr, cur.arr, 10)", Effect: trigger.Growth, Severity: 3, Action: "expansion-review"},
	{Name: "usage spike", When: "rose(prev.usage, cur.usage, 30)", Effect: trigger.Growth, Severity: 2, Action: "upsell-conversation"},
	{Name: "new executive sponsor", When: "turned_on(prev.sponsor, cur.sponsor)", Effect: trigger.Growth, Severity: 2, Action: "exec-alignment"},
	{Name: "funding", When: "cur.funding != prev.funding && cur.funding != ''", Effect: trigger.Growth, Severity: 3, Action: "expansion-review"},
	{Name: "nps increase", When: "cur.nps - prev.nps >= 2", Effect: trigger.Growth, Severity: 1, Action: "ask-for-reference"},
	{Name: "usage decline", When: "declined(prev.usage, cur.usage, 20)", Effect: trigger.Intervention, Severity: 4, Action: "health-call"},
	{Name: "support escalations", When: "cur.escalations - prev.escalations >= 2", Effect: trigger.Intervention, Severity: 3, Action: "escalation-review"},
	{Name: "payment failure", When: "increased(prev.payment_failures, cur.payment_failures)", Effect: trigger.Intervention, Severity: 5, Action: "billing-outreach"},
	{Name: "champion departure", When: "turned_off(prev.champion, cur.champion)", Effect: trigger.Intervention, Severity: 5, Action: "find-new-champion"},
	{Name: "competitor mentions", When: "increased(prev.competitor_mentions, cur.competitor_mentions)", Effect: trigger.Intervention, Severity: 3, Action: "competitive-play"},
}

var t0 = time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)

func mustSet(t interface{ Fatal(...any) }, rs ...trigger.Rule) *trigger.Set[state] {
	s, err := trigger.Compile[state](trigger.Options{}, rs...)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func names(fs []trigger.Fired) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func TestFrameworkTriggers(t *testing.T) {
	tests := []struct {
		rule   string
		change func(*state)
		reason string
	}{
		{"contract expansion", func(s *state) { s.ARR = 72000 }, "arr 60000 -> 72000 (up 20.0%)"},
		{"usage spike", func(s *state) { s.Usage = 90 }, "usage 62 -> 90 (up 45.2%)"},
		{"new executive sponsor", func(s *state) { s.Sponsor = true }, "sponsor false -> true"},
		{"funding", func(s *state) { s.Funding = "series B" }, "funding seed -> series B"},
		{"nps increase", func(s *state) { s.NPS = 9 }, "nps 7 -> 9 (up 28.6%)"},
		{"usage decline", func(s *state) { s.Usage = 41 }, "usage 62 -> 41 (down 33.9%)"},
		{"support escalations", func(s *state) { s.Escalations = 3 }, "escalations 0 -> 3"},
		{"payment failure", func(s *state) { s.PaymentFailures = 1 }, "payment_failures 0 -> 1"},
		{"champion departure", func(s *state) { s.Champion = false }, "champion true -> false"},
		{"competitor mentions", func(s *state) { s.CompetitorMentions = 2 }, "competitor_mentions 0 -> 2"},
	}
	for _, tc := range tests {
		t.Run(tc.rule, func(t *testing.T) {
			set := mustSet(t, framework...)
			cur := base
			tc.change(&cur)
			fired, _, err := set.Check(base, cur, t0, nil)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]string{tc.rule}, names(fired)); diff != "" {
				t.Fatalf("fired (-want +got):\n%s", diff)
			}
			if fired[0].Reason != tc.reason {
				t.Errorf("reason %q, want %q", fired[0].Reason, tc.reason)
			}
			// The unchanged account fires nothing.
			if fired, _, err := set.Check(cur, cur, t0.Add(time.Hour), nil); len(fired) != 0 || err != nil {
				t.Errorf("unchanged account: %v, %v", names(fired), err)
			}
		})
	}
}

func TestOrder(t *testing.T) {
	set := mustSet(t, framework...)
	cur := base
	cur.Champion = false       // severity 5
	cur.PaymentFailures = 2    // severity 5
	cur.Usage = 40             // severity 4
	cur.Escalations = 2        // severity 3
	cur.CompetitorMentions = 1 // severity 3
	cur.NPS = 9                // severity 1
	fired, _, err := set.Check(base, cur, t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"champion departure", "payment failure", "usage decline", "competitor mentions", "support escalations", "nps increase"}
	if diff := cmp.Diff(want, names(fired)); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	if f := fired[0]; f.Effect != trigger.Intervention || f.Action != "find-new-champion" || !f.At.Equal(t0) || f.Severity != 5 {
		t.Errorf("first fired: %+v", f)
	}
}

func TestEdgeAndLevel(t *testing.T) {
	rs := []trigger.Rule{
		{Name: "low usage, edge", When: "cur.usage < 50", Effect: trigger.Intervention},
		{Name: "low usage, level", When: "cur.usage < 50", Effect: trigger.Intervention, Mode: trigger.Level},
	}
	set := mustSet(t, rs...)
	low := base
	low.Usage = 40
	lower := base
	lower.Usage = 30
	steps := []struct {
		prev, cur state
		want      []string
	}{
		{base, low, []string{"low usage, edge", "low usage, level"}}, // becomes true
		{low, lower, []string{"low usage, level"}},                   // already held for prev: edge stays quiet
		{lower, lower, []string{"low usage, level"}},
		{lower, base, nil},
		{base, low, []string{"low usage, edge", "low usage, level"}}, // true again
	}
	for i, s := range steps {
		fired, _, err := set.Check(s.prev, s.cur, t0.Add(time.Duration(i)*time.Hour), nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(s.want, names(fired)); diff != "" {
			t.Errorf("step %d (-want +got):\n%s", i, diff)
		}
	}
}

func TestCooldown(t *testing.T) {
	rule := trigger.Rule{Name: "decline", When: "cur.usage < 50", Effect: trigger.Intervention, Mode: trigger.Level, Cooldown: 24 * time.Hour}
	var store trigger.MemoryStore // the zero value is ready
	set, err := trigger.Compile[state](trigger.Options{}, rule)
	if err != nil {
		t.Fatal(err)
	}
	low := base
	low.Usage = 10
	for _, tc := range []struct {
		at          time.Duration
		id          string
		fired, took int
	}{
		{0, "acme", 1, 0},
		{0, "acme", 0, 1},              // the same instant: the same change, taken by the first
		{0, "beta", 1, 0},              // another account
		{23 * time.Hour, "acme", 0, 0}, // inside the cooldown
		{24 * time.Hour, "acme", 1, 0}, // the cooldown has passed
		{-time.Hour, "acme", 0, 0},     // the clock stepped back
	} {
		fired, taken, err := set.Claim(context.Background(), &store, tc.id, low, low, t0.Add(tc.at))
		if err != nil {
			t.Fatal(err)
		}
		if len(fired) != tc.fired || len(taken) != tc.took {
			t.Errorf("%s at +%v: fired %d and took %d, want %d and %d", tc.id, tc.at, len(fired), len(taken), tc.fired, tc.took)
		}
	}
	if last, ok := store.Last("acme", "decline"); !ok || !last.Equal(t0.Add(24*time.Hour)) {
		t.Errorf("Last = %v, %v", last, ok)
	}
}

type failingStore struct{}

func (failingStore) Claim(context.Context, string, string, time.Time, time.Duration) (trigger.Verdict, error) {
	return trigger.Refused, errors.New("database down")
}

func TestErrorsDoNotStopOthers(t *testing.T) {
	// A map account: a missing key reads nil, and nil * 2 fails at run time.
	type m = map[string]any
	set, err := trigger.Compile[m](trigger.Options{Rules: rules.Options{}},
		trigger.Rule{Name: "nil arithmetic", When: "cur.usage * 2 > prev.usage", Effect: trigger.Growth},
		trigger.Rule{Name: "payment failure", When: "cur.payment_failures > prev.payment_failures", Effect: trigger.Intervention, Severity: 5},
	)
	if err != nil {
		t.Fatal(err)
	}
	fired, _, err := set.Check(m{"payment_failures": 0}, m{"payment_failures": 1}, t0, nil)
	if diff := cmp.Diff([]string{"payment failure"}, names(fired)); diff != "" {
		t.Errorf("fired (-want +got):\n%s", diff)
	}
	var re *rules.Error
	if !errors.As(err, &re) || re.Rule != "nil arithmetic" || !errors.Is(err, rules.ErrEval) {
		t.Errorf("err = %v, want the evaluation error of rule \"nil arithmetic\"", err)
	}
	// A store that fails: the error is returned, the trigger does not fire.
	set2, _ := trigger.Compile[state](trigger.Options{}, framework[7])
	cur := base
	cur.PaymentFailures = 1
	fired, taken, err := set2.Claim(context.Background(), failingStore{}, "acme", base, cur, t0)
	if len(fired)+len(taken) != 0 || !errors.Is(err, trigger.ErrStore) || !strings.Contains(err.Error(), "database down") {
		t.Errorf("failing store: %v, %v", names(fired), err)
	}
	var nilSet *trigger.Set[state]
	if _, _, err := nilSet.Check(base, base, t0, nil); !errors.Is(err, trigger.ErrSetNil) {
		t.Errorf("nil set: %v", err)
	}
}

func TestCompileErrors(t *testing.T) {
	_, err := trigger.Compile[state](trigger.Options{},
		trigger.Rule{Name: "syntax", When: "cur.usage <", Effect: trigger.Intervention},
		trigger.Rule{Name: "typo", When: "declined(prev.usage, cur.usge, 20)", Effect: trigger.Intervention},
		trigger.Rule{Name: "not bool", When: "cur.usage", Effect: trigger.Intervention},
		trigger.Rule{Name: "typo", When: "cur.nps > 5", Effect: trigger.Growth},
		trigger.Rule{Name: "effect", When: "cur.nps > 5"},
		trigger.Rule{Name: "cooldown", When: "cur.nps > 5", Effect: trigger.Growth, Cooldown: -time.Second, Mode: 7},
		trigger.Rule{Name: "no cur", When: "prev.nps > 5", Effect: trigger.Growth},
	)
	if err == nil {
		t.Fatal("no error")
	}
	type problem struct {
		Rule      string
		Line, Col int
		Kind      string
	}
	var got []problem
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var re *rules.Error
		switch {
		case errors.As(e, &re):
			got = append(got, problem{re.Rule, re.Line, re.Column, re.Kind.Error()})
		case errors.Is(e, trigger.ErrRule):
			name := strings.Split(e.Error(), `"`)[1]
			got = append(got, problem{name, 0, 0, "trigger"})
		default:
			t.Errorf("unexpected error %v", e)
		}
	}
	want := []problem{
		{"syntax", 1, 11, "invalid rule"},
		{"typo", 1, 26, "unknown name"},
		{"not bool", 1, 5, "wrong result type"},
		{"typo", 0, 0, "trigger"},
		{"effect", 0, 0, "trigger"},
		{"cooldown", 0, 0, "trigger"},
		{"cooldown", 0, 0, "trigger"},
		{"no cur", 0, 0, "trigger"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s\n%v", diff, err)
	}
	if !strings.Contains(err.Error(), `"usge" (did you mean "usage"?)`) {
		t.Errorf("no suggestion in %v", err)
	}
}

func genState() *rapid.Generator[state] {
	return rapid.Custom(func(t *rapid.T) state {
		return state{
			ARR:                rapid.Float64Range(0, 200000).Draw(t, "arr"),
			Usage:              rapid.Float64Range(0, 100).Draw(t, "usage"),
			Sponsor:            rapid.Bool().Draw(t, "sponsor"),
			Funding:            rapid.SampledFrom([]string{"", "seed", "series A"}).Draw(t, "funding"),
			NPS:                float64(rapid.IntRange(-10, 10).Draw(t, "nps")),
			Escalations:        rapid.IntRange(0, 5).Draw(t, "escalations"),
			PaymentFailures:    rapid.IntRange(0, 3).Draw(t, "payment failures"),
			Champion:           rapid.Bool().Draw(t, "champion"),
			CompetitorMentions: rapid.IntRange(0, 3).Draw(t, "competitor mentions"),
		}
	})
}

func TestUnchangedFiresNoEdgeRule(t *testing.T) {
	set := mustSet(t, framework...)
	rapid.Check(t, func(t *rapid.T) {
		a := genState().Draw(t, "a")
		fired, _, err := set.Check(a, a, t0, nil)
		if err != nil || len(fired) != 0 {
			t.Fatalf("(a, a) fired %v, %v", names(fired), err)
		}
	})
}

func TestOrderOfRulesDoesNotMatter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		prev, cur := genState().Draw(t, "prev"), genState().Draw(t, "cur")
		perm := rapid.Permutation(framework).Draw(t, "order")
		a, b := mustSet(t, framework...), mustSet(t, perm...)
		fa, _, _ := a.Check(prev, cur, t0, nil)
		fb, _, _ := b.Check(prev, cur, t0, nil)
		if diff := cmp.Diff(fa, fb); diff != "" {
			t.Fatalf("declared order vs shuffled (-want +got):\n%s", diff)
		}
	})
}

// TestCooldownStateMachine: for any sequence of accounts, changes and clock
// steps (backwards too), no rule fires twice for one account inside its
// cooldown, nor twice at one instant.
func TestCooldownStateMachine(t *testing.T) {
	rs := make([]trigger.Rule, len(framework))
	for i, r := range framework {
		r.Cooldown = time.Duration(i) * time.Hour // 0 to 9 hours
		r.Mode = trigger.Mode(i % 2)
		rs[i] = r
	}
	cooldown := map[string]time.Duration{}
	for _, r := range rs {
		cooldown[r.Name] = r.Cooldown
	}
	rapid.Check(t, func(t *rapid.T) {
		set := mustSet(t, rs...)
		states := map[string]state{"a": base, "b": base}
		histories := map[string]trigger.History{}
		last := map[string]time.Time{}
		now := t0
		t.Repeat(map[string]func(*rapid.T){
			"step clock": func(t *rapid.T) {
				now = now.Add(time.Duration(rapid.IntRange(-3, 12).Draw(t, "hours")) * time.Hour)
			},
			"change": func(t *rapid.T) {
				id := rapid.SampledFrom([]string{"a", "b"}).Draw(t, "id")
				cur := genState().Draw(t, "cur")
				fired, h, err := set.Check(states[id], cur, now, histories[id])
				if err != nil {
					t.Fatal(err)
				}
				histories[id] = h
				for _, f := range fired {
					k := id + "/" + f.Rule
					if l, ok := last[k]; ok && (!now.After(l) || now.Sub(l) < cooldown[f.Rule]) {
						t.Fatalf("%s fired at %v, last at %v, cooldown %v", k, now, l, cooldown[f.Rule])
					}
					last[k] = now
				}
				states[id] = cur
			},
		})
	})
}

func ExampleSet_Check() {
	type Account struct {
		Usage    float64 `expr:"usage"`
		Champion bool    `expr:"champion"`
	}
	set, err := trigger.Compile[Account](trigger.Options{},
		trigger.Rule{Name: "usage decline", When: "declined(prev.usage, cur.usage, 20)",
			Effect: trigger.Intervention, Severity: 4, Action: "health-call", Cooldown: 7 * 24 * time.Hour},
		trigger.Rule{Name: "champion departure", When: "turned_off(prev.champion, cur.champion)",
			Effect: trigger.Intervention, Severity: 5, Action: "find-new-champion"},
	)
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	prev := Account{Usage: 62, Champion: true}
	cur := Account{Usage: 41, Champion: false}
	// The account's history of firings is the caller's to keep, with the
	// account; the set keeps nothing.
	fired, history, _ := set.Check(prev, cur, now, nil)
	for _, f := range fired {
		fmt.Printf("%s (%v, severity %d): %s -> %s\n", f.Rule, f.Effect, f.Severity, f.Reason, f.Action)
	}
	// A day later the decline is still news, but inside the cooldown.
	fired, _, _ = set.Check(Account{Usage: 41}, Account{Usage: 30}, now.Add(24*time.Hour), history)
	fmt.Println(len(fired), "fired")
	// Output:
	// champion departure (intervention, severity 5): champion true -> false -> find-new-champion
	// usage decline (intervention, severity 4): usage 62 -> 41 (down 33.9%) -> health-call
	// 0 fired
}

func ExampleCompile_error() {
	_, err := trigger.Compile[state](trigger.Options{},
		trigger.Rule{Name: "decline", When: "declined(prev.usage, cur.usag, 20)", Effect: trigger.Intervention})
	fmt.Println(err)
	// Output:
	// rules: rule "decline": line 1, column 26: unknown name: "usag" (did you mean "usage"?)
	//  | declined(prev.usage, cur.usag, 20)
	//  |                          ^
}

func TestRuleJSON(t *testing.T) {
	r := trigger.Rule{Name: "decline", When: "declined(prev.usage, cur.usage, 20)", Effect: trigger.Intervention, Mode: trigger.Level}
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"effect":"intervention"`) || !strings.Contains(string(data), `"mode":"level"`) {
		t.Errorf("JSON %s", data)
	}
	var back trigger.Rule
	if err := json.Unmarshal(data, &back); err != nil || back != r {
		t.Errorf("round trip: %+v, %v", back, err)
	}
	for _, bad := range []string{`{"effect":"panic"}`, `{"mode":"sometimes"}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
	if _, err := json.Marshal(trigger.Rule{Effect: 7}); err == nil {
		t.Error("Effect(7) marshalled")
	}
}

func TestEdgeRuleMustReadCur(t *testing.T) {
	_, err := trigger.Compile[state](trigger.Options{},
		trigger.Rule{Name: "stale", When: "prev.nps > 5", Effect: trigger.Growth})
	if !errors.Is(err, trigger.ErrRule) || !strings.Contains(err.Error(), "an edge rule must read cur") {
		t.Errorf("err = %v", err)
	}
	if _, err := trigger.Compile[state](trigger.Options{},
		trigger.Rule{Name: "stale", When: "prev.nps > 5", Effect: trigger.Growth, Mode: trigger.Level}); err != nil {
		t.Errorf("a level rule: %v", err)
	}
}

// TestCheckNeedsAnID: under an empty ID every account would share its
// cooldowns, and the second account's decline would fire nothing.
func TestCheckNeedsAnID(t *testing.T) {
	set := mustSet(t, framework...)
	prev, cur := base, base
	cur.Usage = 41 // down from 62
	fired, _, err := set.Claim(context.Background(), &trigger.MemoryStore{}, "", prev, cur, t0)
	if !errors.Is(err, trigger.ErrNoID) || len(fired) != 0 {
		t.Errorf("fired %v, err %v; want ErrNoID", fired, err)
	}
}

// person is an account with the shapes a platform's reasons stumbled on:
// a pointer, a nested struct with personal data, a fractional number.
type person struct {
	NPS      *float64 `expr:"nps"`
	Usage    float64  `expr:"usage"`
	Score    float64  `expr:"score"`
	Champion struct {
		Name   string `expr:"name"`
		Email  string `expr:"email"`
		Active bool   `expr:"active"`
	} `expr:"champion"`
}

// TestReasonsForPeople: pointers dereferenced (nil reads missing), a nested
// struct reduced to the leaf that changed, no whole struct, missing values
// read missing, numbers rounded; Changes keeps full precision for JSON.
func TestReasonsForPeople(t *testing.T) {
	eight := 8.0
	var prev, cur person
	prev.Champion.Name, prev.Champion.Email, prev.Champion.Active = "Ada", "ada@example.com", true
	cur.Champion = prev.Champion
	tests := []struct {
		name, when string
		change     func(p, c *person)
		reason     string
		changes    []trigger.Change
	}{
		{"nil pointer", "cur.nps != nil && prev.nps == nil", func(p, c *person) { c.NPS = &eight },
			"nps missing -> 8", []trigger.Change{{Field: "nps", Before: nil, After: 8.0}}},
		{"nested leaf", "turned_off(prev.champion.active, cur.champion.active)", func(p, c *person) { c.Champion.Active = false },
			"champion.active true -> false", []trigger.Change{{Field: "champion.active", Before: true, After: false}}},
		{"whole struct compared", "cur.champion != prev.champion", func(p, c *person) { c.Champion.Active = false },
			"champion.active true -> false", []trigger.Change{{Field: "champion.active", Before: true, After: false}}},
		{"missing before", "cur.usage > 40", func(p, c *person) { p.Usage, c.Usage = math.NaN(), 41 },
			"usage missing -> 41", []trigger.Change{{Field: "usage", Before: nil, After: 41.0}}},
		{"rounded", "cur.score > prev.score", func(p, c *person) { p.Score, c.Score = 70, 72.19999999999999 },
			"score 70 -> 72.2 (up 3.1%)", []trigger.Change{{Field: "score", Before: 70.0, After: 72.19999999999999}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			set, err := trigger.Compile[person](trigger.Options{}, trigger.Rule{Name: "r", When: tc.when, Effect: trigger.Growth})
			if err != nil {
				t.Fatal(err)
			}
			p, c := prev, cur
			tc.change(&p, &c)
			fired, _, err := set.Check(p, c, t0, nil)
			if err != nil || len(fired) != 1 {
				t.Fatalf("fired %v, %v", fired, err)
			}
			if fired[0].Reason != tc.reason {
				t.Errorf("reason %q, want %q", fired[0].Reason, tc.reason)
			}
			if diff := cmp.Diff(tc.changes, fired[0].Changes); diff != "" {
				t.Errorf("changes (-want +got):\n%s", diff)
			}
			if strings.Contains(fired[0].Reason, "ada@example.com") {
				t.Errorf("the reason quotes personal data: %q", fired[0].Reason)
			}
			if _, err := json.Marshal(fired[0]); err != nil {
				t.Errorf("the fired trigger does not marshal: %v", err)
			}
		})
	}
}

// TestCheckIsPure: the same change with the same history fires the same
// triggers every time; the history to keep comes back, and the one given is
// not changed.
func TestCheckIsPure(t *testing.T) {
	set := mustSet(t, framework...)
	cur := base
	cur.Usage = 41 // down from 62: the usage decline
	given := trigger.History{"funding": t0.Add(-time.Hour)}
	a, ha, err1 := set.Check(base, cur, t0, given)
	b, hb, err2 := set.Check(base, cur, t0, given)
	if err1 != nil || err2 != nil || len(a) != 1 || cmp.Diff(a, b) != "" || cmp.Diff(ha, hb) != "" {
		t.Fatalf("two checks differ: %v %v / %v %v", a, ha, b, hb)
	}
	if want := (trigger.History{"funding": t0.Add(-time.Hour), "usage decline": t0}); cmp.Diff(want, ha) != "" {
		t.Errorf("history to keep (-want +got):\n%s", cmp.Diff(want, ha))
	}
	if len(given) != 1 {
		t.Errorf("the given history changed: %v", given)
	}
	// Kept and passed back, the history stops a second firing at the same instant.
	if again, _, _ := set.Check(base, cur, t0, ha); len(again) != 0 {
		t.Errorf("fired again at the same instant: %v", again)
	}
}

// TestMemoryStore: the zero value works, claims are atomic across
// goroutines, and claims whose cooldown has passed are evicted.
func TestMemoryStore(t *testing.T) {
	var s trigger.MemoryStore
	ctx := context.Background()
	var wg sync.WaitGroup
	var won atomic.Int32
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v, err := s.Claim(ctx, "acme", "decline", t0, time.Hour); v == trigger.Won && err == nil {
				won.Add(1)
			}
		}()
	}
	wg.Wait()
	if won.Load() != 1 {
		t.Errorf("%d goroutines claimed one firing", won.Load())
	}
	for i := range 5000 {
		_, _ = s.Claim(ctx, fmt.Sprint("a", i), "decline", t0, time.Hour)
	}
	for i := range 20000 { // two hours later the first 5,001 claims are over: swept as the store grows
		_, _ = s.Claim(ctx, fmt.Sprint("b", i), "decline", t0.Add(2*time.Hour), time.Hour)
	}
	if _, ok := s.Last("a1", "decline"); ok || s.Len() > 2*20000 {
		t.Errorf("the store holds %d claims, a1's among them: %v", s.Len(), ok)
	}
}

// TestUnchangedFieldsSkipNothing: over pointer accounts an edge rule none
// of whose fields changed is not evaluated; it fires exactly as over
// struct accounts, where every rule is evaluated.
func TestUnchangedFieldsSkipNothing(t *testing.T) {
	byValue := mustSet(t, framework...)
	byPointer, err := trigger.Compile[*state](trigger.Options{}, framework...)
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		prev := genState().Draw(t, "prev")
		cur := prev
		if rapid.Bool().Draw(t, "change") {
			cur = genState().Draw(t, "cur")
		}
		a, _, errA := byValue.Check(prev, cur, t0, nil)
		b, _, errB := byPointer.Check(&prev, &cur, t0, nil)
		if diff := cmp.Diff(names(a), names(b)); diff != "" || (errA == nil) != (errB == nil) {
			t.Fatalf("by value %v (%v), by pointer %v (%v)", names(a), errA, names(b), errB)
		}
	})
}

// TestMemoryStoreConformance: MemoryStore passes the conformance kit that
// every store passes (store/postgres runs it against a real server).
func TestMemoryStoreConformance(t *testing.T) {
	var shared trigger.MemoryStore
	triggertest.TestStore(t, func(*testing.T) trigger.Store { return &shared })
}
