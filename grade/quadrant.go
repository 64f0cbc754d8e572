package grade

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Quadrant is a cell of the value x potential matrix.
type Quadrant uint8

// The four quadrants, in order of priority.
const (
	Star        Quadrant = iota + 1 // high value, high potential
	GrowthBet                       // low value, high potential
	CashCow                         // high value, low potential
	Maintenance                     // low value, low potential
)

var quadrants = [...]struct{ name, priority, strategy string }{
	Star:        {"Star", "highest", "invest: protect the relationship and expand; senior CSM, executive sponsor, quarterly business reviews"},
	GrowthBet:   {"Growth Bet", "high", "develop: drive adoption and prove value to unlock expansion; success plan and expansion plays"},
	CashCow:     {"Cash Cow", "medium", "retain efficiently: keep the value, watch renewal risk, light-touch check-ins"},
	Maintenance: {"Maintenance", "low", "automate: tech-touch programs, self-service, pooled support"},
}

func (q Quadrant) valid() bool { return q >= Star && q <= Maintenance }

// String returns the quadrant's name: "Star", "Growth Bet", "Cash Cow" or
// "Maintenance".
func (q Quadrant) String() string {
	if !q.valid() {
		return "Quadrant(" + strconv.Itoa(int(q)) + ")"
	}
	return quadrants[q].name
}

// Priority returns the framework's priority for the quadrant: "highest",
// "high", "medium" or "low".
func (q Quadrant) Priority() string {
	if !q.valid() {
		return ""
	}
	return quadrants[q].priority
}

// Strategy returns the framework's strategy for the quadrant, in a sentence.
func (q Quadrant) Strategy() string {
	if !q.valid() {
		return ""
	}
	return quadrants[q].strategy
}

// ErrCut reports a cut that is NaN or outside [0, 100].
var ErrCut = errors.New("cut outside [0, 100]")

// Matrix places accounts in quadrants by their value and potential
// ratings. A rating at or above its cut is high. The zero Matrix uses the
// default cuts, 50 and 50; a zero cut means the default (a cut at 0 would
// make every account high).
type Matrix struct {
	ValueCut     float64 `json:"value_cut"`
	PotentialCut float64 `json:"potential_cut"`
}

// DefaultCut is the cut a zero Matrix uses on both axes.
const DefaultCut = 50.0

// Validate reports cuts that are NaN or outside [0, 100].
func (m Matrix) Validate() error {
	var errs []error
	for _, c := range []struct {
		name string
		v    float64
	}{{"value", m.ValueCut}, {"potential", m.PotentialCut}} {
		if !(c.v >= 0 && c.v <= 100) {
			errs = append(errs, fmt.Errorf("grade: %s %w: %v", c.name, ErrCut, c.v))
		}
	}
	return errors.Join(errs...)
}

func cut(c float64) float64 {
	if c == 0 {
		return DefaultCut
	}
	return c
}

// Place returns the quadrant of an account rated value and potential, or
// ok == false when either is NaN (an unrated account has no quadrant).
// Infinities count as beyond every cut on their side.
func (m Matrix) Place(value, potential float64) (q Quadrant, ok bool) {
	if math.IsNaN(value) || math.IsNaN(potential) {
		return 0, false
	}
	highV, highP := value >= cut(m.ValueCut), potential >= cut(m.PotentialCut)
	switch {
	case highV && highP:
		return Star, true
	case highP:
		return GrowthBet, true
	case highV:
		return CashCow, true
	}
	return Maintenance, true
}

// MarshalText encodes the quadrant by name ("Growth Bet"); the zero
// Quadrant (unrated) encodes as "".
func (q Quadrant) MarshalText() ([]byte, error) {
	if q == 0 {
		return []byte{}, nil
	}
	if !q.valid() {
		return nil, fmt.Errorf("grade: cannot marshal %v", q)
	}
	return []byte(q.String()), nil
}

// UnmarshalText decodes a quadrant by name; "" is the zero Quadrant.
func (q *Quadrant) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*q = 0
		return nil
	}
	for v := Star; v <= Maintenance; v++ {
		if v.String() == string(b) {
			*q = v
			return nil
		}
	}
	return fmt.Errorf("grade: unknown quadrant %q (want Star, Growth Bet, Cash Cow or Maintenance)", b)
}
