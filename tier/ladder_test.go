package tier_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize/tier"
	"pgregory.net/rapid"
)

func TestDefaultLadder(t *testing.T) {
	l := tier.Default()
	tests := []struct {
		name  string
		score float64
		want  int
	}{
		// The framework's four example accounts (priority balanced).
		{"Acme, a Star", 83.875, 1},
		{"Beta, a Growth Bet: (45 + 85) / 2", 65, 2},
		{"Gamma, a Cash Cow: (75 + 40) / 2", 57.5, 3},
		{"Delta, Maintenance: (30 + 35) / 2", 32.5, 4},
		// Boundaries: half-open bands, the top closed at 100.
		{"80 is tier 1", 80, 1},
		{"79.999 is tier 2", 79.999, 2},
		{"60 is tier 2", 60, 2},
		{"59.999 is tier 3", 59.999, 3},
		{"40 is tier 3", 40, 3},
		{"39.999 is tier 4", 39.999, 4},
		{"0 is tier 4", 0, 4},
		{"100 is tier 1", 100, 1},
		{"+Inf is tier 1", math.Inf(1), 1},
		{"-Inf is tier 4", math.Inf(-1), 4},
		{"-0 is tier 4", math.Copysign(0, -1), 4},
		{"NaN is unrated", math.NaN(), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := l.Rank(tc.score); got != tc.want {
				t.Errorf("Rank(%v) = %d, want %d", tc.score, got, tc.want)
			}
			got, ok := l.Assign(tc.score)
			if ok != (tc.want != 0) || got.Rank != tc.want {
				t.Errorf("Assign(%v) = rank %d, %v; want %d", tc.score, got.Rank, ok, tc.want)
			}
		})
	}
}

func TestDefaultTable(t *testing.T) {
	// the framework's (docs/framework.md) tier table.
	type row struct {
		Rank     int
		Min, Max float64
		PerCSM   int
		Touch    string
		Review   string
	}
	want := []row{
		{1, 80, 100, 15, "high", "weekly"},
		{2, 60, 80, 30, "medium", "every two weeks"},
		{3, 40, 60, 50, "low", "monthly"},
		{4, 0, 40, 200, "tech", "quarterly"},
	}
	var got []row
	for _, tr := range tier.Default().Tiers() {
		got = append(got, row{tr.Rank, tr.Min, tr.Max, tr.AccountsPerCSM, tr.Touch.String(), tr.Review.String()})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("default tiers (-want +got):\n%s", diff)
	}
	// The framework's playbooks for tiers 1 and 4.
	for rank, actions := range map[int][]string{
		1: {"quarterly business review", "executive sponsor alignment", "custom success plan", "proactive expansion", "priority support"},
		4: {"automated onboarding", "in-app guidance", "email nurture", "community forums", "self-service support"},
	} {
		tr, _ := tier.Default().Tier(rank)
		var all []string
		for _, s := range tr.Playbook {
			all = append(all, s.Action)
		}
		for _, a := range actions {
			if !strings.Contains(strings.Join(all, "|"), a) {
				t.Errorf("tier %d's playbook lacks %q: %v", rank, a, all)
			}
		}
	}
}

func TestLadderCopies(t *testing.T) {
	tiers := tier.DefaultTiers()
	l, err := tier.NewLadder(tiers...)
	if err != nil {
		t.Fatal(err)
	}
	tiers[0].Playbook[0].Action = "changed"
	tiers[0].Min = 99
	got := l.Tiers()
	if got[0].Playbook[0].Action == "changed" || got[0].Min != 80 {
		t.Error("the ladder shares its input")
	}
	got[0].Playbook[0].Action = "changed"
	if l.Tiers()[0].Playbook[0].Action == "changed" {
		t.Error("Tiers shares the ladder's playbooks")
	}
}

