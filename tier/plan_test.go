package tier_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize/tier"
	"pgregory.net/rapid"
)

func TestPlan(t *testing.T) {
	l := tier.Default()
	p := l.Plan(map[int]int{1: 31, 2: 30, 3: 0, 4: 401, 0: 5, 9: 2, -1: -4})
	// ceil(31/15) = 3, ceil(30/30) = 1, 0, ceil(401/200) = 3
	want := []tier.Row{
		{Rank: 1, Name: "Strategic", Accounts: 31, AccountsPerCSM: 15, CSMs: 3},
		{Rank: 2, Name: "Growth", Accounts: 30, AccountsPerCSM: 30, CSMs: 1},
		{Rank: 3, Name: "Standard", Accounts: 0, AccountsPerCSM: 50, CSMs: 0},
		{Rank: 4, Name: "Scale", Accounts: 401, AccountsPerCSM: 200, CSMs: 3},
	}
	if diff := cmp.Diff(want, p.Rows); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if p.CSMs != 7 || p.Accounts != 462 || p.Unrated != 7 {
		t.Errorf("totals: %d CSMs, %d accounts, %d unrated; want 7, 462, 7", p.CSMs, p.Accounts, p.Unrated)
	}
}

func TestPlanARR(t *testing.T) {
	l := tier.Default()
	p := l.PlanARR([]tier.Assignment{
		{Rank: 1, ARR: 120000}, {Rank: 1, ARR: 60000}, {Rank: 2, ARR: 30000},
		{Rank: 4, ARR: math.NaN()}, {Rank: 4, ARR: -5}, {Rank: 0, ARR: 1000},
	})
	// tier 1: 2 accounts, 1 CSM, 180,000 ARR per CSM; tier 4: ARR counts 0.
	if r := p.Rows[0]; r.CSMs != 1 || r.ARR != 180000 || r.ARRPerCSM != 180000 {
		t.Errorf("tier 1 row: %+v", r)
	}
	if r := p.Rows[3]; r.Accounts != 2 || r.ARR != 0 || r.CSMs != 1 {
		t.Errorf("tier 4 row: %+v", r)
	}
	if p.ARR != 210000 || p.Unrated != 1 || !p.HasARR {
		t.Errorf("totals: %+v", p)
	}
	text := p.String()
	for _, want := range []string{"ARR per CSM", "1 Strategic", "180,000", "unrated"} {
		if !strings.Contains(text, want) {
			t.Errorf("the table lacks %q:\n%s", want, text)
		}
	}
}

func TestCapacityProperty(t *testing.T) {
	l := tier.Default()
	rapid.Check(t, func(t *rapid.T) {
		counts := map[int]int{}
		for r := 1; r <= 4; r++ {
			counts[r] = rapid.IntRange(0, 100000).Draw(t, "count")
		}
		p := l.Plan(counts)
		for _, r := range p.Rows {
			exact := float64(r.Accounts) / float64(r.AccountsPerCSM)
			if c := float64(r.CSMs); c < exact || c >= exact+1 {
				t.Fatalf("tier %d: %d CSMs for %d accounts at %d each", r.Rank, r.CSMs, r.Accounts, r.AccountsPerCSM)
			}
		}
	})
}

func TestCadenceNext(t *testing.T) {
	last := time.Date(2026, 1, 31, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		c    tier.Cadence
		want time.Time
	}{
		{tier.Weekly, time.Date(2026, 2, 7, 9, 0, 0, 0, time.UTC)},
		{tier.Biweekly, time.Date(2026, 2, 14, 9, 0, 0, 0, time.UTC)},
		{tier.Monthly, time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)},   // Feb 31 normalizes to Mar 3
		{tier.Quarterly, time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)}, // Apr 31 is May 1
		{tier.Once, last},
		{tier.Cadence(42), last},
	}
	for _, tc := range tests {
		if got := tc.c.Next(last); !got.Equal(tc.want) {
			t.Errorf("%v.Next = %v, want %v", tc.c, got, tc.want)
		}
	}
}

