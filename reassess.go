package prioritize

import (
	"cmp"
	"context"
	"errors"
	"fmt"
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

// State is what the caller keeps for one account between changes: its
// place on the tier ladder (with the floors fired triggers set) and its
// trigger history (when each rule last fired, for cooldowns). Reassess
// takes it and returns the next one in the Movement; the policy keeps
// nothing. The zero State is an account seen for the first time.
type State struct {
	Position tier.Position   `json:"position"`
	History  trigger.History `json:"history,omitempty"`
	// Overrides are people's overrides of the account's placement, which
	// the host stores: Reassess applies the one that holds to Before and
	// After (see Policy.Judge) and says which to revisit.
	Overrides []Override `json:"overrides,omitempty"`
	// Grade is the account's grade as a person gave it, if one did:
	// Reassess applies it (see Policy.Graded) and says when a change makes
	// it due again.
	Grade *GradeRecord `json:"grade,omitempty"`
}

// Movement is what a change of an account did: the triggers it fired, the
// assessments before and after, and the tier movement.
type Movement struct {
	ID string `json:"id"`
	// Policy is the identity of the policy that made the movement.
	Policy string `json:"policy,omitempty"`
	// Fired are the triggers the change fired: announce them.
	Fired []trigger.Fired `json:"fired,omitempty"`
	// Taken are triggers the change fired that another caller had already
	// claimed (see [Policy.ReassessClaim]): they place the account as
	// Fired do, and were announced by that caller.
	Taken []trigger.Fired `json:"taken,omitempty"`
	// Before and After are the assessments of the two states. They carry
	// their explanation trees only when a trigger fired or the tier moved
	// (see Factors).
	Before Assessment `json:"before"`
	After  Assessment `json:"after"`
	// From and To are the tier ranks before and after (0: unrated);
	// Position is the account's new place on the ladder, with the floors
	// triggers set; History its trigger history. Keep both, as
	// [Movement.Next] gives them, for the account's next change.
	From     int             `json:"from"`
	To       int             `json:"to"`
	Position tier.Position   `json:"position"`
	History  trigger.History `json:"history,omitempty"`
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
	// Revisit are the overrides that hold and that this change makes worth
	// a second look: a trigger fired, or the computed tier moved, under
	// them; or the computed placement now agrees with them (redundant).
	Revisit []Override `json:"revisit,omitempty"`
	// RegradeDue is set when the account has a person's grade and a
	// trigger fired: the framework regrades on every change of state.
	RegradeDue bool `json:"regrade_due,omitempty"`
	// Factors are the factors whose ratings changed, largest impact on
	// priority first. They are computed when a trigger fired or the tier
	// moved; otherwise (the common case, kept cheap) they are nil, and
	// [Policy.FactorMoves] computes them when asked.
	Factors []FactorMove `json:"factors,omitempty"`
	// Err holds what the change could not honour, the rest of the
	// movement standing: the errors of trigger rules that could not be
	// evaluated; a State on a tier the ladder lacks ([ErrState]; the
	// account is placed afresh); overrides of the account that are invalid
	// for the policy ([ErrOverride]; not applied).
	Err error `json:"-"`

	// Overrides and Grade are the state's, carried to Next.
	Overrides []Override   `json:"overrides,omitempty"`
	Grade     *GradeRecord `json:"grade,omitempty"`
}

// Moved reports whether the account changed tier.
func (m Movement) Moved() bool { return m.From != m.To }

// Next returns the state to keep for the account's next change.
func (m Movement) Next() State {
	return State{Position: m.Position, History: m.History, Overrides: m.Overrides, Grade: m.Grade}
}

// Reassess handles one change of an account, from prev to cur, at time now,
// from the state the caller keeps for it (see [State]): it fires the
// policy's triggers, assesses both states, and moves the account on the
// ladder. The Movement carries the next state. Reassess is pure: the same
// arguments give the same Movement, and the policy keeps nothing.
//
// Without a fired trigger, moves are damped by the policy's hysteresis. A
// fired Growth or Intervention trigger raises the account's attention: the
// account takes the tier its new priority gives at once, but never a lower
// one than it had on the change that fired it, and the trigger's hold (its
// own, or the policy's for its effect) keeps it at a floor tier or better
// until the hold expires; the floor travels in the Position. A Sunset
// trigger marks the account for review, lifts the floors and lets the
// account fall to the tier its priority gives. An account that cannot be
// rated after the change is unrated (rank 0), whatever fired.
//
// When nothing fires and the tier does not move, Reassess builds no
// explanation trees: it costs two Assess calls and the triggers'
// conditions.
func (p *Policy[A]) Reassess(prev, cur A, st State, now time.Time) Movement {
	if !p.built() {
		return Movement{Err: ErrNotBuilt}
	}
	var m Movement
	m.History, m.Overrides, m.Grade = st.History, st.Overrides, st.Grade
	if p.cfg.Triggers != nil {
		m.Fired, m.History, m.Err = p.cfg.Triggers.Check(prev, cur, now, st.History)
	}
	p.move(prev, cur, st.Position, now, &m)
	p.judge(&m, now)
	return m
}

// ReassessClaim is Reassess for hosts where several workers or replicas
// may handle the same change of an account (an event delivered twice,
// workers racing on a queue): instead of the state's History, each firing
// is claimed in store (see trigger.Set.Claim), so that a trigger fires
// once however many handle the change. The Movement's Fired are the
// firings this caller won, to announce; its Taken those another caller
// had already claimed for this change. Both place the account (their
// holds, their floors), so every caller handling the change computes the
// same next state from the same st, and whichever caller's write of
// [Movement.Next] lands keeps the holds. The state's overrides and grade
// are applied and carried as by Reassess, and its History is carried
// unchanged (the cooldowns are in the store). An empty account ID is an
// error in Err, and fires nothing.
//
// Claims and the state a host writes are two stores: to write both in one
// transaction, and to be safe against deliveries out of order, use the
// account store of the module github.com/prioritize-dev/prioritize/store/postgres.
func (p *Policy[A]) ReassessClaim(ctx context.Context, store trigger.Store, prev, cur A, st State, now time.Time) Movement {
	if !p.built() {
		return Movement{Err: ErrNotBuilt}
	}
	var m Movement
	m.History, m.Overrides, m.Grade = st.History, st.Overrides, st.Grade
	if p.cfg.Triggers != nil {
		m.Fired, m.Taken, m.Err = p.cfg.Triggers.Claim(ctx, store, p.id(cur), prev, cur, now)
	}
	p.move(prev, cur, st.Position, now, &m)
	p.judge(&m, now)
	return m
}

// move assesses both states and places the account, given what fired.
func (p *Policy[A]) move(prev, cur A, pos tier.Position, now time.Time, m *Movement) {
	m.ID, m.Policy = p.id(cur), p.cfg.Identity
	m.Before, m.After = p.Assess(prev), p.Assess(cur)
	if err := p.checkPosition(pos); err != nil {
		m.Err = errors.Join(m.Err, err)
		pos = tier.Position{} // placed afresh, as an account not placed before
	}
	if pos.Rank == 0 {
		pos.Rank, pos.Since = m.Before.Tier.Rank, now
	}
	m.From = pos.Rank
	priority := math.NaN()
	if m.After.Rated {
		priority = m.After.Priority
	}
	fired := m.Fired // what places the account: the firings of the change, won or taken
	if len(m.Taken) > 0 {
		fired = slices.Concat(m.Fired, m.Taken)
		slices.SortStableFunc(fired, func(a, b trigger.Fired) int { // as a Set orders them
			return cmp.Or(cmp.Compare(b.Severity, a.Severity), strings.Compare(a.Rule, b.Rule))
		})
	}
	var attention, sunset string // the first fired trigger of each kind: the most severe
	for _, f := range fired {
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
		for _, f := range fired {
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
	if len(fired) > 0 || m.Moved() {
		m.Before, m.After = p.Explain(prev, nil, 0), p.Explain(cur, nil, 0)
		m.Factors = factorMoves(m.Before.Explanation, m.After.Explanation)
	}
}

// judge applies the state's overrides to both assessments and lists the
// ones to revisit.
func (p *Policy[A]) judge(m *Movement, now time.Time) {
	if g := m.Grade; g != nil {
		m.Before, m.After = p.Graded(m.Before, *g), p.Graded(m.After, *g)
		m.RegradeDue = len(m.Fired)+len(m.Taken) > 0
	}
	if len(m.Overrides) == 0 {
		return
	}
	m.Before, _ = p.Judge(m.Before, m.Overrides, now) // the same overrides: said once, below
	var err error
	if m.After, err = p.Judge(m.After, m.Overrides, now); err != nil {
		m.Err = errors.Join(m.Err, err)
	}
	if o := m.After.Override; o != nil && (len(m.Fired)+len(m.Taken) > 0 || m.Moved() || o.Redundant) {
		m.Revisit = append(m.Revisit, o.Override)
	}
}

// ErrState is wrapped by the error of a Movement whose State the policy
// cannot honour: a position or a floor on a tier its ladder lacks (a state
// kept under another ladder, or damaged). The account is then placed
// afresh, as if it had no position.
var ErrState = errors.New("invalid state")

// checkPosition reports a position or floor on a tier the ladder lacks.
func (p *Policy[A]) checkPosition(pos tier.Position) error {
	var errs []error
	if pos.Rank != 0 && !p.ladder.Has(pos.Rank) {
		errs = append(errs, fmt.Errorf("prioritize: %w: the position is on tier %d, which the ladder lacks", ErrState, pos.Rank))
	}
	for _, f := range pos.Floors {
		if f.Rank != 0 && !p.ladder.Has(f.Rank) {
			errs = append(errs, fmt.Errorf("prioritize: %w: the floor set by %q is tier %d, which the ladder lacks", ErrState, f.By, f.Rank))
		}
	}
	return errors.Join(errs...)
}

// FactorMoves returns the factors whose ratings differ between two states
// of an account, largest impact on priority first: what Reassess reports
// in Movement.Factors when a trigger fired or the tier moved.
func (p *Policy[A]) FactorMoves(prev, cur A) []FactorMove {
	return factorMoves(p.Explain(prev, nil, 0).Explanation, p.Explain(cur, nil, 0).Explanation)
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
