package outcome

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
)

// Outcome is what happened to one account after it was assessed, as the
// host observed it.
type Outcome struct {
	Account       string  `json:"account"`
	Churned       bool    `json:"churned"`
	Expanded      bool    `json:"expanded"`
	RevenueBefore float64 `json:"revenue_before"`
	RevenueAfter  float64 `json:"revenue_after"`
	// Other are outcomes the host names ("upsold", "nps_change"): numbers,
	// or booleans as 0 and 1. An outcome an account lacks (or NaN) was not
	// observed for it.
	Other map[string]float64 `json:"other,omitempty"`
}

// Row is the outcomes of one group of accounts (a tier, a quadrant, a
// segment, a grade). NRR is revenue after over revenue before; GRR counts
// no account above its revenue before (expansion left out); both are 0
// when the group had no revenue before.
type Row struct {
	Group         string  `json:"group"`
	Accounts      int     `json:"accounts"`
	Churned       int     `json:"churned"`
	ChurnRate     float64 `json:"churn_rate"`
	Expanded      int     `json:"expanded"`
	ExpansionRate float64 `json:"expansion_rate"`
	RevenueBefore float64 `json:"revenue_before"`
	RevenueAfter  float64 `json:"revenue_after"`
	NRR           float64 `json:"nrr"`
	GRR           float64 `json:"grr"`
	// For tiers only, CSM efficiency as the capacity plan computes it,
	// over these accounts: their ARR (the policy's), the CSMs the tier's
	// ratio needs for them, and ARR per CSM.
	ARR       float64 `json:"arr,omitempty"`
	CSMs      int     `json:"csms,omitempty"`
	ARRPerCSM float64 `json:"arr_per_csm,omitempty"`
	// Other is the mean of each named outcome over the accounts of the
	// group that observed it: a rate for a boolean one.
	Other map[string]float64 `json:"other,omitempty"`
}

// Discrimination is how well a score separates the accounts that churned:
// its AUC (below 0.5: lower scores go with churn), with a bootstrap
// interval, and the lift and revenue captured in its top 10%.
type Discrimination struct {
	Score      string   `json:"score"`
	AUC        float64  `json:"auc"`
	CI         Interval `json:"ci"`
	Lift10     float64  `json:"lift_10"`
	Captured10 float64  `json:"captured_10"`
}

// Report is a backtest: the outcomes of a book of assessed accounts, by
// tier, quadrant, segment and grade, and how well the priority and each
// axis separate churn.
type Report struct {
	// Accounts is how many assessments had an outcome; Unrated how many of
	// them were unrated (left out of the groups).
	Accounts int   `json:"accounts"`
	Unrated  int   `json:"unrated"`
	ByTier   []Row `json:"by_tier"` // rank 1 first
	// ChurnMonotone reports whether the churn rate moves one way across the
	// tiers, rank 1 to the last (never up, or never down).
	ChurnMonotone bool             `json:"churn_monotone"`
	ByQuadrant    []Row            `json:"by_quadrant"`
	BySegment     []Row            `json:"by_segment"`
	ByGrade       []Row            `json:"by_grade,omitempty"`
	Churn         []Discrimination `json:"churn"`
	// Saturated is set when a sum went past the largest float64 (revenue
	// of 1e308, +Inf): the sum is capped there, as a capacity plan caps
	// ARR, so that every figure is finite and the report marshals.
	Saturated bool `json:"saturated,omitempty"`
	// Other is the discrimination of each named boolean outcome (every
	// observed value 0 or 1, both present), over the accounts that
	// observed it.
	Other map[string][]Discrimination `json:"other,omitempty"`
}

