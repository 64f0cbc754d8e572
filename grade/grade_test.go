package grade_test

import (
	"encoding/json"
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/tier"
	"pgregory.net/rapid"
)

func TestPlace(t *testing.T) {
	var m grade.Matrix // default cuts 50/50
	nan := math.NaN()
	tests := []struct {
		name             string
		value, potential float64
		want             grade.Quadrant
		ok               bool
	}{
		// The framework's four accounts.
		{"Acme", 80.25, 87.5, grade.Star, true},
		{"Beta", 45, 85, grade.GrowthBet, true},
		{"Gamma", 75, 40, grade.CashCow, true},
		{"Delta", 30, 35, grade.Maintenance, true},
		// At the cut is high.
		{"50/50", 50, 50, grade.Star, true},
		{"49.999/50", 49.999, 50, grade.GrowthBet, true},
		{"50/49.999", 50, 49.999, grade.CashCow, true},
		{"+Inf/-Inf", math.Inf(1), math.Inf(-1), grade.CashCow, true},
		{"NaN value", nan, 80, 0, false},
		{"NaN potential", 80, nan, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := m.Place(tc.value, tc.potential)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Place(%v, %v) = %v, %v; want %v, %v", tc.value, tc.potential, got, ok, tc.want, tc.ok)
			}
		})
	}
	// With the framework's tiers: priority = (value + potential) / 2.
	l := tier.Default()
	for _, c := range []struct {
		v, p float64
		q    grade.Quadrant
		rank int
	}{{80.25, 87.5, grade.Star, 1}, {45, 85, grade.GrowthBet, 2}, {75, 40, grade.CashCow, 3}, {30, 35, grade.Maintenance, 4}} {
		q, _ := m.Place(c.v, c.p)
		if r := l.Rank((c.v + c.p) / 2); q != c.q || r != c.rank {
			t.Errorf("(%v, %v): %v in tier %d, want %v in tier %d", c.v, c.p, q, r, c.q, c.rank)
		}
	}
}

func TestQuadrantNames(t *testing.T) {
	type row struct{ Name, Priority string }
	var got []row
	for q := grade.Star; q <= grade.Maintenance; q++ {
		if q.Strategy() == "" {
			t.Errorf("%v has no strategy", q)
		}
		got = append(got, row{q.String(), q.Priority()})
	}
	want := []row{{"Star", "highest"}, {"Growth Bet", "high"}, {"Cash Cow", "medium"}, {"Maintenance", "low"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("quadrants (-want +got):\n%s", diff)
	}
	if q := grade.Quadrant(9); q.String() != "Quadrant(9)" || q.Priority() != "" || q.Strategy() != "" {
		t.Errorf("an invalid quadrant: %q %q %q", q, q.Priority(), q.Strategy())
	}
}

func TestMatrixCuts(t *testing.T) {
	m := grade.Matrix{ValueCut: 60, PotentialCut: 70}
	if q, _ := m.Place(59, 70); q != grade.GrowthBet {
		t.Errorf("Place(59, 70) = %v with cuts 60/70", q)
	}
	for _, bad := range []grade.Matrix{{ValueCut: -1}, {PotentialCut: 101}, {ValueCut: math.NaN()}} {
		if err := bad.Validate(); !errors.Is(err, grade.ErrCut) {
			t.Errorf("%+v: Validate = %v, want ErrCut", bad, err)
		}
	}
	if err := m.Validate(); err != nil {
		t.Errorf("valid cuts: %v", err)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in     string
		want   grade.Grade
		err    error
		offset int
	}{
		{"A1", grade.Grade{Size: grade.A, Likelihood: 1}, nil, 0},
		{"c3", grade.Grade{Size: grade.C, Likelihood: 3}, nil, 0},
		{" b2 ", grade.Grade{Size: grade.B, Likelihood: 2}, nil, 0},
		{"", grade.Grade{}, grade.ErrSyntax, 0},
		{"A", grade.Grade{}, grade.ErrSyntax, 1},
		{"A12", grade.Grade{}, grade.ErrSyntax, 2},
		{"D4", grade.Grade{}, grade.ErrSize, 0},
		{"A4", grade.Grade{}, grade.ErrLikelihood, 1},
		{"A0", grade.Grade{}, grade.ErrLikelihood, 1},
		{" 1A", grade.Grade{}, grade.ErrSize, 1},
		{"!1", grade.Grade{}, grade.ErrSize, 0},
		{"é", grade.Grade{}, grade.ErrSize, 0}, // two bytes, not a letter
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := grade.Parse(tc.in)
			if got != tc.want || !errors.Is(err, tc.err) {
				t.Fatalf("Parse(%q) = %v, %v; want %v, %v", tc.in, got, err, tc.want, tc.err)
			}
			var pe *grade.ParseError
			if tc.err != nil && (!errors.As(err, &pe) || pe.Offset != tc.offset || pe.Input != tc.in) {
				t.Errorf("Parse(%q): %#v, want offset %d", tc.in, err, tc.offset)
			}
		})
	}
}

