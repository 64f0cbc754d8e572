package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
)

// A testFile is a policy's unit tests as data: the policy, the accounts
// (inline, keyed by column as a JSON Lines row would be, or a CSV or JSON
// Lines file), and the cases. Paths are relative to the test file.
type testFile struct {
	Policy   string            `json:"policy"`
	Accounts []json.RawMessage `json:"accounts,omitempty"`
	// AccountsFile is a CSV or JSON Lines file of accounts.
	AccountsFile string `json:"accounts_file,omitempty"`
	// Now is the time of trigger cases (default: the Unix epoch; rules
	// read the time from the account's own fields).
	Now   time.Time  `json:"now,omitzero"`
	Cases []testCase `json:"cases"`
}

// A testCase expects an account's placement, or the triggers a change of
// it fires.
type testCase struct {
	Name    string `json:"name"`
	Account string `json:"account"`
	Want    *want  `json:"want,omitempty"`
	// Change, with Fired, is a change of the account: the columns it sets
	// (typed by the policy's fields); Fired are the names of the triggers
	// it must fire, all of them and no other.
	Change map[string]any `json:"change,omitempty"`
	Fired  []string       `json:"fired,omitempty"`
}

// want is what a case expects of an assessment; a field left out is not
// checked. Numbers are compared within Tolerance (default 1e-9).
type want struct {
	Rated     *bool    `json:"rated,omitempty"`
	Value     *float64 `json:"value,omitempty"`
	Potential *float64 `json:"potential,omitempty"`
	Priority  *float64 `json:"priority,omitempty"`
	Tolerance float64  `json:"tolerance,omitempty"`
	Tier      *int     `json:"tier,omitempty"`
	Quadrant  *string  `json:"quadrant,omitempty"`
	Grade     *string  `json:"grade,omitempty"`
	Segment   *string  `json:"segment,omitempty"`
}

func runTest(e *env, args []string) int {
	fs := flags(e, "test")
	verbose := fs.Bool("v", false, "print every case, not only the failures")
	runPattern := fs.String("run", "", "run only the cases whose name matches this `regexp`, as go test -run")
	format := fs.String("format", "text", "text (as go test prints), or json: one object per case, with its file, name, whether it passed and its problems")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		return fail(e, "test", exitUsage, fmt.Errorf("unknown -format %q: want text or json", *format))
	}
	match, err := regexp.Compile(*runPattern)
	if err != nil {
		return fail(e, "test", exitUsage, fmt.Errorf("-run %q: %v", *runPattern, err))
	}
	opts := testOptions{verbose: *verbose, match: match}
	if *format == "json" {
		opts.cases = &[]caseResult{}
	}
	code := exitOK
	for _, path := range fs.Args() {
		start := time.Now()
		w := e.stdout
		if opts.cases != nil {
			w = io.Discard
		}
		failed, n, err := runTestFile(w, path, opts)
		if opts.cases != nil {
			if err != nil {
				*opts.cases = append(*opts.cases, caseResult{File: path, Problems: []string{err.Error()}})
				code = exitUsage
			} else if failed > 0 {
				code = max(code, exitProblems)
			}
			continue
		}
		switch {
		case err != nil:
			fmt.Fprintf(e.stdout, "FAIL\t%s\t%v\n", path, err)
			code = exitUsage
		case failed > 0:
			fmt.Fprintf(e.stdout, "FAIL\t%s\t%d of %d cases failed\n", path, failed, n)
			code = max(code, exitProblems)
		default:
			fmt.Fprintf(e.stdout, "ok\t%s\t%d cases\t%s\n", path, n, durationFor(start))
		}
	}
	if opts.cases != nil {
		if err := writeJSON(e.stdout, *opts.cases); err != nil {
			return fail(e, "test", exitUsage, err)
		}
	}
	return code
}

// testOptions are how runTestFile runs a file's cases: which, and where the
// results go besides the text.
type testOptions struct {
	verbose bool
	match   *regexp.Regexp
	cases   *[]caseResult // the results, for -format json
}

// caseResult is one case's result, for -format json.
type caseResult struct {
	File     string   `json:"file"`
	Case     string   `json:"case,omitempty"`
	Pass     bool     `json:"pass"`
	Problems []string `json:"problems,omitempty"`
}

