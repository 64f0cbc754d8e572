package score

import (
	"math"
	"strconv"
	"strings"
)

// Explanation is one node of the tree that explains a rating: what was read
// (Input), how it rated, and how much that counted in the parent.
//
// The Contributions of a node's Children add up to its Rating (within
// 1e-9) unless the node is Missing, in which case every contribution is 0.
// Caps and floors appear as children of their own whose contribution is the
// adjustment they made (negative for a cap).
type Explanation struct {
	// Name is the factor's name in its parent; the root of a tree is named
	// by whoever asked (Explain leaves it empty).
	Name string `json:"name,omitempty"`
	// Input is the raw input a metric read, formatted ("5000", "perfect");
	// empty for aggregates.
	Input string `json:"input,omitempty"`
	// Rating is the node's rating in [0, 100]; 0 when Missing.
	Rating float64 `json:"rating"`
	// Weight is the node's share of its parent, after any redistribution of
	// missing factors' weight: 0.40 for revenue in the default value score.
	// The root has weight 1.
	Weight float64 `json:"weight"`
	// Contribution is what the node added to its parent's rating:
	// Weight x Rating for a weighted factor, the adjustment for a cap or
	// floor, the rating itself for the root.
	Contribution float64 `json:"contribution"`
	// Missing reports that the node had no data, or that reading it failed
	// (then Err says why). Note says how the parent treated it.
	Missing bool `json:"missing,omitempty"`
	// Description says what the factor is for, for people (see Describe).
	Description string `json:"description,omitempty"`
	// Expr is the expression a factor evaluates, when it is one
	// (rules.Number.Metric): what set Input.
	Expr string `json:"expr,omitempty"`
	// Err is the error a failing factor's reading gave (an expression that
	// divided by zero): a failure, not missing data.
	Err string `json:"error,omitempty"`
	// Stale is the day a factor's input went stale (see Fresh): it counts
	// as missing, and Note says "stale since" that day.
	Stale string `json:"stale,omitempty"`
	// Unknown reports that a categorical factor read a level its table
	// does not have (a misspelling?) and rated the default.
	Unknown bool `json:"unknown,omitempty"`
	// Adjusted reports that a cap or floor changed this node's rating.
	Adjusted bool `json:"adjusted,omitempty"`
	// Bound is "cap" or "floor" for the node of a cap or floor that holds,
	// and empty for factors.
	Bound string `json:"bound,omitempty"`
	// Note says in words what happened when it is not plain arithmetic:
	// "missing: weight redistributed", "capped at 40: payment failure".
	Note string `json:"note,omitempty"`
	// Children are the factors that set the rating, in the order they were
	// declared.
	Children []Explanation `json:"children,omitempty"`
}

// leaf makes the explanation of a rating that has no parts.
func leaf(r float64, ok bool) Explanation {
	r, ok = Sanitize(r, ok)
	return Explanation{Rating: r, Weight: 1, Contribution: r, Missing: !ok}
}

// String renders the tree as indented text, one node a line:
//
//	Value: 80.25/100
//	  revenue: 5000 -> 80/100 x 0.40 = 32.00
func (e Explanation) String() string {
	var b strings.Builder
	e.write(&b, 0)
	return b.String()
}

func (e Explanation) write(b *strings.Builder, depth int) {
	for range depth {
		b.WriteString("  ")
	}
	name := e.Name
	if name == "" {
		name = "rating"
	}
	b.WriteString(name)
	if e.Expr != "" {
		b.WriteString(" = ")
		b.WriteString(e.Expr)
	}
	b.WriteString(": ")
	if e.Input != "" {
		b.WriteString(e.Input)
		b.WriteString(" -> ")
	}
	if e.Missing {
		b.WriteString("missing")
	} else {
		b.WriteString(FormatRating(e.Rating))
		b.WriteString("/100")
	}
	if depth > 0 {
		b.WriteString(" x ")
		b.WriteString(fixed2(e.Weight))
		b.WriteString(" = ")
		b.WriteString(fixed2(e.Contribution))
	}
	if e.Note != "" {
		b.WriteString(" (")
		b.WriteString(e.Note)
		b.WriteString(")")
	}
	if e.Err != "" {
		msg, _, _ := strings.Cut(e.Err, "\n")
		b.WriteString(" [")
		b.WriteString(msg)
		b.WriteString("]")
	}
	b.WriteByte('\n')
	for _, c := range e.Children {
		c.write(b, depth+1)
	}
}

// fixed2 formats x with two decimals, rounding halves away from zero
// (40.125 prints 40.13, as a person rounds it).
func fixed2(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', 2, 64)
}

// FormatInput formats a factor's raw input for people: rounded to at most
// three decimals ("72.2", not "72.19999999999999"), in exponent form only
// when it is very large or very small. The explanation's JSON keeps the
// ratings at full precision.
func FormatInput(x float64) string {
	if a := math.Abs(x); a != 0 && (a < 1e-3 || a >= 1e15) {
		return strconv.FormatFloat(x, 'g', 6, 64)
	}
	return strconv.FormatFloat(math.Round(x*1000)/1000, 'f', -1, 64)
}

// FormatRating formats a rating with at most three decimals and no trailing
// zeros: 80, 80.25, 83.875.
func FormatRating(r float64) string {
	return strconv.FormatFloat(math.Round(r*1000)/1000, 'f', -1, 64)
}

// Leaves calls yield for every leaf of the tree with its path from the root
// (names joined by "/", the root's own name left out) and its scale: the
// product of its ancestors' weights, so that scale x leaf.Contribution is
// what the leaf adds to the root's rating. It stops when yield returns
// false.
func (e Explanation) Leaves(yield func(path string, scale float64, leaf Explanation) bool) {
	e.leaves("", 1, yield)
}

func (e Explanation) leaves(path string, scale float64, yield func(string, float64, Explanation) bool) bool {
	for _, c := range e.Children {
		p := c.Name
		if path != "" {
			p = path + "/" + c.Name
		}
		var more bool
		if len(c.Children) == 0 {
			more = yield(p, scale, c)
		} else {
			more = c.leaves(p, scale*c.Weight, yield)
		}
		if !more {
			return false
		}
	}
	return true
}

// Find returns the node at path (names joined by "/", as [Explanation.Leaves]
// reports them) and whether there is one.
func (e Explanation) Find(path string) (Explanation, bool) {
	if path == "" {
		return e, true
	}
	name, rest, _ := strings.Cut(path, "/")
	for _, c := range e.Children {
		if c.Name == name {
			return c.Find(rest)
		}
	}
	return Explanation{}, false
}
