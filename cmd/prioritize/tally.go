package main

import (
	"slices"
	"strings"

	"github.com/prioritize-dev/prioritize"
)

// tally is what the run's summary and warnings need of a ranking: how
// many accounts were rated, per tier, and why the others were not, and
// the factors that failed, each in the ranking's order of first
// appearance. A ranking kept whole gives it (tallyOf); a ranking made as
// the book is read gathers it as it goes (tallier), over several workers,
// with the same result.
type tally struct {
	n, rated int
	tiers    map[int]int // the rated accounts of each tier
	unrated  []counted   // by reason
	failed   []counted   // by factor
}

// counted is a reason or a factor with its count, and the first account
// that has it in rank order, where the first failure's message comes from.
type counted struct {
	key, first string
	n          int
	at         prioritize.Assessment // only its rank order: Rated, Priority, ID, Index
	pos        int                   // the failure's place in that account's
}

// ahead reports whether c's first account comes before d's in rank order
// (Compare's, then the input's), or, the same account, its failure first.
func (c *counted) ahead(d *counted) bool {
	if r := prioritize.Compare(c.at, d.at); r != 0 {
		return r < 0
	}
	if c.at.Index != d.at.Index {
		return c.at.Index < d.at.Index
	}
	return c.pos < d.pos
}

// tallier gathers a tally, one assessment at a time, in any order.
type tallier struct {
	n, rated int
	tiers    map[int]int
	unrated  map[string]*counted
	failed   map[string]*counted
}

func (t *tallier) add(as *prioritize.Assessment) {
	if t.tiers == nil {
		t.tiers, t.unrated, t.failed = map[int]int{}, map[string]*counted{}, map[string]*counted{}
	}
	t.n++
	if as.Rated {
		t.rated++
		t.tiers[as.Tier.Rank]++
	} else {
		t.count(t.unrated, as.Unrated, "", as, 0)
	}
	for i, f := range as.Failed {
		msg, _, _ := strings.Cut(f.Err.Error(), "\n")
		t.count(t.failed, f.Factor, msg, as, i)
	}
}

func (t *tallier) count(m map[string]*counted, key, first string, as *prioritize.Assessment, pos int) {
	old := m[key]
	if old == nil {
		old = &counted{key: key}
		m[key] = old
	}
	old.n++
	c := counted{at: prioritize.Assessment{Rated: as.Rated, Priority: as.Priority, ID: as.ID, Index: as.Index}, pos: pos}
	if old.n == 1 || c.ahead(old) {
		c.at.ID = strings.Clone(as.ID) // kept: not the row's memory, which the ID shares
		old.first, old.at, old.pos = first, c.at, pos
	}
}

// merge adds o's counts to t's.
func (t *tallier) merge(o *tallier) {
	if o.tiers == nil {
		return
	}
	if t.tiers == nil {
		*t = *o
		return
	}
	t.n, t.rated = t.n+o.n, t.rated+o.rated
	for r, n := range o.tiers {
		t.tiers[r] += n
	}
	for _, pair := range [][2]map[string]*counted{{t.unrated, o.unrated}, {t.failed, o.failed}} {
		for k, c := range pair[1] {
			old := pair[0][k]
			switch {
			case old == nil:
				pair[0][k] = c
			case c.ahead(old):
				c.n += old.n
				pair[0][k] = c
			default:
				old.n += c.n
			}
		}
	}
}

func (t *tallier) tally() tally {
	order := func(m map[string]*counted) []counted {
		var out []counted
		for _, c := range m {
			out = append(out, *c)
		}
		slices.SortFunc(out, func(a, b counted) int {
			switch {
			case a.ahead(&b):
				return -1
			case b.ahead(&a):
				return 1
			}
			return 0
		})
		return out
	}
	return tally{n: t.n, rated: t.rated, tiers: t.tiers, unrated: order(t.unrated), failed: order(t.failed)}
}

// tallyOf tallies a ranking kept whole.
func tallyOf(ranked []prioritize.Assessment) tally {
	var t tallier
	for i := range ranked {
		t.add(&ranked[i])
	}
	return t.tally()
}
