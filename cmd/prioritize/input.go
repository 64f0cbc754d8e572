package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"bytes"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/output"
	"github.com/prioritize-dev/prioritize/internal/sample"
	"github.com/prioritize-dev/prioritize/internal/text"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
)

// flags returns the flag set of a subcommand, whose -h shows its usage
// and example.
func flags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("prioritize "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		for _, c := range commands {
			if c.name == name {
				fmt.Fprintf(e.stderr, "Usage: prioritize %s %s\n\n%s.\n\nExample:\n  %s\n", c.name, c.args, upper(c.summary), c.example)
			}
		}
		var hasFlags bool
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprintln(e.stderr, "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// count is a flag of a whole number, 0 or more: -top -1 is refused, not
// taken to mean something.
type count int

func (c *count) String() string { return strconv.Itoa(int(*c)) }

func (c *count) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return errors.New("want a whole number, 0 or more")
	}
	*c = count(n)
	return nil
}

// countVar defines a count flag with a default.
func countVar(fs *flag.FlagSet, name string, value int, usage string) *int {
	c := count(value)
	fs.Var(&c, name, usage)
	return (*int)(&c)
}

func upper(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// parse parses a subcommand's flags, before and after its arguments
// (explain acme -format json, as people write it; "--" ends the flags);
// it returns the exit code when the command should stop (-h, or a bad
// flag).
func parse(fs *flag.FlagSet, args []string) (int, bool) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return exitOK, false
			}
			if name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: -"); ok {
				var names []string
				fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
				if near := text.Closest(name, names); near != "" {
					fmt.Fprintf(fs.Output(), "did you mean -%s?\n", near)
				}
			}
			return exitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" { // the rest are arguments, whatever they look like
			positional = append(positional, rest...)
			break
		}
		positional, args = append(positional, rest[0]), rest[1:]
	}
	_ = fs.Parse(append([]string{"--"}, positional...)) // fs.Args() is now the arguments
	return 0, true
}

// inputs are the flags of the commands that run a policy on accounts.
type inputs struct {
	policy, in, informat, rejects string
	progress, force, strict       bool
	asOf                          asOfFlag
	out                           string // -o, for the commands that write their output there
}

// asOfFlag is -as-of DATE: the day the rules read as today (now,
// days_until, days_since).
type asOfFlag struct{ t time.Time }

func (a *asOfFlag) String() string {
	if a.t.IsZero() {
		return ""
	}
	return a.t.Format(time.DateOnly)
}

func (a *asOfFlag) Set(s string) error {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			return errors.New("want a date, YYYY-MM-DD (2026-11-01)")
		}
	}
	a.t = t
	return nil
}

// options are the rules' options of a run: the clock of -as-of.
func (a *asOfFlag) options() rules.Options {
	if a.t.IsZero() {
		return rules.Options{}
	}
	t := a.t
	return rules.Options{Clock: func() time.Time { return t }}
}

// clockHint says, in the workbench's words, what a rule that reads the
// time needs: -as-of, not a Go option.
func clockHint(err error) error {
	if err == nil || !strings.Contains(err.Error(), "set Options.Clock") {
		return err
	}
	return errors.New(strings.ReplaceAll(err.Error(), "set Options.Clock", "pass -as-of YYYY-MM-DD, the date the rules read as today"))
}

// registerOutput adds -o to a command whose output is its standard
// output: the same bytes to a file, written atomically.
func (in *inputs) registerOutput(fs *flag.FlagSet) {
	fs.StringVar(&in.out, "o", "", "write the output to this `file` instead of standard output (atomically; see -force)")
}

// withOutput runs cmd with its standard output in the -o file, when
// given: the file is kept when cmd ran (exit 0 or 1), and removed, the
// old one left, when it stopped on a usage or input error (exit 2).
func (in *inputs) withOutput(e *env, name string, cmd func(e *env) int) int {
	if in.out == "" {
		return cmd(e)
	}
	f, err := in.create(in.out, "-o", in.rejects)
	if err != nil {
		return fail(e, name, exitUsage, err)
	}
	defer f.Abort()
	to := *e
	to.stdout = f
	code := cmd(&to)
	if code != exitUsage {
		if err := f.Commit(); err != nil {
			return fail(e, name, exitUsage, err)
		}
	}
	return code
}

// files are the files the command reads, which no output may replace.
func (in *inputs) files() []string { return []string{in.policy, in.in} }

