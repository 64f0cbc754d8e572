// Command prioritize is the policy workbench: it checks, formats, tests
// and runs a policy document (package policydoc) on CSV or JSON Lines
// data, without writing Go.
//
//	go install github.com/prioritize-dev/prioritize/cmd/prioritize@latest
//
//	prioritize check policy.json            # every problem, with its place
//	prioritize fmt -l -w policies/          # canonical form, for clean reviews
//	prioritize test policy_test.json        # policy unit tests as data
//	prioritize rank -policy policy.json -in accounts.csv
//	prioritize explain -policy policy.json -in accounts.csv acme
//	prioritize diagnose -policy policy.json -in accounts.csv
//	prioritize backtest -policy policy.json -in accounts.csv -outcome churn=true
//	prioritize whatif -in accounts.csv policy.json revised.json
//	prioritize tune -policy policy.json -in accounts.csv -outcome churn=false -o revised.json
//	prioritize report -format html -o report.html
//	prioritize fingerprint policy.json
//
// The document declares the fields it reads (its "fields": name, type,
// column, blanks), so that any export works. With no -policy and no -in,
// a command runs on the bundled sample: the framework's default policy and
// a portfolio of 42 accounts, so that `go run ./cmd/prioritize rank` works
// on a fresh clone.
//
// Output files (-o, -rejects) are written atomically: to a temporary
// file beside the destination, renamed into place when complete. A
// command never writes over one of its inputs (-policy, -in), even with
// -force, and replaces an existing file only with -force. fmt -w replaces
// the documents it formats, atomically too.
//
// A command that rates accounts ends with a summary on standard error:
// what became of every row, and a warning for each thing that looks wrong
// in the run (a factor failing or always missing, a category value no
// level declares, a tier holding almost nothing, a rule reading the
// backtest's outcome); -strict makes any warning a problem.
//
// Exit codes: 0 when all went well; 1 when problems were found (a check
// or a test failed, rows were rejected, a warning under -strict); 2 for a
// usage or input error (a bad flag, a file that cannot be read, a policy
// that does not compile).
// Each subcommand's -h shows its flags and an example.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"

	"github.com/prioritize-dev/prioritize/internal/text"
	"github.com/prioritize-dev/prioritize/policydoc"
)

// Exit codes.
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

// command is one subcommand.
type command struct {
	name, args, summary, example string
	run                          func(env *env, args []string) int
}

var commands []command

func init() {
	commands = []command{
		{"init", "[-o FILE] EXPORT", "write a starting document for an export: its fields, types and formats, a factor per numeric column to decide",
			"prioritize init -o policy.json accounts.csv", runInit},
		{"check", "[-in FILE] [-format json] POLICY|DIR|-...", "compile documents and report every problem with its place (and, with -in, what looks wrong on those accounts)",
			"prioritize check -in accounts.csv policy.json", runCheck},
		{"fmt", "[-l] [-d] [-w] POLICY|DIR|-...", "rewrite documents in canonical form (stable key order and indentation)",
			"prioritize fmt -d policy.json", runFmt},
		{"fingerprint", "POLICY...", "print each document's fingerprint, the identity its assessments carry",
			"prioritize fingerprint policy.json", runFingerprint},
		{"rank", "[-policy P] [-in FILE]", "rank the accounts: value, potential, priority, quadrant, tier, grade",
			"prioritize rank -policy policy.json -in accounts.csv -top 20", runRank},
		{"explain", "[-policy P] [-in FILE] ID", "explain one account factor by factor, against the portfolio's medians",
			"prioritize explain -in accounts.csv acme", runExplain},
		{"diagnose", "[-policy P] [-in FILE]", "report how each factor behaves over the accounts, and what looks broken",
			"prioritize diagnose -policy policy.json -in accounts.csv", runDiagnose},
		{"report", "[-policy P] [-in FILE] -format html|svg -o FILE", "write the quadrant chart (SVG) or the portfolio report (HTML)",
			"prioritize report -format html -o report.html", runReport},
		{"backtest", "[-policy P] [-in FILE] -outcome FIELD=VALUE", "match the ranking with what happened: churn by tier and quadrant, the AUC and lift of each rating",
			"prioritize backtest -policy telco.json -in telco.csv -outcome churn=true", runBacktest},
		{"whatif", "[-in FILE] OLD NEW", "compare two policies on the same accounts: tier transitions, top-k churn, the largest moves",
			"prioritize whatif -in accounts.csv policy.json revised.json", runWhatIf},
		{"tune", "[-policy P] [-in FILE] -outcome FIELD=VALUE [-axis value|potential] [-o FILE]", "propose factor weights from outcomes, cross-validated, and write the revised document",
			"prioritize tune -policy telco.json -in telco.csv -outcome churn=false -axis potential -o revised.json", runTune},
		{"test", "FILE...", "run policy unit tests written as data; output like go test",
			"prioritize test testdata/default_test.json", runTest},
		{"version", "", "print the workbench's module version and the document format's version",
			"prioritize version", runVersion},
	}
}

// env is the command's world: its outputs and standard input.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	// progress reports progress on standard error, when it is a terminal
	// or asked for; nil: quiet.
	progress func(string)
}

func main() {
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	if st, err := os.Stderr.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
		e.progress = func(msg string) { fmt.Fprintln(os.Stderr, "prioritize:", msg) }
	}
	os.Exit(run(os.Args[1:], e))
}

// run is the program, with its world as a parameter for the tests.
func run(args []string, e *env) int {
	if len(args) > 0 && args[0] == "help" { // help [TOPIC]: the usage, or a part of the document format
		if len(args) > 1 {
			return help(e.stdout, args[1:])
		}
		return help(e.stderr, nil)
	}
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		usage(e.stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == args[0] })
	if i < 0 {
		names := make([]string, len(commands))
		for j, c := range commands {
			names[j] = c.name
		}
		hint := ""
		if near := text.Closest(args[0], names); near != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", near)
		}
		fmt.Fprintf(e.stderr, "prioritize: unknown command %q%s\n\n", args[0], hint)
		usage(e.stderr)
		return exitUsage
	}
	return commands[i].run(e, args[1:])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "prioritize is the policy workbench: it checks, formats, tests and runs policy documents.")
	fmt.Fprintln(w, "\nUsage: prioritize COMMAND [flags] [args]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nWith no -policy and no -in, commands run on the bundled sample (the default policy, 42 accounts).")
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 problems found, 2 usage or input error. \"prioritize COMMAND -h\" shows a command's flags.")
}

// fail prints an error for the command and returns the exit code for it.
func fail(e *env, cmd string, code int, err error) int {
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		msg = "\n  " + strings.ReplaceAll(msg, "\n", "\n  ")
	}
	fmt.Fprintf(e.stderr, "prioritize %s: %s\n", cmd, msg)
	return code
}

var errUsage = errors.New("usage")

// runVersion prints the module's version (as the build recorded it) and
// the version of the document format.
func runVersion(e *env, args []string) int {
	fs := flags(e, "version")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	v := "(devel)"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		v = bi.Main.Version
	}
	fmt.Fprintf(e.stdout, "prioritize %s, document format %d\n", v, policydoc.FormatVersion)
	return exitOK
}
