package prioritize

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
)

// RankOptions configures [Policy.Rank]. The zero value means the defaults.
type RankOptions struct {
	// Workers is how many goroutines assess accounts; 0 means GOMAXPROCS.
	Workers int
	// Duplicates says what Rank does with accounts whose IDs are empty or
	// shared (they would share trigger cooldowns and be confused in
	// reports): report them (the default) or reject the portfolio.
	Duplicates Duplicates
	// Reasons, when above 0, gives every rated assessment the Reasons
	// factors that pull its priority furthest up and down (Up, Down)
	// against Reference, computed in the ranking's own parallel pass: each
	// account is explained once, and its tree is dropped after. A nil
	// Reference means the portfolio's medians (score.Medians of every
	// account's explanation), computed in the same pass.
	Reasons   int
	Reference map[string]float64
	// OnReference, when set, receives the reference the reasons were
	// given against (the medians, when Reference is nil), for explaining
	// single accounts against the same reference later.
	OnReference func(map[string]float64)
}

// Duplicates is what [Policy.Rank] does with duplicate or empty account IDs.
type Duplicates int

const (
	// ReportDuplicates ranks every account and returns, with the ranking,
	// an error wrapping [ErrDuplicateID] that names the IDs.
	ReportDuplicates Duplicates = iota
	// RejectDuplicates returns no ranking, only the error.
	RejectDuplicates
)

// ErrDuplicateID is wrapped by the error of [Policy.Rank] when accounts
// share an ID or have none.
var ErrDuplicateID = errors.New("duplicate or empty account IDs")

// chunk is how many accounts a worker takes at a time: large enough that
// handing out work costs little, small enough to balance the load and to
// notice cancellation soon.
const chunk = 1024

// Rank assesses every account, in parallel over opts.Workers goroutines,
// and returns the assessments sorted by [Compare]: rated accounts by priority,
// highest first, ties broken by ID; unrated accounts last, by ID. The
// result does not depend on the number of workers. A nil account is
// unrated, with the reason. Accounts whose IDs are empty or shared are
// reported (or rejected) as opts.Duplicates says, with an error wrapping
// [ErrDuplicateID]. If ctx is cancelled, Rank stops soon and returns
// ctx.Err(). A panic in the policy's own scorers reaches the caller's
// goroutine, whatever the number of workers.
func (p *Policy[A]) Rank(ctx context.Context, accounts []A, opts RankOptions) ([]Assessment, error) {
	if !p.built() {
		return nil, ErrNotBuilt
	}
	out := make([]Assessment, len(accounts))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, (len(accounts)+chunk-1)/chunk)
	assess := func(i int) {
		out[i] = p.Assess(accounts[i])
		out[i].Index = i
	}
	if opts.Reasons > 0 {
		assess = func(i int) {
			out[i] = p.Explain(accounts[i], nil, 0)
			out[i].Index = i
		}
	}
	if err := parallel(ctx, len(accounts), workers, assess); err != nil {
		return nil, err
	}
	if opts.Reasons > 0 {
		ref := opts.Reference
		if ref == nil {
			trees := make([]score.Explanation, 0, len(out))
			for i := range out {
				if out[i].Explanation != nil {
					trees = append(trees, *out[i].Explanation)
				}
			}
			ref = score.Medians(trees)
		}
		reasons := func(i int) {
			if e := out[i].Explanation; e != nil && out[i].Rated {
				out[i].Up, out[i].Down = score.Reasons(*e, ref, opts.Reasons)
			}
			out[i].Explanation = nil
		}
		if err := parallel(ctx, len(out), workers, reasons); err != nil {
			return nil, err
		}
		if opts.OnReference != nil {
			opts.OnReference(ref)
		}
	}
	err := duplicateIDs(out)
	if err != nil && opts.Duplicates == RejectDuplicates {
		return nil, err
	}
	return sortAssessments(out, workers), err
}

// parallel calls f(i) for every i in [0, n), over workers goroutines, in
// chunks. It returns ctx.Err() if ctx is cancelled (checked between
// chunks), and re-panics in the caller's goroutine if f panics.
func parallel(ctx context.Context, n, workers int, f func(i int)) error {
	if workers <= 1 {
		for i := range n {
			if i%chunk == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			f(i)
		}
		return nil
	}
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	var panicked any
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					mu.Lock()
					panicked, next = r, n // stop the others
					mu.Unlock()
				}
			}()
			for ctx.Err() == nil {
				mu.Lock()
				lo := next
				next += chunk
				mu.Unlock()
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					f(i)
				}
			}
		}()
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
	return ctx.Err()
}

// duplicateIDs returns an error naming the IDs that are empty or shared
// (the first ten), or nil.
func duplicateIDs(as []Assessment) error {
	ids := make([]string, 0, len(as))
	for i := range as {
		if as[i].Unrated != unratedNil { // a nil account is reported as such
			ids = append(ids, as[i].ID)
		}
	}
	slices.Sort(ids)
	var dup []string
	empty, shared := 0, 0
	for i, id := range ids {
		switch {
		case id == "":
			empty++
		case i > 0 && ids[i-1] == id:
			shared++
			if len(dup) < 10 && (len(dup) == 0 || dup[len(dup)-1] != id) {
				dup = append(dup, id)
			}
		}
	}
	if empty == 0 && shared == 0 {
		return nil
	}
	var msg []string
	if shared > 0 {
		msg = append(msg, fmt.Sprintf("%d accounts repeat an ID (%s)", shared, strings.Join(dup, ", ")))
	}
	if empty > 0 {
		msg = append(msg, fmt.Sprintf("%d accounts have no ID", empty))
	}
	return fmt.Errorf("prioritize: %w: %s", ErrDuplicateID, strings.Join(msg, "; "))
}