func TestGradeText(t *testing.T) {
	type doc struct {
		Grade grade.Grade `json:"grade"`
	}
	data, err := json.Marshal(doc{grade.Grade{Size: grade.B, Likelihood: 2}})
	if err != nil || string(data) != `{"grade":"B2"}` {
		t.Fatalf("Marshal = %s, %v", data, err)
	}
	var back doc
	if err := json.Unmarshal([]byte(`{"grade":"a3"}`), &back); err != nil || back.Grade.String() != "A3" {
		t.Errorf("Unmarshal = %v, %v", back, err)
	}
	if err := json.Unmarshal([]byte(`{"grade":"D4"}`), &back); !errors.Is(err, grade.ErrSize) {
		t.Errorf("Unmarshal D4: %v", err)
	}
	if data, err := json.Marshal(doc{}); err != nil || string(data) != `{"grade":""}` {
		t.Errorf("the zero grade marshals as %s, %v", data, err)
	}
	if _, err := json.Marshal(doc{grade.Grade{Size: 'D', Likelihood: 1}}); err == nil {
		t.Error("marshalling an invalid grade succeeded")
	}
	if err := json.Unmarshal([]byte(`{"grade":""}`), &back); err != nil || back.Grade != (grade.Grade{}) {
		t.Errorf("Unmarshal of \"\": %v, %v", back, err)
	}
	if s := (grade.Grade{}).String(); s != "Grade(?)" {
		t.Errorf("zero grade prints %q", s)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"A1", "c3", "", "D4", " b2 ", "A12", "\x00\xff", "é1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := grade.Parse(s)
		if err != nil {
			var pe *grade.ParseError
			if !errors.As(err, &pe) || pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("Parse(%q): %#v", s, err)
			}
			return
		}
		if !g.Valid() {
			t.Fatalf("Parse(%q) = invalid %v", s, g)
		}
		if again, err := grade.Parse(g.String()); err != nil || again != g {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
	})
}

func TestGrader(t *testing.T) {
	var g grade.Grader // defaults: B from $10k, A from $50k; 1 from 70, 2 from 40
	tests := []struct {
		potential, likelihood float64
		want                  string
	}{
		{50000, 70, "A1"},
		{49999.99, 69.99, "B2"},
		{10000, 40, "B2"},
		{9999.99, 39.99, "C3"},
		{0, 100, "C1"},
		{-5, -5, "C3"},
		{math.Inf(1), math.Inf(1), "A1"},
	}
	for _, tc := range tests {
		got, ok := g.Grade(tc.potential, tc.likelihood)
		if !ok || got.String() != tc.want {
			t.Errorf("Grade(%v, %v) = %v, %v; want %s", tc.potential, tc.likelihood, got, ok, tc.want)
		}
	}
	if _, ok := g.Grade(math.NaN(), 50); ok {
		t.Error("a NaN potential was graded")
	}
	if _, ok := g.Grade(5000, math.NaN()); ok {
		t.Error("a NaN likelihood was graded")
	}
	custom := grade.Grader{BFrom: 5000, AFrom: 20000, OneFrom: 80, TwoFrom: 50}
	if got, _ := custom.Grade(20000, 79); got.String() != "A2" {
		t.Errorf("custom cuts: %v, want A2", got)
	}
	for _, bad := range []grade.Grader{
		{BFrom: 60000},       // above the default AFrom
		{AFrom: math.Inf(1)}, // infinite
		{BFrom: math.NaN()},  // NaN
		{OneFrom: 30},        // below the default TwoFrom
		{TwoFrom: -1},        // negative
		{OneFrom: 120},       // past 100
	} {
		if err := bad.Validate(); !errors.Is(err, grade.ErrCuts) {
			t.Errorf("%+v: Validate = %v, want ErrCuts", bad, err)
		}
	}
	if err := custom.Validate(); err != nil {
		t.Errorf("valid grader: %v", err)
	}
}

