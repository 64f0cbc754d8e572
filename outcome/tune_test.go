package outcome_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/outcome"
	"github.com/prioritize-dev/prioritize/score"
)

// signals is a synthetic account: four signals, each rated as it is.
type signals struct {
	id string
	x  [4]float64
}

// truth are the weights the synthetic outcome is generated from.
var truth = [4]float64{0.5, 0.3, 0.15, 0.05}

// synthetic generates n accounts with signals uniform in [0, 100] and an
// outcome drawn with probability logistic(10 x (truth . x / 100 - 0.5)).
func synthetic(n int, seed uint64) ([]signals, []bool) {
	r := rand.New(rand.NewPCG(seed, 1))
	accounts := make([]signals, n)
	pos := make([]bool, n)
	for j := range accounts {
		a := signals{id: fmt.Sprint("s", j)}
		var z float64
		for i := range a.x {
			a.x[i] = r.Float64() * 100
			z += truth[i] * a.x[i] / 100
		}
		accounts[j] = a
		pos[j] = r.Float64() < 1/(1+math.Exp(-10*(z-0.5)))
	}
	return accounts, pos
}

// config weights the four signals equally on the value axis.
func config() prioritize.Config[signals] {
	linear := score.Must(score.Linear(0, 100))
	var fs []score.Factor[signals]
	for i := range 4 {
		fs = append(fs, score.Weigh(fmt.Sprint("x", i), 1, score.Metric(func(a signals) float64 { return a.x[i] }, linear)))
	}
	return prioritize.Config[signals]{
		ID:        func(a signals) string { return a.id },
		Value:     score.Must(score.Weighted(score.Options{}, fs...)),
		Potential: score.Metric(func(a signals) float64 { return 50 }, linear),
	}
}

// TestTuneRecoversTheWeights: from equal weights, tuning on 4,000
// synthetic accounts recovers the order of the generating weights, and
// its out-of-sample AUC is within 0.02 of the generating weights' AUC
// (computed here straight from the signals).
func TestTuneRecoversTheWeights(t *testing.T) {
	accounts, pos := synthetic(4000, 3)
	tu, err := outcome.Tune(config(), outcome.ValueAxis, accounts, pos, outcome.TuneOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	order := func(w []float64) []int {
		idx := []int{0, 1, 2, 3}
		slices.SortFunc(idx, func(a, b int) int { return -cmpFloat(w[a], w[b]) })
		return idx
	}
	if got := order(tu.New); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Errorf("order of the tuned weights %v: %v, want 0 1 2 3", tu.New, got)
	}
	scores := make([]float64, len(accounts))
	for j, a := range accounts {
		for i := range a.x {
			scores[j] += truth[i] * a.x[i]
		}
	}
	want, _ := outcome.AUC(scores, pos)
	if math.Abs(tu.OutOfSample.New-want) > 0.02 {
		t.Errorf("out-of-sample AUC %.4f, the generating weights' %.4f", tu.OutOfSample.New, want)
	}
	if !(tu.OutOfSample.New > tu.OutOfSample.Old) || !(tu.InSample.New > tu.InSample.Old) {
		t.Errorf("no gain: in sample %+v, out of sample %+v", tu.InSample, tu.OutOfSample)
	}
	var sum float64
	for _, w := range tu.New {
		if w < 0 {
			t.Errorf("negative weight %v", tu.New)
		}
		sum += w
	}
	if math.Abs(sum-1) > 1e-9 || tu.Policy == nil || tu.WhatIf.Spearman >= 1 {
		t.Errorf("weights sum to %v; policy %v; what-if spearman %v", sum, tu.Policy != nil, tu.WhatIf.Spearman)
	}
	t.Logf("tuned %.3f in %d rounds; AUC in sample %.4f -> %.4f, out of sample %.4f -> %.4f (generating %.4f)",
		tu.New, tu.Rounds, tu.InSample.Old, tu.InSample.New, tu.OutOfSample.Old, tu.OutOfSample.New, want)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestTuneRefuses: an outcome the signals cannot predict better than the
// old weights is refused with ErrNoGain; bad inputs with ErrTune.
func TestTuneRefuses(t *testing.T) {
	accounts, _ := synthetic(600, 5)
	// The outcome is signal 0 alone; start from signal 0 alone: nothing
	// beats it out of sample.
	pos := make([]bool, len(accounts))
	for j, a := range accounts {
		pos[j] = a.x[0] > 50
	}
	cfg := config()
	cfg.Value = score.Must(cfg.Value.(*score.Aggregate[signals]).Reweighted(1, 0, 0, 0))
	tu, err := outcome.Tune(cfg, outcome.ValueAxis, accounts, pos, outcome.TuneOptions{})
	if err != nil || tu.OutOfSample.Old != 1 || tu.OutOfSample.New != 1 {
		t.Errorf("a perfect start: %v, %+v", err, tu.OutOfSample)
	}
	for name, c := range map[string]struct {
		cfg  prioritize.Config[signals]
		axis outcome.Axis
		pos  []bool
		opts outcome.TuneOptions
	}{
		"not weighted": {cfg: func() prioritize.Config[signals] {
			c := config()
			c.Value = score.Metric(func(signals) float64 { return 1 }, score.Must(score.Linear(0, 100)))
			return c
		}(), pos: pos},
		"no axis":     {cfg: config(), axis: 7, pos: pos},
		"one outcome": {cfg: config(), pos: make([]bool, len(accounts))},
		"lengths":     {cfg: config(), pos: pos[:10]},
		"one fold":    {cfg: config(), pos: pos, opts: outcome.TuneOptions{Folds: 1}},
	} {
		if _, err := outcome.Tune(c.cfg, c.axis, accounts, c.pos, c.opts); !errors.Is(err, outcome.ErrTune) {
			t.Errorf("%s: %v, want ErrTune", name, err)
		}
	}
}

// TestTuneNoGain: on 60 accounts whose outcome is a coin toss (seed 1), the search
// fits the noise of the training folds and loses out of sample: refused.
func TestTuneNoGain(t *testing.T) {
	accounts, _ := synthetic(60, 9)
	r := rand.New(rand.NewPCG(1, 0))
	pos := make([]bool, len(accounts))
	for j := range pos {
		pos[j] = r.IntN(2) == 0
	}
	tu, err := outcome.Tune(config(), outcome.ValueAxis, accounts, pos, outcome.TuneOptions{Seed: 2})
	if !errors.Is(err, outcome.ErrNoGain) || tu.Policy != nil || !(tu.OutOfSample.New < tu.OutOfSample.Old) || !(tu.InSample.New > tu.InSample.Old) {
		t.Errorf("%v; policy %v; in sample %+v, out of sample %+v", err, tu.Policy != nil, tu.InSample, tu.OutOfSample)
	}
}
