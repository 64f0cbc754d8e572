package outcome

import (
	"math"
	"testing"

	"pgregory.net/rapid"
)

// TestRankedAUCIsTheSampleAUC: the one-pass AUC of a resample, given as
// counts, equals AUC of the same resample written out account by account.
func TestRankedAUCIsTheSampleAUC(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "n")
		scores := make([]float64, n)
		pos := make([]bool, n)
		counts := make([]int, n)
		var s []float64
		var p []bool
		for i := range scores {
			scores[i] = float64(rapid.IntRange(0, 6).Draw(t, "score")) // many ties
			if rapid.IntRange(0, 9).Draw(t, "nan") == 0 {
				scores[i] = math.NaN()
			}
			pos[i] = rapid.Bool().Draw(t, "pos")
			counts[i] = rapid.IntRange(0, 3).Draw(t, "count")
			for range counts[i] {
				s, p = append(s, scores[i]), append(p, pos[i])
			}
		}
		want, wok := AUC(s, p)
		r := newRanked(scores, pos)
		byPlace := make([]int32, len(r.pos))
		for k, i := range r.order {
			byPlace[k] = int32(counts[i])
		}
		got, gok := r.auc(byPlace)
		if wok != gok || math.Abs(want-got) > 1e-12 {
			t.Fatalf("one pass %v, %v; written out %v, %v", got, gok, want, wok)
		}
	})
}