// create starts writing an output file named by flag (-o, -rejects): never
// over an input, and over an existing file only with -force.
func (in *inputs) create(path, flag string, extra ...string) (*output.File, error) {
	return output.Create(path, output.Options{Force: in.force, Inputs: append(in.files(), extra...), Flag: flag})
}

func (in *inputs) register(fs *flag.FlagSet) {
	fs.StringVar(&in.policy, "policy", "", "the policy `document` (default: the bundled default policy)")
	fs.StringVar(&in.in, "in", "", "the accounts, a CSV or JSON Lines (.jsonl, .ndjson) `file`; - is standard input (default: the bundled sample of 42 accounts)")
	fs.StringVar(&in.informat, "informat", "", "csv or jsonl (default: from the file's extension; csv for standard input)")
	fs.StringVar(&in.rejects, "rejects", "", "write the rows that could not be read to this `file` (CSV: the header and the rows; JSON Lines: the lines)")
	fs.BoolVar(&in.progress, "progress", false, "report progress on standard error (the default when it is a terminal)")
	fs.BoolVar(&in.force, "force", false, "replace output files that exist (-o, -rejects); an input is never replaced")
	fs.Var(&in.asOf, "as-of", "the `date` the rules read as today (now, days_until, days_since): YYYY-MM-DD")
	fs.BoolVar(&in.strict, "strict", false, "exit 1 when the run's summary warns of anything (a factor failing or always missing, an unknown level, an empty tier, leakage), for CI")
}

// loadDoc reads and parses a policy document; "" is the bundled one.
func loadDoc(path string) (policydoc.Document, string, error) {
	data, name := sample.Policy, "the bundled policy"
	if path != "" {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return policydoc.Document{}, path, err
		}
		name = path
	}
	doc, err := policydoc.Parse(data)
	return doc, name, err
}

// book is the accounts read, with the reading's summary.
type book struct {
	doc    policydoc.Document
	policy *prioritize.Policy[policydoc.Record]
	// records are the accounts read, nil when the book was ranked as it
	// was read (stream.go): then names holds the names of the accounts
	// shown, by index, and sample the accounts the warnings explain.
	records  []policydoc.Record
	names    map[int]string
	sample   []policydoc.Record
	read     int // the accounts read, not rejected
	rejected int
}

// load reads the policy and the accounts, writing the rejected rows (to
// -rejects, and their errors to stderr, the first ten). It returns an
// error for input that cannot be used at all.
func (in *inputs) load(e *env) (*book, error) {
	var records []policydoc.Record
	b, err := in.read(e, "assessing", func(_ *book, rec policydoc.Record) { records = append(records, rec) })
	if err != nil {
		return nil, err
	}
	b.records = records
	return b, nil
}

