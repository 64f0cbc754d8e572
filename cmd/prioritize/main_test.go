package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/tier"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

// binary is the built command, which the end-to-end tests run.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "prioritize")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	binary = filepath.Join(dir, "prioritize")
	if out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building the command: %v\n%s", err, out)
		os.Exit(2)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// telcoPath is the IBM Telco sample: $PRIORITIZE_TELCO (which .ci/run
// sets), or the project's ../shared/data.
func telcoPath() string {
	if p := os.Getenv("PRIORITIZE_TELCO"); p != "" {
		return p
	}
	return "../../../shared/data/ibm-telco-customer-churn/Telco-Customer-Churn.csv"
}

// result is what one run of the binary gave.
type result struct {
	stdout, stderr string
	code           int
}

func runBinary(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errOut.String(), code}
}

// durations are the times test prints, which vary from run to run.
var durations = regexp.MustCompile(`\t[0-9]+\.[0-9]{3}s\n`)

// golden compares a run with testdata/golden/NAME.txt (go test -update
// rewrites it): the command line, the exit code, stdout and stderr.
func golden(t *testing.T, name string, r result, args ...string) {
	t.Helper()
	got := fmt.Sprintf("$ prioritize %s\nexit %d\n--- stdout\n%s--- stderr\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	got = durations.ReplaceAllString(got, "\t0.000s\n")
	path := filepath.Join("testdata", "golden", name+".txt")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", path, diff)
	}
}

// TestGolden runs every subcommand on the bundled sample and on the
// test files, and compares its output and exit code with the golden files.
func TestGolden(t *testing.T) {
	for _, c := range []struct {
		name  string
		args  []string
		stdin string
		code  int
	}{
		{name: "usage", args: nil, code: exitUsage},
		{name: "unknown-command", args: []string{"rnak"}, code: exitUsage},
		{name: "rank-help", args: []string{"rank", "-h"}, code: exitOK},
		{name: "rank-bad-flag", args: []string{"rank", "-format", "xml"}, code: exitUsage},
		{name: "rank", args: []string{"rank"}, code: exitOK},
		{name: "rank-csv-top", args: []string{"rank", "-format", "csv", "-top", "5"}, code: exitOK},
		{name: "rank-json-top", args: []string{"rank", "-format", "json", "-top", "1"}, code: exitOK},
		{name: "rank-stdin-jsonl", args: []string{"rank", "-policy", "../../internal/sample/policy.json", "-in", "-", "-informat", "jsonl"},
			stdin: `{"id": "acme", "name": "Acme Corp", "mrr": 5000, "tenure_months": 18, "feature_adoption": 75, "strategic_value": 85, "usage_growth": 40, "icp_fit": 95, "champion_strength": 80, "as_of": "2026-11-01", "renewal_date": "2026-12-31", "potential_arr": 80000, "growth_likelihood": 85}` + "\n",
			code:  exitOK},
		{name: "rank-rejects", args: []string{"rank", "-policy", "../../internal/sample/policy.json", "-in", "testdata/rejects.csv"}, code: exitProblems},
		{name: "explain", args: []string{"explain", "acme"}, code: exitOK},
		{name: "explain-unknown", args: []string{"explain", "zeta"}, code: exitUsage},
		{name: "diagnose", args: []string{"diagnose"}, code: exitOK},
		{name: "fingerprint", args: []string{"fingerprint", "../../internal/sample/policy.json", "testdata/telco.json"}, code: exitOK},
		{name: "check-ok", args: []string{"check", "../../internal/sample/policy.json", "testdata/telco.json"}, code: exitOK},
		{name: "check-broken", args: []string{"check", "testdata/broken.json", "../../policydoc/testdata/default-policy.json"}, code: exitProblems},
		// A misspelt key, a type error and a broken curve: all three, each
		// with its line and column (issue 23: only the key was reported).
		{name: "check-three-problems", args: []string{"check", "testdata/three-problems.json"}, code: exitProblems},
		// The mistakes of issue 23 through the binary: types against the
		// declared fields, shares that do not add up, settings that do
		// nothing, holds, tiers and freshness, each at its line and column.
		// The messages that stopped people (issue 27), each as it reads now.
		{name: "msg-unknown-key-missing-max", args: []string{"check", "testdata/messages/unknown-key.json"}, code: exitProblems},
		{name: "msg-trailing-comma", args: []string{"check", "testdata/messages/trailing-comma.json"}, code: exitProblems},
		{name: "msg-no-clock", args: []string{"rank", "-policy", "testdata/messages/clock.json", "-in", "testdata/messages/dates.csv"}, code: exitUsage},
		{name: "msg-us-dates", args: []string{"rank", "-policy", "testdata/messages/clock.json", "-in", "testdata/messages/dates.csv", "-as-of", "2026-11-01", "-format", "csv"}, code: exitProblems},
		{name: "msg-semicolons", args: []string{"rank", "-policy", "testdata/messages/money.json", "-in", "testdata/messages/semicolons.csv"}, code: exitUsage},
		{name: "msg-renamed-columns", args: []string{"rank", "-policy", "testdata/messages/money.json", "-in", "testdata/messages/renamed.csv"}, code: exitUsage},
		{name: "msg-money", args: []string{"rank", "-policy", "testdata/messages/money.json", "-in", "testdata/messages/money.csv", "-format", "csv"}, code: exitProblems},
		{name: "msg-flag-after-argument", args: []string{"explain", "delta", "-as-of", "2026-11-01"}, code: exitOK},
		{name: "msg-unknown-command", args: []string{"chek"}, code: exitUsage},
		{name: "check-mistakes", args: []string{"check", "testdata/mistakes/holds.json", "testdata/mistakes/shares.json", "testdata/mistakes/types.json"}, code: exitProblems},
		{name: "fmt-diff", args: []string{"fmt", "-d", "testdata/uncanonical.json"}, code: exitProblems},
		{name: "fmt-list", args: []string{"fmt", "-l", "testdata/uncanonical.json", "testdata/telco.json"}, code: exitProblems},
		{name: "backtest-no-outcome", args: []string{"backtest"}, code: exitUsage},
		{name: "backtest-undeclared", args: []string{"backtest", "-outcome", "churn=true"}, code: exitUsage},
		{name: "whatif-same", args: []string{"whatif", "-in", "../../internal/sample/accounts.csv", "../../internal/sample/policy.json", "../../internal/sample/policy.json"}, code: exitOK},
		{name: "test-default", args: []string{"test", "-v", "testdata/default_test.json"}, code: exitOK},
		{name: "test-failing", args: []string{"test", "testdata/failing_test.json"}, code: exitProblems},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runBinary(t, c.stdin, c.args...)
			if r.code != c.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", r.code, c.code, r.stderr)
			}
			golden(t, c.name, r, c.args...)
		})
	}
}

