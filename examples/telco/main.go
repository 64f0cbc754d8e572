// Command telco runs a policy written as a JSON document (policy.json) over
// real data: the IBM Telco customer churn sample, 7,043 customers of a
// fictional telco with their churn outcome (Apache-2.0, in the project's
// shared data). It ranks the customers and reports, for each tier and each
// quadrant, how many customers it holds and how many of them churned, and
// (with package outcome) how well each rating separates churn.
//
//	go run ./examples/telco                    # from the repository's root
//	go run ./examples/telco -data path/to/Telco-Customer-Churn.csv
//
// The policy is an illustration of a consumer business, not advice: value
// is revenue, tenure and services held; potential is room to sell more
// services, a contract not yet committed, and digital habits.
package main

import (
	"bufio"
	"context"
	_ "embed"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/outcome"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
)

//go:embed policy.json
var policyJSON []byte

// DefaultData is where the dataset lies from the repository's root.
const DefaultData = "../shared/data/ibm-telco-customer-churn/Telco-Customer-Churn.csv"

// Customer is one row of the dataset, in the fields the policy reads.
type Customer struct {
	ID             string  `expr:"id"`
	Tenure         float64 `expr:"tenure"` // months
	MonthlyCharges float64 `expr:"monthly_charges"`
	TotalCharges   float64 `expr:"total_charges"` // NaN when blank (new customers)
	Contract       string  `expr:"contract"`      // Month-to-month, One year, Two year
	Services       float64 `expr:"services"`      // phone, extra lines, internet and six add-ons held: 0 to 9
	Paperless      bool    `expr:"paperless"`
	AutoPay        bool    `expr:"auto_pay"`
	Churned        bool    `expr:"churned"`
}

func main() {
	data := flag.String("data", DefaultData, "the Telco-Customer-Churn.csv file")
	flag.Parse()
	if err := run(*data, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "telco:", err)
		os.Exit(1)
	}
}

// Policy compiles the embedded policy document.
func Policy() (*prioritize.Policy[Customer], error) {
	doc, err := policydoc.Parse(policyJSON)
	if err != nil {
		return nil, err
	}
	return policydoc.Compile(doc, func(c Customer) string { return c.ID }, rules.Options{})
}

// Group counts customers and churners.
type Group struct {
	Customers, Churned int
}

// Rate is the share of churners, in percent.
func (g Group) Rate() float64 {
	if g.Customers == 0 {
		return 0
	}
	return 100 * float64(g.Churned) / float64(g.Customers)
}

// Report is what the example prints.
type Report struct {
	All        Group
	ByTier     map[int]Group
	ByQuadrant map[grade.Quadrant]Group
	Unrated    int
}

// Analyze ranks the customers and counts churn by tier and quadrant.
func Analyze(customers []Customer, p *prioritize.Policy[Customer]) (Report, []prioritize.Assessment, error) {
	ranked, err := p.Rank(context.Background(), customers, prioritize.RankOptions{})
	if err != nil {
		return Report{}, nil, err
	}
	churned := make(map[string]bool, len(customers))
	for _, c := range customers {
		churned[c.ID] = c.Churned
	}
	r := Report{ByTier: map[int]Group{}, ByQuadrant: map[grade.Quadrant]Group{}}
	add := func(g Group, churn bool) Group {
		g.Customers++
		if churn {
			g.Churned++
		}
		return g
	}
	for _, as := range ranked {
		c := churned[as.ID]
		r.All = add(r.All, c)
		if !as.Rated {
			r.Unrated++
			continue
		}
		r.ByTier[as.Tier.Rank] = add(r.ByTier[as.Tier.Rank], c)
		r.ByQuadrant[as.Quadrant] = add(r.ByQuadrant[as.Quadrant], c)
	}
	return r, ranked, nil
}

