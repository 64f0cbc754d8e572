package prioritize

import (
	"cmp"
	"math"
	"strings"

	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
)

// Assessment is what a policy says of one account.
type Assessment struct {
	ID string `json:"id"`
	// Index is the account's place in the input, from 0: its index in the
	// slice given to Rank, its position in the sequence given to Stream
	// and Top, so that a ranking joins back to the input without IDs. Assess
	// and Explain leave it 0.
	Index int `json:"index"`
	// Policy is the identity of the policy that made the assessment
	// (Config.Identity; a document's fingerprint).
	Policy string `json:"policy,omitempty"`
	// Rated is false when the account could not be rated; Unrated says why,
	// and the account has no tier or quadrant. An unrated account is never
	// ranked silently among rated ones.
	Rated bool `json:"rated"`

	// Quadrant is the account's cell of the value x potential matrix.
	Quadrant grade.Quadrant `json:"quadrant"`
	// HasGrade and Grade are set when the policy grades accounts; GradeRank
	// is the tier rank the grid gives the grade.
	HasGrade bool        `json:"has_grade,omitempty"`
	Grade    grade.Grade `json:"grade,omitzero"`

	Unrated string `json:"unrated,omitempty"`

	Value     float64 `json:"value"`
	Potential float64 `json:"potential"`
	Priority  float64 `json:"priority"`
	Segment   string  `json:"segment"`

	// Tier is the rank and name of the account's tier. The policy's ladder
	// holds the tier itself, with its ratio, touch, review and playbook
	// (Policy.Ladder().Tier(as.Tier.Rank) returns a copy): an assessment
	// shares nothing with the policy, and is small enough that a ranking
	// of a million accounts fits in a quarter of a gigabyte.
	Tier tier.Ref `json:"tier"`

	GradeRank int `json:"grade_rank,omitempty"`
	// GradeRecord says who gave the grade, when and how, when a person did
	// (see Policy.Graded); nil: computed from data.
	GradeRecord *GradeRecord `json:"grade_record,omitempty"`

	// Failed are the factors that failed for the account, by path
	// ("value/seats"), with the error: an expression that divided by zero.
	// A failed factor counts as missing in its aggregate (its weight
	// redistributed, by the aggregate's policy), but it is a failure, not
	// missing data, and is reported here; Explain shows it in the tree, and
	// Diagnose counts failures per factor over a sample.
	Failed []score.Failure `json:"failed,omitempty"`

	// Override is a person's override of the account's placement, with
	// the effective placement it gives, when one holds (see Policy.Judge):
	// the fields above stay as computed.
	Override *Judged `json:"override,omitempty"`

	// ARR is the account's ARR when the policy reports it.
	ARR float64 `json:"arr,omitempty"`

	// Explanation is set by Explain: the priority's tree.
	Explanation *score.Explanation `json:"explanation,omitempty"`
	// Reasons are set by Explain with a reference, and by Rank with
	// RankOptions.Reasons: the factors that pull the priority furthest up
	// against the reference (positive Impact, strongest first), then those
	// that pull it furthest down (negative Impact, strongest first), k of
	// each at most (see score.Reasons). Reasons.Up and Reasons.Down split
	// them.
	Reasons Reasons `json:"reasons,omitempty"`
}

// Reasons for an unrated account.
const (
	unratedValue          = "value has no data"
	unratedPotential      = "potential has no data"
	unratedBoth           = "value and potential have no data"
	unratedNil            = "the account is nil"
	unratedPriority       = "the priority expression has no value"
	unratedPriorityFailed = "the priority expression failed"
)

// Assess rates one account: value, potential, priority, segment, quadrant,
// tier and grade. It builds no explanation and, with scorers that do not
// allocate (those of package score), allocates nothing.
func (p *Policy[A]) Assess(a A) Assessment {
	var as Assessment
	p.assess(a, &as)
	return as
}

