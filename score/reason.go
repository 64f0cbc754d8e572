package score

import (
	"cmp"
	"math"
	"slices"
)

// Reason is one factor's pull on a rating against a reference: "revenue
// adds 6 points over the portfolio's median".
type Reason struct {
	// Factor is the leaf's path in the explanation, such as "value/revenue".
	Factor string `json:"factor"`
	// Rating is the factor's rating; Reference what it was compared with
	// (0 for a cap or floor, whose reference is not being bounded).
	Rating    float64 `json:"rating"`
	Reference float64 `json:"reference"`
	// Impact is the points of the root's rating that the factor adds
	// (positive) or takes away (negative) against the reference.
	Impact float64 `json:"impact"`
}

// Reasons returns the k factors of an explained rating that pull it
// furthest up (largest Impact first) and furthest down (most negative
// first), against a reference rating per leaf path, such as the
// portfolio's medians from [Medians].
//
// A weighted leaf's impact is its share of the root times
// (rating - reference); leaves that have no reference (or a NaN or
// infinite one), are missing, or have no weight are left out. A cap or floor that bound the rating counts with
// the change it made. Ties are broken by path, so the result is
// deterministic.
func Reasons(e Explanation, reference map[string]float64, k int) (up, down []Reason) {
	e.Leaves(func(path string, scale float64, l Explanation) bool {
		var r Reason
		switch {
		case l.Missing:
			return true
		case l.Weight > 0:
			ref, ok := reference[path]
			if !ok || math.IsNaN(ref) || math.IsInf(ref, 0) {
				return true // no reference, or none that a rating can be compared with
			}
			r = Reason{Factor: path, Rating: l.Rating, Reference: ref, Impact: scale * l.Weight * (l.Rating - ref)}
		case l.Adjusted:
			r = Reason{Factor: path, Rating: l.Rating, Impact: scale * l.Contribution}
		default:
			return true
		}
		switch {
		case r.Impact > 0:
			up = append(up, r)
		case r.Impact < 0:
			down = append(down, r)
		}
		return true
	})
	slices.SortFunc(up, func(a, b Reason) int {
		return cmp.Or(cmp.Compare(b.Impact, a.Impact), cmp.Compare(a.Factor, b.Factor))
	})
	slices.SortFunc(down, func(a, b Reason) int {
		return cmp.Or(cmp.Compare(a.Impact, b.Impact), cmp.Compare(a.Factor, b.Factor))
	})
	k = max(k, 0)
	return up[:min(k, len(up))], down[:min(k, len(down))]
}

// Medians returns, for every leaf path in the explanations, the median
// rating of the explanations in which that leaf is present (not missing):
// a reference for [Reasons].
func Medians(explanations []Explanation) map[string]float64 {
	var r Ratings
	for _, e := range explanations {
		r.Add(e)
	}
	return r.Medians()
}

// Ratings collects the leaf ratings of explanations one at a time, so that
// the medians of a large portfolio need not keep its trees: 8 bytes per
// weighted leaf present. The zero value is empty and ready to use; a
// Ratings is not safe for concurrent use (collect in one per goroutine and
// Merge them).
type Ratings struct {
	byPath map[string][]float64
	// root is the tree of the leaves added since the last flatten, by
	// name: adding a leaf finds its node by its name under its parent's,
	// without building its path.
	root *ratingNode
}

type ratingNode struct {
	path    string
	kids    map[string]*ratingNode
	ratings []float64
}

func (n *ratingNode) kid(name string) *ratingNode {
	k := n.kids[name]
	if k == nil {
		if n.kids == nil {
			n.kids = map[string]*ratingNode{}
		}
		k = &ratingNode{path: name}
		if n.path != "" {
			k.path = n.path + "/" + name
		}
		n.kids[name] = k
	}
	return k
}

// Add collects the ratings of e's weighted leaves that are present.
func (r *Ratings) Add(e Explanation) {
	if r.root == nil {
		r.root = &ratingNode{}
	}
	r.root.add(e)
}

// add collects the leaves of e's children, as Explanation.Leaves finds
// them.
func (n *ratingNode) add(e Explanation) {
	for i := range e.Children {
		c := &e.Children[i]
		k := n.kid(c.Name)
		switch {
		case len(c.Children) > 0:
			k.add(*c)
		case !c.Missing && c.Weight > 0:
			k.ratings = append(k.ratings, c.Rating)
		}
	}
}

// flatten moves the ratings of the tree into byPath.
func (r *Ratings) flatten() {
	if r.byPath == nil {
		r.byPath = map[string][]float64{}
	}
	var walk func(n *ratingNode)
	walk = func(n *ratingNode) {
		if len(n.ratings) > 0 {
			r.byPath[n.path] = append(r.byPath[n.path], n.ratings...)
		}
		for _, k := range n.kids {
			walk(k)
		}
	}
	if r.root != nil {
		walk(r.root)
		r.root = nil
	}
}

// Merge adds the ratings o collected, and empties o.
func (r *Ratings) Merge(o *Ratings) {
	r.flatten()
	o.flatten()
	for path, rs := range o.byPath {
		r.byPath[path] = append(r.byPath[path], rs...)
	}
	o.byPath = nil
}

// Medians returns the median rating of each leaf path collected (of an
// even count, the mean of the two middle ratings), as [Medians] does. It
// sorts the ratings it holds.
func (r *Ratings) Medians() map[string]float64 {
	r.flatten()
	med := make(map[string]float64, len(r.byPath))
	for p, rs := range r.byPath {
		slices.Sort(rs)
		n := len(rs)
		if n%2 == 1 {
			med[p] = rs[n/2]
		} else {
			med[p] = (rs[n/2-1] + rs[n/2]) / 2
		}
	}
	return med
}
