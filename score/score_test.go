package score_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/prioritize-dev/prioritize/score"
)

const tol = 1e-9

func near(a, b float64) bool { return math.Abs(a-b) <= tol }

// TestWorkedExample reproduces the framework's (docs/framework.md) table from raw inputs.
func TestWorkedExample(t *testing.T) {
	p := newPolicy()
	// Each curve on its own, as the table rates the raw inputs.
	curves := []struct {
		name string
		c    score.Curve
		x    float64
		want float64
	}{
		{"5,000 MRR", p.revenue, 5000, 80},
		{"18 months", p.tenure, 18, 60},
		{"40% usage growth", p.growthC, 40, 85},
		{"renewal in 60 days", p.renew, 60, 90},
	}
	for _, c := range curves {
		if got := c.c.Rate(c.x); got != c.want {
			t.Errorf("%s rates %v, want %v", c.name, got, c.want)
		}
	}
	// value: 80x0.40 + 60x0.15 + 90x0.20 + 85x0.25 = 32 + 9 + 18 + 21.25 = 80.25
	// potential: 85x0.35 + 95x0.25 + 80x0.20 + 90x0.20 = 29.75 + 23.75 + 16 + 18 = 87.5
	// balanced: 0.5x80.25 + 0.5x87.5 = 83.875
	// growth: 0.3x80.25 + 0.7x87.5 = 24.075 + 61.25 = 85.325
	// retention: 0.7x80.25 + 0.3x87.5 = 56.175 + 26.25 = 82.425
	for _, tc := range []struct {
		name string
		s    score.Scorer[account]
		want float64
	}{
		{"value", p.value, 80.25},
		{"potential", p.potential, 87.5},
		{"balanced", p.balanced, 83.875},
		{"growth", p.growth, 85.325},
		{"retention", p.retention, 82.425},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.s.Score(acme)
			if !ok || !near(got, tc.want) {
				t.Errorf("Score = %v, %v; want %v, true", got, ok, tc.want)
			}
		})
	}
}

func TestWorkedExampleExplanation(t *testing.T) {
	p := newPolicy()
	e := p.value.Explain(acme)
	type row struct {
		Name                         string
		Input                        string
		Rating, Weight, Contribution float64
	}
	var got []row
	for _, c := range e.Children {
		got = append(got, row{c.Name, c.Input, c.Rating, c.Weight, c.Contribution})
	}
	want := []row{ // the framework's (docs/framework.md) table
		{"revenue", "5000", 80, 0.40, 32},
		{"tenure", "18", 60, 0.15, 9},
		{"engagement", "high", 90, 0.20, 18},
		{"strategic", "top logo", 85, 0.25, 21.25},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, tol)); diff != "" {
		t.Errorf("value explanation (-want +got):\n%s", diff)
	}
	if !near(e.Rating, 80.25) {
		t.Errorf("root rating %v, want 80.25", e.Rating)
	}
	text := p.value.Explain(acme).String()
	for _, line := range []string{
		"rating: 80.25/100\n",
		"  revenue: 5000 -> 80/100 x 0.40 = 32.00\n",
		"  strategic: top logo -> 85/100 x 0.25 = 21.25\n",
	} {
		if !strings.Contains(text, line) {
			t.Errorf("text rendering lacks %q:\n%s", line, text)
		}
	}
	// The blend nests both trees; leaf paths name the whole way down.
	b := p.balanced.Explain(acme)
	if leaf, ok := b.Find("potential/timing"); !ok || leaf.Rating != 90 || leaf.Input != "60" {
		t.Errorf("Find(potential/timing) = %+v, %v", leaf, ok)
	}
	var sum float64
	b.Leaves(func(_ string, scale float64, l score.Explanation) bool {
		sum += scale * l.Contribution
		return true
	})
	if !near(sum, 83.875) {
		t.Errorf("leaf contributions add up to %v, want 83.875", sum)
	}
}

func TestExplanationJSON(t *testing.T) {
	p := newPolicy()
	data, err := json.Marshal(p.balanced.Explain(acme))
	if err != nil {
		t.Fatal(err)
	}
	var back score.Explanation
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p.balanced.Explain(acme), back); diff != "" {
		t.Errorf("JSON round trip (-want +got):\n%s", diff)
	}
	if !strings.Contains(string(data), `"name":"revenue","input":"5000","rating":80,"weight":0.4,"contribution":32`) {
		t.Errorf("JSON lacks the revenue node: %s", data)
	}
}

func TestFuncSanitizes(t *testing.T) {
	tests := []struct {
		name   string
		r      float64
		ok     bool
		want   float64
		wantOK bool
	}{
		{"in range", 42, true, 42, true},
		{"above", 150, true, 100, true},
		{"below", -3, true, 0, true},
		{"+Inf", math.Inf(1), true, 100, true},
		{"-Inf", math.Inf(-1), true, 0, true},
		{"NaN is missing", math.NaN(), true, 0, false},
		{"not ok", 42, false, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := score.Func[int](func(int) (float64, bool) { return tc.r, tc.ok })
			got, ok := f.Score(0)
			if got != tc.want || ok != tc.wantOK {
				t.Errorf("Score = %v, %v; want %v, %v", got, ok, tc.want, tc.wantOK)
			}
			e := score.Explain[int](f, 0)
			if e.Rating != tc.want || e.Missing == tc.wantOK {
				t.Errorf("Explain = %+v", e)
			}
		})
	}
}

func TestMust(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("Must did not panic on an error")
		}
	}()
	score.Must(score.Linear(1, 0))
}

func TestErrorMessage(t *testing.T) {
	_, err := score.Linear(5, 5)
	var se *score.Error
	if !errors.As(err, &se) || se.Op != "Linear" || !errors.Is(err, score.ErrBound) {
		t.Fatalf("err = %v", err)
	}
	if want := "score: Linear: invalid bound: need lo < hi, have lo = 5, hi = 5"; err.Error() != want {
		t.Errorf("message %q, want %q", err.Error(), want)
	}
}

// strayCurve is a user's curve that breaks the rules.
type strayCurve struct{}

func (strayCurve) Rate(x float64) float64 {
	switch {
	case x < 0:
		return math.NaN()
	case x > 10:
		return 250
	}
	return x
}
func (strayCurve) Direction() score.Direction { return score.Ascending }

func TestMetricSanitizesUserCurves(t *testing.T) {
	m := score.Metric(func(x float64) float64 { return x }, strayCurve{})
	for _, tc := range []struct {
		x      float64
		want   float64
		wantOK bool
	}{{5, 5, true}, {50, 100, true}, {-1, 0, false}} {
		if got, ok := m.Score(tc.x); got != tc.want || ok != tc.wantOK {
			t.Errorf("Score(%v) = %v, %v; want %v, %v", tc.x, got, ok, tc.want, tc.wantOK)
		}
	}
}
