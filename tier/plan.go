package tier

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Assignment is one account's place on a ladder, for a capacity plan: the
// rank of its tier (0 for unrated) and its annual recurring revenue.
type Assignment struct {
	Rank int
	ARR  float64
}

// Row is one tier's line of a capacity [Plan].
type Row struct {
	Rank           int     `json:"rank"`
	Name           string  `json:"name"`
	Accounts       int     `json:"accounts"`
	AccountsPerCSM int     `json:"accounts_per_csm"`
	CSMs           int     `json:"csms"` // ceil(Accounts / AccountsPerCSM)
	ARR            float64 `json:"arr"`
	ARRPerCSM      float64 `json:"arr_per_csm"` // ARR / CSMs; 0 when no CSM is needed
	// Set by Ladder.Fill only: the accounts the tier's CSMs can hold, and
	// the priority of the last account it took (nil when it took none).
	Capacity int      `json:"capacity,omitempty"`
	Cut      *float64 `json:"cut,omitempty"`
}

// Plan is how many CSMs each tier needs.
type Plan struct {
	Rows     []Row   `json:"rows"` // one per tier, rank 1 first
	Unrated  int     `json:"unrated"`
	Accounts int     `json:"accounts"` // rated accounts
	CSMs     int     `json:"csms"`
	ARR      float64 `json:"arr"`
	HasARR   bool    `json:"has_arr"` // whether ARR figures were given
	// ByCapacity is set by Ladder.Fill: tiers were filled top-down up to
	// their staffed capacity, CSMs are the staff's, and Overflow counts the
	// rated accounts (included in Accounts) that no tier had room for.
	ByCapacity bool `json:"by_capacity,omitempty"`
	Overflow   int  `json:"overflow,omitempty"`
	// Saturated is set when a sum went past the largest value it can hold
	// (ARR past math.MaxFloat64, a count past math.MaxInt): the sum is
	// capped there, never +Inf or negative.
	Saturated bool `json:"saturated,omitempty"`
}

// Plan returns the capacity plan for counts of accounts per rank. Counts
// for rank 0 (or any rank the ladder lacks) are reported as unrated;
// negative counts count as 0.
func (l *Ladder) Plan(counts map[int]int) Plan {
	p, index := l.emptyPlan()
	for rank, n := range counts {
		p.add(index, rank, max(n, 0), 0)
	}
	p.total()
	return p
}

// PlanARR returns the capacity plan for a list of assignments, with managed
// ARR per tier and per CSM. NaN or negative ARR counts as 0; sums that
// would overflow saturate (see Plan.Saturated).
func (l *Ladder) PlanARR(assignments []Assignment) Plan {
	p, index := l.emptyPlan()
	for _, a := range assignments {
		p.add(index, a.Rank, 1, a.ARR)
	}
	p.HasARR = true
	p.total()
	return p
}

// emptyPlan returns a plan with a row per tier and the row index of each rank.
func (l *Ladder) emptyPlan() (Plan, map[int]int) {
	p := Plan{Rows: make([]Row, len(l.tiers))}
	index := make(map[int]int, len(l.tiers))
	for i, t := range l.tiers {
		p.Rows[i] = Row{Rank: t.Rank, Name: t.Name, AccountsPerCSM: t.AccountsPerCSM}
		index[t.Rank] = i
	}
	return p, index
}

func (p *Plan) add(index map[int]int, rank, n int, arr float64) {
	i, ok := index[rank]
	if !ok {
		p.Unrated += n
		return
	}
	p.Rows[i].Accounts = p.addInt(p.Rows[i].Accounts, n)
	if arr > 0 { // also not NaN
		p.Rows[i].ARR = p.addFloat(p.Rows[i].ARR, arr)
	}
}

// addInt and addFloat add without overflow: past the largest value they
// saturate and flag the plan.
func (p *Plan) addInt(a, b int) int {
	if a > math.MaxInt-b {
		p.Saturated = true
		return math.MaxInt
	}
	return a + b
}

func (p *Plan) addFloat(a, b float64) float64 {
	if s := a + b; s <= math.MaxFloat64 {
		return s
	}
	p.Saturated = true
	return math.MaxFloat64
}

