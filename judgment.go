package prioritize

import (
	"errors"
	"fmt"
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
	EffectiveTier     tier.Tier      `json:"effective_tier"`
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
		if _, ok := p.ladder.Tier(o.Tier); !p.built() || !ok {
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
// An override that has expired, or is not yet set, or is invalid for the
// policy (see CheckOverride), is not applied. Time is an argument: an
// override lapses by itself at its expiry.
func (p *Policy[A]) Judge(as Assessment, overrides []Override, now time.Time) Assessment {
	var best *Override
	for i := range overrides {
		o := &overrides[i]
		if o.Account != as.ID || !o.Holds(now) || p.CheckOverride(*o) != nil {
			continue
		}
		if best == nil || o.Set.After(best.Set) {
			best = o
		}
	}
	as.Override = nil
	if best == nil {
		return as
	}
	j := &Judged{Override: *best, EffectiveTier: as.Tier, EffectiveGrade: as.Grade, EffectiveQuadrant: as.Quadrant}
	redundant := true
	if best.Tier != 0 {
		j.EffectiveTier, _ = p.ladder.Tier(best.Tier)
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
	return as
}
