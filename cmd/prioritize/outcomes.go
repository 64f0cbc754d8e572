package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/prioritize-dev/prioritize/internal/output"
	"github.com/prioritize-dev/prioritize/outcome"
	"github.com/prioritize-dev/prioritize/policydoc"
)

// outcomeFlag is -outcome FIELD=VALUE: the accounts whose field has the
// value are the positive ones (churned, say). The value is read as the
// document's field types it, with the record reader's spellings (for a
// bool: true/false, yes/no, 1/0, in any case), once the document is
// known (declared).
type outcomeFlag struct {
	field, value string
	want         any // the value, typed by the field
}

func (o *outcomeFlag) String() string { return o.field + "=" + o.value }
func (o *outcomeFlag) Set(s string) error {
	f, v, ok := strings.Cut(s, "=")
	if !ok || f == "" {
		return errors.New("want FIELD=VALUE, as churn=true")
	}
	o.field, o.value = f, v
	return nil
}

// positive reports whether a record has the outcome: its field equals the
// value, typed alike.
func (o *outcomeFlag) positive(rec policydoc.Record) bool {
	switch x := rec[o.field].(type) {
	case time.Time:
		w, ok := o.want.(time.Time)
		return ok && x.Equal(w)
	case nil:
		return false
	default:
		return x == o.want
	}
}

// declared checks that the document declares the outcome's field, and
// reads the value as the field's type: a value the field cannot hold
// (churn=maybe for a bool) or a blank is an error, not an outcome no
// account has.
func (o *outcomeFlag) declared(doc policydoc.Document) error {
	if o.field == "" {
		return errors.New("-outcome FIELD=VALUE is required (the field, declared in the document, that says what happened)")
	}
	for _, f := range doc.Fields {
		if f.Name != o.field {
			continue
		}
		v, err := f.Parse(o.value)
		switch {
		case err != nil:
			return fmt.Errorf("-outcome %s: %v, as the field %q (a %v) is read", o, err, f.Name, f.Type)
		case v == nil:
			return fmt.Errorf("-outcome %s: a blank is missing data, not an outcome: give the value that marks the accounts (as %s=true)", o, f.Name)
		}
		o.want = v
		return nil
	}
	var names []string
	for _, f := range doc.Fields {
		names = append(names, f.Name)
	}
	return fmt.Errorf("-outcome: the document declares no field %q (it declares %s)", o.field, strings.Join(names, ", "))
}

func runBacktest(e *env, args []string) int {
	fs := flags(e, "backtest")
	var in inputs
	in.register(fs)
	in.registerOutput(fs)
	var out outcomeFlag
	fs.Var(&out, "outcome", "the `FIELD=VALUE` that marks the accounts that churned (as churn=true)")
	revenue := fs.String("revenue", "", "a numeric `field` of revenue before, for NRR and GRR (default: the policy's ARR)")
	format := fs.String("format", "table", "table, csv or json")
	seed := fs.Uint64("seed", 1, "the bootstrap's seed: the same seed, the same intervals")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return in.withOutput(e, "backtest", func(e *env) int {
		b, err := in.load(e)
		if err == nil {
			err = out.declared(b.doc)
		}
		if err != nil {
			return fail(e, "backtest", exitUsage, err)
		}
		ranked, _, err := b.rank(0, 0)
		if err != nil {
			return fail(e, "backtest", exitUsage, err)
		}
		outs := make([]outcome.Outcome, 0, len(ranked))
		for _, as := range ranked {
			rec := b.records[as.Index]
			rev := as.ARR
			if *revenue != "" {
				rev, _ = rec[*revenue].(float64)
			}
			churned := out.positive(rec)
			o := outcome.Outcome{Account: as.ID, Churned: churned, RevenueBefore: rev, RevenueAfter: rev}
			if churned {
				o.RevenueAfter = 0
			}
			if math.IsNaN(rev) {
				o.RevenueBefore, o.RevenueAfter = 0, 0
			}
			outs = append(outs, o)
		}
		r := outcome.Backtest(ranked, outs, b.policy.Ladder(), *seed)
		switch *format {
		case "json":
			err = writeJSON(e.stdout, r)
		case "csv":
			err = r.WriteCSV(e.stdout)
		default:
			_, err = r.WriteTo(e.stdout)
		}
		if err != nil {
			return fail(e, "backtest", exitUsage, err)
		}
		return b.finish(e, "backtest", &in, ranked, out.field)
	})
}

