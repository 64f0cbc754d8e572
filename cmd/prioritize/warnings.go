package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/text"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/score"
)

// sampled returns the accounts the warnings explain: every step-th of
// the book, or the sample kept as it was read.
func (b *book) sampled() []policydoc.Record {
	if b.records == nil {
		return b.sample
	}
	step := max(1, len(b.records)/sampleSize)
	var out []policydoc.Record
	for i := 0; i < len(b.records); i += step {
		out = append(out, b.records[i])
	}
	return out
}

// sampleSize bounds the accounts explained for the summary's checks of
// missing and unknown inputs; failures are counted over every account.
const sampleSize = 2000

// warnings returns what looks wrong in this run, in words, for the
// summary at its end: factors that failed (over every account), factors
// always missing and categorical values no level declares, with the level
// they resemble (over a sample of the accounts), tiers that hold (almost)
// nothing, and, when outcome names the field of what happened, the rules
// that read it. -strict makes any of it exit 1.
func (b *book) warnings(t tally, outcome string) []string {
	var out []string
	n := t.n
	if n == 0 {
		return nil
	}
	// Failures, over every account.
	failed := map[string]int{}
	for _, f := range t.failed {
		failed[f.key] = f.n
		out = append(out, fmt.Sprintf("%s failed for %d of %d accounts: %s", f.key, f.n, n, f.first))
	}
	// Missing and unknown inputs, over a sample.
	sample := b.sampled()
	sampled := len(sample)
	missing, unknown := map[string]int{}, map[string]map[string]int{}
	var leaves []string
	for _, rec := range sample {
		as := b.policy.Explain(rec, nil, 0)
		if as.Explanation == nil {
			continue
		}
		as.Explanation.Leaves(func(path string, _ float64, l score.Explanation) bool {
			if _, seen := missing[path]; !seen {
				leaves = append(leaves, path)
				missing[path] = 0
			}
			if l.Missing && l.Err == "" {
				missing[path]++
			}
			if l.Unknown {
				if unknown[path] == nil {
					unknown[path] = map[string]int{}
				}
				unknown[path][l.Input]++
			}
			return true
		})
	}
	of := fmt.Sprintf("of %d accounts", sampled)
	if sampled < b.read {
		of = fmt.Sprintf("of a sample of %d accounts", sampled)
	}
	for _, path := range leaves {
		if m := missing[path]; m == sampled && failed[path] == 0 {
			out = append(out, fmt.Sprintf("%s is missing for all %s: its input is blank or absent (a column name, a blank list?)", path, strings.TrimPrefix(of, "of ")))
		}
		values := unknown[path]
		for _, v := range slices.SortedFunc(maps.Keys(values), func(a, b string) int { return values[b] - values[a] }) {
			msg := fmt.Sprintf("%s: %q, for %d %s, is no level of its table (rated the default)", path, v, values[v], of)
			if near := b.nearestLevel(path, v); near != "" {
				msg += "; " + near
			}
			out = append(out, msg)
		}
	}
	// Tiers that hold (almost) nothing.
	if rated := t.rated; rated >= 100 {
		for _, tr := range b.policy.Ladder().Tiers() {
			if c := t.tiers[tr.Rank]; float64(c) < 0.01*float64(rated) {
				out = append(out, fmt.Sprintf("tier %d %s holds %d of %d rated accounts (under 1%%): are its bands where the priorities are?", tr.Rank, tr.Name, c, rated))
			}
		}
	}
	// The outcome read by the policy: leakage.
	if outcome != "" {
		for _, place := range b.doc.Readers(outcome) {
			out = append(out, fmt.Sprintf("%s reads %q, the outcome: the policy rates by what happened, and the backtest's numbers mean nothing (leakage)", place, outcome))
		}
	}
	return out
}

// nearestLevel says which declared level a categorical value resembles:
// the same but for case or surrounding space, or a near spelling.
func (b *book) nearestLevel(path, value string) string {
	levels, fold := levelsAt(b.doc, path)
	if levels == nil {
		return ""
	}
	names := slices.Sorted(maps.Keys(levels))
	for _, l := range names {
		if strings.EqualFold(strings.TrimSpace(value), strings.TrimSpace(l)) {
			if fold {
				return ""
			}
			return fmt.Sprintf("it is the level %q but for case or space: declare it too, or compare without case (\"fold_case\": true)", l)
		}
	}
	if l := text.Closest(value, names); l != "" {
		return fmt.Sprintf("did you mean %q?", l)
	}
	return ""
}

// levelsAt returns the levels of the categorical factor at an explanation
// path ("value/plan", "potential/g/plan"), searching the document's axes
// and its segments', and whether it folds case.
func levelsAt(doc policydoc.Document, path string) (map[string]float64, bool) {
	parts := strings.Split(path, "/")
	axes := map[string][]policydoc.Axis{"value": {doc.Value}, "potential": {doc.Potential}}
	for _, s := range doc.Segments {
		if s.Value != nil {
			axes["value"] = append(axes["value"], *s.Value)
		}
		if s.Potential != nil {
			axes["potential"] = append(axes["potential"], *s.Potential)
		}
	}
	for _, ax := range axes[parts[0]] {
		if f, ok := factorAt(ax, parts[1:]); ok && f.Levels != nil {
			return f.Levels, f.FoldCase
		}
	}
	return nil, false
}

func factorAt(ax policydoc.Axis, names []string) (policydoc.Factor, bool) {
	if len(names) == 0 {
		return policydoc.Factor{}, false
	}
	for _, f := range ax.Factors {
		if f.Name != names[0] {
			continue
		}
		if len(names) == 1 {
			return f, true
		}
		if f.Group != nil {
			return factorAt(*f.Group, names[1:])
		}
	}
	return policydoc.Factor{}, false
}

// finish ends a command that rated accounts: the summary line, then the
// warnings of the run, each on its own line, on standard error; and the
// exit code: 1 when rows were rejected, or with -strict when there is a
// warning; else 0.
func (b *book) finish(e *env, cmd string, in *inputs, ranked []prioritize.Assessment, outcome string) int {
	return b.finishTally(e, cmd, in, tallyOf(ranked), outcome)
}

// finishTally is finish with the ranking's tally.
func (b *book) finishTally(e *env, cmd string, in *inputs, t tally, outcome string) int {
	fmt.Fprintf(e.stderr, "prioritize %s: %s\n", cmd, b.summary(t))
	ws := b.warnings(t, outcome)
	for _, w := range ws {
		fmt.Fprintf(e.stderr, "prioritize %s: warning: %s\n", cmd, w)
	}
	switch {
	case b.rejected > 0:
		return exitProblems
	case in.strict && len(ws) > 0:
		fmt.Fprintf(e.stderr, "prioritize %s: -strict: %d warnings\n", cmd, len(ws))
		return exitProblems
	}
	return exitOK
}

// summarize ranks the book for the run's summary, for the commands that
// rate accounts without a ranking of their own (tune), and ends as finish.
func (b *book) summarize(e *env, cmd string, in *inputs, outcome string) int {
	ranked, _, err := b.rank(0, 0)
	if err != nil {
		return fail(e, cmd, exitUsage, err)
	}
	return b.finish(e, cmd, in, ranked, outcome)
}