// TestTelco runs the workbench on the IBM Telco sample (7,043 customers):
// present under CI, where the test must run.
func TestTelco(t *testing.T) {
	telco := telcoPath()
	if _, err := os.Stat(telco); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("the Telco sample is missing under CI: %v", err)
		}
		t.Skipf("no Telco sample (%v): set PRIORITIZE_TELCO to the IBM Telco CSV (Telco-Customer-Churn.csv) to run the tests on real data", err)
	}
	revised := filepath.Join(t.TempDir(), "revised.json")
	for _, c := range []struct {
		name string
		args []string
	}{
		{"telco-rank", []string{"rank", "-policy", "testdata/telco.json", "-in", telco, "-top", "10"}},
		{"telco-diagnose", []string{"diagnose", "-policy", "testdata/telco.json", "-in", telco}},
		{"telco-explain", []string{"explain", "-policy", "testdata/telco.json", "-in", telco, "7590-VHVEG"}},
		{"telco-backtest", []string{"backtest", "-policy", "testdata/telco.json", "-in", telco, "-outcome", "churn=true"}},
		{"telco-tune", []string{"tune", "-policy", "testdata/telco.json", "-in", telco, "-outcome", "churn=false", "-axis", "potential", "-o", revised}},
		{"telco-whatif", []string{"whatif", "-in", telco, "testdata/telco.json", revised}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runBinary(t, "", c.args...)
			if r.code != exitOK {
				t.Errorf("exit %d; stderr:\n%s", r.code, r.stderr)
			}
			r.stdout = strings.ReplaceAll(r.stdout, revised, "revised.json")
			golden(t, c.name, r, strings.NewReplacer(telco, "Telco-Customer-Churn.csv", revised, "revised.json").Replace(strings.Join(c.args, " ")))
		})
	}
	// The revised document checks, and keeps every part but the weights.
	if r := runBinary(t, "", "check", revised); r.code != exitOK {
		t.Errorf("the tuned document: %s", r.stdout)
	}
}

// TestFmt: the canonical form is a fixed point (fmt of fmt changes
// nothing) and keeps the fingerprint, for every document the project
// ships.
func TestFmt(t *testing.T) {
	paths, _ := filepath.Glob("../../policydoc/testdata/valid/*.json")
	paths = append(paths, "../../policydoc/testdata/default-policy.json", "../../internal/sample/policy.json",
		"testdata/telco.json", "testdata/uncanonical.json", "../../examples/telco/policy.json")
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			once, err := canonical(data)
			if err != nil {
				t.Fatal(err)
			}
			twice, err := canonical(once)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(once), string(twice)); diff != "" {
				t.Errorf("fmt is not idempotent (-once +twice):\n%s", diff)
			}
			a, _ := policydoc.Parse(data)
			b, err := policydoc.Parse(once)
			if err != nil || a.Fingerprint() != b.Fingerprint() {
				t.Errorf("the canonical form has fingerprint %s, the document %s (%v)", b.Fingerprint(), a.Fingerprint(), err)
			}
		})
	}
}

// TestFmtWrite: -w rewrites a file in canonical form, after which -l
// lists nothing and exits 0.
func TestFmtWrite(t *testing.T) {
	data, err := os.ReadFile("testdata/uncanonical.json")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "p.json")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runBinary(t, "", "fmt", "-w", path); r.code != exitOK {
		t.Fatalf("fmt -w: exit %d: %s", r.code, r.stderr)
	}
	if r := runBinary(t, "", "fmt", "-l", path); r.code != exitOK || r.stdout != "" {
		t.Errorf("fmt -l after -w: exit %d, listed %q", r.code, r.stdout)
	}
}