// Backtest matches assessments with the outcomes of their accounts (by
// ID; accounts without an outcome are left out) and reports them. Revenue
// (and ARR) that is NaN or negative counts as 0 and +Inf as the largest
// float64, as capacity plans count ARR; an Other outcome of ±Inf counts as
// ±the largest float64 (NaN: not observed); sums that overflow are capped
// and set Saturated. Every figure of the report is finite. The
// ladder the assessments were tiered on (Policy.Ladder) gives each tier's
// ratio for the CSM efficiency of the tier rows; with a nil ladder those
// columns are left out. The bootstrap intervals use seed, so the same book
// gives the same report.
func Backtest(assessments []prioritize.Assessment, outcomes []Outcome, ladder *tier.Ladder, seed uint64) Report {
	byID := make(map[string]Outcome, len(outcomes))
	for _, o := range outcomes {
		byID[o.Account] = finiteOutcome(o)
	}
	var r Report
	rated := make([]pair, 0, len(assessments))
	for i := range assessments {
		as := &assessments[i]
		o, ok := byID[as.ID]
		if !ok {
			continue
		}
		r.Accounts++
		if !as.Rated {
			r.Unrated++
			continue
		}
		rated = append(rated, pair{as, o})
	}
	group := func(key func(prioritize.Assessment) (string, bool), order func(a, b string) int) []Row {
		rows := map[string]*sums{}
		for _, p := range rated {
			k, ok := key(*p.as)
			if !ok {
				continue
			}
			if rows[k] == nil {
				rows[k] = &sums{row: Row{Group: k}, sat: &r.Saturated}
			}
			rows[k].add(p.o)
		}
		out := make([]Row, 0, len(rows))
		for _, s := range rows {
			out = append(out, s.finish())
		}
		slices.SortFunc(out, func(a, b Row) int { return order(a.Group, b.Group) })
		return out
	}
	byRank := func(a, b string) int {
		x, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		return cmp.Compare(x, y)
	}
	r.ByTier = group(func(as prioritize.Assessment) (string, bool) { return strconv.Itoa(as.Tier.Rank), true }, byRank)
	r.ByQuadrant = group(func(as prioritize.Assessment) (string, bool) { return as.Quadrant.String(), true }, cmp.Compare[string])
	r.BySegment = group(func(as prioritize.Assessment) (string, bool) { return as.Segment, true }, cmp.Compare[string])
	r.ByGrade = group(func(as prioritize.Assessment) (string, bool) { return as.Grade.String(), as.HasGrade }, cmp.Compare[string])
	r.ChurnMonotone = monotone(r.ByTier)
	type efficiency struct {
		arr float64
		per int
	}
	tiers := map[string]*efficiency{}
	ratio := map[int]int{}
	if ladder != nil {
		for _, t := range ladder.Tiers() {
			ratio[t.Rank] = t.AccountsPerCSM
		}
	}
	for _, p := range rated {
		k := strconv.Itoa(p.as.Tier.Rank)
		if tiers[k] == nil {
			tiers[k] = &efficiency{}
		}
		tiers[k].arr = addSat(tiers[k].arr, revenue(p.as.ARR), &r.Saturated)
		tiers[k].per = ratio[p.as.Tier.Rank]
	}
	for i := range r.ByTier {
		row := &r.ByTier[i]
		if e := tiers[row.Group]; e != nil && e.per > 0 {
			row.ARR, row.CSMs = e.arr, (row.Accounts+e.per-1)/e.per
			row.ARRPerCSM = row.ARR / float64(row.CSMs)
		}
	}
	churned := make([]bool, len(rated))
	revenue := make([]float64, len(rated))
	for i, p := range rated {
		churned[i], revenue[i] = p.o.Churned, p.o.RevenueBefore
	}
	r.Churn = discriminations(rated, func(o Outcome) (bool, bool) { return o.Churned, true }, seed)
	names := map[string]bool{} // the named outcomes that are boolean
	for _, p := range rated {
		for k, v := range p.o.Other {
			if _, seen := names[k]; !seen {
				names[k] = true
			}
			if v == v && v != 0 && v != 1 {
				names[k] = false
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(names)) {
		if !names[k] {
			continue
		}
		ds := discriminations(rated, func(o Outcome) (bool, bool) {
			v, ok := o.Other[k]
			return v == 1, ok && v == v
		}, seed)
		if len(ds) > 0 {
			if r.Other == nil {
				r.Other = map[string][]Discrimination{}
			}
			r.Other[k] = ds
		}
	}
	return r
}

// pair is an assessment (in the caller's slice: an Assessment is large)
// and its account's outcome.
type pair struct {
	as *prioritize.Assessment
	o  Outcome
}

// discriminations reports how well the priority and each axis separate
// the accounts whose outcome is positive, over those where it was
// observed. The three are independent: each is bootstrapped on its own
// goroutine with its own generator, so the report does not depend on the
// scheduling.
func discriminations(rated []pair, outcome func(Outcome) (positive, observed bool), seed uint64) []Discrimination {
	var positive []bool
	var revenue []float64
	var kept []pair
	for _, p := range rated {
		if pos, ok := outcome(p.o); ok {
			positive, revenue, kept = append(positive, pos), append(revenue, p.o.RevenueBefore), append(kept, p)
		}
	}
	scores := []struct {
		name string
		get  func(prioritize.Assessment) float64
		d    Discrimination
		ok   bool
	}{
		{name: "priority", get: func(as prioritize.Assessment) float64 { return as.Priority }},
		{name: "value", get: func(as prioritize.Assessment) float64 { return as.Value }},
		{name: "potential", get: func(as prioritize.Assessment) float64 { return as.Potential }},
	}
	var wg sync.WaitGroup
	for i := range scores {
		s := &scores[i]
		wg.Add(1)
		go func() {
			defer wg.Done()
			xs := make([]float64, len(kept))
			for i, p := range kept {
				xs[i] = s.get(*p.as)
			}
			s.d, s.ok = discriminate(s.name, xs, positive, revenue, seed)
		}()
	}
	wg.Wait()
	var out []Discrimination
	for _, s := range scores {
		if s.ok {
			out = append(out, s.d)
		}
	}
	return out
}

// sums adds a group's outcomes up; seen counts the accounts that observed
// each named outcome.
type sums struct {
	row  Row
	kept float64 // revenue kept: never above the revenue before
	seen map[string]int
	sat  *bool // the report's Saturated
}

// revenue is a revenue or ARR as the figures count it: NaN and negative
// as 0, +Inf as the largest float64.
func revenue(x float64) float64 {
	if !(x > 0) {
		return 0
	}
	return min(x, math.MaxFloat64)
}

// addSat adds, capping at ±the largest float64 and noting it in sat.
func addSat(a, b float64, sat *bool) float64 {
	s := a + b
	switch {
	case s > math.MaxFloat64:
		*sat = true
		return math.MaxFloat64
	case s < -math.MaxFloat64:
		*sat = true
		return -math.MaxFloat64
	}
	return s
}

// ratioSat is a / b (b > 0), capped at the largest float64.
func ratioSat(a, b float64, sat *bool) float64 {
	r := a / b
	if r > math.MaxFloat64 {
		*sat = true
		return math.MaxFloat64
	}
	return r
}

// finiteOutcome is o with its revenue as the figures count it and its
// other outcomes finite (NaN kept: not observed).
func finiteOutcome(o Outcome) Outcome {
	o.RevenueBefore, o.RevenueAfter = revenue(o.RevenueBefore), revenue(o.RevenueAfter)
	for _, v := range o.Other {
		if math.IsInf(v, 0) {
			other := maps.Clone(o.Other) // the caller's map is not changed
			for k, v := range other {
				if math.IsInf(v, 0) {
					other[k] = math.Copysign(math.MaxFloat64, v)
				}
			}
			o.Other = other
			break
		}
	}
	return o
}

func (s *sums) add(o Outcome) {
	row := &s.row
	row.Accounts++
	if o.Churned {
		row.Churned++
	}
	if o.Expanded {
		row.Expanded++
	}
	row.RevenueBefore = addSat(row.RevenueBefore, o.RevenueBefore, s.sat)
	row.RevenueAfter = addSat(row.RevenueAfter, o.RevenueAfter, s.sat)
	s.kept = addSat(s.kept, min(o.RevenueAfter, o.RevenueBefore), s.sat)
	for k, v := range o.Other {
		if v == v {
			if row.Other == nil {
				row.Other, s.seen = map[string]float64{}, map[string]int{}
			}
			row.Other[k] = addSat(row.Other[k], v, s.sat)
			s.seen[k]++
		}
	}
}

func (s *sums) finish() Row {
	row := s.row
	n := float64(row.Accounts)
	row.ChurnRate, row.ExpansionRate = float64(row.Churned)/n, float64(row.Expanded)/n
	if row.RevenueBefore > 0 {
		row.NRR, row.GRR = ratioSat(row.RevenueAfter, row.RevenueBefore, s.sat), s.kept/row.RevenueBefore
	}
	for k, c := range s.seen {
		row.Other[k] /= float64(c)
	}
	return row
}

// monotone reports whether the churn rates never rise or never fall.
func monotone(rows []Row) bool {
	up, down := true, true
	for i := 1; i < len(rows); i++ {
		up = up && rows[i].ChurnRate >= rows[i-1].ChurnRate
		down = down && rows[i].ChurnRate <= rows[i-1].ChurnRate
	}
	return up || down
}

func discriminate(name string, scores []float64, positive []bool, revenue []float64, seed uint64) (Discrimination, bool) {
	auc, ok := AUC(scores, positive)
	if !ok {
		return Discrimination{}, false
	}
	d := Discrimination{Score: name, AUC: auc}
	var ok2 bool
	if d.Lift10, d.Captured10, ok2 = Lift(scores, positive, revenue, 0.1); !ok2 { // no revenue: lift alone
		d.Lift10, _, _ = Lift(scores, positive, nil, 0.1)
	}
	r := newRanked(scores, positive)
	// A resample draws n accounts; drawn by place in the sorted order
	// (places past the last are the NaN scores, left out) it has the same
	// law as drawn by index, and the increments need no lookup.
	counts := make([]int32, len(r.pos))
	d.CI, _ = Bootstrap(len(scores), 200, seed, 0.95, func(idx []int) (float64, bool) {
		clear(counts)
		for _, k := range idx {
			if k < len(counts) {
				counts[k]++
			}
		}
		return r.auc(counts)
	})
	return d, true
}

// ranked is a book sorted once by score, so that the AUC of a bootstrap
// resample (given as how many times each account was drawn) takes one
// sequential pass instead of a sort: O(n) a round rather than O(n log n).
type ranked struct {
	order  []int   // the accounts with a score (not NaN), ascending by score
	pos    []uint8 // 1 for a positive, in the sorted order
	groups []int   // places groups[g] to groups[g+1] share one score
}

func newRanked(scores []float64, positive []bool) ranked {
	order := make([]int, 0, len(scores))
	for i, s := range scores {
		if s == s {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Or(cmp.Compare(scores[a], scores[b]), cmp.Compare(a, b)) })
	r := ranked{order: order, pos: make([]uint8, len(order))}
	for k, i := range order {
		if positive[i] {
			r.pos[k] = 1
		}
		if k == 0 || scores[i] != scores[order[k-1]] {
			r.groups = append(r.groups, k)
		}
	}
	r.groups = append(r.groups, len(order))
	return r
}

// auc is the AUC of the sample in which the account at place k of the
// sorted order appears counts[k] times: each positive scores a whole pair
// over every negative below its score and half a pair over each negative
// tied with it. It equals AUC of the materialized sample.
func (r ranked) auc(counts []int32) (float64, bool) {
	var pairs, below, npos, nneg float64
	for g := 0; g+1 < len(r.groups); g++ {
		var p, all int64 // without a branch: the outcomes are random
		for k := r.groups[g]; k < r.groups[g+1]; k++ {
			c := int64(counts[k])
			p += c * int64(r.pos[k])
			all += c
		}
		fp, fn := float64(p), float64(all-p)
		pairs += fp*below + fp*fn/2
		below += fn
		npos += fp
		nneg += fn
	}
	if npos == 0 || nneg == 0 {
		return 0, false
	}
	return pairs / (npos * nneg), true
}

// Move is an account whose tier differs between two policies, with the
// factor whose contribution to priority changed most.
type Move struct {
	Account string  `json:"account"`
	From    int     `json:"from"`
	To      int     `json:"to"`
	Factor  string  `json:"factor,omitempty"`
	Impact  float64 `json:"impact,omitempty"`
}

// WhatIf compares two policies over the same book of accounts.
type WhatIf struct {
	// Old and New are the policies' identities (a document's fingerprint).
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Transitions[i][j] counts the accounts in tier rank i under the old
	// policy and j under the new (0: unrated).
	Transitions [][]int `json:"transitions"`
	// Moves are the accounts whose tier changed, the largest move first.
	Moves []Move `json:"moves"`
	// Entered and Left are the accounts that enter and leave the top k by
	// priority.
	Entered []string `json:"entered"`
	Left    []string `json:"left"`
	// Spearman is the rank correlation of the two priorities.
	Spearman float64 `json:"spearman"`
	// OldPlan and NewPlan are the capacity plans of the two rankings.
	OldPlan tier.Plan `json:"old_plan"`
	NewPlan tier.Plan `json:"new_plan"`
}

// Compare assesses accounts under both policies and reports what would
// change: the tier transitions, the accounts that move (with the factor
// that moved each most), who enters and leaves the top k, the rank
// correlation of the priorities, and the capacity plans.
func Compare[A any](old, new *prioritize.Policy[A], accounts []A, k int) WhatIf {
	w := WhatIf{Old: old.Identity(), New: new.Identity()}
	ranks := max(len(old.Ladder().Tiers()), len(new.Ladder().Tiers())) + 1
	w.Transitions = make([][]int, ranks)
	for i := range w.Transitions {
		w.Transitions[i] = make([]int, ranks)
	}
	before, after := make([]prioritize.Assessment, len(accounts)), make([]prioritize.Assessment, len(accounts))
	pb, pa := make([]float64, len(accounts)), make([]float64, len(accounts))
	for i, a := range accounts {
		before[i], after[i] = old.Assess(a), new.Assess(a)
		pb[i], pa[i] = priority(before[i]), priority(after[i])
		f, t := before[i].Tier.Rank, after[i].Tier.Rank
		if f < ranks && t < ranks {
			w.Transitions[f][t]++
		}
		if f != t {
			m := Move{Account: before[i].ID, From: f, To: t}
			m.Factor, m.Impact = movedMost(old.Explain(a, nil, 0).Explanation, new.Explain(a, nil, 0).Explanation)
			w.Moves = append(w.Moves, m)
		}
	}
	slices.SortFunc(w.Moves, func(a, b Move) int {
		return cmp.Or(cmp.Compare(absInt(b.To-b.From), absInt(a.To-a.From)), cmp.Compare(a.Account, b.Account))
	})
	w.Spearman, _ = Spearman(pb, pa)
	topB, topA := top(before, k), top(after, k)
	for id := range topA {
		if !topB[id] {
			w.Entered = append(w.Entered, id)
		}
	}
	for id := range topB {
		if !topA[id] {
			w.Left = append(w.Left, id)
		}
	}
	slices.Sort(w.Entered)
	slices.Sort(w.Left)
	w.OldPlan, w.NewPlan = old.Plan(before), new.Plan(after)
	return w
}

func priority(as prioritize.Assessment) float64 {
	if !as.Rated {
		return math.NaN()
	}
	return as.Priority
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// top returns the IDs of the k best-ranked assessments.
func top(as []prioritize.Assessment, k int) map[string]bool {
	sorted := slices.Clone(as)
	slices.SortFunc(sorted, prioritize.Compare)
	out := map[string]bool{}
	for _, a := range sorted[:min(k, len(sorted))] {
		out[a.ID] = true
	}
	return out
}

// movedMost returns the leaf whose contribution to the root changed most
// between two explanations (a leaf of only one counts from 0).
func movedMost(before, after *score.Explanation) (string, float64) {
	contrib := func(e *score.Explanation) map[string]float64 {
		m := map[string]float64{}
		if e != nil {
			e.Leaves(func(path string, scale float64, l score.Explanation) bool {
				m[path] = scale * l.Contribution
				return true
			})
		}
		return m
	}
	b, a := contrib(before), contrib(after)
	best, impact := "", 0.0
	for _, path := range slices.Sorted(func(yield func(string) bool) {
		seen := map[string]bool{}
		for _, m := range []map[string]float64{b, a} {
			for k := range m {
				if !seen[k] {
					seen[k] = true
					if !yield(k) {
						return
					}
				}
			}
		}
	}) {
		if d := a[path] - b[path]; math.Abs(d) > math.Abs(impact) {
			best, impact = path, d
		}
	}
	return best, impact
}
