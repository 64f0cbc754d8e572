package outcome

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/score"
)

// Axis names the axis a tuning re-weights.
type Axis int

// The two axes.
const (
	ValueAxis Axis = iota
	PotentialAxis
)

// String returns "value" or "potential".
func (a Axis) String() string {
	switch a {
	case ValueAxis:
		return "value"
	case PotentialAxis:
		return "potential"
	}
	return fmt.Sprintf("Axis(%d)", int(a))
}

// TuneOptions configures [Tune]. The zero value means the defaults.
type TuneOptions struct {
	// Folds is k of the k-fold cross-validation; 0 means 5. At least 2.
	Folds int
	// Seed shuffles the accounts into folds: the same seed, the same
	// tuning.
	Seed uint64
	// MaxRounds bounds the search's rounds on each fold; 0 means 200.
	MaxRounds int
	// Top is the k of the what-if's top k; 0 means a tenth of the accounts.
	Top int
}

// AUCs are the AUC of the old and the new weights on one set of accounts.
type AUCs struct {
	Old float64 `json:"old"`
	New float64 `json:"new"`
}

// Tuning is what [Tune] proposes and why: the factors of the axis with
// their old and new weights (each set summing to 1), the AUC of both on the
// accounts they were fitted to and, averaged over the folds, on accounts
// they were not, how many rounds the search made, and, when the new
// weights are no worse out of sample, the revised policy and the what-if
// against the old one.
type Tuning[A any] struct {
	Axis        Axis      `json:"axis"`
	Factors     []string  `json:"factors"`
	Old         []float64 `json:"old"`
	New         []float64 `json:"new"`
	InSample    AUCs      `json:"in_sample"`
	OutOfSample AUCs      `json:"out_of_sample"`
	Rounds      int       `json:"rounds"`
	// Config and Policy are the revised policy (nil Policy when refused).
	Config prioritize.Config[A]  `json:"-"`
	Policy *prioritize.Policy[A] `json:"-"`
	WhatIf WhatIf                `json:"what_if"`
}

// ErrTune reports a tuning that cannot run: an axis that is not a weighted
// aggregate (score.Weighted; bounds and worst-of have no weights to tune),
// no accounts of one outcome, too few accounts for the folds.
var ErrTune = errors.New("outcome: cannot tune")

// ErrNoGain reports that the tuned weights are worse out of sample than
// the old ones: the tuning is returned for its figures, with no policy.
var ErrNoGain = errors.New("outcome: the tuned weights are worse out of sample")

// Tune proposes new non-negative weights for the factors of one axis of
// cfg that rate the accounts with the outcome (positive[i] for
// accounts[i]) above those without: to rate the accounts that stay above
// those that churn, pass "stayed". Segments with axes of their own are
// not tuned.
//
// The method is transparent. Each factor is rated once per account. The
// objective is the AUC of the axis, computed from those ratings as the
// aggregate computes it (its missing-data policy included), for the
// outcome. The constraints: weights non-negative, summing to 1. The
// search starts from the old weights and, in rounds, moves each weight up
// or down by a step, keeping a move when it raises the AUC; a round
// without a kept move halves the step, from 0.1 down to 0.001. The
// accounts are shuffled (seeded) into k folds; on each, the search runs
// on the other folds and both weights are scored on the held-out fold:
// OutOfSample is the mean. The weights proposed are searched on all the
// accounts; if the new weights' out-of-sample AUC is below the old's,
// Tune returns the tuning with [ErrNoGain] and no policy.
func Tune[A any](cfg prioritize.Config[A], axis Axis, accounts []A, positive []bool, opts TuneOptions) (Tuning[A], error) {
	t := Tuning[A]{Axis: axis}
	if opts.Folds == 0 {
		opts.Folds = 5
	}
	if opts.MaxRounds == 0 {
		opts.MaxRounds = 200
	}
	var s score.Scorer[A]
	switch axis {
	case ValueAxis:
		s = cfg.Value
	case PotentialAxis:
		s = cfg.Potential
	default:
		return t, fmt.Errorf("%w: %v is not an axis", ErrTune, axis)
	}
	agg, ok := s.(*score.Aggregate[A])
	if !ok || agg == nil {
		return t, fmt.Errorf("%w: the %v axis is not a weighted aggregate (score.Weighted)", ErrTune, axis)
	}
	if _, err := agg.Reweighted(weightsOf(agg)...); err != nil {
		return t, fmt.Errorf("%w: the %v axis is not a weighted aggregate (score.Weighted): %v", ErrTune, axis, err)
	}
	if len(positive) != len(accounts) {
		return t, fmt.Errorf("%w: %d outcomes for %d accounts", ErrTune, len(positive), len(accounts))
	}
	if opts.Folds < 2 || len(accounts) < 2*opts.Folds {
		return t, fmt.Errorf("%w: %d folds need at least %d accounts and 2 folds (%d accounts)", ErrTune, opts.Folds, 2*opts.Folds, len(accounts))
	}
	factors := agg.Factors()
	m := matrix{opts: agg.Options(), k: len(factors), r: make([]float64, len(accounts)*len(factors))}
	for j, a := range accounts {
		for i, f := range factors {
			r, ok := f.Scorer.Score(a)
			if !ok {
				r = math.NaN()
			}
			m.r[j*m.k+i] = r
		}
	}
	t.Factors = make([]string, len(factors))
	for i, f := range factors {
		t.Factors[i] = f.Name
	}
	t.Old = normalize(weightsOf(agg))
	all := make([]int, len(accounts))
	for i := range all {
		all[i] = i
	}
	if _, ok := m.auc(t.Old, all, positive); !ok {
		return t, fmt.Errorf("%w: the accounts need both outcomes, and ratings on the %v axis", ErrTune, axis)
	}
	// k folds of a seeded shuffle.
	perm := make([]int, len(all))
	copy(perm, all)
	rng := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5851f42d4c957f2d))
	rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
	var folds int
	for f := range opts.Folds {
		var train, test []int
		for i, j := range perm {
			if i%opts.Folds == f {
				test = append(test, j)
			} else {
				train = append(train, j)
			}
		}
		w, _ := m.search(t.Old, train, positive, opts.MaxRounds)
		o, ok1 := m.auc(t.Old, test, positive)
		n, ok2 := m.auc(w, test, positive)
		if ok1 && ok2 {
			t.OutOfSample.Old += o
			t.OutOfSample.New += n
			folds++
		}
	}
	if folds == 0 {
		return t, fmt.Errorf("%w: no fold holds both outcomes", ErrTune)
	}
	t.OutOfSample.Old /= float64(folds)
	t.OutOfSample.New /= float64(folds)
	t.New, t.Rounds = m.search(t.Old, all, positive, opts.MaxRounds)
	t.InSample.Old, _ = m.auc(t.Old, all, positive)
	t.InSample.New, _ = m.auc(t.New, all, positive)
	if t.OutOfSample.New < t.OutOfSample.Old {
		return t, fmt.Errorf("%w: AUC %.4f against %.4f", ErrNoGain, t.OutOfSample.New, t.OutOfSample.Old)
	}
	revised, err := agg.Reweighted(t.New...)
	if err != nil {
		return t, err
	}
	t.Config = cfg
	if axis == ValueAxis {
		t.Config.Value = revised
	} else {
		t.Config.Potential = revised
	}
	old, err := prioritize.New(cfg)
	if err != nil {
		return t, err
	}
	if t.Policy, err = prioritize.New(t.Config); err != nil {
		return t, err
	}
	top := opts.Top
	if top == 0 {
		top = max(len(accounts)/10, 1)
	}
	t.WhatIf = Compare(old, t.Policy, accounts, top)
	return t, nil
}