func run(path string, w io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w (the dataset is in the project's shared data; give its path with -data)", err)
	}
	defer f.Close()
	customers, err := Read(f)
	if err != nil {
		return err
	}
	p, err := Policy()
	if err != nil {
		return err
	}
	r, ranked, err := Analyze(customers, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d customers, %d churned (%.1f%%), %d unrated\n\n", r.All.Customers, r.All.Churned, r.All.Rate(), r.Unrated)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "tier\tcustomers\tchurned\tchurn rate")
	for _, t := range p.Ladder().Tiers() {
		g := r.ByTier[t.Rank]
		fmt.Fprintf(tw, "%d %s\t%d\t%d\t%.1f%%\n", t.Rank, t.Name, g.Customers, g.Churned, g.Rate())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(tw, "quadrant\tcustomers\tchurned\tchurn rate")
	for q := grade.Star; q <= grade.Maintenance; q++ {
		g := r.ByQuadrant[q]
		fmt.Fprintf(tw, "%v\t%d\t%d\t%.1f%%\n", q, g.Customers, g.Churned, g.Rate())
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nTop 5 by priority:")
	for _, as := range ranked[:min(5, len(ranked))] {
		fmt.Fprintf(w, "  %s  value %.1f  potential %.1f  priority %.1f  %v\n", as.ID, as.Value, as.Potential, as.Priority, as.Quadrant)
	}
	fmt.Fprintf(w, "\nCapacity plan\n%v", p.Plan(ranked))
	fmt.Fprintln(w, "\nHow well the ratings separate churn (AUC below 0.5: lower ratings churn more)")
	bt := outcome.Backtest(ranked, Outcomes(customers), p.Ladder(), 1)
	fmt.Fprintln(tw, "rating\tAUC\t95% CI\tchurn lift in its top 10%")
	churned := make([]bool, len(customers))
	for i, c := range customers {
		churned[i] = c.Churned
	}
	for _, d := range append(bt.Churn, outcome.Factors(p, customers, churned, 1)...) {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f..%.3f\t%.2f\n", d.Score, d.AUC, d.CI.Lo, d.CI.Hi, d.Lift10)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	tu, err := TuneValue(customers, p)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nThe value axis tuned to rate the customers who stayed higher (5-fold cross-validation, %d rounds)\n", tu.Rounds)
	fmt.Fprintln(tw, "factor\thand-written\ttuned")
	for i, f := range tu.Factors {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\n", f, tu.Old[i], tu.New[i])
	}
	fmt.Fprintf(tw, "AUC in sample\t%.3f\t%.3f\n", tu.InSample.Old, tu.InSample.New)
	fmt.Fprintf(tw, "AUC out of sample\t%.3f\t%.3f\n", tu.OutOfSample.Old, tu.OutOfSample.New)
	if err := tw.Flush(); err != nil {
		return err
	}
	moved := len(tu.WhatIf.Moves)
	fmt.Fprintf(w, "What if: %d customers change tier, %d enter the top %d by priority; rank correlation %.3f\n",
		moved, len(tu.WhatIf.Entered), len(customers)/10, tu.WhatIf.Spearman)
	return nil
}

// TuneValue tunes the value axis of the policy so that the customers who
// stayed rate above those who churned.
func TuneValue(customers []Customer, p *prioritize.Policy[Customer]) (outcome.Tuning[Customer], error) {
	stayed := make([]bool, len(customers))
	for i, c := range customers {
		stayed[i] = !c.Churned
	}
	return outcome.Tune(p.Config(), outcome.ValueAxis, customers, stayed, outcome.TuneOptions{Seed: 1})
}

// Outcomes are the customers' churn as outcome.Outcome: a year of
// monthly charges before, nothing after for a churner.
func Outcomes(customers []Customer) []outcome.Outcome {
	out := make([]outcome.Outcome, len(customers))
	for i, c := range customers {
		o := outcome.Outcome{Account: c.ID, Churned: c.Churned, RevenueBefore: 12 * c.MonthlyCharges, RevenueAfter: 12 * c.MonthlyCharges}
		if c.Churned {
			o.RevenueAfter = 0
		}
		out[i] = o
	}
	return out
}

// Read parses the dataset. A blank TotalCharges (new customers) is
// missing; any other malformed cell is an error naming its line and
// column. No row is dropped.
func Read(r io.Reader) ([]Customer, error) {
	cr := csv.NewReader(skipBOM(r))
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[h] = i
	}
	for _, need := range []string{"customerID", "tenure", "MonthlyCharges", "TotalCharges", "Contract", "PaperlessBilling", "PaymentMethod", "Churn"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("line 1: no %s column", need)
		}
	}
	services := []string{"PhoneService", "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies"}
	var out []Customer
	var errs []error
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		num := func(name string, blankOK bool) float64 {
			i := col[name]
			s := strings.TrimSpace(rec[i])
			if s == "" && blankOK {
				return math.NaN()
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				_, c := cr.FieldPos(i)
				errs = append(errs, fmt.Errorf("line %d, column %d (%s): %q is not a number", line, c, name, rec[i]))
			}
			return v
		}
		c := Customer{
			ID:             rec[col["customerID"]],
			Tenure:         num("tenure", false),
			MonthlyCharges: num("MonthlyCharges", false),
			TotalCharges:   num("TotalCharges", true),
			Contract:       rec[col["Contract"]],
			Paperless:      rec[col["PaperlessBilling"]] == "Yes",
			AutoPay:        strings.Contains(rec[col["PaymentMethod"]], "automatic"),
			Churned:        rec[col["Churn"]] == "Yes",
		}
		for _, s := range services {
			if i, ok := col[s]; ok {
				switch v := rec[i]; {
				case v == "Yes", s == "InternetService" && (v == "DSL" || v == "Fiber optic"):
					c.Services++
				}
			}
		}
		out = append(out, c)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// skipBOM returns r without the UTF-8 byte-order mark that spreadsheet
// exports put before the header: before a quoted header, encoding/csv
// would refuse the mark as a bare quote.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	return br
}
