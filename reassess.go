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
	// Position is the account's new place on the ladder, to keep for the
	// next change.
	From     int           `json:"from"`
	To       int           `json:"to"`
	Position tier.Position `json:"position"`
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
// account on the ladder from its position pos. Moves are damped by the
// policy's hysteresis, except when a trigger fired: a fired trigger is a
// reason to reassess, so the account takes the tier its new priority gives
// at once. pos.Rank 0 means the account has no position yet.
func (p *Policy[A]) Reassess(prev, cur A, pos tier.Position, now time.Time) Movement {
	m := Movement{ID: p.cfg.ID(cur), Before: p.Explain(prev, nil, 0), After: p.Explain(cur, nil, 0)}
	if p.cfg.Triggers != nil {
		m.Fired, m.Err = p.cfg.Triggers.Check(m.ID, prev, cur, now)
	}
	if pos.Rank == 0 {
		pos = tier.Position{Rank: m.Before.Tier.Rank, Since: now}
	}
	m.From = pos.Rank
	priority := math.NaN()
	if m.After.Rated {
		priority = m.After.Priority
	}
	switch {
	case !m.After.Rated:
		m.Position = tier.Position{Rank: 0, Since: now}
	case len(m.Fired) > 0:
		m.Position = p.ladder.Move(pos, priority, now, tier.Hysteresis{})
	default:
		m.Position = p.ladder.Move(pos, priority, now, p.cfg.Hysteresis)
	}
	m.To = m.Position.Rank
	m.Factors = factorMoves(m.Before.Explanation, m.After.Explanation)
	return m
}

// factorMoves compares the leaves of two explanations.
func factorMoves(before, after *score.Explanation) []FactorMove {
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
