package outcome

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/prioritize-dev/prioritize/tier"
)

// WriteTo writes the report as aligned text tables: the groups by tier,
// quadrant, segment and grade, then the discrimination of each score.
// Rates are fractions with three decimals.
func (r Report) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	tw := tabwriter.NewWriter(cw, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%d accounts with an outcome, %d unrated\n", r.Accounts, r.Unrated)
	for _, g := range r.groups() {
		if len(g.rows) == 0 {
			continue
		}
		fmt.Fprintln(tw)
		header := append([]string{g.name}, rowHeader[1:10]...)
		if g.name == "tier" {
			header = append(header, rowHeader[10:]...)
		}
		fmt.Fprintln(tw, strings.Join(header, "\t"))
		for _, row := range g.rows {
			fmt.Fprintln(tw, strings.Join(row.cells(), "\t"))
		}
		if g.name == "tier" {
			fmt.Fprintf(tw, "churn monotone across tiers: %t\n", r.ChurnMonotone)
		}
	}
	if len(r.Churn) > 0 {
		fmt.Fprintln(tw)
		fmt.Fprintln(tw, "churn by\tAUC\t95% CI\tlift top 10%\trevenue captured top 10%")
		for _, d := range r.Churn {
			fmt.Fprintf(tw, "%s\t%s\t%s..%s\t%s\t%s\n", d.Score, num(d.AUC), num(d.CI.Lo), num(d.CI.Hi), num(d.Lift10), num(d.Captured10))
		}
	}
	err := tw.Flush()
	return cw.n, err
}

// WriteCSV writes the groups of the report as one CSV table, a row per
// group with its kind ("tier", "quadrant", "segment", "grade") first.
// Numbers are written in full precision.
func (r Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append([]string{"by"}, rowHeader...)); err != nil {
		return err
	}
	for _, g := range r.groups() {
		for _, row := range g.rows {
			if err := cw.Write(append([]string{g.name}, row.fields()...)); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

var rowHeader = []string{"group", "accounts", "churned", "churn rate", "expanded", "expansion rate", "revenue before", "revenue after", "NRR", "GRR", "ARR", "CSMs", "ARR per CSM"}

type group struct {
	name string
	rows []Row
}

func (r Report) groups() []group {
	return []group{{"tier", r.ByTier}, {"quadrant", r.ByQuadrant}, {"segment", r.BySegment}, {"grade", r.ByGrade}}
}

// cells is the row rounded for people.
func (row Row) cells() []string {
	cells := []string{row.Group, strconv.Itoa(row.Accounts), strconv.Itoa(row.Churned), num(row.ChurnRate),
		strconv.Itoa(row.Expanded), num(row.ExpansionRate), money(row.RevenueBefore), money(row.RevenueAfter), num(row.NRR), num(row.GRR)}
	if row.CSMs > 0 {
		cells = append(cells, money(row.ARR), strconv.Itoa(row.CSMs), money(row.ARRPerCSM))
	}
	return cells
}

// fields is the row at full precision.
func (row Row) fields() []string {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	fields := []string{row.Group, strconv.Itoa(row.Accounts), strconv.Itoa(row.Churned), f(row.ChurnRate),
		strconv.Itoa(row.Expanded), f(row.ExpansionRate), f(row.RevenueBefore), f(row.RevenueAfter), f(row.NRR), f(row.GRR), "", "", ""}
	if row.CSMs > 0 {
		fields[10], fields[11], fields[12] = f(row.ARR), strconv.Itoa(row.CSMs), f(row.ARRPerCSM)
	}
	return fields
}

func num(x float64) string   { return strconv.FormatFloat(x, 'f', 3, 64) }
func money(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) }

// Period is the framework's effectiveness figures for one period: the
// tier 1 (rank 1) expansion and churn rates, the book's NRR and GRR, and
// CSM efficiency as ARR per CSM.
type Period struct {
	Tier1Expansion float64 `json:"tier1_expansion"`
	Tier1Churn     float64 `json:"tier1_churn"`
	NRR            float64 `json:"nrr"`
	GRR            float64 `json:"grr"`
	ARRPerCSM      float64 `json:"arr_per_csm"`
}

// Summarize computes a period's figures from its backtest and its capacity
// plan. Without a tier 1 row the tier 1 rates are 0; without CSMs, or
// without ARR figures in the plan, ARR per CSM is 0.
func Summarize(r Report, plan tier.Plan) Period {
	var p Period
	var total Row
	var sat bool // sums capped, as the report's own are
	for _, row := range r.ByTier {
		if row.Group == "1" {
			p.Tier1Expansion, p.Tier1Churn = row.ExpansionRate, row.ChurnRate
		}
		total.RevenueBefore = addSat(total.RevenueBefore, row.RevenueBefore, &sat)
		total.RevenueAfter = addSat(total.RevenueAfter, row.RevenueAfter, &sat)
		total.GRR = addSat(total.GRR, row.GRR*row.RevenueBefore, &sat) // each row's kept revenue
	}
	if total.RevenueBefore > 0 {
		p.NRR, p.GRR = ratioSat(total.RevenueAfter, total.RevenueBefore, &sat), min(total.GRR/total.RevenueBefore, math.MaxFloat64)
	}
	if plan.HasARR && plan.CSMs > 0 {
		p.ARRPerCSM = plan.ARR / float64(plan.CSMs)
	}
	return p
}

// Change is one line of a before/after table.
type Change struct {
	Metric string  `json:"metric"`
	Before float64 `json:"before"`
	After  float64 `json:"after"`
	Change float64 `json:"change"` // After - Before
}

// Changes is the framework's before/after table: metric, before, after,
// change.
type Changes []Change

// BeforeAfter compares two periods, a line per figure in the framework's
// order.
func BeforeAfter(before, after Period) Changes {
	line := func(m string, b, a float64) Change { return Change{Metric: m, Before: b, After: a, Change: a - b} }
	return Changes{
		line("tier 1 expansion rate", before.Tier1Expansion, after.Tier1Expansion),
		line("tier 1 churn rate", before.Tier1Churn, after.Tier1Churn),
		line("net revenue retention", before.NRR, after.NRR),
		line("gross revenue retention", before.GRR, after.GRR),
		line("ARR per CSM", before.ARRPerCSM, after.ARRPerCSM),
	}
}

// WriteTo writes the table aligned, with rates to three decimals and ARR
// per CSM whole; the change is signed.
func (c Changes) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	tw := tabwriter.NewWriter(cw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\tbefore\tafter\tchange")
	for _, l := range c {
		f := num
		if l.Metric == "ARR per CSM" {
			f = money
		}
		sign := "+"
		if l.Change < 0 {
			sign = ""
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s%s\n", l.Metric, f(l.Before), f(l.After), sign, f(l.Change))
	}
	err := tw.Flush()
	return cw.n, err
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