func runWhatIf(e *env, args []string) int {
	fs := flags(e, "whatif")
	var in inputs
	in.register(fs)
	in.registerOutput(fs)
	top := countVar(fs, "top", 0, "compare the top `k` accounts (default: a tenth)")
	format := fs.String("format", "table", "table or json")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	return in.withOutput(e, "whatif", func(e *env) int {
		if fs.NArg() != 2 {
			fs.Usage()
			return exitUsage
		}
		in.policy = fs.Arg(0)
		b, err := in.load(e)
		if err != nil {
			return fail(e, "whatif", exitUsage, err)
		}
		doc, name, err := loadDoc(fs.Arg(1))
		if err != nil {
			return fail(e, "whatif", exitUsage, fmt.Errorf("%s: %w", name, err))
		}
		p, err := policydoc.CompileRecords(doc, in.asOf.options())
		if err != nil {
			return fail(e, "whatif", exitUsage, fmt.Errorf("%s: %w", name, clockHint(err)))
		}
		k := *top
		if k <= 0 {
			k = max(1, len(b.records)/10)
		}
		wi := outcome.Compare(b.policy, p, b.records, k)
		if *format == "json" {
			err = writeJSON(e.stdout, wi)
		} else {
			writeWhatIf(e.stdout, wi, k)
		}
		if err != nil {
			return fail(e, "whatif", exitUsage, err)
		}
		// The summary of each policy's run on the accounts.
		code := exitOK
		for _, nb := range []*book{b, {doc: doc, policy: p, records: b.records, read: b.read, rejected: b.rejected}} {
			ranked, _, err := nb.rank(0, 0)
			if err != nil {
				return fail(e, "whatif", exitUsage, err)
			}
			label := "whatif " + filepath.Base(cmp.Or(in.policy, "the bundled policy")) // OLD
			if nb != b {
				label = "whatif " + filepath.Base(name) // NEW
			}
			code = max(code, nb.finish(e, label, &in, ranked, ""))
		}
		return code
	})
}

