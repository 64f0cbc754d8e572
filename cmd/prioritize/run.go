package main

import (
	"cmp"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/output"
	"github.com/prioritize-dev/prioritize/report"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
)

// writeJSON writes v as indented JSON, for machines.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// rank ranks the book, with each account's reasons (that many up and down)
// against the portfolio's medians, which it returns too; with top above 0,
// only the first top accounts, the ones shown, get their reasons.
func (b *book) rank(reasons, top int) ([]prioritize.Assessment, map[string]float64, error) {
	var medians map[string]float64
	ranked, err := b.policy.Rank(context.Background(), b.records, prioritize.RankOptions{Reasons: reasons, ReasonsTop: top,
		OnReference: func(m map[string]float64) { medians = m }, Duplicates: prioritize.RejectDuplicates})
	return ranked, medians, err
}

// name returns an account's name field, or its ID.
func (b *book) name(as prioritize.Assessment) string {
	if b.records == nil {
		return cmp.Or(b.names[as.Index], as.ID)
	}
	if n, ok := b.records[as.Index]["name"].(string); ok && n != "" {
		return n
	}
	return as.ID
}

func runRank(e *env, args []string) int {
	fs := flags(e, "rank")
	var in inputs
	in.register(fs)
	in.registerOutput(fs)
	format := fs.String("format", "table", "table, csv or json")
	top := countVar(fs, "top", 0, "show only the first `N` accounts (0: all); rank keeps only those, and 40 bytes of each other account")
	reasons := countVar(fs, "reasons", 2, "give each account the `N` factors that pull it furthest up and down against the portfolio's medians (0: none, faster)")
	var staff staffFlag
	fs.Var(&staff, "csms", "the CSMs you have per tier, as `1=2,2=5,3=10,4=20`: the capacity plan fills the tiers top-down up to their capacity (the default plans the CSMs each tier's ratio needs)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		return fail(e, "rank", exitUsage, fmt.Errorf("unknown -format %q: want table, csv or json", *format))
	}
	return in.withOutput(e, "rank", func(e *env) int { return rank(e, &in, *format, *top, *reasons, staff) })
}

// shareOut shares n CSMs among the tiers in proportion to the CSMs the
// ratio plan needs for each (largest remainders), every tier that needs
// any getting one while there are enough.
func shareOut(n int, plan tier.Plan) tier.Staff {
	staff := tier.Staff{}
	need := 0
	for _, r := range plan.Rows {
		need += r.CSMs
	}
	if need == 0 {
		return staff
	}
	type rem struct {
		rank int
		frac float64
	}
	var rems []rem
	given := 0
	for _, r := range plan.Rows {
		share := float64(n) * float64(r.CSMs) / float64(need)
		staff[r.Rank] = int(share)
		given += int(share)
		rems = append(rems, rem{r.Rank, share - float64(int(share))})
	}
	slices.SortStableFunc(rems, func(a, b rem) int { return cmp.Compare(b.frac, a.frac) })
	for i := 0; given < n && i < len(rems); i++ {
		staff[rems[i].rank]++
		given++
	}
	return staff
}

// staffFlag is -csms N, the team you have, or -csms RANK=N,..., the
// headcount of each tier.
type staffFlag struct {
	s     tier.Staff
	total int // -csms N: shared out by the ratio plan's needs
}

func (f *staffFlag) String() string {
	if f.total > 0 {
		return strconv.Itoa(f.total)
	}
	var parts []string
	for _, r := range slices.Sorted(maps.Keys(f.s)) {
		parts = append(parts, fmt.Sprintf("%d=%d", r, f.s[r]))
	}
	return strings.Join(parts, ",")
}

func (f *staffFlag) Set(v string) error {
	f.s = tier.Staff{}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && !strings.Contains(v, "=") {
		if n < 1 {
			return fmt.Errorf("%q: want the CSMs you have, 1 or more, or TIER=CSMS for each tier", v)
		}
		f.total = n
		return nil
	}
	for _, part := range strings.Split(v, ",") {
		r, n, ok := strings.Cut(strings.TrimSpace(part), "=")
		rank, err1 := strconv.Atoi(r)
		csms, err2 := strconv.Atoi(n)
		if !ok || err1 != nil || err2 != nil || rank < 1 || csms < 0 {
			return fmt.Errorf("%q: want TIER=CSMS for each tier, as 1=2,2=5,3=10,4=20, or the CSMs you have, as 12", part)
		}
		f.s[rank] = csms
	}
	return nil
}