func mustGrid(t interface{ Fatal(...any) }, res grade.Resolution) *grade.Grid {
	g, err := grade.DefaultGrid(res)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestDefaultGrid(t *testing.T) {
	tests := []struct {
		res  grade.Resolution
		tie  float64
		want map[string]int
	}{
		{grade.Resolution{}, math.NaN(), map[string]int{"A1": 1, "A2": 1, "B1": 1, "A3": 2, "B2": 2, "C1": 2, "B3": 3, "C2": 3, "C3": 3}},
		{grade.Resolution{Policy: grade.Lower}, 99, map[string]int{"A1": 1, "A2": 2, "B1": 2, "A3": 2, "B2": 2, "C1": 2, "B3": 3, "C2": 3, "C3": 3}},
		{grade.Resolution{Policy: grade.ByScore, Cut: 70}, 70, map[string]int{"A1": 1, "A2": 1, "B1": 1, "A3": 2, "B2": 2, "C1": 2, "B3": 3, "C2": 3, "C3": 3}},
		{grade.Resolution{Policy: grade.ByScore, Cut: 70}, 69.9, map[string]int{"A1": 1, "A2": 2, "B1": 2, "A3": 2, "B2": 2, "C1": 2, "B3": 3, "C2": 3, "C3": 3}},
		{grade.Resolution{Policy: grade.ByScore, Cut: 70}, math.NaN(), map[string]int{"A1": 1, "A2": 2, "B1": 2, "A3": 2, "B2": 2, "C1": 2, "B3": 3, "C2": 3, "C3": 3}},
	}
	for _, tc := range tests {
		t.Run(tc.res.Policy.String(), func(t *testing.T) {
			g := mustGrid(t, tc.res)
			got := map[string]int{}
			for gr := range tc.want {
				p, _ := grade.Parse(gr)
				got[gr], _ = g.Rank(p, tc.tie)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("ranks with tie-break %v (-want +got):\n%s", tc.tie, diff)
			}
		})
	}
	g := mustGrid(t, grade.Resolution{})
	if _, ok := g.Rank(grade.Grade{}, 50); ok {
		t.Error("the zero grade has a rank")
	}
	if c, _ := g.Cell(grade.Grade{Size: grade.B, Likelihood: 1}); !c.Borderline || c.Rank != 1 {
		t.Errorf("B1: %+v, want borderline at rank 1", c)
	}
}

func TestNewGridErrors(t *testing.T) {
	a1 := grade.Grade{Size: grade.A, Likelihood: 1}
	cells := func() []grade.Cell {
		var cs []grade.Cell
		for _, s := range []grade.Size{grade.A, grade.B, grade.C} {
			for l := grade.Likelihood(1); l <= 3; l++ {
				cs = append(cs, grade.Cell{Grade: grade.Grade{Size: s, Likelihood: l}, Rank: 1})
			}
		}
		return cs
	}
	tests := []struct {
		name  string
		res   grade.Resolution
		cells []grade.Cell
		want  []error
		count int
	}{
		{"missing C3", grade.Resolution{}, cells()[:8], []error{grade.ErrUnmapped}, 1},
		{"A1 twice", grade.Resolution{}, append(cells(), grade.Cell{Grade: a1, Rank: 1}), []error{grade.ErrDuplicate}, 1},
		{"invalid grade", grade.Resolution{}, append(cells(), grade.Cell{Grade: grade.Grade{Size: 'D', Likelihood: 4}, Rank: 1}), []error{grade.ErrGrade}, 1},
		{"rank 0", grade.Resolution{}, append(cells()[1:], grade.Cell{Grade: a1}), []error{grade.ErrRank}, 1},
		{"cut NaN", grade.Resolution{Policy: grade.ByScore, Cut: math.NaN()}, cells(), []error{grade.ErrResolution}, 1},
		{"unknown policy", grade.Resolution{Policy: 7}, cells(), []error{grade.ErrResolution}, 1},
		{"empty", grade.Resolution{}, nil, []error{grade.ErrUnmapped}, 9},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, err := grade.NewGrid(tc.res, tc.cells...)
			if err == nil || g != nil {
				t.Fatalf("got %v, %v; want an error", g, err)
			}
			for _, w := range tc.want {
				if !errors.Is(err, w) {
					t.Errorf("%v does not wrap %v", err, w)
				}
			}
			if n := len(err.(interface{ Unwrap() []error }).Unwrap()); n != tc.count {
				t.Errorf("%d problems, want %d: %v", n, tc.count, err)
			}
		})
	}
}

