package prioritize

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/tier"
)

// Override is a person's decision about one account's placement, for
// reasons no data holds (an executive escalation, a strategic logo): a tier,
// a grade or a quadrant, with a reason, an author, when it was set and
// until when it holds. The host stores overrides and passes them in (see
// [Policy.Judge] and State.Overrides); the policy evaluates them and keeps
// nothing. An override changes the account's effective placement only:
// never its value, potential or priority.
type Override struct {
	Account string `json:"account"`
	// Tier is the rank of the tier the account is placed in; 0 leaves the
	// tier as computed. Likewise the zero Grade and Quadrant.
	Tier     int            `json:"tier,omitempty"`
	Grade    grade.Grade    `json:"grade,omitzero"`
	Quadrant grade.Quadrant `json:"quadrant,omitempty"`
	Reason   string         `json:"reason"`
	Author   string         `json:"author"`
	Set      time.Time      `json:"set"`
	// Until is when the override lapses, by itself: it holds while
	// Set <= now < Until.
	Until time.Time `json:"until"`
}

// Holds reports whether o holds at now.
func (o Override) Holds(now time.Time) bool { return !now.Before(o.Set) && now.Before(o.Until) }

// Judged is an override applied to an assessment: the override, and the
// effective placement it gives (its own parts, the computed ones where it
// sets none). The assessment keeps the computed placement beside it.
type Judged struct {
	Override
	EffectiveTier     tier.Ref       `json:"effective_tier"`
	EffectiveGrade    grade.Grade    `json:"effective_grade,omitzero"`
	EffectiveQuadrant grade.Quadrant `json:"effective_quadrant"`
	// Redundant reports that the computed placement now agrees with every
	// part the override sets: the override can go.
	Redundant bool `json:"redundant,omitempty"`
}

// ErrOverride is wrapped by the errors of [Policy.CheckOverride].
var ErrOverride = errors.New("invalid override")

// CheckOverride reports what is wrong with an override for this policy,
// every problem at once: no account, reason or author, nothing
// overridden, a tier the ladder lacks, an invalid grade or quadrant, an
// expiry not after it was set.
func (p *Policy[A]) CheckOverride(o Override) error {
	var errs []error
	bad := func(msg string) {
		errs = append(errs, fmt.Errorf("prioritize: override of %q: %w: %s", o.Account, ErrOverride, msg))
	}
	if o.Account == "" {
		bad("no account")
	}
	if o.Reason == "" || o.Author == "" {
		bad("an override needs a reason and an author")
	}
	if o.Tier == 0 && o.Grade == (grade.Grade{}) && o.Quadrant == 0 {
		bad("it overrides nothing: set a tier, a grade or a quadrant")
	}
	if o.Tier != 0 {
		if !p.built() || !p.ladder.Has(o.Tier) {
			bad("the ladder has no tier " + strconv.Itoa(o.Tier))
		}
	}
	if o.Grade != (grade.Grade{}) && !o.Grade.Valid() {
		bad("invalid grade " + o.Grade.String())
	}
	if o.Quadrant != 0 && (o.Quadrant < grade.Star || o.Quadrant > grade.Maintenance) {
		bad("invalid quadrant " + o.Quadrant.String())
	}
	if !o.Until.After(o.Set) {
		bad("it must expire after it is set")
	}
	return errors.Join(errs...)
}

// Judge applies to an assessment the override of its account that holds
// at now (of several, the one set last), and returns the assessment with
// it (Assessment.Override): the computed value, potential, priority and
// placement stay as they are; the override gives the effective placement.
// An override that has expired, or is not yet set, is not applied. One of
// the account's overrides that is invalid for the policy (see
// CheckOverride: a tier the ladder lacks, no reason) is not applied
// either, and said: the error joins CheckOverride's errors of each, each
// wrapping [ErrOverride], so that a person's judgment is never dropped
// without a word. Time is an argument: an override lapses by itself at
// its expiry.
func (p *Policy[A]) Judge(as Assessment, overrides []Override, now time.Time) (Assessment, error) {
	var best *Override
	var errs []error
	for i := range overrides {
		o := &overrides[i]
		if o.Account != as.ID {
			continue
		}
		if err := p.CheckOverride(*o); err != nil {
			errs = append(errs, err)
			continue
		}
		if !o.Holds(now) {
			continue
		}
		if best == nil || o.Set.After(best.Set) {
			best = o
		}
	}
	as.Override = nil
	err := errors.Join(errs...)
	if best == nil {
		return as, err
	}
	j := &Judged{Override: *best, EffectiveTier: as.Tier, EffectiveGrade: as.Grade, EffectiveQuadrant: as.Quadrant}
	redundant := true
	if best.Tier != 0 {
		j.EffectiveTier = p.ladder.Ref(best.Tier)
		redundant = redundant && as.Rated && as.Tier.Rank == best.Tier
	}
	if best.Grade != (grade.Grade{}) {
		j.EffectiveGrade = best.Grade
		redundant = redundant && as.HasGrade && as.Grade == best.Grade
	}
	if best.Quadrant != 0 {
		j.EffectiveQuadrant = best.Quadrant
		redundant = redundant && as.Rated && as.Quadrant == best.Quadrant
	}
	j.Redundant = redundant
	as.Override = j
	return as, err
}