func rank(e *env, in *inputs, format string, top, reasons int, team staffFlag) int {
	b, s, err := in.stream(e, max(top, 0), max(reasons, 0), "")
	if err != nil {
		return fail(e, "rank", exitUsage, err)
	}
	shown := s.shown
	switch format {
	case "json":
		err = writeJSON(e.stdout, struct {
			Policy   string                  `json:"policy"`
			Accounts []prioritize.Assessment `json:"accounts"`
			Plan     any                     `json:"plan"`
		}{b.doc.Fingerprint(), shown, s.plan(b.policy)})
	case "csv":
		err = writeCSV(e.stdout, b, shown)
	default:
		err = writeTable(e.stdout, b, shown)
		if err == nil && reasons > 0 {
			_, err = fmt.Fprintln(e.stdout, "\nreasons: +factor pulls the account's priority up against the portfolio's medians, -factor down (strongest first)")
		}
		staff := team.s
		if team.total > 0 {
			staff = shareOut(team.total, s.plan(b.policy))
		}
		if err == nil && staff == nil {
			_, err = fmt.Fprintf(e.stdout, "\nCapacity plan\n%v", s.plan(b.policy))
		}
		if err == nil && staff != nil {
			var fl tier.Filling
			if fl, err = s.fill(b.policy, staff); err == nil {
				_, err = fmt.Fprintf(e.stdout, "\nCapacity plan for the CSMs you have (%s)\n%v", (&staffFlag{s: staff}).String(), fl.Plan)
			}
		}
	}
	if err != nil {
		return fail(e, "rank", exitUsage, err)
	}
	return b.finishTally(e, "rank", in, s.tally, "")
}

func writeTable(w io.Writer, b *book, ranked []prioritize.Assessment) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "#\taccount\tvalue\tpotential\tpriority\tquadrant\ttier\tgrade\treasons")
	for i, as := range ranked {
		if !as.Rated {
			fmt.Fprintf(tw, "%d\t%s\t\t\t\tunrated: %s\t\t\t\n", i+1, b.name(as), as.Unrated)
			continue
		}
		g := ""
		if as.HasGrade {
			g = as.Grade.String()
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%v\t%d %s\t%s\t%s\n", i+1, b.name(as), score.FormatRating(as.Value),
			score.FormatRating(as.Potential), score.FormatRating(as.Priority), as.Quadrant, as.Tier.Rank, as.Tier.Name, g, as.Reasons.String())
	}
	return tw.Flush()
}

func writeCSV(w io.Writer, b *book, ranked []prioritize.Assessment) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"rank", "id", "name", "rated", "value", "potential", "priority", "segment", "quadrant", "tier", "grade", "reasons", "unrated", "failed"})
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	for i, as := range ranked {
		q, t, g := "", "", ""
		if as.Rated {
			q, t = as.Quadrant.String(), strconv.Itoa(as.Tier.Rank)
		}
		if as.HasGrade {
			g = as.Grade.String()
		}
		failed := ""
		for j, f := range as.Failed {
			if j > 0 {
				failed += "; "
			}
			failed += f.Error()
		}
		_ = cw.Write([]string{strconv.Itoa(i + 1), as.ID, b.name(as), strconv.FormatBool(as.Rated), num(as.Value), num(as.Potential),
			num(as.Priority), as.Segment, q, t, g, as.Reasons.String(), as.Unrated, failed})
	}
	cw.Flush()
	return cw.Error()
}

func runExplain(e *env, args []string) int {
	fs := flags(e, "explain")
	var in inputs
	in.register(fs)
	in.registerOutput(fs)
	format := fs.String("format", "table", "table or json (the assessment with its explanation tree and reasons)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return in.withOutput(e, "explain", func(e *env) int {
		if fs.NArg() != 1 {
			fs.Usage()
			return exitUsage
		}
		id := fs.Arg(0)
		// The book ranked as it is read, for the account's place and the
		// portfolio's medians; only that account's record is kept.
		b, s, err := in.stream(e, 1, 3, id)
		if err != nil {
			return fail(e, "explain", exitUsage, err)
		}
		if s.wanted == nil {
			return fail(e, "explain", exitUsage, fmt.Errorf("no account %q", id))
		}
		as := s.wanted.as
		x := b.policy.Explain(s.wanted.rec, s.medians, 3)
		x.Index = as.Index
		if *format == "json" {
			if err := writeJSON(e.stdout, x); err != nil {
				return fail(e, "explain", exitUsage, err)
			}
			return b.finishTally(e, "explain", &in, s.tally, "")
		}
		fmt.Fprintf(e.stdout, "%s (%s): #%d of %d", b.name(as), as.ID, s.place+1, len(s.entries))
		if !as.Rated {
			fmt.Fprintf(e.stdout, ", unrated: %s\n", as.Unrated)
		} else {
			fmt.Fprintf(e.stdout, ", %v, tier %d %s, segment %s\n", as.Quadrant, as.Tier.Rank, as.Tier.Name, as.Segment)
			fmt.Fprintln(e.stdout, placementSentence(b, as))
		}
		fmt.Fprintf(e.stdout, "\n%v", x.Explanation)
		if len(x.Reasons) > 0 {
			fmt.Fprintln(e.stdout, "\nAgainst the portfolio's medians:")
			for _, r := range x.Reasons {
				fmt.Fprintf(e.stdout, "  %-24s %5s vs median %5s  %+.2f points\n", r.Factor, score.FormatRating(r.Rating), score.FormatRating(r.Reference), r.Impact)
			}
		}
		if t, ok := b.policy.Ladder().Tier(as.Tier.Rank); ok && as.Rated {
			fmt.Fprintf(e.stdout, "\nPlaybook (%v touch, review %v):\n", t.Touch, t.Review)
			for _, s := range t.Playbook {
				when := "day " + strconv.Itoa(s.Day)
				if s.Every != 0 {
					when += ", then " + s.Every.String()
				}
				fmt.Fprintf(e.stdout, "  %-32s %-22s %s\n", s.Action, string(s.Owner), when)
			}
		}
		return b.finishTally(e, "explain", &in, s.tally, "")
	})
}