// TestRejectsFile: -rejects keeps the rows that could not be read, with
// the header, as they were.
func TestRejectsFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rejects.csv")
	r := runBinary(t, "", "rank", "-policy", "../../internal/sample/policy.json", "-in", "testdata/rejects.csv", "-rejects", path)
	if r.code != exitProblems {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	in, _ := os.ReadFile("testdata/rejects.csv")
	lines := strings.Split(string(in), "\n")
	want := strings.Join([]string{lines[0], lines[2], lines[3]}, "\n") + "\n" // the header, bad1, the second ok1
	if diff := cmp.Diff(want, string(got)); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
}

// TestReport: report writes the SVG chart and the HTML report of the
// sample (their bytes are package report's golden files' concern).
func TestReport(t *testing.T) {
	dir := t.TempDir()
	for _, format := range []string{"svg", "html"} {
		path := filepath.Join(dir, "out."+format)
		r := runBinary(t, "", "report", "-format", format, "-o", path)
		if r.code != exitOK {
			t.Fatalf("%s: exit %d: %s", format, r.code, r.stderr)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		// 42 accounts: one point each in the chart, one row each in the report.
		points := strings.Count(string(data), `<circle `)
		if !bytes.Contains(data, []byte("Acme Corp")) || points < 42 {
			t.Errorf("%s: %d points, Acme named %v", format, points, bytes.Contains(data, []byte("Acme Corp")))
		}
	}
}

// TestProgress: -progress reports on standard error; without it (and
// with a standard error that is not a terminal) nothing but the summary.
func TestProgress(t *testing.T) {
	var out, quiet, loud bytes.Buffer
	if code := run([]string{"rank", "-format", "csv"}, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &quiet}); code != exitOK {
		t.Fatalf("exit %d: %s", code, quiet.String())
	}
	if code := run([]string{"rank", "-format", "csv", "-progress"}, &env{stdin: strings.NewReader(""), stdout: &out, stderr: &loud}); code != exitOK {
		t.Fatalf("exit %d: %s", code, loud.String())
	}
	summary := "prioritize rank: read 42, rated 42, unrated 0, rejected 0\n"
	if quiet.String() != summary {
		t.Errorf("without -progress: %q", quiet.String())
	}
	if want := "prioritize: read 42 accounts; ranking\n" + summary; loud.String() != want { // assessed as they were read
		t.Errorf("with -progress: %q, want %q", loud.String(), want)
	}
}

// TestOutputsNeverClobber: -o and -rejects never replace an input (issue
// 34: report -in accounts.csv -o accounts.csv replaced the accounts with
// the HTML and exited 0), replace an existing file only with -force, and
// leave no partial or temporary file behind when refused.
func TestOutputsNeverClobber(t *testing.T) {
	dir := t.TempDir()
	accounts := filepath.Join(dir, "accounts.csv")
	policy := filepath.Join(dir, "policy.json")
	for src, dst := range map[string]string{"../../internal/sample/accounts.csv": accounts, "../../internal/sample/policy.json": policy} {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	existing := filepath.Join(dir, "report.html")
	if err := os.WriteFile(existing, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, p := range []string{accounts, policy, existing} {
		b, _ := os.ReadFile(p)
		before[p] = string(b)
	}
	in := []string{"-policy", policy, "-in", accounts}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"report over its accounts", append([]string{"report", "-o", accounts}, in...), "the file is an input"},
		{"report over its accounts, forced", append([]string{"report", "-force", "-o", accounts}, in...), "the file is an input"},
		{"report over its policy", append([]string{"report", "-o", policy}, in...), "the file is an input"},
		{"report over an existing file", append([]string{"report", "-o", existing}, in...), "the file exists: pass -force to replace it"},
		{"tune over its policy", append([]string{"tune", "-outcome", "champion=true", "-o", policy, "-force"}, in...), "the file is an input"},
		{"tune over an existing file", append([]string{"tune", "-outcome", "champion=true", "-o", existing}, in...), "the file exists"},
		{"rejects over its accounts", append([]string{"rank", "-rejects", accounts, "-force"}, in...), "the file is an input"},
		{"rejects over an existing file", append([]string{"rank", "-rejects", existing}, in...), "-rejects " + existing + ": the file exists"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runBinary(t, "", tc.args...)
			if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", r.code, r.stderr, tc.want)
			}
			for p, want := range before {
				if b, _ := os.ReadFile(p); string(b) != want {
					t.Errorf("%s was changed", filepath.Base(p))
				}
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 3 {
				t.Errorf("%d files in the directory, want the 3 there were", len(entries))
			}
		})
	}
	// With -force, an existing output (not an input) is replaced.
	r := runBinary(t, "", append([]string{"report", "-force", "-o", existing}, in...)...)
	if b, _ := os.ReadFile(existing); r.code != exitOK || !bytes.Contains(b, []byte("Acme Corp")) {
		t.Errorf("report -force: exit %d (%s), report.html %d bytes", r.code, r.stderr, len(b))
	}
}