func TestStepDue(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	qbr := tier.Step{Action: "QBR", Day: 90, Every: tier.Quarterly}
	once := tier.Step{Action: "kick-off", Day: 7}
	week := func(d int) (time.Time, time.Time) { return start.AddDate(0, 0, d), start.AddDate(0, 0, d+7) }
	tests := []struct {
		name string
		s    tier.Step
		from int // day the week-long window starts
		want bool
	}{
		{"qbr not yet", qbr, 0, false},
		{"qbr first, day 90 = Apr 1", qbr, 88, true},
		{"qbr between", qbr, 120, false},
		{"qbr second, Jul 1 = day 181", qbr, 178, true},
		{"once on day 7", once, 7, true},
		{"once, window ends on day 7 (excluded)", once, 0, false},
		{"once, never again", once, 100, false},
	}
	for _, tc := range tests {
		from, to := week(tc.from)
		if got := tc.s.Due(start, from, to); got != tc.want {
			t.Errorf("%s: Due = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestOverdue(t *testing.T) {
	l := tier.Default()
	now := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	reviews := []tier.Review{
		{ID: "weekly, 8 days ago", Rank: 1, Last: now.AddDate(0, 0, -8)},           // due 1 day ago
		{ID: "weekly, 6 days ago", Rank: 1, Last: now.AddDate(0, 0, -6)},           // due tomorrow
		{ID: "quarterly, 4 months ago", Rank: 4, Last: now.AddDate(0, -4, 0)},      // due a month ago
		{ID: "monthly, exactly a month ago", Rank: 3, Last: now.AddDate(0, -1, 0)}, // due now
		{ID: "unknown rank", Rank: 7, Last: now.AddDate(-1, 0, 0)},
	}
	var got []string
	for _, r := range l.Overdue(reviews, now) {
		got = append(got, r.ID)
	}
	want := []string{"quarterly, 4 months ago", "weekly, 8 days ago", "monthly, exactly a month ago"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("overdue (-want +got):\n%s", diff)
	}
}

func TestTextMarshaling(t *testing.T) {
	type doc struct {
		Touch  tier.Touch   `json:"touch"`
		Review tier.Cadence `json:"review"`
	}
	for _, tc := range []struct {
		in   doc
		json string
	}{
		{doc{tier.HighTouch, tier.Weekly}, `{"touch":"high","review":"weekly"}`},
		{doc{tier.TechTouch, tier.Biweekly}, `{"touch":"tech","review":"every two weeks"}`},
		{doc{0, tier.Once}, `{"touch":"","review":"once"}`},
	} {
		data, err := json.Marshal(tc.in)
		if err != nil || string(data) != tc.json {
			t.Errorf("Marshal(%v) = %s, %v; want %s", tc.in, data, err, tc.json)
		}
		var back doc
		if err := json.Unmarshal(data, &back); err != nil || back != tc.in {
			t.Errorf("round trip of %s: %v, %v", data, back, err)
		}
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"review":"biweekly"}`), &d); err != nil || d.Review != tier.Biweekly {
		t.Errorf("biweekly: %v, %v", d, err)
	}
	for _, bad := range []string{`{"touch":"loud"}`, `{"review":"daily"}`} {
		if err := json.Unmarshal([]byte(bad), &d); err == nil {
			t.Errorf("%s decoded", bad)
		}
	}
	if _, err := json.Marshal(doc{Touch: 9}); err == nil {
		t.Error("an unknown touch model marshalled")
	}
}

// TestPlanSaturates: sums that would overflow saturate and flag the plan,
// never +Inf (which JSON cannot carry) or a negative count.
func TestPlanSaturates(t *testing.T) {
	l, err := tier.NewLadder(
		tier.Tier{Rank: 1, Name: "one", Min: 50, Max: 100, AccountsPerCSM: math.MaxInt},
		tier.Tier{Rank: 2, Name: "two", Min: 0, Max: 50, AccountsPerCSM: 10},
	)
	if err != nil {
		t.Fatal(err)
	}
	p := l.PlanARR([]tier.Assignment{{Rank: 1, ARR: 1e308}, {Rank: 1, ARR: 1e308}, {Rank: 2, ARR: 5}})
	if p.Rows[0].CSMs != 1 || p.Rows[0].ARR != math.MaxFloat64 || p.ARR != math.MaxFloat64 || !p.Saturated {
		t.Errorf("row 1 %+v, ARR %v, saturated %v; want 1 CSM, ARR capped at MaxFloat64, flagged", p.Rows[0], p.ARR, p.Saturated)
	}
	if _, err := json.Marshal(p); err != nil {
		t.Errorf("the plan does not marshal: %v", err)
	}
	q := l.Plan(map[int]int{1: math.MaxInt, 2: 10})
	if q.Rows[0].CSMs != 1 || q.Accounts != math.MaxInt || !q.Saturated || q.Rows[1].CSMs != 1 {
		t.Errorf("plan %+v; want 1 CSM for MaxInt accounts at MaxInt per CSM, the total capped and flagged", q)
	}
	if r := l.Plan(map[int]int{2: 11}); r.Saturated || r.Rows[1].CSMs != 2 {
		t.Errorf("11 accounts at 10 per CSM: %+v, want 2 CSMs, not saturated", r)
	}
}