func runDiagnose(e *env, args []string) int {
	fs := flags(e, "diagnose")
	var in inputs
	in.register(fs)
	in.registerOutput(fs)
	format := fs.String("format", "table", "table or json")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return in.withOutput(e, "diagnose", func(e *env) int {
		b, err := in.load(e)
		if err != nil {
			return fail(e, "diagnose", exitUsage, err)
		}
		d := b.policy.Diagnose(b.records)
		if *format == "json" {
			err = writeJSON(e.stdout, d)
		} else {
			_, err = d.WriteTo(e.stdout)
		}
		if err != nil {
			return fail(e, "diagnose", exitUsage, err)
		}
		ranked, _, err := b.rank(0, 0) // for the run's summary, as every command that rates gives
		if err != nil {
			return fail(e, "diagnose", exitUsage, err)
		}
		if code := b.finish(e, "diagnose", &in, ranked, ""); code != exitOK || len(d.Problems) > 0 {
			return exitProblems
		}
		return exitOK
	})
}

func runReport(e *env, args []string) int {
	fs := flags(e, "report")
	var in inputs
	in.register(fs)
	format := fs.String("format", "html", "html (the portfolio report) or svg (the value x potential chart)")
	out := fs.String("o", "", "write to this `file` (default: standard output)")
	title := fs.String("title", "The portfolio", "the report's title")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *format != "html" && *format != "svg" {
		return fail(e, "report", exitUsage, fmt.Errorf("unknown -format %q: want html or svg", *format))
	}
	w := e.stdout
	var f *output.File
	if *out != "" { // before the work: a refused output is said at once
		var err error
		if f, err = in.create(*out, "-o", in.rejects); err != nil {
			return fail(e, "report", exitUsage, err)
		}
		defer f.Abort()
		w = f
	}
	b, err := in.load(e)
	if err != nil {
		return fail(e, "report", exitUsage, err)
	}
	ranked, _, err := b.rank(2, 0)
	if err != nil {
		return fail(e, "report", exitUsage, err)
	}
	q := report.QuadrantOptions{Matrix: b.policy.Config().Matrix, Title: *title, Name: b.name}
	if *format == "svg" {
		err = report.Quadrant(w, ranked, q)
	} else {
		for i := range ranked {
			ranked[i].Explanation = b.policy.Explain(b.records[ranked[i].Index], nil, 0).Explanation
		}
		plan := b.policy.Plan(ranked)
		err = report.HTML(w, ranked, report.HTMLOptions{Title: *title, Plan: &plan, Quadrant: q})
	}
	if f != nil && err == nil {
		err = f.Commit()
	}
	if err != nil {
		return fail(e, "report", exitUsage, err)
	}
	return b.finish(e, "report", &in, ranked, "")
}

// placementSentence says, for a person, how an account's quadrant, tier
// and grade come about, and that they need not agree: a Star can be in
// tier 3.
func placementSentence(b *book, as prioritize.Assessment) string {
	m := b.policy.Config().Matrix
	vc, pc := m.ValueCut, m.PotentialCut
	if vc == 0 {
		vc = 50
	}
	if pc == 0 {
		pc = 50
	}
	how := "their blend"
	if b.doc.Priority != "" {
		how = b.doc.Priority
	}
	s := fmt.Sprintf("The quadrant (%v) places value %s and potential %s against the cuts %s and %s; the tier (%d) places the priority %s (%s) in the ladder's bands",
		as.Quadrant, score.FormatRating(as.Value), score.FormatRating(as.Potential), score.FormatRating(vc), score.FormatRating(pc),
		as.Tier.Rank, score.FormatRating(as.Priority), how)
	if as.HasGrade {
		s += fmt.Sprintf("; the grade (%v) comes from the size and likelihood of its growth", as.Grade)
	}
	return s + ": each answers its own question, and they need not agree."
}