// read reads the policy and the accounts as load does, handing each
// account read to each, in order, and keeping none; with progress on, it
// ends by saying what comes next (then).
func (in *inputs) read(e *env, then string, each func(*book, policydoc.Record)) (*book, error) {
	doc, name, err := loadDoc(in.policy)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p, err := policydoc.CompileRecords(doc, in.asOf.options())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, clockHint(err))
	}
	format := policydoc.CSV
	switch strings.ToLower(in.informat) {
	case "csv":
	case "jsonl":
		format = policydoc.JSONL
	case "":
		if ext := strings.ToLower(filepath.Ext(in.in)); ext == ".jsonl" || ext == ".ndjson" {
			format = policydoc.JSONL
		}
	default:
		return nil, fmt.Errorf("unknown -informat %q: want csv or jsonl", in.informat)
	}
	var r io.Reader
	src := in.in
	switch in.in {
	case "":
		if in.policy != "" {
			return nil, errors.New("-in is needed with -policy: the bundled accounts are read by the bundled policy's fields")
		}
		r, src = bytes.NewReader(sample.Accounts), "the bundled sample"
	case "-":
		r, src = e.stdin, "standard input"
	default:
		f, err := os.Open(in.in)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	rr, err := doc.Records(r, format)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	var rejects io.Writer
	var rejectCSV *csv.Writer
	var rejectFile *output.File
	if in.rejects != "" {
		if rejectFile, err = in.create(in.rejects, "-rejects"); err != nil {
			return nil, err
		}
		defer rejectFile.Abort() // after a failure: the old file stays
		rejects = rejectFile
		if format == policydoc.CSV {
			rejectCSV = csv.NewWriter(rejectFile)
		}
	}
	b := &book{doc: doc, policy: p}
	progress := e.progress
	if progress == nil && in.progress {
		progress = func(msg string) { fmt.Fprintln(e.stderr, "prioritize:", msg) }
	}
	wroteHeader := false
	var rejections rejected
	for {
		rec, err := rr.Read()
		if err == io.EOF {
			break
		}
		var re *policydoc.RowError
		if err != nil && !errors.As(err, &re) {
			return nil, fmt.Errorf("%s: %w", src, err)
		}
		if err != nil {
			b.rejected++
			rejections.add(rr.Line(), strings.ReplaceAll(err.Error(), "\n", "; "))
			switch {
			case rejectCSV != nil:
				if !wroteHeader {
					_ = rejectCSV.Write(rr.Header())
					wroteHeader = true
				}
				_ = rejectCSV.Write(rr.Raw())
			case rejects != nil:
				fmt.Fprintln(rejects, strings.Join(rr.Raw(), ""))
			}
			continue
		}
		each(b, rec)
		b.read++
		if progress != nil && b.read%(1<<16) == 0 {
			progress(fmt.Sprintf("read %d accounts", b.read))
		}
	}
	rejections.write(e.stderr, src)
	if rejectCSV != nil {
		rejectCSV.Flush()
		if err := rejectCSV.Error(); err != nil {
			return nil, fmt.Errorf("-rejects %s: %w", in.rejects, err)
		}
	}
	if rejectFile != nil {
		if err := rejectFile.Commit(); err != nil {
			return nil, err
		}
	}
	if progress != nil {
		progress(fmt.Sprintf("read %d accounts; %s", b.read, then))
	}
	return b, nil
}

// summary is the line that says what became of every row: nothing is
// dropped silently.
func (b *book) summary(t tally) string {
	s := fmt.Sprintf("read %d, rated %d, unrated %d", b.read+b.rejected, t.rated, t.n-t.rated)
	if len(t.unrated) > 0 {
		parts := make([]string, len(t.unrated))
		for i, r := range t.unrated {
			parts[i] = fmt.Sprintf("%d %s", r.n, r.key)
		}
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s + fmt.Sprintf(", rejected %d", b.rejected)
}

// rejected groups the rows rejected for the same reason, so that 500 rows
// with "$2,142.97" in a number column are one message with a count, not
// 500 lines.
type rejected struct {
	order  []string
	groups map[string]*rejection
}

type rejection struct {
	first string // the first row's message
	lines []int  // the lines of the rows, the first ones
	n     int
}

// quoted matches a quoted cell in a message, which differs from row to
// row while the reason stays the same.
var quoted = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|line \d+, column \d+`)

func (r *rejected) add(line int, msg string) {
	key := quoted.ReplaceAllString(msg, "_")
	if r.groups == nil {
		r.groups = map[string]*rejection{}
	}
	g := r.groups[key]
	if g == nil {
		g = &rejection{first: msg}
		r.groups[key] = g
		r.order = append(r.order, key)
	}
	if g.n++; len(g.lines) < 5 {
		g.lines = append(g.lines, line)
	}
}

// write reports each reason once: the first row's message, and how many
// more rows it rejected, with their first lines; ten reasons at most.
func (r *rejected) write(w io.Writer, src string) {
	for i, key := range r.order {
		if i == 10 {
			rest := 0
			for _, k := range r.order[10:] {
				rest += r.groups[k].n
			}
			fmt.Fprintf(w, "prioritize: %s: %d more rows rejected, for %d more reasons\n", src, rest, len(r.order)-10)
			return
		}
		g := r.groups[key]
		fmt.Fprintf(w, "prioritize: %s: rejected: %s\n", src, g.first)
		if g.n > 1 {
			lines := make([]string, 0, len(g.lines)-1)
			for _, l := range g.lines[1:] {
				lines = append(lines, strconv.Itoa(l))
			}
			more := ""
			if g.n > len(g.lines) {
				more = ", ..."
			}
			rows, ls := "rows", "lines"
			if g.n == 2 {
				rows, ls = "row", "line"
			}
			fmt.Fprintf(w, "prioritize: %s: and %d more %s for the same reason (%s %s%s)\n", src, g.n-1, rows, ls, strings.Join(lines, ", "), more)
		}
	}
}
