// Command portfolio ranks a portfolio of accounts with the framework's
// default policy and prints, for each account, its value, potential,
// priority, quadrant, tier, grade and the reasons that set it apart,
// followed by the capacity plan.
//
//	go run ./examples/portfolio                      # the bundled sample portfolio
//	go run ./examples/portfolio -in accounts.csv     # your own (layout: csv.go)
//	go run ./examples/portfolio -mode growth -format json
//	go run ./examples/portfolio -explain acme
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/report"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
)

//go:embed accounts.csv
var sample []byte

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the program, with its arguments and outputs as parameters so
// that tests can call it.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("portfolio", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "a CSV file of accounts (default: the bundled sample of 42 accounts)")
	mode := fs.String("mode", "", "balanced, growth or retention: one mix for every account\n(default: balanced, with accounts up for renewal leaning to retention and growth-stage accounts to growth)")
	format := fs.String("format", "table", "table, json, csv, svg (the value x potential chart) or html (a self-contained report)")
	outPath := fs.String("o", "", "write to this `file` instead of standard output")
	explain := fs.String("explain", "", "an account `ID` to explain factor by factor")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w := stdout
	var file *os.File
	if *outPath != "" {
		var err error
		if file, err = os.Create(*outPath); err != nil {
			fmt.Fprintln(stderr, "portfolio:", err)
			return 1
		}
		w = file
	}
	err := portfolio(*in, *mode, *format, *explain, w)
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "portfolio:", err)
		return 1
	}
	return 0
}

func portfolio(in, mode, format, explain string, w io.Writer) error {
	data := sample
	if in != "" {
		var err error
		if data, err = os.ReadFile(in); err != nil {
			return err
		}
	}
	accounts, err := ReadAccounts(bytes.NewReader(data))
	if err != nil {
		name := in
		if name == "" {
			name = "the bundled sample"
		}
		return fmt.Errorf("reading %s:\n%w", name, err)
	}
	cfg := prioritize.DefaultConfig()
	switch mode {
	case "":
	case "balanced", "growth", "retention":
		cfg.Mix = map[string]score.Mix{"balanced": score.Balanced, "growth": score.Growth, "retention": score.Retention}[mode]
		cfg.Segments = nil
	default:
		return fmt.Errorf("unknown -mode %q: want balanced, growth or retention", mode)
	}
	if format != "table" && format != "json" && format != "csv" && format != "svg" && format != "html" {
		return fmt.Errorf("unknown -format %q: want table, json, csv, svg or html", format)
	}
	p, err := prioritize.New(cfg)
	if err != nil {
		return err
	}
	// One parallel pass: the ranking, and each account's two strongest
	// reasons against the portfolio's medians.
	var medians map[string]float64
	ranked, err := p.Rank(context.Background(), accounts, prioritize.RankOptions{Reasons: 2,
		OnReference: func(m map[string]float64) { medians = m }})
	if err != nil {
		return err
	}
	if explain != "" {
		for _, as := range ranked {
			if as.ID == explain {
				a := accounts[as.Index]
				t, _ := p.Ladder().Tier(as.Tier.Rank) // an assessment names its tier; the ladder holds the rest
				return writeExplanation(w, p.Explain(a, medians, 3), a, t)
			}
		}
		return fmt.Errorf("-explain: no account %q", explain)
	}
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			Accounts []prioritize.Assessment `json:"accounts"`
			Plan     any                     `json:"plan"`
		}{ranked, p.Plan(ranked)})
	case "csv":
		return writeCSV(w, ranked, accounts)
	case "svg":
		return report.Quadrant(w, ranked, report.QuadrantOptions{Matrix: p.Config().Matrix, Title: "The portfolio: value x potential",
			Name: func(as prioritize.Assessment) string { return accounts[as.Index].Name }})
	case "html":
		for i := range ranked { // each account's explanation, behind a disclosure
			ranked[i].Explanation = p.Explain(accounts[ranked[i].Index], nil, 0).Explanation
		}
		plan := p.Plan(ranked)
		return report.HTML(w, ranked, report.HTMLOptions{Title: "The portfolio", Plan: &plan,
			Quadrant: report.QuadrantOptions{Matrix: p.Config().Matrix,
				Name: func(as prioritize.Assessment) string { return accounts[as.Index].Name }}})
	}
	return writeTable(w, ranked, accounts, p.Plan(ranked))
}