// assess is Assess, writing into *as, which must be the zero Assessment:
// Rank assesses into its result, without a copy.
func (p *Policy[A]) assess(a A, as *Assessment) {
	if !p.built() {
		as.Unrated = ErrNotBuilt.Error()
		return
	}
	if p.isNil(a) {
		as.Policy, as.Unrated = p.cfg.Identity, unratedNil
		return
	}
	s, fails := p.segment(a, nil)
	as.ID, as.Policy, as.Segment = p.cfg.ID(a), p.cfg.Identity, s.name
	k := len(fails) // the segments' failures come first, named already
	v, vok, fails := score.ScoreFailures(s.value, a, fails)
	n := len(fails)
	pt, pok, fails := score.ScoreFailures(s.potential, a, fails)
	if len(fails) > 0 {
		for i := k; i < len(fails); i++ {
			path := "value"
			if i >= n {
				path = "potential"
			}
			if fails[i].Factor != "" {
				path += "/" + fails[i].Factor
			}
			fails[i].Factor = path
		}
	}
	if p.cfg.ARR != nil {
		arr, err := p.cfg.ARR(a)
		switch {
		case err != nil:
			fails = append(fails, score.Failure{Factor: "arr", Err: err})
		case arr > 0 && !math.IsInf(arr, 1): // NaN, negative and infinite ARR count as 0
			as.ARR = arr
		}
	}
	if len(fails) > 0 {
		as.Failed = fails
	}
	switch {
	case !vok && !pok:
		as.Unrated = unratedBoth
		return
	case !vok:
		as.Unrated = unratedValue
		return
	case !pok:
		as.Unrated = unratedPotential
		return
	}
	// The blend's arithmetic on the ratings at hand: scoring s.priority
	// would rate both axes again.
	priority := score.Clamp(s.valueShare*v + s.potShare*pt)
	if f := p.cfg.Priority; f != nil {
		var err error
		switch priority, err = f(v, pt); {
		case err != nil:
			as.Failed = append(as.Failed, score.Failure{Factor: "priority", Err: err})
			as.Unrated = unratedPriorityFailed
			return
		case priority != priority:
			as.Unrated = unratedPriority
			return
		}
		priority = score.Clamp(priority)
	}
	as.Rated = true
	as.Value, as.Potential, as.Priority = v, pt, priority
	as.Quadrant, _ = p.cfg.Matrix.Place(v, pt)
	as.Tier, _ = p.ladder.Place(priority)
	if p.cfg.Grade != nil {
		if g, ok := p.cfg.Grade(a); ok {
			as.HasGrade, as.Grade = true, g
			as.GradeRank, _ = p.grid.Rank(g, priority)
		}
	}
}

// Explain assesses a and adds the explanation tree of its priority and the
// k factors that pull it furthest up and down against reference (a rating
// per leaf path such as "value/revenue"; score.Medians of a portfolio's
// explanations is the usual one). A nil reference gives no reasons.
func (p *Policy[A]) Explain(a A, reference map[string]float64, k int) Assessment {
	as := p.Assess(a)
	if !p.built() || p.isNil(a) {
		return as
	}
	e := p.tree(a, as)
	as.Explanation = &e
	if reference != nil {
		as.Reasons = reasons(e, reference, k)
	}
	return as
}

// tree returns the explanation of a's priority, whose assessment is as.
func (p *Policy[A]) tree(a A, as Assessment) score.Explanation {
	e := score.Explain(p.segmentNamed(as.Segment).priority, a)
	e.Name = "priority"
	// The priority is Assess's: the tree shows how the axes make it up,
	// and its root is the number the assessment carries, not a second
	// computation of it.
	e.Rating, e.Missing = as.Priority, !as.Rated
	if !as.Rated {
		e.Rating = 0
	}
	if p.cfg.Priority != nil {
		// Not a weighted sum: the axes are shown with the rating the
		// expression gave, and no contributions.
		e.Rating, e.Contribution, e.Missing = as.Priority, as.Priority, !as.Rated
		for i := range e.Children {
			e.Children[i].Weight, e.Children[i].Contribution = 0, 0
		}
		e.Note = "priority = " + cmp.Or(p.cfg.PriorityText, "a function of value and potential")
	}
	return e
}

// Reasons are the factors that pull an account's priority up against a
// reference (positive Impact), then those that pull it down (negative
// Impact), each group strongest first.
type Reasons []score.Reason

// Up returns the reasons that pull the priority up, strongest first.
func (r Reasons) Up() []score.Reason {
	i := 0
	for i < len(r) && r[i].Impact > 0 {
		i++
	}
	return r[:i:i]
}

// String returns the reasons as codes, the factors' paths signed by the
// way they pull: "+value/revenue +potential/fit -value/tenure".
func (r Reasons) String() string {
	var b strings.Builder
	for i, x := range r {
		if i > 0 {
			b.WriteByte(' ')
		}
		if x.Impact < 0 {
			b.WriteByte('-')
		} else {
			b.WriteByte('+')
		}
		b.WriteString(x.Factor)
	}
	return b.String()
}

// Down returns the reasons that pull the priority down, strongest first.
func (r Reasons) Down() []score.Reason { return r[len(r.Up()):] }

// reasons returns score.Reasons's up and down as one slice.
func reasons(e score.Explanation, reference map[string]float64, k int) Reasons {
	up, down := score.Reasons(e, reference, k)
	if len(up)+len(down) == 0 {
		return nil
	}
	return append(append(make(Reasons, 0, len(up)+len(down)), up...), down...)
}
