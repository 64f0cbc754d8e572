package main

import (
	"cmp"
	"container/heap"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/par"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
)

// Ranking a book as it is read. rank (run.go) shows the first -top
// accounts of the ranking, or all of them, and the capacity plan of every
// one: the records need not stay in memory once assessed. The reader
// hands batches of records to one worker per core; each worker keeps the
// assessments of the accounts that may be shown (a heap of the best
// -top), and of every other account an entry of 40 bytes and its ID,
// which is what the plan, a filling by the CSMs one has and the ID check
// need, and the ratings of its explanation for the portfolio's medians
// when there are reasons to give. The result is Rank's, byte for byte:
// the same order (Compare's, then the input's), the same reasons and the
// same plan, summed in the same order. Rank's ID check has nothing to
// find: the reader rejects a row without an ID or with an ID read before.

// batch is how many records the reader hands a worker at a time.
const batch = 1024

// entry is an account's place in the ranking.
type entry struct {
	priority, arr float64
	off           uint64 // the ID: ids[off : off+n]
	n, index      uint32 // a book of up to 2^32 rows, an ID of up to 4 GB
	tier          int32
	rated         bool
}

func (a *entry) id(ids string) string { return ids[a.off : a.off+uint64(a.n)] }

// compareEntries is Compare, then the input's order.
func compareEntries(a, b *entry, ids string) int {
	if a.rated != b.rated {
		if a.rated {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(b.priority, a.priority); c != 0 {
		return c
	}
	if c := strings.Compare(a.id(ids), b.id(ids)); c != 0 {
		return c
	}
	return cmp.Compare(a.index, b.index)
}

// shown is an assessment that may be shown, with its account's record
// (for its reasons) or, when no reasons are asked, only its name.
type shown struct {
	as   prioritize.Assessment
	rec  policydoc.Record
	name string
}

func compareShown(a, b *shown) int {
	if c := prioritize.Compare(a.as, b.as); c != 0 {
		return c
	}
	return cmp.Compare(a.as.Index, b.as.Index)
}

// best is a heap of the best k assessments, the worst at its root.
type best []shown

func (h best) Len() int           { return len(h) }
func (h best) Less(i, j int) bool { return compareShown(&h[i], &h[j]) > 0 }
func (h best) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *best) Push(x any)        { *h = append(*h, x.(shown)) }
func (h *best) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// streamWorker is one worker's share of the ranking.
type streamWorker struct {
	policy  *prioritize.Policy[policydoc.Record]
	top     int    // keep the best top; 0: keep every assessment
	reasons bool   // reasons are asked: keep the records shown, gather ratings
	want    string // an ID whose account and record are kept too
	wanted  *shown
	kept    best
	entries []entry
	ids     []byte
	ratings score.Ratings
	tally   tallier
}

func (w *streamWorker) assess(start int, recs []policydoc.Record) {
	for j, rec := range recs {
		var as prioritize.Assessment
		if w.reasons {
			as = w.policy.Explain(rec, nil, 0)
			if as.Explanation != nil {
				w.ratings.Add(*as.Explanation)
				as.Explanation = nil
			}
		} else {
			as = w.policy.Assess(rec)
		}
		as.Index = start + j
		w.tally.add(&as)
		e := entry{priority: as.Priority, arr: as.ARR, off: uint64(len(w.ids)), n: uint32(len(as.ID)),
			index: uint32(as.Index), tier: int32(as.Tier.Rank), rated: as.Rated}
		w.ids = append(w.ids, as.ID...)
		w.entries = append(w.entries, e)
		if w.want != "" && as.ID == w.want { // IDs are unique: the reader rejects a repeated one
			w.wanted = &shown{as: as, rec: rec}
		}
		w.keep(as, rec)
	}
}

// keep keeps as if it may be shown. The strings kept are copied: a
// record's strings share the memory of its whole row.
func (w *streamWorker) keep(as prioritize.Assessment, rec policydoc.Record) {
	s := shown{as: as}
	if w.top > 0 && len(w.kept) == w.top && compareShown(&s, &w.kept[0]) >= 0 {
		return
	}
	s.as.ID = strings.Clone(as.ID)
	if w.reasons {
		s.rec = rec
	} else if name, ok := rec["name"].(string); ok {
		s.name = strings.Clone(name)
	}
	switch {
	case w.top == 0:
		w.kept = append(w.kept, s)
	case len(w.kept) < w.top:
		heap.Push(&w.kept, s)
	default:
		w.kept[0] = s
		heap.Fix(&w.kept, 0)
	}
}

// streamed is a book ranked as it was read.
type streamed struct {
	shown   []prioritize.Assessment // the first top of the ranking, or all of it
	entries []entry                 // every account, in rank order
	ids     string                  // the entries' IDs
	tally   tally
	medians map[string]float64 // when reasons were asked
	// wanted is the account of the ID asked for, with its record, and
	// place its place in the ranking (0 first); nil if no account has it.
	wanted *shown
	place  int
}

// stream reads the book and ranks it as it goes, over one worker per
// core: shown holds the first top of the ranking (every account when top
// is 0), each with its reasons against the portfolio's medians when
// reasons is above 0; with want not "", wanted is the account of that ID,
// shown or not. b.records stays nil: b.names has the names of the
// accounts shown (and wanted), and b.sample the accounts the warnings
// explain.
func (in *inputs) stream(e *env, top, reasons int, want string) (*book, *streamed, error) {
	n := runtime.GOMAXPROCS(0)
	type job struct {
		start int
		recs  []policydoc.Record
	}
	jobs := make(chan job, 2*n)
	workers := make([]*streamWorker, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var panicked any
	started := false
	start := func(b *book) {
		started = true
		for i := range workers {
			w := &streamWorker{policy: b.policy, top: top, reasons: reasons > 0, want: want}
			workers[i] = w
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() {
					if r := recover(); r != nil {
						mu.Lock()
						panicked = r
						mu.Unlock()
						for range jobs { // let the reader finish
						}
					}
				}()
				for j := range jobs {
					w.assess(j.start, j.recs)
				}
			}()
		}
	}
	var cur []policydoc.Record
	next := 0 // the index of cur's first record
	var sample []policydoc.Record
	step := 1
	b, err := in.read(e, "ranking", func(b *book, rec policydoc.Record) { // assessed as read
		if !started {
			start(b)
		}
		// The warnings' sample: every step-th account, the step doubling
		// whenever the sample reaches twice its size, so that it holds
		// sampleSize to twice as many, spread over the whole book.
		if i := next + len(cur); i%step == 0 {
			sample = append(sample, rec)
			if len(sample) == 2*sampleSize {
				for k := range sampleSize {
					sample[k] = sample[2*k]
				}
				clear(sample[sampleSize:])
				sample, step = sample[:sampleSize], 2*step
			}
		}
		cur = append(cur, rec)
		if len(cur) == batch {
			jobs <- job{next, cur}
			next, cur = next+len(cur), make([]policydoc.Record, 0, batch)
		}
	})
	if started {
		if len(cur) > 0 {
			jobs <- job{next, cur}
		}
		close(jobs)
		wg.Wait()
	}
	if panicked != nil {
		panic(panicked)
	}
	if err != nil {
		return nil, nil, err
	}
	b.sample, b.names = sample, map[int]string{}
	s := &streamed{}
	var all best
	var t tallier
	var ratings score.Ratings
	var parts [][]entry
	var ids []string
	for _, w := range workers {
		if w == nil {
			continue
		}
		all = append(all, w.kept...)
		t.merge(&w.tally)
		ratings.Merge(&w.ratings)
		parts = append(parts, w.entries)
		ids = append(ids, string(w.ids))
		if w.wanted != nil {
			s.wanted = w.wanted
		}
	}
	s.tally = t.tally()
	s.entries, s.ids = mergeEntries(parts, ids)
	if s.wanted != nil {
		i := s.wanted.as.Index
		s.place = slices.IndexFunc(s.entries, func(e entry) bool { return int(e.index) == i })
		if name, _ := s.wanted.rec["name"].(string); name != "" {
			b.names[i] = name
		}
	}
	if top > 0 {
		slices.SortFunc(all, func(a, b shown) int { return compareShown(&a, &b) })
		if len(all) > top {
			clear(all[top:])
			all = all[:top]
		}
	} else {
		// Every account is kept: put them in the entries' order, each
		// moved once.
		at := make([]int32, len(all))
		for i := range all {
			at[all[i].as.Index] = int32(i)
		}
		sorted := make(best, len(all))
		for i := range s.entries {
			sorted[i] = all[at[s.entries[i].index]]
		}
		all = sorted
	}
	if reasons > 0 {
		s.medians = ratings.Medians()
		explainShown(b.policy, all, s.medians, reasons, n)
	}
	s.shown = make([]prioritize.Assessment, len(all))
	for i := range all {
		s.shown[i] = all[i].as
		name := all[i].name
		if all[i].rec != nil {
			name, _ = all[i].rec["name"].(string)
		}
		if name != "" {
			b.names[all[i].as.Index] = name
		}
	}
	return b, s, nil
}

// explainShown gives the rated accounts shown their reasons, over n
// goroutines.
func explainShown(p *prioritize.Policy[policydoc.Record], all []shown, medians map[string]float64, k, n int) {
	par.Parts(len(all), n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if all[i].as.Rated {
				all[i].as.Reasons = p.Explain(all[i].rec, medians, k).Reasons
			}
		}
	})
}

