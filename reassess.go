package prioritize

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
	"github.com/prioritize-dev/prioritize/trigger"
)

// FactorMove is one factor's change between two assessments of an account.
type FactorMove struct {
	Factor string  `json:"factor"` // the leaf's path: "value/engagement"
	Before float64 `json:"before"`
	After  float64 `json:"after"`
	// Impact is the points of priority the change added (negative: took
	// away).
	Impact float64 `json:"impact"`
}

// Movement is what a change of an account did: the triggers it fired, the
// assessments before and after, and the tier movement.
type Movement struct {
	ID     string          `json:"id"`
	Fired  []trigger.Fired `json:"fired,omitempty"`
	Before Assessment      `json:"before"`
	After  Assessment      `json:"after"`
	// From and To are the tier ranks before and after (0: unrated);
	// Position is the account's new place on the ladder, with any floor a
	// trigger set and its expiry, to keep for the next change.
	From     int           `json:"from"`
	To       int           `json:"to"`
	Position tier.Position `json:"position"`
	// Attention is the effect the fired triggers ask of the account's
	// place: Intervention when one of them is an intervention, else Growth,
	// else Sunset; zero when none fired.
	Attention trigger.Effect `json:"attention,omitempty"`
	// SetBy names the trigger that set the placement, when one did rather
	// than the score: it kept the account from dropping a tier, raised it
	// to a floor, or (a sunset) lowered it; or the trigger whose earlier
	// floor still holds it.
	SetBy string `json:"set_by,omitempty"`
	// Review is set when a Sunset trigger fired: the account is marked for
	// review, to avoid or wind down.
	Review bool `json:"review,omitempty"`
	// Factors are the factors whose ratings changed, largest impact on
	// priority first.
	Factors []FactorMove `json:"factors,omitempty"`
	// Err holds the errors of trigger rules that could not be evaluated;
	// the rest of the movement stands.
	Err error `json:"-"`
}

// Moved reports whether the account changed tier.
func (m Movement) Moved() bool { return m.From != m.To }

// Reassess handles one change of an account, from prev to cur, at time now:
// it fires the policy's triggers, assesses both states, and moves the
// account on the ladder from its position pos, which the caller keeps
// between changes (pos.Rank 0: the account has no position yet).
//
// Without a fired trigger, moves are damped by the policy's hysteresis. A
// fired Growth or Intervention trigger raises the account's attention: the
// account takes the tier its new priority gives at once, but never a lower
// one than it had on the change that fired it, and the trigger's hold (its
// own, or the policy's for its effect) keeps it at a floor tier or better
// until the hold expires; the floor travels in the returned Position. A
// Sunset trigger marks the account for review, lifts the floors and lets the
// account fall to the tier its priority gives. An account that cannot be
// rated after the change is unrated (rank 0), whatever fired.
func (p *Policy[A]) Reassess(prev, cur A, pos tier.Position, now time.Time) Movement {
	m := Movement{ID: p.id(cur), Before: p.Explain(prev, nil, 0), After: p.Explain(cur, nil, 0)}
	if p.cfg.Triggers != nil {
		m.Fired, m.Err = p.cfg.Triggers.Check(m.ID, prev, cur, now)
	}
	if pos.Rank == 0 {
		pos.Rank, pos.Since = m.Before.Tier.Rank, now
	}
	m.From = pos.Rank
	priority := math.NaN()
	if m.After.Rated {
		priority = m.After.Priority
	}
	var attention, sunset string // the first fired trigger of each kind: the most severe
	for _, f := range m.Fired {
		switch f.Effect {
		case trigger.Intervention:
			m.Attention = trigger.Intervention
			attention = cmp.Or(attention, f.Rule)
		case trigger.Growth:
			if m.Attention != trigger.Intervention {
				m.Attention = trigger.Growth
			}
			attention = cmp.Or(attention, f.Rule)
		case trigger.Sunset:
			if m.Attention == 0 {
				m.Attention = trigger.Sunset
			}
			m.Review = true
			sunset = cmp.Or(sunset, f.Rule)
		}
	}
	switch {
	case !m.After.Rated:
		m.Position = tier.Position{Rank: 0, Since: now}
	case attention != "":
		next := p.ladder.Move(pos, priority, now, tier.Hysteresis{})
		if pos.Rank > 0 && next.Rank > pos.Rank { // never lower on the change that fired it
			next.Rank, next.Since = pos.Rank, pos.Since
			m.SetBy = attention
		}
		for _, f := range m.Fired {
			h := f.Hold
			if h.IsZero() {
				h = p.cfg.Holds[f.Effect]
			}
			if f.Effect == trigger.Sunset || h.Floor == 0 {
				continue
			}
			held := next.WithFloor(tier.Floor{Rank: h.Floor, Until: now.Add(h.For), By: f.Rule}, now)
			if held.Rank < next.Rank || (m.SetBy == "" && held.Rank == h.Floor) {
				m.SetBy = f.Rule
			}
			next = held
		}
		m.Position = next
	case sunset != "":
		pos.Floors = nil
		m.Position = p.ladder.Move(pos, priority, now, tier.Hysteresis{})
		m.SetBy = sunset
	default:
		m.Position = p.ladder.Move(pos, priority, now, p.cfg.Hysteresis)
		if f, ok := pos.Floor(now); ok && m.Position.Rank == f.Rank && p.ladder.Rank(priority) > f.Rank {
			m.SetBy = f.By
		}
	}
	m.To = m.Position.Rank
	m.Factors = factorMoves(m.Before.Explanation, m.After.Explanation)
	return m
}

// factorMoves compares the leaves of two explanations.
func factorMoves(before, after *score.Explanation) []FactorMove {
	if before == nil || after == nil { // a nil account has no explanation
		return nil
	}
	type leaf struct{ rating, contribution float64 }
	old := map[string]leaf{}
	before.Leaves(func(path string, scale float64, l score.Explanation) bool {
		old[path] = leaf{l.Rating, scale * l.Contribution}
		return true
	})
	var moves []FactorMove
	after.Leaves(func(path string, scale float64, l score.Explanation) bool {
		o := old[path]
		if c := scale * l.Contribution; c != o.contribution || l.Rating != o.rating {
			moves = append(moves, FactorMove{Factor: path, Before: o.rating, After: l.Rating, Impact: c - o.contribution})
		}
		return true
	})
	slices.SortFunc(moves, func(a, b FactorMove) int {
		return cmp.Or(cmp.Compare(math.Abs(b.Impact), math.Abs(a.Impact)), strings.Compare(a.Factor, b.Factor))
	})
	return moves
}
