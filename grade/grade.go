package grade

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Size is the letter of a grade: how much the account could be worth.
// A is the largest.
type Size byte

// The three sizes.
const (
	A Size = 'A' // $50k potential and over, by default
	B Size = 'B' // [$10k, $50k)
	C Size = 'C' // under $10k
)

func (s Size) valid() bool { return s == A || s == B || s == C }

// String returns "A", "B" or "C".
func (s Size) String() string {
	if !s.valid() {
		return fmt.Sprintf("Size(%d)", byte(s))
	}
	return string(rune(s))
}

// Likelihood is the number of a grade: how likely the account is to grow.
// 1 is a strong champion with few barriers, 3 major barriers.
type Likelihood uint8

func (l Likelihood) valid() bool { return l >= 1 && l <= 3 }

// Grade is a potential size and a likelihood of growth: A1 is the best
// account, C3 the least. The zero Grade is invalid.
type Grade struct {
	Size       Size
	Likelihood Likelihood
}

// Valid reports whether g is one of A1..C3.
func (g Grade) Valid() bool { return g.Size.valid() && g.Likelihood.valid() }

// String returns the grade as "A1"; an invalid grade prints as
// "Grade(?)".
func (g Grade) String() string {
	if !g.Valid() {
		return "Grade(?)"
	}
	return names[g.Size-A][g.Likelihood-1]
}

// names are the grades' strings, so that String allocates nothing.
var names = [3][3]string{{"A1", "A2", "A3"}, {"B1", "B2", "B3"}, {"C1", "C2", "C3"}}

// Better reports whether g is strictly better than h on one axis and no
// worse on the other.
func (g Grade) Better(h Grade) bool {
	return g.Size <= h.Size && g.Likelihood <= h.Likelihood && g != h
}

// Errors of [Parse], wrapped by [*ParseError].
var (
	ErrSyntax     = errors.New("a grade is a letter A-C and a digit 1-3")
	ErrSize       = errors.New("size must be A, B or C")
	ErrLikelihood = errors.New("likelihood must be 1, 2 or 3")
)

// ParseError reports an input that is not a grade, with the byte offset of
// the fault.
type ParseError struct {
	Input  string
	Offset int
	Err    error
}

// Error returns the message, with the input and the offset.
func (e *ParseError) Error() string {
	return fmt.Sprintf("grade: parsing %q at offset %d: %v", e.Input, e.Offset, e.Err)
}

// Unwrap returns the cause.
func (e *ParseError) Unwrap() error { return e.Err }

// Parse reads a grade such as "A1" or "b3" (case-insensitive, surrounding
// spaces ignored). "", "A", "D4" and "A12" are errors.
func Parse(s string) (Grade, error) {
	t := strings.TrimSpace(s)
	lead := strings.Index(s, t)
	if lead < 0 || t == "" {
		lead = 0
	}
	if len(t) != 2 {
		off := lead + min(len(t), 2)
		return Grade{}, &ParseError{Input: s, Offset: off, Err: ErrSyntax}
	}
	g := Grade{Size: Size(t[0] &^ 0x20), Likelihood: Likelihood(t[1]) - '0'} // &^ 0x20: upper case
	if !g.Size.valid() {
		return Grade{}, &ParseError{Input: s, Offset: lead, Err: ErrSize}
	}
	if !g.Likelihood.valid() {
		return Grade{}, &ParseError{Input: s, Offset: lead + 1, Err: ErrLikelihood}
	}
	return g, nil
}

// MarshalText encodes the grade as "A1", and the zero Grade (no grade) as
// ""; any other invalid grade is an error.
func (g Grade) MarshalText() ([]byte, error) {
	if g == (Grade{}) {
		return []byte{}, nil
	}
	if !g.Valid() {
		return nil, fmt.Errorf("grade: cannot marshal invalid grade {%d %d}", g.Size, g.Likelihood)
	}
	return []byte(g.String()), nil
}

// UnmarshalText decodes a grade with [Parse]; "" decodes as the zero
// Grade.
func (g *Grade) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*g = Grade{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*g = p
	return nil
}

// Grader derives grades from numbers: a size from a dollar potential, a
// likelihood from a 0-100 score. Bands are half-open. The zero Grader uses
// the defaults; a zero field means its default.
type Grader struct {
	// BFrom and AFrom are the potentials (dollars a year) at which sizes B
	// and A start: C is below BFrom, B is [BFrom, AFrom), A is AFrom and
	// over. Defaults: 10,000 and 50,000.
	BFrom float64 `json:"b_from"`
	AFrom float64 `json:"a_from"`
	// OneFrom and TwoFrom are the likelihood scores at which likelihoods 1
	// and 2 start: 3 is below TwoFrom, 2 is [TwoFrom, OneFrom), 1 is OneFrom
	// and over. Defaults: 70 and 40.
	OneFrom float64 `json:"one_from"`
	TwoFrom float64 `json:"two_from"`
}

// The default cuts of a zero [Grader].
const (
	DefaultBFrom   = 10_000.0
	DefaultAFrom   = 50_000.0
	DefaultOneFrom = 70.0
	DefaultTwoFrom = 40.0
)

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}

func (g Grader) cuts() (bFrom, aFrom, oneFrom, twoFrom float64) {
	return orDefault(g.BFrom, DefaultBFrom), orDefault(g.AFrom, DefaultAFrom),
		orDefault(g.OneFrom, DefaultOneFrom), orDefault(g.TwoFrom, DefaultTwoFrom)
}

// ErrCuts reports grader cuts that are NaN, infinite, negative or out of
// order.
var ErrCuts = errors.New("invalid cuts")

// Validate reports cuts that are not finite, are negative, or are out of
// order (after defaults are applied): BFrom < AFrom and TwoFrom < OneFrom,
// the likelihood cuts within [0, 100].
func (g Grader) Validate() error {
	b, a, one, two := g.cuts()
	var errs []error
	if !(b >= 0 && b < a && !math.IsInf(a, 0)) {
		errs = append(errs, fmt.Errorf("grade: size %w: need 0 <= BFrom < AFrom, both finite; have %v, %v", ErrCuts, b, a))
	}
	if !(two >= 0 && two < one && one <= 100) {
		errs = append(errs, fmt.Errorf("grade: likelihood %w: need 0 <= TwoFrom < OneFrom <= 100; have %v, %v", ErrCuts, two, one))
	}
	return errors.Join(errs...)
}

// Size returns the size of a dollar potential, or ok == false when it is
// NaN. Negative potentials are C.
func (g Grader) Size(potential float64) (s Size, ok bool) {
	b, a, _, _ := g.cuts()
	switch {
	case potential >= a:
		return A, true
	case potential >= b:
		return B, true
	case potential != potential:
		return 0, false
	}
	return C, true
}

// Likelihood returns the likelihood of a 0-100 score, or ok == false when
// it is NaN.
func (g Grader) Likelihood(score float64) (l Likelihood, ok bool) {
	_, _, one, two := g.cuts()
	switch {
	case score >= one:
		return 1, true
	case score >= two:
		return 2, true
	case score != score:
		return 0, false
	}
	return 3, true
}

// Grade returns the grade of an account with a dollar potential and a
// likelihood score, or ok == false when either is NaN.
func (g Grader) Grade(potential, likelihoodScore float64) (Grade, bool) {
	s, ok1 := g.Size(potential)
	l, ok2 := g.Likelihood(likelihoodScore)
	if !ok1 || !ok2 {
		return Grade{}, false
	}
	return Grade{Size: s, Likelihood: l}, true
}
