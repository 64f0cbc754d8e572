package prioritize

import (
	"cmp"
	"container/heap"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"iter"
	"math"
	"math/bits"
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
	// A negative Workers or Reasons is an error ([ErrOptions]).
	Workers int
	// Duplicates says what Rank does with accounts whose IDs are empty or
	// shared (they would share trigger cooldowns and be confused in
	// reports): report them (the default) or reject the portfolio.
	Duplicates Duplicates
	// Reasons, when above 0, gives every rated assessment the Reasons
	// factors that pull its priority furthest up and down against
	// Reference (Assessment.Reasons), computed in the ranking's own
	// parallel pass. A nil Reference means the portfolio's medians
	// (score.Medians of every account's explanation): they are collected
	// in the same pass, and a second parallel pass explains each rated
	// account again against them. No explanation tree is kept: the memory
	// is the ranking's and 8 bytes per factor per account.
	Reasons   int
	Reference map[string]float64
	// ReasonsTop, when above 0, gives reasons only to the first ReasonsTop
	// assessments of the ranking (those a host shows), the others none:
	// the medians still come from every account, and each reason is the
	// one a full ranking gives it, for a fraction of the cost. A negative
	// ReasonsTop is an error.
	ReasonsTop int
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

// ErrOptions is wrapped by the error of [Policy.Rank] for options it
// cannot honour: negative Workers or Reasons, an unknown Duplicates.
var ErrOptions = errors.New("invalid options")

// validate reports the options Rank cannot honour, every one at once.
func (o RankOptions) validate() error {
	var errs []error
	if o.Workers < 0 {
		errs = append(errs, fmt.Errorf("prioritize: %w: Workers is %d: give 0 (GOMAXPROCS) or more", ErrOptions, o.Workers))
	}
	if o.Reasons < 0 {
		errs = append(errs, fmt.Errorf("prioritize: %w: Reasons is %d: give 0 (none) or more", ErrOptions, o.Reasons))
	}
	if o.ReasonsTop < 0 {
		errs = append(errs, fmt.Errorf("prioritize: %w: ReasonsTop is %d: give 0 (every account) or more", ErrOptions, o.ReasonsTop))
	}
	if o.Duplicates != ReportDuplicates && o.Duplicates != RejectDuplicates {
		errs = append(errs, fmt.Errorf("prioritize: %w: Duplicates is %d: ReportDuplicates or RejectDuplicates", ErrOptions, o.Duplicates))
	}
	return errors.Join(errs...)
}

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
	if err := opts.validate(); err != nil {
		return nil, err
	}
	out := make([]Assessment, len(accounts))
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, (len(accounts)+chunk-1)/chunk)
	// keys is scratch: first each ID's hash, for the ID check, then the
	// ranking's sort keys.
	keys := make([]uint64, len(accounts))
	ids := newIDKeys(len(accounts))
	ref := opts.Reference
	// The reasons need each account's explanation tree, and a reference:
	// the portfolio's medians unless given. The trees are not kept: the
	// medians are collected from them in the ranking's pass (8 bytes per
	// leaf), and a second pass explains each rated account again against
	// them (a Policy is a value: the same tree).
	top := opts.ReasonsTop > 0 && opts.ReasonsTop < len(out) // reasons for the first ReasonsTop only, after the sort
	var ratings []score.Ratings
	if opts.Reasons > 0 && ref == nil {
		ratings = make([]score.Ratings, max(workers, 1))
	}
	assess := func(w, i int) {
		p.assess(accounts[i], &out[i])
		out[i].Index = i
		keys[i] = ids.key(&out[i], i)
		switch {
		case opts.Reasons <= 0:
		case ratings != nil:
			if !p.isNil(accounts[i]) {
				ratings[w].Add(p.tree(accounts[i], out[i]))
			}
		case out[i].Rated && !top:
			out[i].Reasons = reasons(p.tree(accounts[i], out[i]), ref, opts.Reasons)
		}
	}
	if err := parallel(ctx, len(accounts), workers, assess); err != nil {
		return nil, err
	}
	if ratings != nil {
		for w := 1; w < len(ratings); w++ {
			ratings[0].Merge(&ratings[w])
		}
		ref = ratings[0].Medians()
		if !top {
			explain := func(_, i int) {
				if out[i].Rated {
					out[i].Reasons = reasons(p.tree(accounts[i], out[i]), ref, opts.Reasons)
				}
			}
			if err := parallel(ctx, len(accounts), workers, explain); err != nil {
				return nil, err
			}
		}
	}
	if opts.Reasons > 0 && opts.OnReference != nil {
		opts.OnReference(ref)
	}
	buf := make([]uint64, len(out)) // the sorts' scratch
	err := ids.check(out, keys, buf, workers)
	if err != nil && opts.Duplicates == RejectDuplicates {
		return nil, err
	}
	rankSort(out, keys, buf, depth(workers))
	if opts.Reasons > 0 && top {
		shown := out[:opts.ReasonsTop]
		explain := func(_, i int) {
			if as := &shown[i]; as.Rated {
				as.Reasons = reasons(p.tree(accounts[as.Index], *as), ref, opts.Reasons)
			}
		}
		if perr := parallel(ctx, len(shown), min(workers, (len(shown)+chunk-1)/chunk), explain); perr != nil {
			return nil, perr
		}
	}
	return out, err
}

