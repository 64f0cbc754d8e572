package prioritize

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"

	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
	"github.com/prioritize-dev/prioritize/trigger"
)

var nan = math.NaN()

// Segment gives a group of accounts a different mix or different scorers:
// accounts up for renewal lean to retention, accounts in onboarding weigh
// activation. When selects the accounts; a nil Mix, Value or Potential
// keeps the policy's.
type Segment[A any] struct {
	Name      string
	When      score.Condition[A]
	Mix       *score.Mix
	Value     score.Scorer[A]
	Potential score.Scorer[A]
}

// Config is the plain data a [Policy] is built from. Value, Potential and
// ID are required; every other zero field means the framework's default.
type Config[A any] struct {
	// ID returns an account's identifier, for ranking ties, triggers and
	// reports.
	ID func(A) string
	// Value rates what an account is worth now, Potential what it could be
	// worth.
	Value, Potential score.Scorer[A]
	// Mix blends them into priority; the zero Mix is score.Balanced.
	Mix score.Mix
	// Priority, when set, replaces the mix of every segment: priority is
	// Priority(value, potential), clamped to [0, 100]; NaN leaves the
	// account unrated, and an error does too, recorded as the failure
	// "priority" (Assessment.Failed). Expected revenue at risk, risk x
	// worth, can be written this way (policydoc compiles an expression
	// into it). PriorityText says how, in explanations ("value * potential
	// / 100").
	Priority     func(value, potential float64) (float64, error)
	PriorityText string
	// Ladder maps priority to tiers; nil means tier.Default().
	Ladder *tier.Ladder
	// Hysteresis damps tier moves in Reassess.
	Hysteresis tier.Hysteresis
	// Matrix places accounts in quadrants; the zero Matrix cuts at 50/50.
	Matrix grade.Matrix
	// Grade, when set, grades an account A1..C3 and Grid maps the grade to
	// a tier (nil Grid: the framework's grid, borderline grades resolved by
	// priority against 70).
	Grade func(A) (grade.Grade, bool)
	Grid  *grade.Grid
	// Segments are tried in order; the first whose condition holds wins,
	// and accounts that match none are in the default segment.
	Segments []Segment[A]
	// Triggers fire on changes in Reassess; nil means none.
	Triggers *trigger.Set[A]
	// Holds are the holds of fired triggers by effect, for rules without a
	// hold of their own: Holds[trigger.Intervention] = trigger.Hold{Floor:
	// 2, For: 30 * 24 * time.Hour} keeps an account at tier 2 or better for
	// 30 days after an intervention. A nil map holds nothing; a Growth or
	// Intervention trigger still never lowers the tier on its change.
	Holds map[trigger.Effect]trigger.Hold
	// ARR returns an account's annual recurring revenue, for capacity
	// plans; nil means none is reported. NaN, negative and infinite ARR
	// count as 0; an error counts as 0 too, and is recorded as the failure
	// "arr" (Assessment.Failed).
	ARR func(A) (float64, error)
	// Identity names the policy on every assessment and movement, so that
	// a stored score says which policy produced it: a name and version the
	// host sets ("default@2026-11"), or the fingerprint of a policy
	// document (policydoc sets it). Empty stamps nothing.
	Identity string
}

// DefaultSegment names the segment of accounts that match no segment.
const DefaultSegment = "default"

type segment[A any] struct {
	name                 string
	when                 score.Condition[A]
	whenErr              score.FailingCondition[A] // when, when it can say it failed
	value, potential     score.Scorer[A]
	priority             score.Scorer[A] // the blend, for explanations
	valueShare, potShare float64         // the blend's weights, for Assess
}

// Policy is a validated prioritization policy over accounts of type A. It
// is immutable and safe for concurrent use: a value, which keeps nothing
// between calls. Build it with [New] (or [Default], or policydoc.Compile); the
// zero Policy rates nothing, and its methods report [ErrNotBuilt].
type Policy[A any] struct {
	nillable bool // A is a pointer, map, slice, func, chan or interface type
	cfg      Config[A]
	ladder   *tier.Ladder
	grid     *grade.Grid
	segments []segment[A] // the configured segments, then the default
}

// ErrConfig is wrapped by every error of [New].
var ErrConfig = errors.New("invalid policy")

// ErrNotBuilt is returned by the methods of a Policy that was not built by
// [New] (the zero Policy): Assess reports such accounts unrated with this
// reason.
var ErrNotBuilt = errors.New("prioritize: the policy was not built (use New)")

// built reports whether p was built by New.
func (p *Policy[A]) built() bool { return p != nil && len(p.segments) > 0 }