// TestPolicyTestReportsTriggerErrors: a trigger case whose reassessment
// fails says why, rather than "got []" (found in issue 34's work: a time
// outside what stores keep made every trigger case fail with no word).
func TestPolicyTestReportsTriggerErrors(t *testing.T) {
	dir := t.TempDir()
	abs := func(p string) string { a, _ := filepath.Abs(p); return a }
	file := filepath.Join(dir, "t_test.json")
	body := `{"policy": "` + abs("../../internal/sample/policy.json") + `", "accounts_file": "` + abs("../../internal/sample/accounts.csv") + `",
  "now": "1600-01-01T00:00:00Z",
  "cases": [{"name": "the champion leaves", "account": "acme", "change": {"champion": false}, "fired": ["champion departure"]}]}`
	if err := os.WriteFile(file, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runBinary(t, "", "test", file)
	if r.code != exitProblems || !strings.Contains(r.stdout, "reassessing: trigger: the instant is outside the range") {
		t.Errorf("exit %d, stdout %q", r.code, r.stdout)
	}
}

// TestCountFlagsRefuseNegatives: -top -1 and -reasons -5 are usage
// errors, not silently taken (issue 34).
func TestCountFlagsRefuseNegatives(t *testing.T) {
	for _, args := range [][]string{{"rank", "-top", "-1"}, {"rank", "-reasons", "-5"}, {"rank", "-top", "x"}, {"whatif", "-top", "-3", "a.json", "b.json"}} {
		r := runBinary(t, "", args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, "want a whole number, 0 or more") {
			t.Errorf("%q: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
}

// TestOutcomeSpellings: -outcome reads its value as the field's type with
// the reader's spellings (issue 23: churn=Yes, the CSV's own spelling,
// gave 0 churners and exit 0; churn=maybe was accepted).
func TestOutcomeSpellings(t *testing.T) {
	want := runBinary(t, "", "backtest", "-outcome", "champion=true")
	if want.code != exitOK || !strings.Contains(want.stdout, "AUC") {
		t.Fatalf("champion=true: exit %d, %s%s", want.code, want.stdout, want.stderr)
	}
	for _, v := range []string{"Yes", "TRUE", " yes ", "1"} {
		if got := runBinary(t, "", "backtest", "-outcome", "champion="+v); got.code != exitOK || got.stdout != want.stdout {
			t.Errorf("champion=%s: exit %d, and the report differs from champion=true's", v, got.code)
		}
	}
	for v, msg := range map[string]string{
		"maybe": `-outcome champion=maybe: "maybe" is not true or false, as the field "champion" (a bool) is read`,
		"":      `-outcome champion=: a blank is missing data, not an outcome`,
	} {
		if r := runBinary(t, "", "backtest", "-outcome", "champion="+v); r.code != exitUsage || !strings.Contains(r.stderr, msg) {
			t.Errorf("champion=%s: exit %d, stderr %q; want exit 2 and %q", v, r.code, r.stderr, msg)
		}
	}
	if r := runBinary(t, "", "backtest", "-outcome", "mrr=abc"); r.code != exitUsage || !strings.Contains(r.stderr, `"abc" is not a number`) {
		t.Errorf("mrr=abc: exit %d, stderr %q", r.code, r.stderr)
	}
}

// TestRunSummaryWarns: a run that rates accounts ends by saying what looks
// wrong (issue 23: rank exited 0 with a factor failed for every account,
// and 500 "Starter" rows silently moved to tier 4), and -strict makes it
// exit 1.
func TestRunSummaryWarns(t *testing.T) {
	dir := t.TempDir()
	policy := filepath.Join(dir, "policy.json")
	accounts := filepath.Join(dir, "accounts.csv")
	doc := `{"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}, {"name": "plan", "type": "string"},
  {"name": "nps", "type": "number"}, {"name": "churn", "type": "bool"}],
 "value": {"factors": [
  {"name": "revenue", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 1000}},
  {"name": "plan", "weight": 1, "level": "plan", "levels": {"starter": 20, "pro": 80}, "default": 0},
  {"name": "nps", "weight": 1, "expr": "nps", "curve": {"kind": "linear", "lo": -100, "hi": 100}}]},
 "potential": {"factors": [{"name": "risk", "weight": 1, "expr": "churn ? 0 : 100", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]}}`
	var csv strings.Builder
	csv.WriteString("id,mrr,plan,nps,churn\n")
	for i := range 200 {
		plan := "pro"
		if i%4 == 0 {
			plan = "Starter"
		}
		fmt.Fprintf(&csv, "a%d,%d,%s,,%v\n", i, i*5, plan, i%3 == 0)
	}
	for p, data := range map[string]string{policy: doc, accounts: csv.String()} {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := runBinary(t, "", "backtest", "-policy", policy, "-in", accounts, "-outcome", "churn=Yes")
	for _, want := range []string{
		`prioritize backtest: warning: value/nps is missing for all 200 accounts`,
		`prioritize backtest: warning: value/plan: "Starter", for 50 of 200 accounts, is no level of its table (rated the default); it is the level "starter" but for case or space: declare it too, or compare without case ("fold_case": true)`,
		`prioritize backtest: warning: potential.factors[0] "risk".expr reads "churn", the outcome: the policy rates by what happened, and the backtest's numbers mean nothing (leakage)`,
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r.code != exitOK {
		t.Errorf("without -strict: exit %d, want 0", r.code)
	}
	if r := runBinary(t, "", "backtest", "-strict", "-policy", policy, "-in", accounts, "-outcome", "churn=Yes"); r.code != exitProblems || !strings.Contains(r.stderr, "-strict:") {
		t.Errorf("with -strict: exit %d, want 1; stderr %s", r.code, r.stderr)
	}
	if r := runBinary(t, "", "tune", "-policy", policy, "-in", accounts, "-outcome", "churn=no"); !strings.Contains(r.stderr,
		`prioritize tune: warning: potential.factors[0] "risk".expr reads "churn", the outcome`) {
		t.Errorf("tune: no leakage warning: %s", r.stderr)
	}
	// fold_case: the document's own choice, and then no warning of it.
	folded := strings.Replace(doc, `"default": 0}`, `"default": 0, "fold_case": true}`, 1)
	if err := os.WriteFile(policy, []byte(folded), 0o644); err != nil {
		t.Fatal(err)
	}
	r = runBinary(t, "", "rank", "-policy", policy, "-in", accounts)
	if strings.Contains(r.stderr, `"Starter"`) || !strings.Contains(r.stderr, "value/nps is missing") {
		t.Errorf("with fold_case: %s", r.stderr)
	}
}

// TestCheckOnASample: check -in runs each document on the accounts and
// says what looks wrong there: a value no level declares, with the level
// it resembles (issue 23).
func TestCheckOnASample(t *testing.T) {
	dir := t.TempDir()
	policy, accounts := filepath.Join(dir, "p.json"), filepath.Join(dir, "a.csv")
	doc := `{"fields": [{"name": "id", "type": "string", "column": "Account"}, {"name": "plan", "type": "string", "column": "Plan"}, {"name": "mrr", "type": "number", "column": "MRR"}],
 "value": {"factors": [{"name": "plan", "weight": 1, "level": "plan", "levels": {"starter": 20, "pro": 80}}]},
 "potential": {"factors": [{"name": "rev", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 1000}}]}}`
	for p, data := range map[string]string{policy: doc, accounts: "Account,Plan,MRR\na,Starter,10\nb,pro,20\nc,pro,30\n"} {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := runBinary(t, "", "check", "-in", accounts, policy)
	want := `value/plan: "Starter", for 1 of 3 accounts, is no level of its table (rated the default); it is the level "starter" but for case or space`
	if r.code != exitProblems || !strings.Contains(r.stdout, want) {
		t.Errorf("exit %d, stdout %q", r.code, r.stdout)
	}
	if r := runBinary(t, "", "check", policy); r.code != exitOK {
		t.Errorf("without -in: exit %d, %s", r.code, r.stdout)
	}
}

// TestFlagsAfterArguments: a flag after the arguments is a flag, as people
// write it (issue 27: explain acme -format json took -format as an
// argument); after "--" everything is an argument.
func TestFlagsAfterArguments(t *testing.T) {
	before := runBinary(t, "", "explain", "-format", "json", "acme")
	after := runBinary(t, "", "explain", "acme", "-format", "json")
	if before.code != exitOK || after.code != exitOK || before.stdout != after.stdout || !strings.HasPrefix(after.stdout, "{") {
		t.Errorf("before: exit %d; after: exit %d, %.40q", before.code, after.code, after.stdout)
	}
	if r := runBinary(t, "", "explain", "--", "-format"); r.code != exitUsage || !strings.Contains(r.stderr, `no account "-format"`) {
		t.Errorf("after --: exit %d, %s", r.code, r.stderr)
	}
}

// TestAsOf: -as-of is the date the rules read as today; without it, a rule
// that reads the time says which flag to pass, in the workbench's words
// (issue 27: "set Options.Clock").
func TestAsOf(t *testing.T) {
	dir := t.TempDir()
	policy, accounts := filepath.Join(dir, "p.json"), filepath.Join(dir, "a.csv")
	doc := `{"fields": [{"name": "id", "type": "string"}, {"name": "renewal", "type": "date"}],
 "value": {"factors": [{"name": "t", "weight": 1, "expr": "days_until(renewal)", "curve": {"kind": "falling", "lo": 0, "hi": 365}}]},
 "potential": {"factors": [{"name": "t", "weight": 1, "expr": "days_until(renewal)", "curve": {"kind": "falling", "lo": 0, "hi": 365}}]}}`
	for p, data := range map[string]string{policy: doc, accounts: "id,renewal\na,2026-12-31\nb,2027-03-01\n"} {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := runBinary(t, "", "rank", "-policy", policy, "-in", accounts)
	if r.code != exitUsage || !strings.Contains(r.stderr, "days_until needs a clock: pass -as-of YYYY-MM-DD") || strings.Contains(r.stderr, "Options.Clock") {
		t.Errorf("without -as-of: exit %d, %s", r.code, r.stderr)
	}
	if r := runBinary(t, "", "check", policy); r.code != exitProblems || !strings.Contains(r.stdout, "pass -as-of") {
		t.Errorf("check without -as-of: exit %d, %s", r.code, r.stdout)
	}
	if r := runBinary(t, "", "check", "-as-of", "2026-11-01", policy); r.code != exitOK {
		t.Errorf("check -as-of: exit %d, %s", r.code, r.stdout)
	}
	// As of 2026-11-01: a renews in 60 days, rated 100 x (365 - 60) / 365 =
	// 83.562 on both axes; b in 120 days, 100 x 245 / 365 = 67.123.
	r = runBinary(t, "", "rank", "-policy", policy, "-in", accounts, "-as-of", "2026-11-01", "-format", "csv", "-reasons", "0")
	if r.code != exitOK || !strings.Contains(r.stdout, "1,a,a,true,83.56164383561644,83.56164383561644,83.56164383561644") ||
		!strings.Contains(r.stdout, "2,b,b,true,67.12328767123287,") {
		t.Errorf("with -as-of: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := runBinary(t, "", "rank", "-as-of", "11/01/2026"); r.code != exitUsage || !strings.Contains(r.stderr, "want a date, YYYY-MM-DD") {
		t.Errorf("a bad date: exit %d, %s", r.code, r.stderr)
	}
}

// TestRejectionsGrouped: many rows rejected for one reason are one
// message with a count and the first lines (issue 27: an export with
// "$2,142.97" in a money column gave 100 lines of the same message).
func TestRejectionsGrouped(t *testing.T) {
	var csv strings.Builder
	csv.WriteString("id,name,mrr,contract_value,tenure_months,feature_adoption,strategic_value,usage_growth,usage_pct,icp_fit,champion,champion_strength,exec_sponsor,as_of,renewal_date,stage,potential_arr,growth_likelihood\n")
	for i := range 40 {
		fmt.Fprintf(&csv, "a%d,A,\"$%d,142.97\",,,,,,,,,,,,,,,\n", i, i)
	}
	csv.WriteString("b,B,5,,,,,,,,maybe,,,,,,,\n")
	r := runBinary(t, csv.String(), "rank", "-policy", "../../internal/sample/policy.json", "-in", "-")
	want := "prioritize: standard input: rejected: line 2, column 6 (mrr): \"$0,142.97\" is not a number; the field would read it with \"strip\": \"$\", \"thousands\": \",\"\n" +
		"prioritize: standard input: and 39 more rows for the same reason (lines 3, 4, 5, 6, ...)\n" +
		"prioritize: standard input: rejected: line 42, column 14 (champion): \"maybe\" is not true or false\n"
	if r.code != exitProblems || !strings.HasPrefix(r.stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant it to start with:\n%s", r.code, r.stderr, want)
	}
}

// TestDidYouMean: a misspelt command or flag is answered with the near one
// (issue 27); version names the document format.
func TestDidYouMean(t *testing.T) {
	if r := runBinary(t, "", "rnak"); r.code != exitUsage || !strings.Contains(r.stderr, `unknown command "rnak" (did you mean "rank"?)`) {
		t.Errorf("rnak: exit %d, %s", r.code, r.stderr)
	}
	if r := runBinary(t, "", "rank", "-polcy", "p.json"); r.code != exitUsage || !strings.Contains(r.stderr, "did you mean -policy?") {
		t.Errorf("-polcy: exit %d, %s", r.code, r.stderr)
	}
	if r := runBinary(t, "", "version"); r.code != exitOK || !strings.Contains(r.stdout, "document format 1") {
		t.Errorf("version: exit %d, %s", r.code, r.stdout)
	}
}

// TestConventions: -format json for check and test, test -run, and
// directories and "-" for check and fmt, as gofmt and go test take them
// (issue 27).
func TestConventions(t *testing.T) {
	r := runBinary(t, "", "check", "-format", "json", "testdata/three-problems.json", "../../internal/sample/policy.json")
	var checked []struct {
		File     string
		Problems []struct {
			Line, Column  int
			Path, Message string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &checked); err != nil || r.code != exitProblems || len(checked) != 2 {
		t.Fatalf("check -format json: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	if p := checked[0].Problems; len(p) != 3 || p[1].Line != 10 || p[1].Column != 45 || p[1].Path != `value.factors[1] "plan".expr` || len(checked[1].Problems) != 0 {
		t.Errorf("check -format json: %+v", checked)
	}
	policy, _ := os.ReadFile("../../internal/sample/policy.json")
	if r := runBinary(t, string(policy), "check", "-"); r.code != exitOK || r.stdout != "standard input: ok\n" {
		t.Errorf("check -: exit %d, %q", r.code, r.stdout)
	}
	if r := runBinary(t, "", "check", "testdata/mistakes"); r.code != exitProblems || !strings.Contains(r.stdout, "testdata/mistakes/holds.json:") || !strings.Contains(r.stdout, "testdata/mistakes/types.json:") {
		t.Errorf("check DIR: exit %d, %s", r.code, r.stdout)
	}
	// fmt over a directory says what it cannot format and goes on.
	if r := runBinary(t, "", "fmt", "-l", "testdata"); r.code != exitUsage || !strings.Contains(r.stdout, "testdata/broken.json") || !strings.Contains(r.stderr, "default_test.json") {
		t.Errorf("fmt -l DIR: exit %d, %s%s", r.code, r.stdout, r.stderr)
	}
	if r := runBinary(t, "", "test", "-v", "-run", "champion", "testdata/default_test.json"); r.code != exitOK || !strings.Contains(r.stdout, "--- PASS: the champion leaves\nok\ttestdata/default_test.json\t1 cases") {
		t.Errorf("test -run: exit %d, %s", r.code, r.stdout)
	}
	r = runBinary(t, "", "test", "-format", "json", "testdata/failing_test.json")
	var cases []struct {
		File, Case string
		Pass       bool
		Problems   []string
	}
	if err := json.Unmarshal([]byte(r.stdout), &cases); err != nil || r.code != exitProblems || len(cases) == 0 {
		t.Fatalf("test -format json: exit %d, %v\n%s", r.code, err, r.stdout)
	}
	failed := 0
	for _, c := range cases {
		if !c.Pass {
			failed++
			if len(c.Problems) == 0 {
				t.Errorf("a failing case without problems: %+v", c)
			}
		}
	}
	if failed == 0 {
		t.Errorf("test -format json: no failing case in %+v", cases)
	}
}

// TestOutputFlag: -o writes what a command prints to a file, atomically,
// on every command that writes data (issue 27); a run that stops on a
// usage error leaves no file.
func TestOutputFlag(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"rank", "-format", "csv"}, {"diagnose"}, {"explain", "acme"}, {"backtest", "-outcome", "champion=true"},
		{"whatif", "-in", "../../internal/sample/accounts.csv", "../../internal/sample/policy.json", "../../internal/sample/policy.json"}} {
		want := runBinary(t, "", args...)
		path := filepath.Join(dir, args[0]+".out")
		got := runBinary(t, "", append([]string{args[0], "-o", path}, args[1:]...)...)
		data, err := os.ReadFile(path)
		if err != nil || got.code != want.code || string(data) != want.stdout || got.stdout != "" {
			t.Errorf("%s -o: exit %d (want %d), %d bytes in the file, %d on stdout; %v", args[0], got.code, want.code, len(data), len(got.stdout), err)
		}
	}
	path := filepath.Join(dir, "none.out")
	if r := runBinary(t, "", "explain", "-o", path, "nobody"); r.code != exitUsage {
		t.Errorf("explain nobody: exit %d", r.code)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a run that failed left its output file")
	}
}

// exportCSV is a CRM export as people get one: 14 columns of mixed
// types, money with a currency and thousands, US dates, percents, blanks
// written NA, text with quoted commas, and a region that is "NA".
func exportCSV(n int) string {
	var b strings.Builder
	b.WriteString("Account ID,Company Name,Plan,MRR,Seats Used,Seat Limit,NPS,Renewal Date,Last Login,Champion,Region,Health %,Open Tickets,CSM Owner\n")
	for i := range n {
		name := fmt.Sprintf("Company %d", i)
		if i%7 == 0 {
			name = fmt.Sprintf("\"Company %d, Inc.\"", i)
		}
		nps := strconv.Itoa(i%201 - 100)
		if i%9 == 0 {
			nps = "NA"
		}
		region := []string{"EMEA", "NA", "APAC"}[i%3]
		fmt.Fprintf(&b, "ACC-%04d,%s,%s,\"$%d,%03d.%02d\",%d,50,%s,%02d/%02d/2027,2026-%02d-%02d,%s,%s,%d%%,%d,%s\n",
			i, name, []string{"Starter", "Pro", "Enterprise"}[i%3], 1+i%20, (i*37)%1000, i%100, 1+i%50, nps,
			1+i%12, 1+i%28, 1+i%11, 1+i%28, []string{"Yes", "No"}[i%2], region, i%101, i%6, []string{"ana", "bo", "cy"}[i%3])
	}
	return b.String()
}

// TestInitWalk: the walk a new user takes, from an export to a report:
// init writes a document that check passes, and rank and report run on it
// (issue 27).
func TestInitWalk(t *testing.T) {
	dir := t.TempDir()
	export, policy, report := filepath.Join(dir, "export.csv"), filepath.Join(dir, "policy.json"), filepath.Join(dir, "report.html")
	if err := os.WriteFile(export, []byte(exportCSV(300)), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runBinary(t, "", "init", "-o", policy, export); r.code != exitOK || !strings.Contains(r.stderr, "14 fields from 300 rows") {
		t.Fatalf("init: exit %d, %s", r.code, r.stderr)
	}
	data, _ := os.ReadFile(policy)
	doc, err := policydoc.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range doc.Fields {
		got[f.Name] = fmt.Sprintf("%v %s %s%s%s%s %q", f.Type, f.Column, f.Thousands, f.Decimal, f.Strip, f.Layout, f.Blank)
	}
	want := map[string]string{
		"id": `string Account ID  []`, "company_name": `string Company Name  []`, "plan": `string Plan  []`,
		"mrr": `number MRR ,$ []`, "seats_used": `integer Seats Used  []`, "seat_limit": `integer Seat Limit  []`,
		"nps": `integer NPS  ["NA"]`, "renewal_date": `date Renewal Date MM/DD/YYYY []`, "last_login": `date Last Login  []`,
		"champion": `bool Champion  []`, "region": `string Region  []`, "health": `number Health % % []`,
		"open_tickets": `integer Open Tickets  []`, "csm_owner": `string CSM Owner  []`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the fields init inferred (-want +got):\n%s", diff)
	}
	if r := runBinary(t, "", "check", "-in", export, policy); r.code != exitOK {
		t.Errorf("check: exit %d, %s", r.code, r.stdout)
	}
	if r := runBinary(t, "", "rank", "-policy", policy, "-in", export, "-top", "5"); r.code != exitOK || !strings.Contains(r.stderr, "read 300, rated 300") {
		t.Errorf("rank: exit %d, %s", r.code, r.stderr)
	}
	if r := runBinary(t, "", "report", "-policy", policy, "-in", export, "-o", report); r.code != exitOK {
		t.Errorf("report: exit %d, %s", r.code, r.stderr)
	}
	if html, _ := os.ReadFile(report); !bytes.Contains(html, []byte("ACC-0000")) {
		t.Error("the report lacks the accounts")
	}
}

// FuzzInit: any export gives init a document that parses, never a panic;
// when its header names are plain text, the document passes check.
func FuzzInit(f *testing.F) {
	f.Add(exportCSV(20), false)
	f.Add("id,mrr\na,1\nb,2\n", false)
	f.Add("a,a,a\n1,2,3\n", false)
	f.Add(`{"id": "a", "mrr": 1}`+"\n"+`{"id": "b", "mrr": "$2,000"}`+"\n", true)
	f.Fuzz(func(t *testing.T, in string, jsonl bool) {
		header, rows, err := sampleRows(strings.NewReader(in), jsonl)
		if err != nil || len(header) == 0 {
			return
		}
		doc := startingDocument(header, rows)
		data, err := json.Marshal(doc)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if _, err := policydoc.Parse(data); err != nil {
			t.Fatalf("init wrote a document that does not parse: %v\n%s", err, data)
		}
	})
}

// TestRankForTheCSMsYouHave: -csms fills the tiers top-down up to the
// capacity of the CSMs given (issue 27). The sample's 42 accounts with one
// CSM in tier 2 (30 accounts a CSM) and none elsewhere: 30 in tier 2, the
// other 12 overflow.
func TestRankForTheCSMsYouHave(t *testing.T) {
	r := runBinary(t, "", "rank", "-csms", "2=1")
	if r.code != exitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, re := range []string{`Capacity plan for the CSMs you have \(2=1\)`, `\n1 Strategic\s+0\s+0\s`, `\n2 Growth\s+30\s+30\s+30\s+1\s`, `\noverflow\s+12\n`} {
		if !regexp.MustCompile(re).MatchString(r.stdout) {
			t.Errorf("the plan lacks %s:\n%s", re, r.stdout)
		}
	}
	if r := runBinary(t, "", "rank", "-csms", "2=-1"); r.code != exitUsage || !strings.Contains(r.stderr, "want TIER=CSMS") {
		t.Errorf("a negative headcount: exit %d, %s", r.code, r.stderr)
	}
}

// TestInlineAccountsByFieldName: a test file's inline accounts and
// changes may name fields as the rules do, not only by their columns
// (issue 27: the field name gave "no id").
func TestInlineAccountsByFieldName(t *testing.T) {
	dir := t.TempDir()
	policy, tests := filepath.Join(dir, "p.json"), filepath.Join(dir, "p_test.json")
	doc := `{"fields": [{"name": "id", "type": "string", "column": "Account ID"}, {"name": "mrr", "type": "number", "column": "MRR"}],
 "value": {"factors": [{"name": "r", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]},
 "potential": {"factors": [{"name": "r", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 100}}]},
 "triggers": [{"name": "drop", "when": "cur.mrr < prev.mrr", "effect": "intervention"}]}`
	// mrr 50 rates 50 on both axes: priority 50, tier 3 ([40, 60)).
	cases := `{"policy": "p.json", "accounts": [{"id": "a", "mrr": 50}, {"Account ID": "b", "MRR": 80}],
 "now": "2026-11-01T00:00:00Z",
 "cases": [{"name": "by field name", "account": "a", "want": {"priority": 50, "tier": 3}},
  {"name": "by column", "account": "b", "want": {"priority": 80, "tier": 1}},
  {"name": "a change by field name", "account": "a", "change": {"mrr": 10}, "fired": ["drop"]}]}`
	for p, data := range map[string]string{policy: doc, tests: cases} {
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if r := runBinary(t, "", "test", "-v", tests); r.code != exitOK {
		t.Errorf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestREADMEWalk: the README's walk from an export to a report prints
// what the README shows.
func TestREADMEWalk(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(readme, []byte("$ prioritize init -o policy.json export.csv"))
	end := bytes.Index(readme[start:], []byte("\n```"))
	if start < 0 || end < 0 {
		t.Fatal("the README has no walk")
	}
	want := string(readme[start : start+end+1])
	dir := t.TempDir()
	data, _ := os.ReadFile("testdata/export.csv")
	if err := os.WriteFile(filepath.Join(dir, "export.csv"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	for _, args := range [][]string{{"init", "-o", "policy.json", "export.csv"}, {"check", "-in", "export.csv", "policy.json"},
		{"rank", "-policy", "policy.json", "-in", "export.csv", "-top", "5"}, {"report", "-policy", "policy.json", "-in", "export.csv", "-o", "report.html"}} {
		cmd := exec.Command(binary, args...)
		cmd.Dir = dir
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, stderr.String())
		}
		got.WriteString("$ prioritize " + strings.Join(args, " ") + "\n" + stdout.String() + stderr.String())
	}
	if diff := cmp.Diff(want, got.String()); diff != "" {
		t.Errorf("the README's walk is not current (-README +now):\n%s", diff)
	}
}

// TestShareOut: the CSMs you have, shared by the ratio plan's needs. Needs
// 10, 5, 3, 2 (20) and 12 CSMs: shares 6, 3, 1.8, 1.2; whole 6, 3, 1, 1
// (11); the largest remainder (0.8, tier 3) takes the last: 6, 3, 2, 1.
func TestShareOut(t *testing.T) {
	plan := tier.Plan{Rows: []tier.Row{{Rank: 1, CSMs: 10}, {Rank: 2, CSMs: 5}, {Rank: 3, CSMs: 3}, {Rank: 4, CSMs: 2}}}
	if diff := cmp.Diff(tier.Staff{1: 6, 2: 3, 3: 2, 4: 1}, shareOut(12, plan)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if r := runBinary(t, "", "rank", "-csms", "2"); r.code != exitOK || !strings.Contains(r.stdout, "Capacity plan for the CSMs you have (1=1,2=1,3=0,4=0)") {
		t.Errorf("rank -csms 2: exit %d\n%s", r.code, r.stdout)
	}
}