// sortKey is what an assessment sorts by, and where it is.
type sortKey struct {
	rated    bool
	priority float64
	id       string
	i        int // the last tie-break, so that the order is total
}

func compareKeys(a, b sortKey) int {
	if a.rated != b.rated {
		if a.rated {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(b.priority, a.priority); c != 0 { // not cmp.Or: it would compare the IDs every time
		return c
	}
	if c := strings.Compare(a.id, b.id); c != 0 {
		return c
	}
	return cmp.Compare(a.i, b.i)
}

// sortAssessments returns as sorted by Compare, sorting over workers
// goroutines. An Assessment is a few hundred bytes, so it sorts small keys
// and then copies each assessment once into its place (a copy in order is
// faster than moving them in place along the permutation's cycles). The
// order is total (equal assessments keep their input order), so it does not
// depend on the number of workers.
func sortAssessments(as []Assessment, workers int) []Assessment {
	keys := make([]sortKey, len(as))
	for i := range as {
		keys[i] = sortKey{as[i].Rated, as[i].Priority, as[i].ID, i}
	}
	depth := 0
	for w := workers; w > 1; w /= 2 {
		depth++
	}
	parallelSort(keys, make([]sortKey, len(keys)), depth)
	out := make([]Assessment, len(as))
	if workers <= 1 {
		for j, k := range keys {
			out[j] = as[k.i]
		}
		return out
	}
	part := (len(keys) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(keys); lo += part {
		hi := min(lo+part, len(keys))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := lo; j < hi; j++ {
				out[j] = as[keys[j].i]
			}
		}()
	}
	wg.Wait()
	return out
}

// parallelSort sorts keys with a merge sort whose halves are sorted on
// their own goroutines, depth levels deep; buf is scratch of the same size.
func parallelSort(keys, buf []sortKey, depth int) {
	if depth == 0 || len(keys) < 2*chunk {
		slices.SortFunc(keys, compareKeys)
		return
	}
	mid := len(keys) / 2
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		parallelSort(keys[:mid], buf[:mid], depth-1)
	}()
	parallelSort(keys[mid:], buf[mid:], depth-1)
	wg.Wait()
	a, b, k := keys[:mid], keys[mid:], 0
	for len(a) > 0 && len(b) > 0 {
		if compareKeys(b[0], a[0]) < 0 {
			buf[k], b = b[0], b[1:]
		} else {
			buf[k], a = a[0], a[1:]
		}
		k++
	}
	k += copy(buf[k:], a)
	copy(buf[k:], b)
	copy(keys, buf)
}

// Compare orders assessments for ranking: rated before unrated, then higher
// priority first, then by ID. It returns a negative number when a comes
// first, as slices.SortFunc wants.
func Compare(a, b Assessment) int {
	if a.Rated != b.Rated {
		if a.Rated {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(b.Priority, a.Priority); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// Stream assesses the accounts of seq one by one, in order, and yields each
// assessment; memory stays flat however many accounts there are, so it
// does not check IDs (Rank does). A nil account is unrated, with the
// reason. It stops
// when ctx is cancelled, yielding ctx.Err() once.
func (p *Policy[A]) Stream(ctx context.Context, seq iter.Seq[A]) iter.Seq2[Assessment, error] {
	return func(yield func(Assessment, error) bool) {
		if !p.built() {
			yield(Assessment{}, ErrNotBuilt)
			return
		}
		i := 0
		for a := range seq {
			if err := ctx.Err(); err != nil {
				yield(Assessment{}, err)
				return
			}
			as := p.Assess(a)
			as.Index = i
			if !yield(as, nil) {
				return
			}
			i++
		}
	}
}

// Top returns the k best-ranked assessments of the accounts of seq, in
// [Compare] order, keeping only k in memory.
func (p *Policy[A]) Top(ctx context.Context, seq iter.Seq[A], k int) ([]Assessment, error) {
	if k <= 0 {
		return nil, nil
	}
	h := &worstFirst{}
	for as, err := range p.Stream(ctx, seq) {
		if err != nil {
			return nil, err
		}
		switch {
		case h.Len() < k:
			heap.Push(h, as)
		case Compare(as, (*h)[0]) < 0:
			(*h)[0] = as
			heap.Fix(h, 0)
		}
	}
	out := []Assessment(*h)
	slices.SortFunc(out, Compare)
	return out, nil
}

// worstFirst is a heap whose root is the worst-ranked assessment.
type worstFirst []Assessment

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return Compare(h[i], h[j]) > 0 }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(Assessment)) }
func (h *worstFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// Plan returns the capacity plan of assessed accounts: CSMs per tier, and
// managed ARR when the policy reports ARR. Unrated accounts are counted as
// such.
func (p *Policy[A]) Plan(assessments []Assessment) tier.Plan {
	if !p.built() {
		return tier.Plan{}
	}
	as := make([]tier.Assignment, len(assessments))
	for i, a := range assessments {
		as[i] = tier.Assignment{Rank: a.Tier.Rank, ARR: a.ARR}
	}
	if p.cfg.ARR == nil {
		counts := map[int]int{}
		for _, a := range as {
			counts[a.Rank]++
		}
		return p.ladder.Plan(counts)
	}
	return p.ladder.PlanARR(as)
}