// New validates cfg and builds its policy. Every problem is reported at
// once.
func New[A any](cfg Config[A]) (*Policy[A], error) {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("prioritize: %w: %s", ErrConfig, fmt.Sprintf(format, args...)))
	}
	if cfg.ID == nil {
		bad("ID is required")
	}
	if cfg.Value == nil {
		bad("Value is required")
	}
	if cfg.Potential == nil {
		bad("Potential is required")
	}
	if err := cfg.Mix.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := cfg.Matrix.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := cfg.Hysteresis.Validate(); err != nil {
		errs = append(errs, err)
	}
	p := &Policy[A]{cfg: cfg, ladder: cfg.Ladder, grid: cfg.Grid}
	switch reflect.TypeFor[A]().Kind() {
	case reflect.Pointer, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan, reflect.Interface:
		p.nillable = true
	}
	if p.ladder == nil {
		p.ladder = tier.Default()
	}
	if cfg.Grade != nil && p.grid == nil {
		g, err := grade.DefaultGrid(grade.Resolution{Policy: grade.ByScore, Cut: 70})
		if err != nil {
			errs = append(errs, err)
		}
		p.grid = g
	}
	effects := slices.Sorted(maps.Keys(cfg.Holds))
	for _, e := range effects {
		h := cfg.Holds[e]
		if e < trigger.Growth || e > trigger.Sunset {
			bad("Holds: unknown effect %v", e)
		}
		if err := h.Check(); err != nil {
			bad("Holds[%v]: %v", e, err)
		}
		if h.Floor > 0 && !p.ladder.Has(h.Floor) {
			bad("Holds[%v]: the ladder has no tier %d", e, h.Floor)
		}
	}
	if cfg.Triggers != nil {
		for _, r := range cfg.Triggers.Rules() {
			if r.Hold.Floor > 0 && !p.ladder.Has(r.Hold.Floor) {
				bad("trigger %q: the ladder has no tier %d", r.Name, r.Hold.Floor)
			}
		}
	}
	seen := map[string]bool{DefaultSegment: true}
	for i, s := range cfg.Segments {
		switch {
		case s.Name == "" || seen[s.Name]:
			bad("segment %d: name %q is empty, repeated or %q", i, s.Name, DefaultSegment)
		case s.When == nil:
			bad("segment %q has no condition", s.Name)
		}
		seen[s.Name] = true
		if s.Mix != nil {
			if err := s.Mix.Validate(); err != nil {
				bad("segment %q: %v", s.Name, err)
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for _, s := range cfg.Segments {
		seg, err := buildSegment(s.Name, s.When, or(s.Value, cfg.Value), or(s.Potential, cfg.Potential), orMix(s.Mix, cfg.Mix))
		if err != nil {
			errs = append(errs, fmt.Errorf("prioritize: segment %q: %w", s.Name, err))
			continue
		}
		p.segments = append(p.segments, seg)
	}
	seg, err := buildSegment(DefaultSegment, nil, cfg.Value, cfg.Potential, cfg.Mix)
	if err != nil {
		errs = append(errs, err)
	}
	p.segments = append(p.segments, seg)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return p, nil
}

func buildSegment[A any](name string, when score.Condition[A], value, potential score.Scorer[A], mix score.Mix) (segment[A], error) {
	priority, err := score.Blend(value, potential, mix)
	if err != nil {
		return segment[A]{}, err
	}
	// The same arithmetic as the blend's: each weight over their sum.
	n := mix.Normalized()
	total := n.Value + n.Potential
	fc, _ := when.(score.FailingCondition[A])
	return segment[A]{name: name, when: when, whenErr: fc, value: value, potential: potential, priority: priority,
		valueShare: n.Value / total, potShare: n.Potential / total}, nil
}

func or[A any](s, def score.Scorer[A]) score.Scorer[A] {
	if s != nil {
		return s
	}
	return def
}

func orMix(m *score.Mix, def score.Mix) score.Mix {
	if m != nil {
		return *m
	}
	return def
}

// isNil reports whether a is a nil pointer, map, slice, func, chan or
// interface: an account that cannot be read.
func (p *Policy[A]) isNil(a A) bool {
	if !p.nillable {
		return false
	}
	v := reflect.ValueOf(any(a))
	return !v.IsValid() || v.IsNil()
}

// id returns a's ID, "" for a nil account.
func (p *Policy[A]) id(a A) string {
	if p.isNil(a) {
		return ""
	}
	return p.cfg.ID(a)
}

// Identity returns the policy's identity (Config.Identity).
func (p *Policy[A]) Identity() string {
	if p == nil {
		return ""
	}
	return p.cfg.Identity
}

// Ladder returns the policy's tier ladder.
func (p *Policy[A]) Ladder() *tier.Ladder { return p.ladder }

// Config returns the configuration the policy was built from.
func (p *Policy[A]) Config() Config[A] { return p.cfg }

// segment returns the segment account a falls in.
// segmentNamed returns the segment of that name, or the default: the
// assessment's own, without evaluating the conditions again.
func (p *Policy[A]) segmentNamed(name string) *segment[A] {
	for i := range p.segments[:len(p.segments)-1] {
		if p.segments[i].name == name {
			return &p.segments[i]
		}
	}
	return &p.segments[len(p.segments)-1]
}

// segment returns the first segment whose condition holds for a, or the
// default, and the failures of the conditions that could not be
// evaluated (appended to fails): such a segment does not take the
// account, and the assessment says why.
func (p *Policy[A]) segment(a A, fails []score.Failure) (*segment[A], []score.Failure) {
	for i := range p.segments[:len(p.segments)-1] {
		s := &p.segments[i]
		if s.whenErr == nil {
			if s.when.Holds(a) {
				return s, fails
			}
			continue
		}
		ok, err := s.whenErr.HoldsErr(a)
		if err != nil {
			fails = append(fails, score.Failure{Factor: "segment/" + s.name, Err: err})
			continue
		}
		if ok {
			return s, fails
		}
	}
	return &p.segments[len(p.segments)-1], fails
}