// durationFor is the time since start, as go test prints it; the tests
// replace it to compare outputs.
var durationFor = func(start time.Time) string { return fmt.Sprintf("%.3fs", time.Since(start).Seconds()) }

// runTestFile runs the cases of one file and returns how many failed and
// ran, or an error when the file cannot be used.
func runTestFile(w io.Writer, path string, opts testOptions) (failed, n int, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, err
	}
	var tf testFile
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(&tf); err != nil {
		return 0, 0, fmt.Errorf("not a test file: %w", err)
	}
	dir := filepath.Dir(path)
	doc, _, err := loadDoc(relTo(dir, tf.Policy))
	if err != nil {
		return 0, 0, fmt.Errorf("policy %s: %w", tf.Policy, err)
	}
	p, err := policydoc.CompileRecords(doc, rules.Options{})
	if err != nil {
		return 0, 0, fmt.Errorf("policy %s: %w", tf.Policy, err)
	}
	byID, err := testAccounts(doc, dir, tf)
	if err != nil {
		return 0, 0, err
	}
	for _, c := range tf.Cases {
		if opts.match != nil && !opts.match.MatchString(c.Name) {
			continue
		}
		n++
		now := tf.Now
		if now.IsZero() { // as documented: the Unix epoch
			now = time.Unix(0, 0).UTC()
		}
		problems := runCase(doc, p, byID, now, c)
		if opts.cases != nil {
			*opts.cases = append(*opts.cases, caseResult{File: path, Case: c.Name, Pass: len(problems) == 0, Problems: problems})
		}
		if len(problems) > 0 {
			failed++
			fmt.Fprintf(w, "--- FAIL: %s\n", c.Name)
			for _, pr := range problems {
				fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(pr, "\n", "\n    "))
			}
		} else if opts.verbose {
			fmt.Fprintf(w, "--- PASS: %s\n", c.Name)
		}
	}
	return failed, n, nil
}

// testAccounts reads the file's accounts through the policy's fields.
func testAccounts(doc policydoc.Document, dir string, tf testFile) (map[string]policydoc.Record, error) {
	var r io.Reader
	format := policydoc.JSONL
	switch {
	case tf.AccountsFile != "" && len(tf.Accounts) > 0:
		return nil, errors.New("accounts and accounts_file: give one")
	case tf.AccountsFile != "":
		f, err := os.Open(relTo(dir, tf.AccountsFile))
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
		if ext := filepath.Ext(tf.AccountsFile); ext != ".jsonl" && ext != ".ndjson" {
			format = policydoc.CSV
		}
	default:
		var lines bytes.Buffer
		for _, a := range tf.Accounts {
			var obj map[string]any
			d := json.NewDecoder(bytes.NewReader(a))
			d.UseNumber()
			if err := d.Decode(&obj); err != nil {
				return nil, fmt.Errorf("accounts: %w", err)
			}
			line, err := json.Marshal(byColumn(doc, obj))
			if err != nil {
				return nil, err
			}
			lines.Write(line)
			lines.WriteByte('\n')
		}
		r = &lines
	}
	rr, err := doc.Records(r, format)
	if err != nil {
		return nil, err
	}
	byID := map[string]policydoc.Record{}
	var errs []error
	for {
		rec, err := rr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("accounts: %w", err))
			continue
		}
		byID[rec["id"].(string)] = rec
	}
	return byID, errors.Join(errs...)
}

// runCase returns a case's problems: none when it passes.
func runCase(doc policydoc.Document, p *prioritize.Policy[policydoc.Record], byID map[string]policydoc.Record, now time.Time, c testCase) []string {
	a, ok := byID[c.Account]
	if !ok {
		return []string{fmt.Sprintf("no account %q", c.Account)}
	}
	var problems []string
	if c.Want != nil {
		problems = append(problems, checkWant(*c.Want, p.Assess(a))...)
	}
	if c.Change != nil || c.Fired != nil {
		cur, err := changed(doc, a, c.Change)
		if err != nil {
			return append(problems, err.Error())
		}
		m := p.Reassess(a, cur, prioritize.State{}, now)
		if m.Err != nil { // a failing trigger is the case's problem, never an empty firing
			problems = append(problems, "reassessing: "+strings.ReplaceAll(m.Err.Error(), "\n", "; "))
		}
		got := []string{}
		for _, f := range m.Fired {
			got = append(got, f.Rule)
		}
		wantFired := append([]string{}, c.Fired...)
		slices.Sort(got)
		slices.Sort(wantFired)
		if !slices.Equal(wantFired, got) {
			problems = append(problems, fmt.Sprintf("fired: want %q, got %q", wantFired, got))
		}
	}
	if c.Want == nil && c.Change == nil && c.Fired == nil {
		problems = append(problems, "the case expects nothing (give want, or change and fired)")
	}
	return problems
}

