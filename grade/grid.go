package grade

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Cell maps one grade to a tier rank. A borderline cell sits between tier
// Rank and tier Rank+1; the grid's [Resolution] makes the call.
type Cell struct {
	Grade      Grade `json:"grade"`
	Rank       int   `json:"rank"`
	Borderline bool  `json:"borderline,omitempty"`
}

// Resolve says how a borderline cell is resolved.
type Resolve int

const (
	// Higher puts borderline grades in the higher tier (Rank). It is the
	// zero value.
	Higher Resolve = iota
	// Lower puts them in the lower tier (Rank+1).
	Lower
	// ByScore puts them in the higher tier when a tie-break score (the
	// priority, say) is at or above Resolution.Cut, else in the lower one.
	// A NaN score goes to the lower tier.
	ByScore
)

// String returns "higher", "lower" or "by-score".
func (r Resolve) String() string {
	switch r {
	case Higher:
		return "higher"
	case Lower:
		return "lower"
	case ByScore:
		return "by-score"
	}
	return "Resolve(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText encodes the policy by name, the words of String.
func (r Resolve) MarshalText() ([]byte, error) {
	if r < Higher || r > ByScore {
		return nil, fmt.Errorf("grade: cannot marshal %v", r)
	}
	return []byte(r.String()), nil
}

// UnmarshalText decodes higher, lower or by-score; "" is Higher.
func (r *Resolve) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = Higher
		return nil
	}
	for v := Higher; v <= ByScore; v++ {
		if v.String() == string(b) {
			*r = v
			return nil
		}
	}
	return fmt.Errorf("grade: unknown resolution %q (want higher, lower or by-score)", b)
}

// Resolution is a grid's policy for borderline cells.
type Resolution struct {
	Policy Resolve `json:"policy"`
	Cut    float64 `json:"cut,omitempty"` // for ByScore; within [0, 100]
}

// Errors of [NewGrid], each wrapped with the grade at fault.
var (
	ErrGrade      = errors.New("invalid grade")
	ErrUnmapped   = errors.New("grade not mapped")
	ErrDuplicate  = errors.New("grade mapped twice")
	ErrRank       = errors.New("rank below 1")
	ErrResolution = errors.New("invalid resolution")
)

// Grid maps every grade A1..C3 to a tier rank. It is immutable and safe
// for concurrent use.
type Grid struct {
	cells [3][3]Cell // [size A, B, C][likelihood 1, 2, 3]
	res   Resolution
}

func index(g Grade) (int, int) { return int(g.Size - A), int(g.Likelihood - 1) }

// NewGrid returns the grid of cells under resolution res. The grid must be
// total: each of the nine grades mapped exactly once, to a rank of at least
// 1. Every problem is reported at once, each naming its grade.
func NewGrid(res Resolution, cells ...Cell) (*Grid, error) {
	var errs []error
	switch res.Policy {
	case Higher, Lower:
	case ByScore:
		if !(res.Cut >= 0 && res.Cut <= 100) {
			errs = append(errs, fmt.Errorf("grade: %w: cut %v outside [0, 100]", ErrResolution, res.Cut))
		}
	default:
		errs = append(errs, fmt.Errorf("grade: %w: unknown policy %d", ErrResolution, int(res.Policy)))
	}
	g := &Grid{res: res}
	var seen [3][3]bool
	for _, c := range cells {
		if !c.Grade.Valid() {
			errs = append(errs, fmt.Errorf("grade: %w: {%d %d}", ErrGrade, c.Grade.Size, c.Grade.Likelihood))
			continue
		}
		i, j := index(c.Grade)
		if seen[i][j] {
			errs = append(errs, fmt.Errorf("grade: %v: %w", c.Grade, ErrDuplicate))
		}
		seen[i][j] = true
		if c.Rank < 1 {
			errs = append(errs, fmt.Errorf("grade: %v: %w: %d", c.Grade, ErrRank, c.Rank))
		}
		g.cells[i][j] = c
	}
	for _, s := range []Size{A, B, C} {
		for l := Likelihood(1); l <= 3; l++ {
			gr := Grade{s, l}
			if i, j := index(gr); !seen[i][j] {
				errs = append(errs, fmt.Errorf("grade: %v: %w", gr, ErrUnmapped))
			}
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return g, nil
}

// DefaultGrid returns the framework's grid: A1 to tier 1; A2 and B1 to tier
// 1, borderline with tier 2; A3, B2 and C1 to tier 2; B3, C2 and C3 to tier
// 3. Borderline grades are resolved as res says.
func DefaultGrid(res Resolution) (*Grid, error) {
	return NewGrid(res,
		Cell{Grade{A, 1}, 1, false},
		Cell{Grade{A, 2}, 1, true},
		Cell{Grade{B, 1}, 1, true},
		Cell{Grade{A, 3}, 2, false},
		Cell{Grade{B, 2}, 2, false},
		Cell{Grade{C, 1}, 2, false},
		Cell{Grade{B, 3}, 3, false},
		Cell{Grade{C, 2}, 3, false},
		Cell{Grade{C, 3}, 3, false},
	)
}

// Cell returns the cell of grade g, and whether g is valid.
func (g *Grid) Cell(gr Grade) (Cell, bool) {
	if !gr.Valid() {
		return Cell{}, false
	}
	i, j := index(gr)
	return g.cells[i][j], true
}

// Resolution returns the grid's resolution policy.
func (g *Grid) Resolution() Resolution { return g.res }

// Rank returns the tier rank of grade gr, resolving a borderline cell by
// the grid's policy with tieBreak as the score (used by ByScore only), and
// ok == false for an invalid grade.
func (g *Grid) Rank(gr Grade, tieBreak float64) (rank int, ok bool) {
	c, ok := g.Cell(gr)
	if !ok {
		return 0, false
	}
	if !c.Borderline {
		return c.Rank, true
	}
	switch g.res.Policy {
	case Lower:
		return c.Rank + 1, true
	case ByScore:
		if math.IsNaN(tieBreak) || tieBreak < g.res.Cut {
			return c.Rank + 1, true
		}
	}
	return c.Rank, true
}
