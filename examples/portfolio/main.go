// Command portfolio ranks a portfolio of accounts with the framework's
// default policy and prints, for each account, its value, potential,
// priority, quadrant, tier, grade and the reasons that set it apart,
// followed by the capacity plan.
//
//	go run ./examples/portfolio                      # the bundled sample portfolio
//	go run ./examples/portfolio -in accounts.csv     # your own (layout: csv.go; the sample: internal/sample)
//	go run ./examples/portfolio -in accounts.jsonl   # JSON Lines (layout: jsonl.go)
//	export.sh | go run ./examples/portfolio -in - -informat jsonl
//	go run ./examples/portfolio -mode growth -format json
//	go run ./examples/portfolio -explain acme
package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/output"
	"github.com/prioritize-dev/prioritize/internal/sample"
	"github.com/prioritize-dev/prioritize/report"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run is the program, with its arguments and outputs as parameters so
// that tests can call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("portfolio", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", "a `file` of accounts, CSV or JSON Lines (.jsonl, .ndjson), read as a stream; - is standard input\n(default: the bundled sample of 42 accounts)")
	informat := fs.String("informat", "", "csv or jsonl: the input's format (default: from the file's extension; csv for standard input)")
	progress := fs.Bool("progress", false, "report progress on standard error (the default when it is a terminal)")
	mode := fs.String("mode", "", "balanced, growth or retention: one mix for every account\n(default: balanced, with accounts up for renewal leaning to retention and growth-stage accounts to growth)")
	format := fs.String("format", "table", "table, json, csv, svg (the value x potential chart) or html (a self-contained report)")
	outPath := fs.String("o", "", "write to this `file` instead of standard output")
	force := fs.Bool("force", false, "replace the -o file if it exists (never the -in file)")
	explain := fs.String("explain", "", "an account `ID` to explain factor by factor")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w := stdout
	var file *output.File
	if *outPath != "" { // written atomically, never over the input
		var err error
		if file, err = output.Create(*outPath, output.Options{Force: *force, Inputs: []string{*in}}); err != nil {
			fmt.Fprintln(stderr, "portfolio:", err)
			return 1
		}
		defer file.Abort()
		w = file
	}
	var report func(string)
	if *progress || isTerminal(stderr) {
		report = func(msg string) { fmt.Fprintln(stderr, "portfolio:", msg) }
	}
	err := portfolio(input{path: *in, format: *informat, stdin: stdin, progress: report}, *mode, *format, *explain, w)
	if file != nil && err == nil {
		err = file.Commit()
	}
	if err != nil {
		fmt.Fprintln(stderr, "portfolio:", err)
		return 1
	}
	return 0
}

// input is where the accounts come from.
type input struct {
	path, format string
	stdin        io.Reader
	progress     func(string) // nil: quiet
}

// read returns the accounts of in, read as a stream: the input's text is
// never held whole, only the accounts.
func (in input) read() ([]*prioritize.Account, error) {
	format := in.format
	if format == "" {
		switch strings.ToLower(filepath.Ext(in.path)) {
		case ".jsonl", ".ndjson":
			format = "jsonl"
		default:
			format = "csv"
		}
	}
	read := readCSV
	switch format {
	case "csv":
	case "jsonl":
		read = readJSONL
	default:
		return nil, fmt.Errorf("unknown -informat %q: want csv or jsonl", format)
	}
	var r io.Reader
	name := in.path
	switch in.path {
	case "":
		r, name = bytes.NewReader(sample.Accounts), "the bundled sample"
	case "-":
		r, name = in.stdin, "standard input"
	default:
		f, err := os.Open(in.path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	var tick func(int)
	if in.progress != nil {
		tick = func(n int) { in.progress(fmt.Sprintf("read %d accounts", n)) }
	}
	accounts, err := read(r, tick)
	if err != nil {
		return nil, fmt.Errorf("reading %s:\n%w", name, err)
	}
	return accounts, nil
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func portfolio(in input, mode, format, explain string, w io.Writer) error {
	accounts, err := in.read()
	if err != nil {
		return err
	}
	if in.progress != nil {
		in.progress(fmt.Sprintf("ranking %d accounts", len(accounts)))
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
	if in.progress != nil {
		in.progress(fmt.Sprintf("ranked %d accounts; writing", len(ranked)))
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