// parallel calls f(w, i) for every i in [0, n), over workers goroutines
// (w in [0, workers) is the goroutine's), in chunks. It returns ctx.Err() if ctx is cancelled (checked between
// chunks), and re-panics in the caller's goroutine if f panics.
func parallel(ctx context.Context, n, workers int, f func(w, i int)) error {
	if workers <= 1 {
		for i := range n {
			if i%chunk == 0 && ctx.Err() != nil {
				return ctx.Err()
			}
			f(0, i)
		}
		return nil
	}
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	var panicked any
	for w := range workers {
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
					f(w, i)
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

// idKeys packs each ID's hash (its high bits) with the assessment's index
// (its low bits) in a key, so that the ID check sorts keys as integers and
// compares as strings only the IDs whose hashes share their high bits: it
// allocates nothing of the book's size, and the hashing runs in the
// ranking's parallel pass.
type idKeys struct {
	seed  maphash.Seed
	shift uint
	mask  uint64
}

func newIDKeys(n int) idKeys {
	shift, mask := packing(n)
	return idKeys{maphash.MakeSeed(), shift, mask}
}

// blank is the high bits of the key of an empty ID or a nil account (a
// hash may have them too).
const blank = ^uint64(0)

func (k idKeys) key(as *Assessment, i int) uint64 {
	h := blank
	if as.ID != "" && as.Unrated != unratedNil {
		h = maphash.String(k.seed, as.ID)
	}
	return h>>k.shift<<k.shift | uint64(i)
}

// check returns an error naming the IDs that are empty or shared (the
// first ten in byte order), or nil. A nil account is reported as such, not
// here. keys are the assessments' keys, in input order; check sorts them,
// with buf (as long) as scratch.
func (k idKeys) check(as []Assessment, keys, buf []uint64, workers int) error {
	// Hashes split evenly on their top bit: each half sorts on its own
	// goroutine.
	if workers > 1 && len(keys) >= 4*chunk {
		z := 0
		for _, key := range keys {
			z += int(^key >> 63)
		}
		lo, hi := 0, z
		for _, key := range keys { // stable: each half stays in index order
			if key>>63 == 0 {
				buf[lo], lo = key, lo+1
			} else {
				buf[hi], hi = key, hi+1
			}
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			radixSort(buf[:z], keys[:z], k.shift)
			copy(keys[:z], buf[:z])
		}()
		radixSort(buf[z:], keys[z:], k.shift)
		copy(keys[z:], buf[z:])
		wg.Wait()
	} else {
		radixSort(keys, buf, k.shift)
	}
	var dup []string // the ten first in byte order
	empty, shared := 0, 0
	for lo := 0; lo < len(keys); {
		hi := run(keys, lo, k.shift)
		if hi-lo == 1 && keys[lo]>>k.shift != blank>>k.shift {
			lo = hi
			continue
		}
		// A shared hash, or the blank ones: compare the IDs.
		r := keys[lo:lo]
		for _, key := range keys[lo:hi] {
			switch a := &as[key&k.mask]; {
			case a.Unrated == unratedNil:
			case a.ID == "":
				empty++
			default:
				r = append(r, key)
			}
		}
		slices.SortFunc(r, func(a, b uint64) int { return strings.Compare(as[a&k.mask].ID, as[b&k.mask].ID) })
		for j := 1; j < len(r); j++ {
			id := as[r[j]&k.mask].ID
			if id != as[r[j-1]&k.mask].ID {
				continue
			}
			shared++
			if j >= 2 && as[r[j-2]&k.mask].ID == id {
				continue // counted, and named already
			}
			if i, _ := slices.BinarySearch(dup, id); i < 10 {
				dup = slices.Insert(dup, i, id)[:min(len(dup)+1, 10)]
			}
		}
		lo = hi
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

// Sorting a ranking. An Assessment is a couple of hundred bytes, so Rank
// sorts 8-byte keys and then moves each assessment once, along the cycles
// of the permutation: the ranking needs no second copy of the
// assessments. A key packs an order key's high bits with the assessment's
// index in its low bits, so that keys sort as plain integers, with no
// comparison function; keys whose high bits are equal (equal priorities,
// the unrated, and priorities within a part in 2^32 of each other) are
// then put in their exact order: Compare's, then the input's. The order is
// total, so it does not depend on the number of workers. Over several
// workers, the assessments are first split in place around a pivot
// priority, and each side is sorted on its own goroutine.

// packing returns how many low bits of a key hold an index below n, and
// their mask.
func packing(n int) (shift uint, mask uint64) {
	shift = uint(bits.Len(uint(n)))
	return shift, 1<<shift - 1
}

// rankKey orders assessments as Compare does up to their IDs: rated ones
// by priority, highest first (the bits of a rating in [0, 100] order as
// the rating does), then the unrated.
func rankKey(as *Assessment) uint64 {
	if !as.Rated {
		return 1 << 63
	}
	return 1<<63 - 1 - math.Float64bits(as.Priority+0) // +0: -0 sorts as 0
}

// run returns the end of the run of keys from lo whose high bits are
// those of keys[lo].
func run(keys []uint64, lo int, shift uint) int {
	hi := lo + 1
	for hi < len(keys) && keys[hi]>>shift == keys[lo]>>shift {
		hi++
	}
	return hi
}

// depth is how many levels of halving give workers goroutines.
func depth(workers int) int {
	d := 0
	for w := workers; w > 1; w /= 2 {
		d++
	}
	return d
}

// rankSort sorts as by Compare, then by Index, in place, splitting the
// work depth levels deep; keys and buf (len(as) long) are scratch.
func rankSort(as []Assessment, keys, buf []uint64, depth int) {
	if depth == 0 || len(as) < 4*chunk {
		orderKeys(as, keys, buf)
		permute(as, keys)
		return
	}
	// The pivot is the median of a sample spread over the assessments, so
	// the sides are close to halves. The sides split by the whole order
	// key, so that ties fall on one side.
	var sample [31]uint64
	for s := range sample {
		sample[s] = rankKey(&as[s*(len(as)-1)/(len(sample)-1)])
	}
	slices.Sort(sample[:])
	pivot := sample[len(sample)/2]
	lo, hi := 0, len(as)-1
	for {
		for lo <= hi && rankKey(&as[lo]) < pivot {
			lo++
		}
		for lo <= hi && rankKey(&as[hi]) >= pivot {
			hi--
		}
		if lo >= hi {
			break
		}
		as[lo], as[hi] = as[hi], as[lo]
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rankSort(as[:lo], keys[:lo], buf[:lo], depth-1)
	}()
	rankSort(as[lo:], keys[lo:], buf[lo:], depth-1)
	wg.Wait()
}

// orderKeys fills keys with the packed keys of as, in ranking order.
func orderKeys(as []Assessment, keys, buf []uint64) {
	shift, mask := packing(len(as))
	for i := range as {
		keys[i] = rankKey(&as[i])>>shift<<shift | uint64(i)
	}
	radixSort(keys, buf, shift)
	exact := func(a, b uint64) int {
		x, y := &as[a&mask], &as[b&mask]
		if kx, ky := rankKey(x), rankKey(y); kx != ky {
			return cmp.Compare(kx, ky)
		}
		if c := strings.Compare(x.ID, y.ID); c != 0 {
			return c
		}
		return cmp.Compare(x.Index, y.Index)
	}
	for lo := 0; lo < len(keys); {
		hi := run(keys, lo, shift)
		if hi-lo > 1 {
			slices.SortFunc(keys[lo:hi], exact)
		}
		lo = hi
	}
}

// permute moves the assessments into the order of keys: position j takes
// the assessment at index keys[j]&mask. It follows each cycle of the
// permutation from its first position, marking the positions it fills
// with their own index, so that each assessment moves once.
func permute(as []Assessment, keys []uint64) {
	_, mask := packing(len(as))
	for j := range keys {
		if int(keys[j]&mask) == j {
			continue
		}
		tmp := as[j]
		k := j
		for {
			src := int(keys[k] & mask)
			keys[k] = keys[k]&^mask | uint64(k)
			if src == j {
				as[k] = tmp
				break
			}
			as[k] = as[src]
			k = src
		}
	}
}

// radixSort sorts keys by their bits above shift, with buf (as long) as
// scratch: a least-significant-digit radix sort, 11 bits a pass, that
// skips a pass where every key has the same digit. It is stable, so keys
// filled in the order of their low bits (an index) end sorted as whole
// integers.
func radixSort(keys, buf []uint64, shift uint) {
	const bits = 11
	const digits = 1 << bits
	if len(keys) < 2 {
		return
	}
	src, dst := keys, buf[:len(keys)]
	var count [digits]int
	for lo := shift; lo < 64; lo += bits {
		clear(count[:])
		for _, k := range src {
			count[k>>lo&(digits-1)]++
		}
		if count[src[0]>>lo&(digits-1)] == len(src) {
			continue // one digit: the pass would move nothing
		}
		sum := 0
		for d, c := range count {
			count[d] = sum
			sum += c
		}
		for _, k := range src {
			d := k >> lo & (digits - 1)
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &keys[0] {
		copy(keys, src)
	}
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

// Fill assigns tiers by capacity over a ranking (Rank's result, in its
// order): the ladder's tiers are filled top-down, each up to staff[rank]
// CSMs times its accounts per CSM (see tier.Ladder.Fill). Ranks[i] is the
// tier of ranked[i] (0: unrated, or no tier had room). The assessments
// themselves keep the tiers of their bands.
func (p *Policy[A]) Fill(ranked []Assessment, staff tier.Staff) (tier.Filling, error) {
	if !p.built() {
		return tier.Filling{}, ErrNotBuilt
	}
	cands := make([]tier.Candidate, len(ranked))
	for i := range ranked {
		cands[i] = tier.Candidate{Priority: math.NaN(), ARR: ranked[i].ARR}
		if ranked[i].Rated {
			cands[i].Priority = ranked[i].Priority
		}
	}
	return p.ladder.Fill(staff, cands)
}