func anyGrade() *rapid.Generator[grade.Grade] {
	return rapid.Custom(func(t *rapid.T) grade.Grade {
		return grade.Grade{
			Size:       rapid.SampledFrom([]grade.Size{grade.A, grade.B, grade.C}).Draw(t, "size"),
			Likelihood: grade.Likelihood(rapid.IntRange(1, 3).Draw(t, "likelihood")),
		}
	})
}

func TestGridMonotoneProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		res := grade.Resolution{
			Policy: rapid.SampledFrom([]grade.Resolve{grade.Higher, grade.Lower, grade.ByScore}).Draw(t, "policy"),
			Cut:    rapid.Float64Range(0, 100).Draw(t, "cut"),
		}
		g := mustGrid(t, res)
		a, b := anyGrade().Draw(t, "a"), anyGrade().Draw(t, "b")
		tie := rapid.OneOf(rapid.Float64Range(-10, 110), rapid.Just(math.NaN())).Draw(t, "tie")
		if !a.Better(b) {
			return
		}
		ra, _ := g.Rank(a, tie)
		rb, _ := g.Rank(b, tie)
		if ra > rb {
			t.Fatalf("%v is better than %v but gets tier %d, not %d (policy %v)", a, b, ra, rb, res.Policy)
		}
	})
}

func TestOneAnswerProperty(t *testing.T) {
	var m grade.Matrix
	var gr grade.Grader
	anyFloat := rapid.OneOf(rapid.Float64(), rapid.Float64Range(-10, 110),
		rapid.SampledFrom([]float64{math.NaN(), math.Inf(1), math.Inf(-1), 50, 10000, 50000}))
	rapid.Check(t, func(t *rapid.T) {
		v, p := anyFloat.Draw(t, "v"), anyFloat.Draw(t, "p")
		q, ok := m.Place(v, p)
		if ok != (!math.IsNaN(v) && !math.IsNaN(p)) || ok != (q >= grade.Star && q <= grade.Maintenance) {
			t.Fatalf("Place(%v, %v) = %v, %v", v, p, q, ok)
		}
		g, ok := gr.Grade(v, p)
		if ok != (!math.IsNaN(v) && !math.IsNaN(p)) || ok != g.Valid() {
			t.Fatalf("Grade(%v, %v) = %v, %v", v, p, g, ok)
		}
	})
}

func TestQuadrantText(t *testing.T) {
	for _, q := range []grade.Quadrant{0, grade.Star, grade.GrowthBet, grade.CashCow, grade.Maintenance} {
		data, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		var back grade.Quadrant
		if err := json.Unmarshal(data, &back); err != nil || back != q {
			t.Errorf("round trip of %v via %s: %v, %v", q, data, back, err)
		}
	}
	if data, _ := json.Marshal(grade.GrowthBet); string(data) != `"Growth Bet"` {
		t.Errorf("Growth Bet marshals as %s", data)
	}
	var q grade.Quadrant
	if err := json.Unmarshal([]byte(`"Dog"`), &q); err == nil {
		t.Error("Dog decoded")
	}
	if _, err := json.Marshal(grade.Quadrant(9)); err == nil {
		t.Error("Quadrant(9) marshalled")
	}
}

// TestGradeStrings: the nine grades by hand, and String allocates nothing
// (reports group a million accounts by grade).
func TestGradeStrings(t *testing.T) {
	var got []string
	for _, s := range []grade.Size{grade.A, grade.B, grade.C} {
		for l := grade.Likelihood(1); l <= 3; l++ {
			got = append(got, grade.Grade{Size: s, Likelihood: l}.String())
		}
	}
	want := []string{"A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("grades (-want +got):\n%s", diff)
	}
	g := grade.Grade{Size: grade.B, Likelihood: 2}
	if n := testing.AllocsPerRun(100, func() { _ = g.String() }); n != 0 {
		t.Errorf("String allocates %v times", n)
	}
}