// reasons renders reason codes as "+revenue +fit -timing".
func reasons(as prioritize.Assessment) string {
	var parts []string
	for _, r := range as.Reasons {
		sign := "+"
		if r.Impact < 0 {
			sign = "-"
		}
		parts = append(parts, sign+leaf(r.Factor))
	}
	return strings.Join(parts, " ")
}

func leaf(path string) string { return path[strings.LastIndexByte(path, '/')+1:] }

func num(x float64) string { return score.FormatRating(x) }

func writeTable(w io.Writer, ranked []prioritize.Assessment, accounts []*prioritize.Account, plan fmt.Stringer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\taccount\tvalue\tpotential\tpriority\tquadrant\ttier\tgrade\treasons")
	for i, as := range ranked {
		name := accounts[as.Index].Name
		if !as.Rated {
			fmt.Fprintf(tw, "%d\t%s\t\t\t\tunrated: %s\t\t\t\n", i+1, name, as.Unrated)
			continue
		}
		g := ""
		if as.HasGrade {
			g = as.Grade.String()
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%d %s\t%s\t%s\n", i+1, name, num(as.Value), num(as.Potential),
			num(as.Priority), as.Quadrant, as.Tier.Rank, as.Tier.Name, g, reasons(as))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nCapacity plan\n%v", plan)
	return err
}

func writeCSV(w io.Writer, ranked []prioritize.Assessment, accounts []*prioritize.Account) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"rank", "id", "name", "rated", "value", "potential", "priority", "segment", "quadrant", "tier", "grade", "reasons", "unrated"})
	for i, as := range ranked {
		g := ""
		if as.HasGrade {
			g = as.Grade.String()
		}
		q, t := "", ""
		if as.Rated {
			q, t = as.Quadrant.String(), strconv.Itoa(as.Tier.Rank)
		}
		_ = cw.Write([]string{strconv.Itoa(i + 1), as.ID, accounts[as.Index].Name, strconv.FormatBool(as.Rated),
			strconv.FormatFloat(as.Value, 'f', -1, 64), strconv.FormatFloat(as.Potential, 'f', -1, 64),
			strconv.FormatFloat(as.Priority, 'f', -1, 64), as.Segment, q, t, g, reasons(as), as.Unrated})
	}
	cw.Flush()
	return cw.Error()
}

func writeExplanation(w io.Writer, as prioritize.Assessment, a *prioritize.Account, t tier.Tier) error {
	if !as.Rated {
		return errors.New(a.ID + " is unrated: " + as.Unrated)
	}
	fmt.Fprintf(w, "%s (%s): %v, tier %d %s, segment %s\n\n", a.Name, a.ID, as.Quadrant, as.Tier.Rank, as.Tier.Name, as.Segment)
	fmt.Fprint(w, as.Explanation)
	fmt.Fprintln(w, "\nAgainst the portfolio's medians:")
	for _, r := range as.Reasons {
		fmt.Fprintf(w, "  %-24s %5s vs median %5s  %+.2f points\n", r.Factor, num(r.Rating), num(r.Reference), r.Impact)
	}
	fmt.Fprintf(w, "\nPlaybook (%v touch, review %v):\n", t.Touch, t.Review)
	for _, s := range t.Playbook {
		when := "day " + strconv.Itoa(s.Day)
		if s.Every != 0 {
			when += ", then " + s.Every.String()
		}
		fmt.Fprintf(w, "  %-32s %-22s %s\n", s.Action, string(s.Owner), when)
	}
	return nil
}