func TestLadderErrors(t *testing.T) {
	base := func() []tier.Tier {
		return []tier.Tier{
			{Rank: 1, Name: "high", Min: 60, Max: 100, AccountsPerCSM: 10},
			{Rank: 2, Name: "mid", Min: 30, Max: 60, AccountsPerCSM: 50},
			{Rank: 3, Name: "low", Min: 0, Max: 30, AccountsPerCSM: 200},
		}
	}
	type problem struct {
		Err   error
		Tiers []string
	}
	tests := []struct {
		name string
		edit func([]tier.Tier) []tier.Tier
		want []problem
	}{
		{"no tiers", func([]tier.Tier) []tier.Tier { return nil }, []problem{{tier.ErrEmpty, nil}}},
		{"gap", func(ts []tier.Tier) []tier.Tier { ts[1].Max = 55; return ts }, []problem{{tier.ErrGap, []string{"high", "mid"}}}},
		{"overlap", func(ts []tier.Tier) []tier.Tier { ts[1].Max = 65; return ts }, []problem{{tier.ErrOverlap, []string{"high", "mid"}}}},
		{"top short of 100", func(ts []tier.Tier) []tier.Tier { ts[0].Max = 90; return ts }, []problem{{tier.ErrGap, []string{"high"}}}},
		{"bottom above 0", func(ts []tier.Tier) []tier.Tier { ts[2].Min = 5; return ts }, []problem{{tier.ErrGap, []string{"low"}}}},
		{"NaN bound", func(ts []tier.Tier) []tier.Tier { ts[1].Min = math.NaN(); return ts }, []problem{{tier.ErrBand, []string{"mid"}}}},
		{"inverted band", func(ts []tier.Tier) []tier.Tier { ts[1].Min, ts[1].Max = 60, 30; return ts }, []problem{{tier.ErrBand, []string{"mid"}}}},
		{"band past 100", func(ts []tier.Tier) []tier.Tier { ts[0].Max = 120; return ts }, []problem{{tier.ErrBand, []string{"high"}}}},
		{"unsorted", func(ts []tier.Tier) []tier.Tier {
			ts[0], ts[1] = ts[1], ts[0]
			ts[0].Rank, ts[1].Rank = 1, 2
			return ts
		}, []problem{
			{tier.ErrGap, []string{"mid"}},
			{tier.ErrOrder, []string{"mid", "high"}},
			{tier.ErrGap, []string{"high", "low"}},
		}},
		{"ranks out of order", func(ts []tier.Tier) []tier.Tier { ts[1].Rank = 5; return ts }, []problem{{tier.ErrOrder, []string{"mid", "low"}}}},
		{"duplicate rank", func(ts []tier.Tier) []tier.Tier { ts[2].Rank = 2; return ts }, []problem{{tier.ErrRank, []string{"low"}}}},
		{"rank 0", func(ts []tier.Tier) []tier.Tier { ts[0].Rank = 0; return ts }, []problem{{tier.ErrRank, []string{"high"}}}},
		{"duplicate name", func(ts []tier.Tier) []tier.Tier { ts[2].Name = "mid"; return ts }, []problem{{tier.ErrName, []string{"mid"}}}},
		{"empty name", func(ts []tier.Tier) []tier.Tier { ts[2].Name = ""; return ts }, []problem{{tier.ErrName, nil}}},
		{"zero ratio", func(ts []tier.Tier) []tier.Tier { ts[0].AccountsPerCSM = 0; return ts }, []problem{{tier.ErrRatio, []string{"high"}}}},
		{"negative ratio", func(ts []tier.Tier) []tier.Tier { ts[2].AccountsPerCSM = -3; return ts }, []problem{{tier.ErrRatio, []string{"low"}}}},
		{"all at once", func(ts []tier.Tier) []tier.Tier {
			ts[0].AccountsPerCSM = 0
			ts[1].Max = 55
			ts[2].Name = "mid"
			return ts
		}, []problem{
			{tier.ErrRatio, []string{"high"}},
			{tier.ErrGap, []string{"high", "mid"}},
			{tier.ErrName, []string{"mid"}},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := tier.NewLadder(tc.edit(base())...)
			if err == nil || l != nil {
				t.Fatalf("got %v, %v; want an error", l, err)
			}
			var got []problem
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var te *tier.Error
				if !errors.As(e, &te) {
					t.Fatalf("%v is not a *tier.Error", e)
				}
				var sentinel error
				for _, s := range []error{tier.ErrEmpty, tier.ErrGap, tier.ErrOverlap, tier.ErrBand, tier.ErrOrder, tier.ErrRank, tier.ErrName, tier.ErrRatio} {
					if errors.Is(e, s) {
						sentinel = s
					}
				}
				got = append(got, problem{sentinel, te.Tiers})
			}
			if diff := cmp.Diff(tc.want, got, cmp.Comparer(func(a, b error) bool { return a == b })); diff != "" {
				t.Errorf("problems (-want +got):\n%s\nerror: %v", diff, err)
			}
		})
	}
}