// GradeSource says how a grade was given.
type GradeSource int

const (
	// Computed grades come from data, by the policy's grader.
	Computed GradeSource = iota
	// SalesClose grades are given by sales at the close of the deal;
	// customer success regrades them within 30 days.
	SalesClose
	// CSReview grades are given by customer success at a review.
	CSReview
)

// String returns "computed", "sales-close" or "cs-review".
func (s GradeSource) String() string {
	switch s {
	case Computed:
		return "computed"
	case SalesClose:
		return "sales-close"
	case CSReview:
		return "cs-review"
	}
	return "GradeSource(" + strconv.Itoa(int(s)) + ")"
}

// MarshalText encodes the source by name.
func (s GradeSource) MarshalText() ([]byte, error) {
	if s < Computed || s > CSReview {
		return nil, fmt.Errorf("prioritize: cannot marshal %v", s)
	}
	return []byte(s.String()), nil
}

// UnmarshalText decodes computed, sales-close or cs-review.
func (s *GradeSource) UnmarshalText(b []byte) error {
	for v := Computed; v <= CSReview; v++ {
		if v.String() == string(b) {
			*s = v
			return nil
		}
	}
	return fmt.Errorf("prioritize: unknown grade source %q (want computed, sales-close or cs-review)", b)
}

// RegradeAfterClose is how long a grade given at close stands before
// customer success must regrade it.
const RegradeAfterClose = 30 * 24 * time.Hour

// GradeRecord is a grade as a person gave it: who, when and how, and, for
// a borderline cell of the grid (one that needs a quick call), the tier
// rank the person decided. The host stores it with the account (see
// State.Grade and [Policy.Graded]).
type GradeRecord struct {
	Account string      `json:"account"`
	Grade   grade.Grade `json:"grade"`
	By      string      `json:"by"`
	At      time.Time   `json:"at"`
	How     GradeSource `json:"how"`
	Tier    int         `json:"tier,omitempty"`
}

// Due returns when the grade must be given again, by the framework's
// lifecycle: a grade given at close is due 30 days after it; a review's
// has no date (it is due again when the account's state changes: a
// trigger fires, see Movement.RegradeDue).
func (r GradeRecord) Due() (time.Time, bool) {
	if r.How == SalesClose {
		return r.At.Add(RegradeAfterClose), true
	}
	return time.Time{}, false
}

// GradeDue is a grade that is due for a regrade, or overdue.
type GradeDue struct {
	GradeRecord
	DueAt   time.Time `json:"due_at"`
	Overdue bool      `json:"overdue,omitempty"` // its due time has passed
}

// GradesDue returns the grades due at now (at or past their due time),
// soonest first, flagged overdue when their due time has passed.
func GradesDue(records []GradeRecord, now time.Time) []GradeDue {
	var out []GradeDue
	for _, r := range records {
		if due, ok := r.Due(); ok && !now.Before(due) {
			out = append(out, GradeDue{GradeRecord: r, DueAt: due, Overdue: now.After(due)})
		}
	}
	slices.SortFunc(out, func(a, b GradeDue) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), cmp.Compare(a.Account, b.Account))
	})
	return out
}

// Graded applies a person's grade to an assessment of its account: the
// record's grade replaces the computed one, with its provenance
// (Assessment.GradeRecord), and its tier rank comes from the policy's grid,
// a borderline cell resolved by the tier the record decided when it
// decided one (else by the grid's resolution). Value, potential, priority
// and tier stay as computed.
func (p *Policy[A]) Graded(as Assessment, r GradeRecord) Assessment {
	if r.Account != as.ID || !r.Grade.Valid() || !p.built() || p.grid == nil {
		return as
	}
	rec := r
	as.GradeRecord = &rec
	as.HasGrade, as.Grade = true, r.Grade
	priority := math.NaN()
	if as.Rated {
		priority = as.Priority
	}
	as.GradeRank, _ = p.grid.Rank(r.Grade, priority)
	if c, ok := p.grid.Cell(r.Grade); ok && c.Borderline && (r.Tier == c.Rank || r.Tier == c.Rank+1) {
		as.GradeRank = r.Tier // the quick call, recorded
	}
	return as
}