// changed returns a copy of a with the columns of change set, each read
// as the policy's fields type it.
func changed(doc policydoc.Document, a policydoc.Record, change map[string]any) (policydoc.Record, error) {
	row := map[string]any{}
	for _, f := range doc.Fields {
		if f.Name == "id" {
			row[f.Source()] = a["id"]
		}
	}
	change = byColumn(doc, change)
	maps.Copy(row, change)
	line, err := json.Marshal(row)
	if err != nil {
		return nil, err
	}
	rr, err := doc.Records(bytes.NewReader(line), policydoc.JSONL)
	if err != nil {
		return nil, err
	}
	typed, err := rr.Read()
	if err != nil {
		return nil, fmt.Errorf("change: %w", err)
	}
	cur := maps.Clone(a)
	for _, f := range doc.Fields {
		if _, set := change[f.Source()]; set {
			if v, ok := typed[f.Name]; ok {
				cur[f.Name] = v
			} else {
				delete(cur, f.Name)
			}
		}
	}
	return cur, nil
}

// checkWant compares an assessment with what a case expects: a line per
// part that differs, "tier: want 2, got 1". (Not a go-cmp diff, whose
// spacing is random by design: this output is read and compared.)
func checkWant(w want, as prioritize.Assessment) []string {
	tol := w.Tolerance
	if tol == 0 {
		tol = 1e-9
	}
	var out []string
	num := func(name string, want *float64, got float64) {
		if want != nil && !(math.Abs(*want-got) <= tol) {
			out = append(out, fmt.Sprintf("%s: want %v (within %v), got %v", name, *want, tol, got))
		}
	}
	text := func(name string, want *string, got string) {
		if want != nil && *want != got {
			out = append(out, fmt.Sprintf("%s: want %q, got %q", name, *want, got))
		}
	}
	if w.Rated != nil && *w.Rated != as.Rated {
		out = append(out, fmt.Sprintf("rated: want %v, got %v (%s)", *w.Rated, as.Rated, as.Unrated))
	}
	num("value", w.Value, as.Value)
	num("potential", w.Potential, as.Potential)
	num("priority", w.Priority, as.Priority)
	if w.Tier != nil && *w.Tier != as.Tier.Rank {
		out = append(out, fmt.Sprintf("tier: want %d, got %d", *w.Tier, as.Tier.Rank))
	}
	quadrant, grade := "", ""
	if as.Rated {
		quadrant = as.Quadrant.String()
	}
	if as.HasGrade {
		grade = as.Grade.String()
	}
	text("quadrant", w.Quadrant, quadrant)
	text("grade", w.Grade, grade)
	text("segment", w.Segment, as.Segment)
	if len(out) > 0 {
		out = append([]string{"account " + as.ID + ":"}, out...)
		return []string{strings.Join(out, "\n  ")}
	}
	return nil
}

// relTo is path as a test file names it: relative to the file's folder,
// unless absolute.
func relTo(dir, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

// byColumn keys an inline account by the columns the document reads,
// whether the test file names a field by its column ("Account ID") or by
// its name in the rules (id).
func byColumn(doc policydoc.Document, obj map[string]any) map[string]any {
	out := make(map[string]any, len(obj))
	for k, v := range obj {
		out[k] = v
	}
	for _, f := range doc.Fields {
		if v, ok := obj[f.Name]; ok && f.Source() != f.Name {
			if _, both := obj[f.Source()]; !both {
				out[f.Source()] = v
				delete(out, f.Name)
			}
		}
	}
	return out
}