func TestHysteresis(t *testing.T) {
	l := tier.Default()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		name   string
		h      tier.Hysteresis
		scores []float64
		want   []int // rank after each score
	}{
		{"no hysteresis flaps", tier.Hysteresis{}, []float64{79.9, 80.1, 79.9, 80.1}, []int{2, 1, 2, 1}},
		{"margin 0.5 holds", tier.Hysteresis{Margin: 0.5}, []float64{79.9, 80.1, 79.9, 80.1}, []int{2, 2, 2, 2}},
		{"margin 0.5: up at 80.5, down below 79.5", tier.Hysteresis{Margin: 0.5}, []float64{79.9, 80.5, 79.6, 79.5, 79.49}, []int{2, 1, 1, 1, 2}},
		{"big jumps move at once", tier.Hysteresis{Margin: 5}, []float64{10, 95, 10}, []int{4, 1, 4}},
		{"NaN keeps the place", tier.Hysteresis{Margin: 1}, []float64{70, math.NaN(), 90}, []int{2, 2, 1}},
		{"negative margin counts as 0", tier.Hysteresis{Margin: -3}, []float64{79.9, 80.1}, []int{2, 1}},
		// A step a day: the move down waits until 3 days in the tier have passed.
		{"dwell delays moves down", tier.Hysteresis{MinDwell: 3 * day}, []float64{85, 70, 70, 70, 70}, []int{1, 1, 1, 2, 2}},
		{"dwell never delays moves up", tier.Hysteresis{MinDwell: 30 * day}, []float64{50, 85}, []int{3, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var pos tier.Position
			var got []int
			for i, s := range tc.scores {
				pos = l.Move(pos, s, t0.Add(time.Duration(i)*day), tc.h)
				got = append(got, pos.Rank)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ranks (-want +got):\n%s", diff)
			}
		})
	}
}

// anyScore draws any float64, weighted towards the ladder's boundaries and
// the values that break code.
func anyScore() *rapid.Generator[float64] {
	return rapid.OneOf(
		rapid.Float64(),
		rapid.Float64Range(-10, 110),
		rapid.SampledFrom([]float64{0, 40, 60, 80, 100, math.Nextafter(80, 0), math.NaN(), math.Inf(1), math.Inf(-1), math.MaxFloat64, -math.MaxFloat64}),
	)
}

