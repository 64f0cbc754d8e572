package tier

import (
	"fmt"
	"strconv"
	"time"
)

// Touch is how much human attention a tier gets.
type Touch int

// The framework's touch models, from the most to the least human attention.
const (
	HighTouch Touch = iota + 1
	MediumTouch
	LowTouch
	TechTouch // automated, one-to-many
)

// String returns "high", "medium", "low" or "tech".
func (t Touch) String() string {
	switch t {
	case HighTouch:
		return "high"
	case MediumTouch:
		return "medium"
	case LowTouch:
		return "low"
	case TechTouch:
		return "tech"
	}
	return "Touch(" + strconv.Itoa(int(t)) + ")"
}

// Cadence is how often something recurs: an account review, a playbook
// step. The zero Cadence means "once", not recurring.
type Cadence int

// The framework's cadences.
const (
	Once Cadence = iota
	Weekly
	Biweekly // every two weeks
	Monthly
	Quarterly
)

// String returns "once", "weekly", "every two weeks", "monthly" or
// "quarterly".
func (c Cadence) String() string {
	switch c {
	case Once:
		return "once"
	case Weekly:
		return "weekly"
	case Biweekly:
		return "every two weeks"
	case Monthly:
		return "monthly"
	case Quarterly:
		return "quarterly"
	}
	return "Cadence(" + strconv.Itoa(int(c)) + ")"
}

// Next returns when the next occurrence after last is due: 7 or 14 days
// later, or the same day one or three calendar months later (as
// [time.Time.AddDate] counts them, so January 31 plus a month is March 2 or
// 3). Once, or an unknown cadence, returns last unchanged.
func (c Cadence) Next(last time.Time) time.Time {
	switch c {
	case Weekly:
		return last.AddDate(0, 0, 7)
	case Biweekly:
		return last.AddDate(0, 0, 14)
	case Monthly:
		return last.AddDate(0, 1, 0)
	case Quarterly:
		return last.AddDate(0, 3, 0)
	}
	return last
}

// Role is who owns a playbook step.
type Role string

// The roles of the framework.
const (
	Sales               Role = "sales"
	CSM                 Role = "csm"
	CustomerDevelopment Role = "customer development"
)

// Step is one action of a playbook, with its owner and when it happens:
// Day days after the account (or its move into the tier) starts, then again
// at every Every when Every is not Once.
type Step struct {
	Action string  `json:"action"`
	Owner  Role    `json:"owner"`
	Day    int     `json:"day"`
	Every  Cadence `json:"every,omitempty"`
}

// Due reports whether the step falls due in the half-open window
// [from, to), for an account that entered its tier at start: a host
// platform's scheduler calls it once a window.
func (s Step) Due(start, from, to time.Time) bool {
	at := start.AddDate(0, 0, s.Day)
	for !at.After(to) {
		if !at.Before(from) && at.Before(to) {
			return true
		}
		if s.Every == Once {
			return false
		}
		next := s.Every.Next(at)
		if !next.After(at) {
			return false
		}
		at = next
	}
	return false
}

// Tier is one rung of a [Ladder]: the accounts whose priority falls in its
// band [Min, Max), and how they are served.
type Tier struct {
	// Rank is 1 for the highest tier, 2 for the next, and so on.
	Rank int    `json:"rank"`
	Name string `json:"name"`
	// Min and Max bound the tier's band [Min, Max); the top tier's band is
	// closed at 100.
	Min float64 `json:"min"`
	Max float64 `json:"max"`
	// AccountsPerCSM is how many accounts of this tier one CSM carries.
	AccountsPerCSM int     `json:"accounts_per_csm"`
	Touch          Touch   `json:"touch"`
	Review         Cadence `json:"review"`
	Playbook       []Step  `json:"playbook,omitempty"`
}

// Ref names a tier of a ladder: its rank and name. An assessment carries
// a Ref, not the tier: the ladder holds the rest (Ladder.Tier(ref.Rank)),
// so that a ranking of a million accounts does not repeat each tier's
// ratio, touch and playbook a million times. The zero Ref is no tier.
type Ref struct {
	Rank int    `json:"rank"`
	Name string `json:"name"`
}

// Ref returns t's rank and name.
func (t Tier) Ref() Ref { return Ref{Rank: t.Rank, Name: t.Name} }

// Contains reports whether score s falls in t's band (the top band of a
// ladder also holds 100, which Contains cannot know; use [Ladder.Assign]).
func (t Tier) Contains(s float64) bool { return s >= t.Min && s < t.Max }

// MarshalText encodes the touch model by name ("high"); the zero Touch
// encodes as "".
func (t Touch) MarshalText() ([]byte, error) {
	if t == 0 {
		return []byte{}, nil
	}
	if t < HighTouch || t > TechTouch {
		return nil, fmt.Errorf("tier: cannot marshal %v", t)
	}
	return []byte(t.String()), nil
}

// UnmarshalText decodes a touch model by name; "" is the zero Touch.
func (t *Touch) UnmarshalText(b []byte) error {
	for v := Touch(0); v <= TechTouch; v++ {
		if name, _ := v.MarshalText(); string(name) == string(b) {
			*t = v
			return nil
		}
	}
	return fmt.Errorf("tier: unknown touch model %q (want high, medium, low or tech)", b)
}

// MarshalText encodes the cadence by name ("weekly").
func (c Cadence) MarshalText() ([]byte, error) {
	if c < Once || c > Quarterly {
		return nil, fmt.Errorf("tier: cannot marshal %v", c)
	}
	return []byte(c.String()), nil
}

// UnmarshalText decodes a cadence by name: once, weekly, every two weeks
// (or biweekly), monthly, quarterly; "" is Once.
func (c *Cadence) UnmarshalText(b []byte) error {
	switch string(b) {
	case "", "once":
		*c = Once
		return nil
	case "biweekly":
		*c = Biweekly
		return nil
	}
	for v := Weekly; v <= Quarterly; v++ {
		if v.String() == string(b) {
			*c = v
			return nil
		}
	}
	return fmt.Errorf("tier: unknown cadence %q (want once, weekly, every two weeks, monthly or quarterly)", b)
}