// mergeEntries sorts each worker's entries on its own goroutine and
// merges them into one ranking, with one string of the IDs.
func mergeEntries(parts [][]entry, ids []string) ([]entry, string) {
	var wg sync.WaitGroup
	for i := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slices.SortFunc(parts[i], func(a, b entry) int { return compareEntries(&a, &b, ids[i]) })
		}()
	}
	wg.Wait()
	total, size := 0, 0
	base := make([]uint64, len(parts))
	for i := range parts {
		total += len(parts[i])
		base[i] = uint64(size)
		size += len(ids[i])
	}
	all := strings.Join(ids, "")
	for i := range parts {
		for j := range parts[i] {
			parts[i][j].off += base[i]
		}
	}
	out := make([]entry, 0, total)
	pos := make([]int, len(parts))
	for len(out) < total {
		k := -1
		for i := range parts {
			if pos[i] < len(parts[i]) && (k < 0 || compareEntries(&parts[i][pos[i]], &parts[k][pos[k]], all) < 0) {
				k = i
			}
		}
		out = append(out, parts[k][pos[k]])
		pos[k]++
	}
	return out, all
}

// plan is the capacity plan of every account, as Policy.Plan gives it:
// the ARR summed in rank order.
func (s *streamed) plan(p *prioritize.Policy[policydoc.Record]) tier.Plan {
	if p.Config().ARR == nil {
		counts := map[int]int{}
		for i := range s.entries {
			counts[int(s.entries[i].tier)]++
		}
		return p.Ladder().Plan(counts)
	}
	as := make([]tier.Assignment, len(s.entries))
	for i := range s.entries {
		as[i] = tier.Assignment{Rank: int(s.entries[i].tier), ARR: s.entries[i].arr}
	}
	return p.Ladder().PlanARR(as)
}

// fill is Policy.Fill over every account.
func (s *streamed) fill(p *prioritize.Policy[policydoc.Record], staff tier.Staff) (tier.Filling, error) {
	cands := make([]tier.Candidate, len(s.entries))
	for i := range s.entries {
		cands[i] = tier.Candidate{Priority: math.NaN(), ARR: s.entries[i].arr}
		if s.entries[i].rated {
			cands[i].Priority = s.entries[i].priority
		}
	}
	return p.Ladder().Fill(staff, cands)
}
