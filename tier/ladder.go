package tier

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Sentinel errors wrapped by [*Error].
var (
	ErrBand    = errors.New("invalid band")  // NaN, out of [0, 100], or Min >= Max
	ErrGap     = errors.New("gap")           // scores between two tiers belong to neither
	ErrOverlap = errors.New("overlap")       // scores between two tiers belong to both
	ErrOrder   = errors.New("out of order")  // tiers not given from rank 1 down, bands not descending
	ErrName    = errors.New("invalid name")  // empty or used twice
	ErrRank    = errors.New("invalid rank")  // below 1 or used twice
	ErrRatio   = errors.New("invalid ratio") // accounts per CSM below 1
	ErrStaff   = errors.New("invalid staff") // a negative headcount, or one for a tier the ladder lacks (Fill)
	ErrEmpty   = errors.New("no tiers")
	ErrDamping = errors.New("invalid hysteresis") // a negative or non-finite margin, a negative dwell
)

// Error is one problem of a ladder: the tiers involved and the cause.
type Error struct {
	Tiers []string // the names of the tiers involved, in the order given
	Err   error    // wraps one of the sentinel errors
}

// Error returns the message, naming the tiers involved.
func (e *Error) Error() string {
	s := "tier: "
	for i, t := range e.Tiers {
		if i > 0 {
			s += " and "
		}
		s += fmt.Sprintf("%q", t)
	}
	if len(e.Tiers) > 0 {
		s += ": "
	}
	return s + e.Err.Error()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Ladder maps a priority score to a tier. Its bands cover [0, 100] exactly,
// without gaps or overlaps. A Ladder is immutable and safe for concurrent
// use. Build it with [NewLadder] or [Default]: the zero Ladder has no
// tiers, and puts every score in none (rank 0, unrated).
type Ladder struct {
	tiers []Tier // rank 1 first, bands descending
}

// NewLadder validates tiers, given from rank 1 (the highest band) down,
// and returns their ladder. Every problem is reported at once, each an
// [*Error] naming the tiers involved: a NaN or inverted band, a gap or an
// overlap between neighbours, a top band that does not reach 100 or a
// bottom band that does not start at 0, tiers out of order, an empty or
// repeated name, a rank below 1 or repeated, accounts per CSM below 1.
// The ladder keeps its own copy of the tiers and their playbooks.
func NewLadder(tiers ...Tier) (*Ladder, error) {
	var errs []error
	bad := func(err error, names ...string) { errs = append(errs, &Error{Tiers: names, Err: err}) }
	if len(tiers) == 0 {
		bad(ErrEmpty)
	}
	names, ranks := map[string]bool{}, map[int]bool{}
	for i, t := range tiers {
		switch {
		case t.Name == "":
			bad(fmt.Errorf("%w: tier %d has no name", ErrName, i))
		case names[t.Name]:
			bad(fmt.Errorf("%w: used twice", ErrName), t.Name)
		}
		names[t.Name] = true
		switch {
		case t.Rank < 1:
			bad(fmt.Errorf("%w: %d", ErrRank, t.Rank), t.Name)
		case ranks[t.Rank]:
			bad(fmt.Errorf("%w: %d is used twice", ErrRank, t.Rank), t.Name)
		case i > 0 && t.Rank <= tiers[i-1].Rank:
			bad(fmt.Errorf("%w: rank %d follows rank %d", ErrOrder, t.Rank, tiers[i-1].Rank), tiers[i-1].Name, t.Name)
		}
		ranks[t.Rank] = true
		if t.AccountsPerCSM < 1 {
			bad(fmt.Errorf("%w: %d accounts per CSM", ErrRatio, t.AccountsPerCSM), t.Name)
		}
		if !validBand(t) {
			hint := ""
			if t.Max == 0 && t.Min > 0 {
				hint = " (is max missing? a band is [min, max), the top band's max 100)"
			}
			bad(fmt.Errorf("%w: [%v, %v) is not a band within [0, 100]%s", ErrBand, t.Min, t.Max, hint), t.Name)
			continue
		}
		if i == 0 {
			if t.Max != 100 {
				bad(fmt.Errorf("%w: nothing covers [%v, 100]", ErrGap, t.Max), t.Name)
			}
			continue
		}
		prev := tiers[i-1]
		switch {
		case !validBand(prev): // reported already
		case t.Max < prev.Min:
			bad(fmt.Errorf("%w: nothing covers [%v, %v)", ErrGap, t.Max, prev.Min), prev.Name, t.Name)
		case t.Min >= prev.Max:
			bad(fmt.Errorf("%w: [%v, %v) lies above [%v, %v); give tiers from rank 1 down", ErrOrder, t.Min, t.Max, prev.Min, prev.Max), prev.Name, t.Name)
		case t.Max > prev.Min:
			bad(fmt.Errorf("%w: both cover [%v, %v)", ErrOverlap, prev.Min, min(t.Max, prev.Max)), prev.Name, t.Name)
		}
	}
	if n := len(tiers); n > 0 {
		if last := tiers[n-1]; last.Min > 0 && last.Min < last.Max {
			bad(fmt.Errorf("%w: nothing covers [0, %v)", ErrGap, last.Min), last.Name)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	l := &Ladder{tiers: make([]Tier, len(tiers))}
	for i, t := range tiers {
		t.Playbook = append([]Step(nil), t.Playbook...)
		l.tiers[i] = t
	}
	return l, nil
}

// Tiers returns a copy of the ladder's tiers, rank 1 first.
func (l *Ladder) Tiers() []Tier {
	out := make([]Tier, len(l.tiers))
	for i, t := range l.tiers {
		t.Playbook = append([]Step(nil), t.Playbook...)
		out[i] = t
	}
	return out
}

// Len returns the number of tiers.
func (l *Ladder) Len() int { return len(l.tiers) }

// Tier returns the tier of the given rank, and whether there is one. Its
// playbook is a copy: changing it does not change the ladder.
func (l *Ladder) Tier(rank int) (Tier, bool) {
	t := l.find(rank)
	if t == nil {
		return Tier{}, false
	}
	c := *t
	c.Playbook = append([]Step(nil), t.Playbook...)
	return c, true
}

// Ref returns the Ref of the tier of the given rank; the zero Ref if the
// ladder has none.
func (l *Ladder) Ref(rank int) Ref {
	if t := l.find(rank); t != nil {
		return t.Ref()
	}
	return Ref{}
}

// Place returns the Ref of the tier that score s falls in, as Assign
// does, without copying the tier.
func (l *Ladder) Place(s float64) (Ref, bool) {
	for i := range l.tiers {
		if s >= l.tiers[i].Min {
			return l.tiers[i].Ref(), true
		}
	}
	if s != s || len(l.tiers) == 0 {
		return Ref{}, false
	}
	return l.tiers[len(l.tiers)-1].Ref(), true
}

// Has reports whether the ladder has a tier of the given rank. Unlike
// Tier, it copies nothing.
func (l *Ladder) Has(rank int) bool { return l.find(rank) != nil }

// find returns the ladder's own tier of the given rank, or nil.
func (l *Ladder) find(rank int) *Tier {
	if l == nil {
		return nil
	}
	for i := range l.tiers {
		if l.tiers[i].Rank == rank {
			return &l.tiers[i]
		}
	}
	return nil
}

// Rank returns the rank of the tier that score s falls in, or 0 (unrated)
// when s is NaN. Scores above 100, +Inf included, fall in the top tier;
// scores below 0, -Inf included, in the bottom tier.
func (l *Ladder) Rank(s float64) int {
	for i := range l.tiers {
		if s >= l.tiers[i].Min {
			return l.tiers[i].Rank
		}
	}
	if s != s || len(l.tiers) == 0 { // NaN, or the zero Ladder
		return 0
	}
	return l.tiers[len(l.tiers)-1].Rank
}

// Assign returns the tier that score s falls in, or ok == false (unrated)
// when s is NaN: a missing score is never put in a tier silently. Scores
// outside [0, 100] go to the nearer end, as [Ladder.Rank] says. The tier's
// playbook is shared with the ladder: do not modify it.
func (l *Ladder) Assign(s float64) (t Tier, ok bool) {
	for i := range l.tiers {
		if s >= l.tiers[i].Min {
			return l.tiers[i], true
		}
	}
	if s != s || len(l.tiers) == 0 { // NaN, or the zero Ladder
		return Tier{}, false
	}
	return l.tiers[len(l.tiers)-1], true
}

// Hysteresis damps tier changes. The zero value moves an account whenever
// its score crosses a boundary.
type Hysteresis struct {
	// Margin is how far past a boundary a score must go before the account
	// moves: up when score - Margin reaches the better tier's band, down
	// when score + Margin falls below the current band. Margin >= 0.
	Margin float64
	// MinDwell is how long an account stays in a tier before it may move
	// down. Moves up are never delayed. MinDwell >= 0.
	MinDwell time.Duration
}

// Validate reports a Margin below 0 or not finite and a MinDwell below 0,
// which would do nothing (Move treats them as 0), each an [*Error]
// wrapping [ErrDamping].
func (h Hysteresis) Validate() error {
	var errs []error
	if !(h.Margin >= 0) || math.IsInf(h.Margin, 0) {
		errs = append(errs, &Error{Err: fmt.Errorf("%w: margin %v: a margin is a finite score, 0 or more", ErrDamping, h.Margin)})
	}
	if h.MinDwell < 0 {
		errs = append(errs, &Error{Err: fmt.Errorf("%w: min dwell %v: a dwell is a duration, 0 or more", ErrDamping, h.MinDwell)})
	}
	return errors.Join(errs...)
}

// Position is where an account stands on a ladder: its tier's rank (0 for
// unrated) and since when, and the floors fired triggers set. The caller
// keeps it between changes of the account and passes it back; the ladder
// never keeps it. The zero Position is an account with no place yet.
type Position struct {
	Rank  int       `json:"rank"`
	Since time.Time `json:"since"`
	// Floors hold the account at a tier or better for a while: an
	// intervention can hold it at tier 2 for 30 days whatever its score
	// does. Each lasts until its own time; the best one that holds binds.
	Floors []Floor `json:"floors,omitempty"`
}

// Floor is a hold on an account's tier: rank Rank or better until Until
// (exclusive), set by By, such as the trigger "usage decline".
type Floor struct {
	Rank  int       `json:"rank"`
	Until time.Time `json:"until"`
	By    string    `json:"by,omitempty"`
}

// Floor returns the floor that binds at now: of the floors that hold, the
// best tier (the lowest rank), and of those the one that lasts longest. ok
// is false when no floor holds.
func (p Position) Floor(now time.Time) (f Floor, ok bool) {
	for _, x := range p.Floors {
		if x.Rank > 0 && now.Before(x.Until) && (!ok || x.Rank < f.Rank || x.Rank == f.Rank && x.Until.After(f.Until)) {
			f, ok = x, true
		}
	}
	return f, ok
}

// WithFloor returns p with floor f added and the floors that no longer hold
// at now removed; an account below f rises to it, since now. p itself is
// not changed. A floor of rank 0 or already over adds nothing.
func (p Position) WithFloor(f Floor, now time.Time) Position {
	p.Floors = holding(p.Floors, now)
	if f.Rank <= 0 || !now.Before(f.Until) {
		return p
	}
	p.Floors = append(p.Floors, f)
	if p.Rank == 0 || p.Rank > f.Rank {
		p.Rank, p.Since = f.Rank, now
	}
	return p
}

// holding returns a new slice of the floors that hold at now, or nil.
func holding(fs []Floor, now time.Time) []Floor {
	var out []Floor
	for _, f := range fs {
		if f.Rank > 0 && now.Before(f.Until) {
			out = append(out, f)
		}
	}
	return out
}

// Move returns the account's position at time now, given its previous
// position and its score now, under hysteresis h. A NaN score keeps the
// previous position (no data is no reason to move); an account without a
// previous position (Rank 0, or a rank the ladder lacks) takes the tier of
// its score, as [Ladder.Rank] says, since now. A negative or NaN margin
// counts as 0. While a floor of the previous position holds, the account
// is in the floor's tier or better; floors that have expired are dropped.
func (l *Ladder) Move(prev Position, s float64, now time.Time, h Hysteresis) Position {
	next := l.move(prev, s, now, h)
	next.Floors = holding(prev.Floors, now)
	if f, ok := prev.Floor(now); ok && (next.Rank > f.Rank || next.Rank == 0) {
		if prev.Rank == f.Rank {
			next.Since = prev.Since
		} else {
			next.Since = now
		}
		next.Rank = f.Rank
	}
	return next
}

func (l *Ladder) move(prev Position, s float64, now time.Time, h Hysteresis) Position {
	if s != s {
		return prev
	}
	if !l.Has(prev.Rank) {
		return Position{Rank: l.Rank(s), Since: now}
	}
	m := h.Margin
	if !(m > 0) {
		m = 0
	}
	if up := l.Rank(s - m); up < prev.Rank {
		return Position{Rank: up, Since: now}
	}
	if down := l.Rank(s + m); down > prev.Rank {
		if h.MinDwell > 0 && now.Sub(prev.Since) < h.MinDwell {
			return prev
		}
		return Position{Rank: down, Since: now}
	}
	return prev
}

// validBand reports whether t's band is [Min, Max) within [0, 100], not NaN.
func validBand(t Tier) bool { return t.Min >= 0 && t.Max <= 100 && t.Min < t.Max }