func TestLadderProperties(t *testing.T) {
	l := tier.Default()
	t.Run("higher score never a worse tier", rapid.MakeCheck(func(t *rapid.T) {
		a := anyScore().Filter(func(f float64) bool { return !math.IsNaN(f) }).Draw(t, "a")
		b := anyScore().Filter(func(f float64) bool { return !math.IsNaN(f) }).Draw(t, "b")
		if a > b {
			a, b = b, a
		}
		if ra, rb := l.Rank(a), l.Rank(b); rb > ra {
			t.Fatalf("score %v is tier %d, higher score %v tier %d", a, ra, b, rb)
		}
	}))
	t.Run("every float64 gets exactly one answer", rapid.MakeCheck(func(t *rapid.T) {
		s := anyScore().Draw(t, "s")
		r := l.Rank(s)
		tr, ok := l.Assign(s)
		if math.IsNaN(s) {
			if r != 0 || ok {
				t.Fatalf("NaN: rank %d, ok %v", r, ok)
			}
			return
		}
		if !ok || tr.Rank != r || r < 1 || r > 4 {
			t.Fatalf("Rank(%v) = %d, Assign = %d, %v", s, r, tr.Rank, ok)
		}
		in := 0
		for _, x := range l.Tiers() {
			if x.Contains(math.Max(0, math.Min(s, math.Nextafter(100, 0)))) {
				in++
			}
		}
		if in != 1 {
			t.Fatalf("%v falls in %d bands", s, in)
		}
	}))
	t.Run("hysteresis changes tier at most once near a boundary", rapid.MakeCheck(func(t *rapid.T) {
		m := rapid.Float64Range(0.01, 10).Draw(t, "margin")
		boundary := rapid.SampledFrom([]float64{40, 60, 80}).Draw(t, "boundary")
		n := rapid.IntRange(1, 50).Draw(t, "n")
		start := rapid.Float64Range(-m/2, m/2).Draw(t, "start")
		pos := l.Move(tier.Position{}, boundary+start, time.Time{}, tier.Hysteresis{Margin: m})
		changes := 0
		for i := range n {
			s := boundary + rapid.Float64Range(-m/2, m/2).Draw(t, "offset")
			next := l.Move(pos, s, time.Time{}.Add(time.Duration(i)*time.Hour), tier.Hysteresis{Margin: m})
			if next.Rank != pos.Rank {
				changes++
			}
			pos = next
		}
		if changes > 1 {
			t.Fatalf("tier changed %d times within %v of %v", changes, m/2, boundary)
		}
	}))
}

// TestFloors: two holds of different lengths both count: tier 1 for three
// days, tier 2 for fourteen; an account whose score gives tier 4 is in tier
// 1, then tier 2, then tier 4, and the expired floors are dropped.
func TestFloors(t *testing.T) {
	l := tier.Default()
	t0 := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	pos := tier.Position{Rank: 3, Since: t0}
	pos = pos.WithFloor(tier.Floor{Rank: 2, Until: t0.Add(14 * day), By: "usage decline"}, t0)
	pos = pos.WithFloor(tier.Floor{Rank: 1, Until: t0.Add(3 * day), By: "champion left"}, t0)
	if pos.Rank != 1 || len(pos.Floors) != 2 {
		t.Fatalf("after two holds: %+v", pos)
	}
	for _, tc := range []struct {
		after time.Duration
		rank  int
		by    string
	}{
		{3*day - time.Second, 1, "champion left"},
		{3 * day, 2, "usage decline"},
		{14*day - time.Second, 2, "usage decline"},
		{14 * day, 4, ""},
	} {
		now := t0.Add(tc.after)
		got := l.Move(pos, 10, now, tier.Hysteresis{})
		f, _ := pos.Floor(now)
		if got.Rank != tc.rank || f.By != tc.by {
			t.Errorf("after %v: tier %d held by %q, want %d by %q", tc.after, got.Rank, f.By, tc.rank, tc.by)
		}
		if tc.rank == 4 && got.Floors != nil {
			t.Errorf("expired floors kept: %+v", got.Floors)
		}
	}
}

// TestTierIsACopy: a tier from the ladder shares nothing with it.
func TestTierIsACopy(t *testing.T) {
	l := tier.Default()
	got, ok := l.Tier(1)
	if !ok || len(got.Playbook) == 0 {
		t.Fatalf("tier 1: %+v, %v", got, ok)
	}
	want := got.Playbook[0]
	got.Playbook[0].Action = "changed by the caller"
	if again, _ := l.Tier(1); again.Playbook[0] != want {
		t.Errorf("the ladder's playbook changed through a copy: %+v", again.Playbook[0])
	}
	if !l.Has(4) || l.Has(5) || l.Has(0) || (*tier.Ladder)(nil).Has(1) {
		t.Error("Has: want tiers 1-4 and nothing else, and a nil ladder with none")
	}
}
