package outcome_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/outcome"
	"github.com/prioritize-dev/prioritize/tier"
	"pgregory.net/rapid"
)

// TestLiftCutOff: the top share is k·n rounded up, and at least one
// account. 15 accounts at 10%: 1.5 rounds up to the top 2. Scores 15 down
// to 1, positives at 15 and 1: the rate overall is 2/15; in the top 2
// (15 positive, 14 not) 1/2; lift (1/2)/(2/15) = 3.75 (rounded down to
// the top 1 it would be 1/(2/15) = 7.5). Five accounts at 10%: 0.5 rounds
// up to the top 1, the positive at 5 of one positive: lift 1/(1/5) = 5.
func TestLiftCutOff(t *testing.T) {
	scores := make([]float64, 15)
	pos := make([]bool, 15)
	for i := range scores {
		scores[i] = float64(15 - i)
	}
	pos[0], pos[14] = true, true
	if lift, _, ok := outcome.Lift(scores, pos, nil, 0.1); !ok || math.Abs(lift-3.75) > 1e-12 {
		t.Errorf("15 at 10%%: lift %v, %v; want 3.75", lift, ok)
	}
	five, fivePos := []float64{5, 4, 3, 2, 1}, []bool{true, false, false, false, false}
	if lift, _, ok := outcome.Lift(five, fivePos, nil, 0.1); !ok || math.Abs(lift-5) > 1e-12 {
		t.Errorf("5 at 10%%: lift %v, %v; want 5", lift, ok)
	}
	// Revenue 1e308 twice overflows float64: the sums are capped, and the
	// captured share stays a share.
	_, captured, ok := outcome.Lift(five, fivePos, []float64{1e308, 1e308, 1, math.NaN(), -5}, 0.4)
	if !ok || !(captured >= 0 && captured <= 1) {
		t.Errorf("captured %v, %v: want a share in [0, 1]", captured, ok)
	}
}

var hostileNumbers = []float64{0, 1, -1, 0.5, 1e308, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1), math.NaN(), 5e-324}

// TestBacktestMarshals: whatever the outcomes hold (revenue of 1e308,
// ±Inf, NaN, negative; ±Inf among the other outcomes), the report is
// finite: it marshals to JSON, and its text shows no Inf or NaN (issue
// 34: json.Marshal refused it).
func TestBacktestMarshals(t *testing.T) {
	ladder := tier.Default()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 30).Draw(t, "n")
		num := rapid.SampledFrom(hostileNumbers)
		var as []prioritize.Assessment
		var outs []outcome.Outcome
		for i := range n {
			id := "a" + strconv.Itoa(i)
			p := rapid.Float64Range(0, 100).Draw(t, "priority")
			rank := ladder.Rank(p)
			as = append(as, prioritize.Assessment{ID: id, Rated: true, Value: p, Potential: 100 - p, Priority: p,
				Tier: ladder.Ref(rank), Segment: "default", ARR: num.Draw(t, "arr")})
			o := outcome.Outcome{Account: id, Churned: rapid.Bool().Draw(t, "churned"), Expanded: rapid.Bool().Draw(t, "expanded"),
				RevenueBefore: num.Draw(t, "before"), RevenueAfter: num.Draw(t, "after")}
			if rapid.Bool().Draw(t, "other") {
				o.Other = map[string]float64{"upsold": rapid.SampledFrom([]float64{0, 1, math.NaN()}).Draw(t, "upsold"), "nps_change": num.Draw(t, "nps")}
			}
			outs = append(outs, o)
		}
		r := outcome.Backtest(as, outs, ladder, 1)
		if _, err := json.Marshal(r); err != nil {
			t.Fatalf("json.Marshal: %v", err)
		}
		var text bytes.Buffer
		if _, err := r.WriteTo(&text); err != nil {
			t.Fatal(err)
		}
		if s := text.String(); strings.Contains(s, "Inf") || strings.Contains(s, "NaN") {
			t.Fatalf("the text shows a non-finite number:\n%s", s)
		}
		if _, err := json.Marshal(outcome.Summarize(r, ladder.Plan(map[int]int{1: n}))); err != nil {
			t.Fatalf("Summarize: json.Marshal: %v", err)
		}
	})
}