// writeWhatIf prints a what-if: the tier transitions, the top-k churn and
// the largest moves.
func writeWhatIf(w io.Writer, wi outcome.WhatIf, k int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "Tier transitions (rows: old tier, columns: new; 0 is unrated)")
	fmt.Fprint(tw, "old \\ new\t")
	for j := range wi.Transitions[0] {
		fmt.Fprintf(tw, "%d\t", j)
	}
	fmt.Fprintln(tw)
	for i, row := range wi.Transitions {
		fmt.Fprintf(tw, "%d\t", i)
		for _, n := range row {
			fmt.Fprintf(tw, "%d\t", n)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintf(w, "\nRank correlation of the priorities (Spearman): %.4f\n", wi.Spearman)
	fmt.Fprintf(w, "Top %d: %d enter, %d leave\n", k, len(wi.Entered), len(wi.Left))
	if len(wi.Moves) > 0 {
		fmt.Fprintf(w, "\nAccounts that change tier: %d; the largest moves:\n", len(wi.Moves))
		for _, m := range wi.Moves[:min(10, len(wi.Moves))] {
			fmt.Fprintf(w, "  %-16s tier %d -> %d  (%s %+.2f)\n", m.Account, m.From, m.To, m.Factor, m.Impact)
		}
	}
}

func runTune(e *env, args []string) int {
	fs := flags(e, "tune")
	var in inputs
	in.register(fs)
	var out outcomeFlag
	fs.Var(&out, "outcome", "the `FIELD=VALUE` that marks the accounts to rate higher (as churn=false: those that stayed)")
	axis := fs.String("axis", "value", "the axis whose factor weights are tuned: value or potential")
	write := fs.String("o", "", "write the revised document to this `file` (default: print the proposal only)")
	seed := fs.Uint64("seed", 1, "the seed of the cross-validation's folds")
	format := fs.String("format", "table", "table or json (the tuning: weights, AUCs, what-if)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	ax := outcome.ValueAxis
	switch *axis {
	case "value":
	case "potential":
		ax = outcome.PotentialAxis
	default:
		return fail(e, "tune", exitUsage, fmt.Errorf("unknown -axis %q: want value or potential", *axis))
	}
	var file *output.File
	if *write != "" { // before the work: a refused output is said at once
		var err error
		if file, err = in.create(*write, "-o", in.rejects); err != nil {
			return fail(e, "tune", exitUsage, err)
		}
		defer file.Abort()
	}
	b, err := in.load(e)
	if err == nil {
		err = out.declared(b.doc)
	}
	if err != nil {
		return fail(e, "tune", exitUsage, err)
	}
	positive := make([]bool, len(b.records))
	for i, r := range b.records {
		positive[i] = out.positive(r)
	}
	leaks := b.doc.Readers(out.field)
	for _, place := range leaks { // weights fitted to a rule that reads the answer fit nothing
		fmt.Fprintf(e.stderr, "prioritize tune: warning: %s reads %q, the outcome: tuning weights against it fits the answer, not the customers (leakage)\n", place, out.field)
	}
	if in.strict && len(leaks) > 0 {
		return fail(e, "tune", exitProblems, fmt.Errorf("-strict: %d warnings", len(leaks)))
	}
	tu, err := outcome.Tune(b.policy.Config(), ax, b.records, positive, outcome.TuneOptions{Seed: *seed})
	if err != nil && !errors.Is(err, outcome.ErrNoGain) {
		return fail(e, "tune", exitUsage, err)
	}
	w, note := e.stdout, e.stdout // the report for people, and where the file written is noted
	if *format == "json" {
		if err := writeJSON(e.stdout, tu); err != nil {
			return fail(e, "tune", exitUsage, err)
		}
		w, note = io.Discard, e.stderr
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "factor (%s)\told weight\tnew weight\n", tu.Axis)
	for i, f := range tu.Factors {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\n", f, tu.Old[i], tu.New[i])
	}
	tw.Flush()
	fmt.Fprintf(w, "\nAUC for %s: in sample %.4f -> %.4f; out of sample (mean of the folds) %.4f -> %.4f\n",
		out.String(), tu.InSample.Old, tu.InSample.New, tu.OutOfSample.Old, tu.OutOfSample.New)
	if errors.Is(err, outcome.ErrNoGain) {
		fmt.Fprintln(note, "Refused: the new weights do no better on accounts they were not fitted to. The document is unchanged.")
		b.summarize(e, "tune", &in, "") // leakage was said above
		return exitProblems
	}
	fmt.Fprintln(w)
	writeWhatIf(w, tu.WhatIf, max(1, len(b.records)/10))
	if *write != "" {
		revised, err := tu.Apply(b.doc)
		if err != nil {
			return fail(e, "tune", exitUsage, err)
		}
		data, err := json.Marshal(revised)
		if err == nil {
			data, err = canonical(data)
		}
		if err == nil {
			_, err = file.Write(data)
		}
		if err == nil {
			err = file.Commit()
		}
		if err != nil {
			return fail(e, "tune", exitUsage, err)
		}
		fmt.Fprintf(note, "\nWrote the revised document to %s (fingerprint %s).\n", *write, revised.Fingerprint())
	}
	return b.summarize(e, "tune", &in, "") // leakage was said above
}
