package score

import (
	"errors"
	"slices"
	"strings"
)

// Sentinel errors. A construction error of this package is an [*Error] whose
// Err wraps one of these, so callers can test with [errors.Is].
var (
	// ErrNoFactors: an aggregate needs at least one factor.
	ErrNoFactors = errors.New("no factors")
	// ErrName: a factor's name is empty or used twice in one aggregate.
	ErrName = errors.New("invalid name")
	// ErrNil: a scorer, getter, curve or condition is nil.
	ErrNil = errors.New("nil value")
	// ErrWeight: a weight is negative, NaN or infinite, or all weights are zero.
	ErrWeight = errors.New("invalid weight")
	// ErrFuture: an input was observed after the as-of time (Fresh).
	ErrFuture = errors.New("observed in the future")
	// ErrShares: shares that must add up to 1 (a Mix) do not.
	ErrShares = errors.New("the shares do not add up to 1")
	// ErrBound: a curve bound is NaN or infinite, or the bounds are out of order.
	ErrBound = errors.New("invalid bound")
	// ErrRating: a rating given in a configuration lies outside [0, 100] or is NaN.
	ErrRating = errors.New("rating outside [0, 100]")
	// ErrDirection: a curve's points are not monotone in its declared direction.
	ErrDirection = errors.New("not monotone in the declared direction")
)

// Error describes one invalid piece of a configuration: which constructor
// (Op), which item (a factor's name, "point 3", "weight"), and why (Err,
// which wraps a sentinel error). Constructors that find several problems
// return them all, joined with [errors.Join].
type Error struct {
	Op   string // the constructor, such as "Weighted" or "Piecewise"
	Item string // the factor, point or field at fault; may be empty
	Err  error  // the cause; wraps one of the Err* sentinels
}

// Error returns "score: Op: Item: cause".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("score: ")
	b.WriteString(e.Op)
	if e.Item != "" {
		b.WriteString(": ")
		b.WriteString(e.Item)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// joinErrors returns nil for no errors, the error itself for one, and
// errors.Join of them all otherwise.
func joinErrors(errs []error) error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	return errors.Join(errs...)
}

// sortedJoin joins errors in the order of their messages, so that errors
// found while ranging over a map are reported deterministically.
func sortedJoin(errs []error) error {
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	return joinErrors(errs)
}

// checker is implemented by scorers that can be made without an error but
// hold a fault (a nil getter), which the aggregate holding them reports.
type checker interface{ check() error }