func (p *Plan) total() {
	for i := range p.Rows {
		r := &p.Rows[i]
		r.CSMs = r.Accounts / r.AccountsPerCSM // ceil, without overflowing Accounts + AccountsPerCSM
		if r.Accounts%r.AccountsPerCSM != 0 {
			r.CSMs++
		}
		if r.CSMs > 0 {
			r.ARRPerCSM = r.ARR / float64(r.CSMs)
		}
		p.Accounts = p.addInt(p.Accounts, r.Accounts)
		p.CSMs = p.addInt(p.CSMs, r.CSMs)
		p.ARR = p.addFloat(p.ARR, r.ARR)
	}
}

// String renders the plan as a table.
func (p Plan) String() string {
	var b strings.Builder
	p.WriteTo(&b)
	return b.String()
}

// WriteTo writes the plan as a table to w.
func (p Plan) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	tw := tabwriter.NewWriter(cw, 0, 0, 2, ' ', 0)
	row := func(cells ...string) {
		if !p.HasARR {
			cells = cells[:4]
		}
		fmt.Fprintln(tw, strings.TrimRight(strings.Join(cells, "\t"), "\t"))
	}
	if p.ByCapacity {
		fmt.Fprintln(tw, "tier\taccounts\tcapacity\tper CSM\tCSMs\tcut at\tARR\tARR per CSM")
		for _, r := range p.Rows {
			cut := "-"
			if r.Cut != nil {
				cut = strconv.FormatFloat(math.Round(*r.Cut*100)/100, 'f', -1, 64) // to the hundredth: a cut, not a datum
			}
			fmt.Fprintf(tw, "%d %s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\n", r.Rank, r.Name, r.Accounts, r.Capacity,
				r.AccountsPerCSM, r.CSMs, cut, money(r.ARR), money(r.ARRPerCSM))
		}
		fmt.Fprintf(tw, "total\t%d\t\t\t%d\t\t%s\n", p.Accounts, p.CSMs, money(p.ARR))
		fmt.Fprintf(tw, "overflow\t%d\n", p.Overflow)
		if p.Unrated > 0 {
			fmt.Fprintf(tw, "unrated\t%d\n", p.Unrated)
		}
		err := tw.Flush()
		return cw.n, err
	}
	row("tier", "accounts", "per CSM", "CSMs", "ARR", "ARR per CSM")
	for _, r := range p.Rows {
		row(fmt.Sprintf("%d %s", r.Rank, r.Name), strconv.Itoa(r.Accounts), strconv.Itoa(r.AccountsPerCSM),
			strconv.Itoa(r.CSMs), money(r.ARR), money(r.ARRPerCSM))
	}
	row("total", strconv.Itoa(p.Accounts), "", strconv.Itoa(p.CSMs), money(p.ARR), "")
	if p.Unrated > 0 {
		row("unrated", strconv.Itoa(p.Unrated), "", "", "", "")
	}
	err := tw.Flush()
	return cw.n, err
}

// money writes a sum of money for people: whole units with thousands
// separators (2,052,336).
func money(x float64) string {
	s := strconv.FormatFloat(x, 'f', 0, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if len(s) > 3 && !strings.ContainsAny(s, "e+") {
		var b strings.Builder
		head := len(s) % 3
		if head > 0 {
			b.WriteString(s[:head])
		}
		for i := head; i < len(s); i += 3 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(s[i : i+3])
		}
		s = b.String()
	}
	if neg {
		s = "-" + s
	}
	return s
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += int64(n)
	return n, err
}

// Review is one account's review state: its tier's rank and its last
// review.
type Review struct {
	ID   string
	Rank int
	Last time.Time
}

// NextReview returns when the account is next due for review: its last
// review plus its tier's cadence. ok is false when the ladder has no tier of
// that rank.
func (l *Ladder) NextReview(r Review) (due time.Time, ok bool) {
	t := l.find(r.Rank)
	if t == nil {
		return time.Time{}, false
	}
	return t.Review.Next(r.Last), true
}

// Overdue returns the reviews that are due at or before now, most overdue
// first (ties in the order given). Reviews of unknown ranks are left out.
func (l *Ladder) Overdue(reviews []Review, now time.Time) []Review {
	type due struct {
		r  Review
		at time.Time
	}
	var ds []due
	for _, r := range reviews {
		if at, ok := l.NextReview(r); ok && !at.After(now) {
			ds = append(ds, due{r, at})
		}
	}
	slices.SortStableFunc(ds, func(a, b due) int { return a.at.Compare(b.at) })
	out := make([]Review, len(ds))
	for i, d := range ds {
		out[i] = d.r
	}
	return out
}
