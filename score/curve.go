package score

import (
	"fmt"
	"math"
	"strconv"
)

// Direction says which way a curve rates its input.
type Direction int

const (
	// Ascending curves rate a higher input at least as well as a lower one.
	Ascending Direction = iota
	// Descending curves rate a lower input at least as well as a higher one.
	Descending
	// Peaked curves rise to a best range and fall after it: the input is
	// best inside a target range.
	Peaked
)

// String returns "ascending", "descending" or "peaked".
func (d Direction) String() string {
	switch d {
	case Ascending:
		return "ascending"
	case Descending:
		return "descending"
	case Peaked:
		return "peaked"
	}
	return "Direction(" + strconv.Itoa(int(d)) + ")"
}

// MarshalText encodes the direction by name, the words of String.
func (d Direction) MarshalText() ([]byte, error) {
	if d < Ascending || d > Peaked {
		return nil, fmt.Errorf("score: cannot marshal %v", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes a direction by name: ascending, descending or
// peaked.
func (d *Direction) UnmarshalText(b []byte) error {
	for v := Ascending; v <= Peaked; v++ {
		if v.String() == string(b) {
			*d = v
			return nil
		}
	}
	return fmt.Errorf("score: unknown direction %q (want ascending, descending or peaked)", b)
}

// Curve maps one raw number to a rating in [0, 100].
//
// A curve is monotone in its Direction. Inputs beyond the curve's ends,
// infinities included, take the rating at the nearer end; Rate(NaN) is 0,
// though a [Metric] never passes NaN to a curve: it reports it as missing.
type Curve interface {
	Rate(x float64) float64
	Direction() Direction
}

// Breakpoints returns the inputs where curve c changes its slope or steps:
// the X of a piecewise curve's points, the bounds of a linear, logarithmic
// or peaked curve, the From of each step, 0 for a boolean curve. It returns
// nil for curves of other packages. Tests use it to probe a curve at and
// around its breakpoints.
func Breakpoints(c Curve) []float64 {
	switch c := c.(type) {
	case *piecewise:
		xs := make([]float64, len(c.pts))
		for i, p := range c.pts {
			xs[i] = p.X
		}
		return xs
	case *steps:
		xs := make([]float64, len(c.s))
		for i, s := range c.s {
			xs[i] = s.From
		}
		return xs
	case *logCurve:
		return []float64{c.lo, c.hi}
	case *boolean:
		return []float64{0}
	}
	return nil
}

// Point is one breakpoint of a [Piecewise] curve: input X rates Y.
type Point struct {
	X, Y float64
}

// piecewise interpolates linearly between points with strictly increasing X.
type piecewise struct {
	pts []Point
	dir Direction
}

func (p *piecewise) Direction() Direction { return p.dir }

func (p *piecewise) Rate(x float64) float64 {
	pts := p.pts
	if !(x > pts[0].X) { // also NaN
		if x != x {
			return 0
		}
		return pts[0].Y
	}
	for i := 1; i < len(pts); i++ {
		if b := pts[i]; x < b.X {
			a := pts[i-1]
			// Between two ratings in [0, 100]; Clamp guards the last bit of rounding.
			if w := b.X - a.X; !math.IsInf(w, 0) {
				return Clamp(a.Y + (x-a.X)*(b.Y-a.Y)/w)
			}
			// Points far apart (±MaxFloat64): in halves, which cannot overflow.
			return Clamp(a.Y + (x/2-a.X/2)/(b.X/2-a.X/2)*(b.Y-a.Y))
		}
	}
	return pts[len(pts)-1].Y
}

// Piecewise returns a curve that interpolates linearly between points, which
// must have finite, strictly increasing X, ratings Y in [0, 100], and ratings
// monotone in the declared direction (a peaked curve's ratings rise, then
// fall). Inputs before the first point rate the first Y, inputs after the
// last rate the last Y. At least two points are needed.
func Piecewise(dir Direction, points ...Point) (Curve, error) {
	if err := checkPoints("Piecewise", dir, points, 2); err != nil {
		return nil, err
	}
	return &piecewise{pts: append([]Point(nil), points...), dir: dir}, nil
}

// checkPoints validates the points of a Piecewise or Steps curve.
func checkPoints(op string, dir Direction, points []Point, minPoints int) error {
	var errs []error
	bad := func(item string, err error) { errs = append(errs, &Error{Op: op, Item: item, Err: err}) }
	if dir < Ascending || dir > Peaked {
		bad("direction", fmt.Errorf("%w: unknown direction %d", ErrDirection, int(dir)))
	}
	if len(points) < minPoints {
		bad("points", fmt.Errorf("%w: need at least %d, have %d", ErrBound, minPoints, len(points)))
	}
	falling := false // for Peaked: past the top
	for i, p := range points {
		item := "point " + strconv.Itoa(i)
		if op == "Steps" {
			item = "step " + strconv.Itoa(i)
		}
		if math.IsNaN(p.X) || math.IsInf(p.X, 0) {
			bad(item, fmt.Errorf("%w: x = %v", ErrBound, p.X))
		}
		if !(p.Y >= Min && p.Y <= Max) {
			bad(item, fmt.Errorf("%w: y = %v", ErrRating, p.Y))
		}
		if i == 0 {
			continue
		}
		q := points[i-1]
		if !(p.X > q.X) && !math.IsNaN(p.X) && !math.IsNaN(q.X) {
			bad(item, fmt.Errorf("%w: x = %v does not exceed the previous x = %v", ErrBound, p.X, q.X))
		}
		switch {
		case dir == Ascending && p.Y < q.Y, dir == Descending && p.Y > q.Y, dir == Peaked && falling && p.Y > q.Y:
			bad(item, fmt.Errorf("%w (%v): y goes from %v to %v", ErrDirection, dir, q.Y, p.Y))
		case dir == Peaked && p.Y < q.Y:
			falling = true
		}
	}
	return joinErrors(errs)
}

// Linear returns an ascending curve: lo and below rate 0, hi and above rate
// 100, and the inputs between rate proportionally. lo < hi, both finite.
func Linear(lo, hi float64) (Curve, error) {
	if err := checkRange("Linear", lo, hi); err != nil {
		return nil, err
	}
	return &piecewise{pts: []Point{{lo, Min}, {hi, Max}}, dir: Ascending}, nil
}

// Falling returns a descending linear curve: lo and below rate 100, hi and
// above rate 0, and the inputs between proportionally. Use it for measures
// where less is better, such as open escalations or days since the last
// login. lo < hi, both finite.
func Falling(lo, hi float64) (Curve, error) {
	if err := checkRange("Falling", lo, hi); err != nil {
		return nil, err
	}
	return &piecewise{pts: []Point{{lo, Max}, {hi, Min}}, dir: Descending}, nil
}

// Peak returns a peaked curve: 0 at lo and below, rising linearly to 100 at
// from, 100 through to, falling linearly to 0 at hi and above. It needs
// lo < from <= to < hi, all finite. Use it for measures that are best inside
// a range, such as days until renewal when the useful window is 30 to 90.
func Peak(lo, from, to, hi float64) (Curve, error) {
	if err := checkFinite("Peak", lo, from, to, hi); err != nil {
		return nil, err
	}
	if !(lo < from && from <= to && to < hi) {
		return nil, &Error{Op: "Peak", Err: fmt.Errorf("%w: need lo < from <= to < hi, have %v, %v, %v, %v", ErrBound, lo, from, to, hi)}
	}
	pts := []Point{{lo, Min}, {from, Max}, {to, Max}, {hi, Min}}
	if from == to {
		pts = []Point{{lo, Min}, {from, Max}, {hi, Min}}
	}
	return &piecewise{pts: pts, dir: Peaked}, nil
}

// logCurve rates ln(x/lo) / ln(hi/lo) on the 0-100 scale.
type logCurve struct{ lo, hi, span float64 }

func (c *logCurve) Direction() Direction { return Ascending }

func (c *logCurve) Rate(x float64) float64 {
	switch {
	case !(x > c.lo): // also NaN
		return Min
	case x >= c.hi:
		return Max
	}
	if r := x / c.lo; !math.IsInf(c.span, 0) && !math.IsInf(r, 0) {
		return Clamp(Max * math.Log(r) / c.span)
	}
	// Bounds whose ratio overflows ([1e-308, 1e308]): a difference of logs,
	// base 2, which is exact for subnormal numbers where math.Log is not.
	return Clamp(Max * (math.Log2(x) - math.Log2(c.lo)) / (math.Log2(c.hi) - math.Log2(c.lo)))
}

// Log returns an ascending logarithmic curve: lo and below rate 0, hi and
// above rate 100, and every doubling between counts the same. It suits
// revenue-like measures, where the step from $1k to $2k MRR matters as much
// as the step from $10k to $20k. It needs 0 < lo < hi, both finite.
func Log(lo, hi float64) (Curve, error) {
	if err := checkRange("Log", lo, hi); err != nil {
		return nil, err
	}
	if !(lo > 0) {
		return nil, &Error{Op: "Log", Item: "lo", Err: fmt.Errorf("%w: lo must be above 0, have %v", ErrBound, lo)}
	}
	return &logCurve{lo: lo, hi: hi, span: math.Log(hi / lo)}, nil
}

// Step is one band of a [Steps] curve: inputs from From up to the next
// step's From (excluded) rate Rating.
type Step struct {
	From, Rating float64
}

type steps struct {
	s   []Step
	dir Direction
}

func (c *steps) Direction() Direction { return c.dir }

func (c *steps) Rate(x float64) float64 {
	if x != x {
		return 0
	}
	r := c.s[0].Rating
	for _, s := range c.s[1:] {
		if x < s.From {
			break
		}
		r = s.Rating
	}
	return r
}

// Steps returns a curve of half-open bands [From_i, From_i+1) with fixed
// ratings; the last band runs to +Inf and inputs below the first From rate
// the first band's rating. From must be finite and strictly increasing,
// ratings in [0, 100] and monotone in dir.
//
// Steps(Ascending, {0, 20}, {1000, 50}, {5000, 80}) rates 999.99 as 20 and
// 1000 as 50.
func Steps(dir Direction, bands ...Step) (Curve, error) {
	pts := make([]Point, len(bands))
	for i, b := range bands {
		pts[i] = Point{b.From, b.Rating}
	}
	if err := checkPoints("Steps", dir, pts, 1); err != nil {
		return nil, err
	}
	return &steps{s: append([]Step(nil), bands...), dir: dir}, nil
}

// boolean rates x > 0 as yes and everything else as no.
type boolean struct{ no, yes float64 }

func (c *boolean) Direction() Direction {
	if c.yes >= c.no {
		return Ascending
	}
	return Descending
}

func (c *boolean) Rate(x float64) float64 {
	if x > 0 {
		return c.yes
	}
	return c.no
}

// Boolean returns a curve for yes/no inputs: any input above 0 rates yes,
// and 0, negatives and NaN rate no. Its direction is Ascending when
// yes >= no and Descending otherwise. Both ratings must be in [0, 100].
// Boolean(0, 100) rates "has an executive sponsor"; Boolean(100, 0) rates
// "had a payment failure".
func Boolean(no, yes float64) (Curve, error) {
	var errs []error
	for _, v := range []struct {
		name string
		r    float64
	}{{"no", no}, {"yes", yes}} {
		if !(v.r >= Min && v.r <= Max) {
			errs = append(errs, &Error{Op: "Boolean", Item: v.name, Err: fmt.Errorf("%w: %v", ErrRating, v.r)})
		}
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	return &boolean{no: no, yes: yes}, nil
}

func checkFinite(op string, xs ...float64) error {
	var errs []error
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			errs = append(errs, &Error{Op: op, Item: "bound " + strconv.Itoa(i), Err: fmt.Errorf("%w: %v is not finite", ErrBound, x)})
		}
	}
	return joinErrors(errs)
}

func checkRange(op string, lo, hi float64) error {
	if err := checkFinite(op, lo, hi); err != nil {
		return err
	}
	if !(lo < hi) {
		return &Error{Op: op, Err: fmt.Errorf("%w: need lo < hi, have lo = %v, hi = %v", ErrBound, lo, hi)}
	}
	return nil
}