// Apply returns doc with the tuned weights on the factors of the tuned
// axis, matched by name; doc itself is not changed. It is an error when
// the axis's factors are not the tuning's.
func (t Tuning[A]) Apply(doc policydoc.Document) (policydoc.Document, error) {
	ax := &doc.Value
	if t.Axis == PotentialAxis {
		ax = &doc.Potential
	}
	if len(ax.Factors) != len(t.Factors) || t.New == nil {
		return doc, fmt.Errorf("%w: the document's %v axis has %d factors, the tuning %d", ErrTune, t.Axis, len(ax.Factors), len(t.Factors))
	}
	factors := append([]policydoc.Factor(nil), ax.Factors...)
	for i := range factors {
		if factors[i].Name != t.Factors[i] {
			return doc, fmt.Errorf("%w: the document's %v factor %d is %q, the tuning's %q", ErrTune, t.Axis, i, factors[i].Name, t.Factors[i])
		}
		factors[i].Weight = t.New[i]
	}
	ax.Factors = factors
	return doc, nil
}

func weightsOf[A any](g *score.Aggregate[A]) []float64 {
	fs := g.Factors()
	w := make([]float64, len(fs))
	for i, f := range fs {
		w[i] = f.Weight
	}
	return w
}

func normalize(w []float64) []float64 {
	var sum float64
	for _, x := range w {
		sum += x
	}
	out := make([]float64, len(w))
	for i, x := range w {
		out[i] = x / sum
	}
	return out
}

// matrix holds each account's factor ratings (NaN: missing), row by row.
type matrix struct {
	opts score.Options
	k    int
	r    []float64
}

// rating is account j's axis rating under weights w, as a weighted
// aggregate with m.opts computes it.
func (m matrix) rating(w []float64, j int) float64 {
	var sum, weight float64
	for i, r := range m.r[j*m.k : (j+1)*m.k] {
		if r != r {
			switch m.opts.Missing {
			case score.Propagate:
				return math.NaN()
			case score.RateMissing:
				r = m.opts.MissingRating
			default: // redistribute: leave its weight out
				continue
			}
		}
		sum += w[i] * r
		weight += w[i]
	}
	if weight == 0 {
		return math.NaN()
	}
	return sum / weight
}

func (m matrix) auc(w []float64, rows []int, positive []bool) (float64, bool) {
	s, p := make([]float64, len(rows)), make([]bool, len(rows))
	for i, j := range rows {
		s[i], p[i] = m.rating(w, j), positive[j]
	}
	return AUC(s, p)
}

// search is the coordinate search of Tune over rows: it returns the
// weights and how many rounds it made.
func (m matrix) search(start []float64, rows []int, positive []bool, maxRounds int) ([]float64, int) {
	w := append([]float64(nil), start...)
	best, _ := m.auc(w, rows, positive)
	step, rounds := 0.1, 0
	for ; rounds < maxRounds && step >= 0.001; rounds++ {
		moved := false
		for i := range w {
			for _, d := range []float64{step, -step} {
				c := append([]float64(nil), w...)
				c[i] = max(c[i]+d, 0)
				var sum float64
				for _, x := range c {
					sum += x
				}
				if sum == 0 {
					continue
				}
				c = normalize(c)
				if a, ok := m.auc(c, rows, positive); ok && a > best+1e-12 {
					w, best, moved = c, a, true
				}
			}
		}
		if !moved {
			step /= 2
		}
	}
	return w, rounds
}
