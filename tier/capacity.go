package tier

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Staff is a team's customer success managers per tier: it maps a tier's
// rank to the CSMs who serve it. A tier then holds at most its CSMs times
// its AccountsPerCSM accounts: tiers by capacity rather than by fixed
// priority bands, for a team whose headcount is fixed.
type Staff map[int]int

// Candidate is one account for [Ladder.Fill]: its priority (NaN when the
// account is unrated) and its annual recurring revenue (NaN or negative
// counts as 0).
type Candidate struct {
	Priority float64
	ARR      float64
}

// Filling is the outcome of [Ladder.Fill].
type Filling struct {
	// Ranks holds each candidate's tier, in the order given: its rank, or 0
	// for an unrated account or one that no tier had room for.
	Ranks []int `json:"ranks"`
	// Plan is the capacity plan of the filling: per tier, its Capacity,
	// the accounts it took, its staffed CSMs, its ARR and ARR per CSM, and
	// the priority Cut it ended at; Overflow counts the rated accounts that
	// no tier had room for.
	Plan Plan `json:"plan"`
}

// Fill assigns tiers by capacity: it takes the candidates in the order
// given, which must be the ranking order (rated accounts by priority, the
// highest first, ties broken as the ranking breaks them; unrated accounts
// anywhere), and fills tier 1 up to its capacity, then tier 2, and so on.
// A rated account that finds every tier full is overflow: rank 0, counted
// in Plan.Overflow. A tier's capacity is staff[rank] times its
// AccountsPerCSM; a rank the staff does not name has no CSM and takes no
// account. Fill reports an error for a negative headcount, a rank the
// ladder lacks, or candidates out of order ([ErrOrder], naming the first
// pair), all at once, each an [*Error].
func (l *Ladder) Fill(staff Staff, candidates []Candidate) (Filling, error) {
	var errs []error
	ranks := make([]int, 0, len(staff))
	for rank := range staff {
		ranks = append(ranks, rank)
	}
	sort.Ints(ranks)
	for _, rank := range ranks {
		t := l.find(rank)
		if t == nil {
			errs = append(errs, &Error{Err: fmt.Errorf("%w: CSMs for tier %d, which the ladder lacks", ErrStaff, rank)})
			continue
		}
		if n := staff[rank]; n < 0 {
			errs = append(errs, &Error{Tiers: []string{t.Name}, Err: fmt.Errorf("%w: a headcount of %d", ErrStaff, n)})
		}
	}
	last, lastAt := math.Inf(1), -1
	for i, c := range candidates {
		if c.Priority != c.Priority {
			continue
		}
		if c.Priority > last {
			errs = append(errs, &Error{Err: fmt.Errorf("%w: candidate %d (priority %v) comes after candidate %d (priority %v); give them in ranking order",
				ErrOrder, i, c.Priority, lastAt, last)})
			break
		}
		last, lastAt = c.Priority, i
	}
	if len(errs) > 0 {
		return Filling{}, errors.Join(errs...)
	}

	p, _ := l.emptyPlan()
	p.HasARR = true
	f := Filling{Ranks: make([]int, len(candidates))}
	row := 0 // the tier being filled
	room := func(i int) int {
		r := &p.Rows[i]
		return saturatingMul(max(staff[r.Rank], 0), r.AccountsPerCSM)
	}
	for i := range p.Rows {
		p.Rows[i].CSMs = max(staff[p.Rows[i].Rank], 0)
		p.Rows[i].Capacity = room(i)
	}
	cuts := make([]float64, len(p.Rows)) // the priority of each tier's last account
	for i, c := range candidates {
		if c.Priority != c.Priority {
			p.Unrated++
			continue
		}
		for row < len(p.Rows) && p.Rows[row].Accounts >= p.Rows[row].Capacity {
			row++
		}
		if row == len(p.Rows) {
			p.Overflow++
			continue
		}
		r := &p.Rows[row]
		f.Ranks[i] = r.Rank
		r.Accounts++
		cuts[row] = c.Priority
		if c.ARR > 0 { // also not NaN
			r.ARR = p.addFloat(r.ARR, c.ARR)
		}
	}
	for i := range p.Rows {
		r := &p.Rows[i]
		if r.Accounts > 0 {
			r.Cut = &cuts[i]
		}
		if r.CSMs > 0 {
			r.ARRPerCSM = r.ARR / float64(r.CSMs)
		}
		p.Accounts = p.addInt(p.Accounts, r.Accounts)
		p.CSMs = p.addInt(p.CSMs, r.CSMs)
		p.ARR = p.addFloat(p.ARR, r.ARR)
	}
	p.Accounts = p.addInt(p.Accounts, p.Overflow)
	p.ByCapacity = true
	f.Plan = p
	return f, nil
}

// saturatingMul is a × b for non-negative ints, capped at math.MaxInt.
func saturatingMul(a, b int) int {
	if a != 0 && b > math.MaxInt/a {
		return math.MaxInt
	}
	return a * b
}
