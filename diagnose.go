package prioritize

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/prioritize-dev/prioritize/score"
)

// Diagnosis is what [Policy.Diagnose] found over a sample of accounts: how
// each factor behaved, how the tiers would fill, and the problems a person
// should look at before the policy goes live.
type Diagnosis struct {
	Accounts int `json:"accounts"`
	// Unrated counts the accounts the policy could not rate; Unrated
	// reasons are in Problems.
	Unrated int `json:"unrated"`
	// Tiers are the projected tier sizes, rank 1 first.
	Tiers []TierSize `json:"tiers"`
	// Factors are the leaves of the policy's explanation, by path
	// ("value/revenue"), in the order they were first met.
	Factors []FactorDiagnosis `json:"factors"`
	// Problems say in words what looks broken, factor by factor:
	// "value/seats failed for 2000 of 2000 accounts: ...".
	Problems []string `json:"problems,omitempty"`
}

// TierSize is how many accounts of a sample a tier would hold.
type TierSize struct {
	Rank     int    `json:"rank"`
	Name     string `json:"name"`
	Accounts int    `json:"accounts"`
}

// FactorDiagnosis is how one factor behaved over a sample.
type FactorDiagnosis struct {
	Factor string `json:"factor"`
	// Rated, Missing and Failed count the accounts for which the factor
	// gave a rating, had no data, or failed (an evaluation error).
	Rated   int `json:"rated"`
	Missing int `json:"missing"`
	Failed  int `json:"failed"`
	// Stale counts the missing whose input was too old (score.Fresh).
	Stale int `json:"stale,omitempty"`
	// FirstError is the first failure's error.
	FirstError string `json:"first_error,omitempty"`
	// Unknown counts the accounts whose categorical input is not a level
	// of the factor's table (rated the default); FirstUnknown is the first
	// such input.
	Unknown      int    `json:"unknown,omitempty"`
	FirstUnknown string `json:"first_unknown,omitempty"`
	// The spread of the ratings given: minimum, quartiles, maximum.
	Min    float64 `json:"min"`
	Q1     float64 `json:"q1"`
	Median float64 `json:"median"`
	Q3     float64 `json:"q3"`
	Max    float64 `json:"max"`
	// Constant reports that the factor gave every rated account the same
	// rating: it tells no account from another.
	Constant bool `json:"constant,omitempty"`
}

// Diagnose assesses and explains every account of a sample and reports,
// per factor, how many accounts it rated, found missing or failed for
// (with the first error), the levels its table lacks, whether its rating
// is constant and how it spreads, and the tier sizes the policy would
// give: so that a policy that is silently broken (an expression that fails,
// a field that is always missing, a misspelt category level, a factor that
// never varies) is caught before it goes live. It explains every account,
// so use a sample, not a whole portfolio of millions.
func (p *Policy[A]) Diagnose(accounts []A) Diagnosis {
	d := Diagnosis{Accounts: len(accounts)}
	if !p.built() {
		d.Unrated, d.Problems = len(accounts), []string{ErrNotBuilt.Error()}
		return d
	}
	for _, t := range p.ladder.Tiers() {
		d.Tiers = append(d.Tiers, TierSize{Rank: t.Rank, Name: t.Name})
	}
	index := map[string]int{}
	ratings := [][]float64{}
	unrated := map[string]int{}
	var reasons []string
	for _, a := range accounts {
		as := p.Explain(a, nil, 0)
		if !as.Rated {
			d.Unrated++
			if unrated[as.Unrated] == 0 {
				reasons = append(reasons, as.Unrated)
			}
			unrated[as.Unrated]++
		} else {
			for i := range d.Tiers {
				if d.Tiers[i].Rank == as.Tier.Rank {
					d.Tiers[i].Accounts++
				}
			}
		}
		for _, fl := range as.Failed { // failures outside the factors: the priority, ARR, a segment's condition
			if fl.Factor != "priority" && fl.Factor != "arr" && !strings.HasPrefix(fl.Factor, "segment/") {
				continue
			}
			i, ok := index[fl.Factor]
			if !ok {
				i = len(d.Factors)
				index[fl.Factor] = i
				d.Factors = append(d.Factors, FactorDiagnosis{Factor: fl.Factor})
				ratings = append(ratings, nil)
			}
			if d.Factors[i].Failed++; d.Factors[i].FirstError == "" {
				d.Factors[i].FirstError = fl.Err.Error()
			}
		}
		if as.Explanation == nil {
			continue
		}
		as.Explanation.Leaves(func(path string, _ float64, l score.Explanation) bool {
			i, ok := index[path]
			if !ok {
				i = len(d.Factors)
				index[path] = i
				d.Factors = append(d.Factors, FactorDiagnosis{Factor: path})
				ratings = append(ratings, nil)
			}
			f := &d.Factors[i]
			switch {
			case l.Err != "":
				f.Failed++
				if f.FirstError == "" {
					f.FirstError = l.Err
				}
			case l.Stale != "":
				f.Stale++
				f.Missing++
			case l.Missing:
				f.Missing++
			default:
				f.Rated++
				ratings[i] = append(ratings[i], l.Rating)
				if l.Unknown {
					f.Unknown++
					if f.FirstUnknown == "" {
						f.FirstUnknown = l.Input
					}
				}
			}
			return true
		})
	}
	for i := range d.Factors {
		f := &d.Factors[i]
		if rs := ratings[i]; len(rs) > 0 {
			slices.Sort(rs)
			f.Min, f.Q1, f.Median, f.Q3, f.Max = rs[0], quantile(rs, 0.25), quantile(rs, 0.5), quantile(rs, 0.75), rs[len(rs)-1]
			f.Constant = f.Min == f.Max
		}
		d.Problems = append(d.Problems, f.problems(d.Accounts)...)
	}
	for _, r := range reasons {
		d.Problems = append(d.Problems, fmt.Sprintf("%d of %d accounts are unrated: %s", unrated[r], d.Accounts, r))
	}
	return d
}

