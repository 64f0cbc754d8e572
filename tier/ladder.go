package tier

import (
	"errors"
	"fmt"
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
	ErrEmpty   = errors.New("no tiers")
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
// use.
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
			bad(fmt.Errorf("%w: [%v, %v) is not a band within [0, 100]", ErrBand, t.Min, t.Max), t.Name)
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

// Tier returns the tier of the given rank, and whether there is one. The
// tier's playbook is shared with the ladder: do not modify it.
func (l *Ladder) Tier(rank int) (Tier, bool) {
	for _, t := range l.tiers {
		if t.Rank == rank {
			return t, true
		}
	}
	return Tier{}, false
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
	if s != s {
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
	if s != s {
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
	// down. Moves up are never delayed.
	MinDwell time.Duration
}

// Position is where an account stands on a ladder: its tier's rank (0 for
// unrated) and since when, and the floor a fired trigger may have set. The
// caller keeps it between changes of the account and passes it back; the
// ladder never keeps it. The zero Position is an account with no place yet.
type Position struct {
	Rank  int       `json:"rank"`
	Since time.Time `json:"since"`
	// Floor, when above 0, is the worst tier the account may be in until
	// FloorUntil (exclusive): an intervention can hold an account at tier 2
	// or better for 30 days whatever its score does. FloorBy names what set
	// it, such as the trigger "usage decline".
	Floor      int       `json:"floor,omitempty"`
	FloorUntil time.Time `json:"floor_until,omitzero"`
	FloorBy    string    `json:"floor_by,omitempty"`
}

// Held reports whether p's floor holds at time now.
func (p Position) Held(now time.Time) bool { return p.Floor > 0 && now.Before(p.FloorUntil) }

// WithFloor returns p with a floor of rank until the time until, set by
// by, unless p already has a floor that holds at now and is as good (a
// rank as low or lower) and lasts as long: the stronger floor wins. An
// account below the floor rises to it, since now.
func (p Position) WithFloor(rank int, until time.Time, by string, now time.Time) Position {
	if rank <= 0 || !now.Before(until) {
		return p
	}
	if p.Held(now) && p.Floor <= rank && !p.FloorUntil.Before(until) {
		return p
	}
	if p.Held(now) && p.Floor < rank { // keep the better tier, take the later end
		rank = p.Floor
	}
	p.Floor, p.FloorUntil, p.FloorBy = rank, until, by
	if p.Rank == 0 || p.Rank > rank {
		p.Rank, p.Since = rank, now
	}
	return p
}

// Move returns the account's position at time now, given its previous
// position and its score now, under hysteresis h. A NaN score keeps the
// previous position (no data is no reason to move); an account without a
// previous position (Rank 0, or a rank the ladder lacks) takes the tier of
// its score, as [Ladder.Rank] says, since now. A negative or NaN margin
// counts as 0. While the previous position's floor holds, the account is
// in the floor's tier or better; once it has expired, the floor is
// cleared and the account takes the tier its score gives.
func (l *Ladder) Move(prev Position, s float64, now time.Time, h Hysteresis) Position {
	next := l.move(prev, s, now, h)
	if !prev.Held(now) {
		next.Floor, next.FloorUntil, next.FloorBy = 0, time.Time{}, ""
		return next
	}
	next.Floor, next.FloorUntil, next.FloorBy = prev.Floor, prev.FloorUntil, prev.FloorBy
	if next.Rank > prev.Floor || next.Rank == 0 {
		if prev.Rank == prev.Floor {
			next.Since = prev.Since
		} else {
			next.Since = now
		}
		next.Rank = prev.Floor
	}
	return next
}

func (l *Ladder) move(prev Position, s float64, now time.Time, h Hysteresis) Position {
	if s != s {
		return prev
	}
	if _, ok := l.Tier(prev.Rank); !ok {
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