// quantile returns the q-quantile of sorted xs, interpolating between
// neighbours.
func quantile(xs []float64, q float64) float64 {
	pos := q * float64(len(xs)-1)
	lo := int(pos)
	if lo+1 >= len(xs) {
		return xs[lo]
	}
	return xs[lo] + (pos-float64(lo))*(xs[lo+1]-xs[lo])
}

// problems returns what looks broken about f over n accounts, in words.
func (f FactorDiagnosis) problems(n int) []string {
	var out []string
	if f.Failed > 0 {
		first, _, _ := strings.Cut(f.FirstError, "\n") // the message, without the snippet
		out = append(out, fmt.Sprintf("%s failed for %d of %d accounts: %s", f.Factor, f.Failed, n, first))
	}
	if f.Missing > 0 && f.Missing+f.Failed == n {
		out = append(out, fmt.Sprintf("%s is missing for every account: no data, or a field that is never filled", f.Factor))
	}
	if f.Stale > 0 {
		out = append(out, fmt.Sprintf("%s: the input of %d of %d accounts is stale, counted as missing", f.Factor, f.Stale, n))
	}
	if f.Unknown > 0 {
		out = append(out, fmt.Sprintf("%s: %d of %d accounts have a level its table lacks (first %q), rated the default", f.Factor, f.Unknown, n, f.FirstUnknown))
	}
	if f.Constant && f.Rated > 1 {
		out = append(out, fmt.Sprintf("%s rates %s for every account it rates: it tells no account from another", f.Factor, score.FormatRating(f.Min)))
	}
	return out
}

// String renders the diagnosis as a table of factors, the tier sizes and
// the problems.
func (d Diagnosis) String() string {
	var b strings.Builder
	_, _ = d.WriteTo(&b)
	return b.String()
}

// WriteTo writes the diagnosis to w as text.
func (d Diagnosis) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%d accounts, %d unrated\n", d.Accounts, d.Unrated)
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "factor\trated\tmissing\tfailed\tunknown\tmin\tq1\tmedian\tq3\tmax")
	r := score.FormatRating
	for _, f := range d.Factors {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n", f.Factor, f.Rated, f.Missing, f.Failed, f.Unknown,
			r(f.Min), r(f.Q1), r(f.Median), r(f.Q3), r(f.Max))
	}
	_ = tw.Flush()
	var tiers []string
	for _, t := range d.Tiers {
		tiers = append(tiers, "tier "+strconv.Itoa(t.Rank)+" "+strconv.Itoa(t.Accounts))
	}
	fmt.Fprintf(&b, "projected: %s\n", strings.Join(tiers, ", "))
	for _, p := range d.Problems {
		fmt.Fprintf(&b, "problem: %s\n", p)
	}
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}
