//go:build linux

package engine_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize/internal/engine"
)

// A platform's own account type, as a host would pass it: int64 cents, int32
// counters, unsigned and float32 fields, pointers, a nested struct, a map of
// extras, a large slice, and methods (one with a side effect).
type contact struct {
	Name   string `expr:"name"`
	Email  string `expr:"email"`
	Active bool   `expr:"active"`
}

type hostAcct struct {
	MRRCents  int64          `expr:"mrr_cents"`
	Users     int32          `expr:"users"`
	Seats     uint16         `expr:"seats"`
	Share     float32        `expr:"share"`
	NPS       *float64       `expr:"nps"`
	Usage     float64        `expr:"usage"`
	Name      string         `expr:"name"`
	Tags      []string       `expr:"tags"`
	Big       []int          `expr:"big"`
	Renewal   time.Time      `expr:"renewal_date"`
	Champion  contact        `expr:"champion"`
	Extra     map[string]any `expr:"extra"`
	Callback  func() int     `expr:"callback"`
	Nothing   *int64         `expr:"nothing"`
	Precision float64        `expr:"precision"`
}

// deletes counts calls of Delete: a rule must never reach it.
var deletes atomic.Int64

func (a hostAcct) Delete() int              { deletes.Add(1); return 1 }
func (a hostAcct) DaysToRenewal() float64   { deletes.Add(1); return 1 }
func (a *hostAcct) Reset() int              { deletes.Add(1); return 0 }
func (a hostAcct) Shout(s string) string    { deletes.Add(1); return strings.ToUpper(s) }
func (a hostAcct) Clock() time.Time         { deletes.Add(1); return time.Now() }
func (a hostAcct) Wait(d time.Duration) int { deletes.Add(1); time.Sleep(d); return 0 }

func hostSample() hostAcct {
	nps := 7.0
	big := make([]int, 50_000)
	for i := range big {
		big[i] = i
	}
	return hostAcct{MRRCents: 500_000, Users: math.MaxInt32, Seats: 40, Share: 0.5, NPS: &nps, Usage: 60_000,
		Name: strings.Repeat("n", 100), Tags: []string{"emea", "smb"}, Big: big,
		Renewal:  time.Date(2027, 1, 25, 0, 0, 0, 0, time.UTC),
		Champion: contact{Name: "Ada", Email: "ada@example.com", Active: true},
		Extra:    map[string]any{"when": time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "n": 3},
		Callback: func() int { deletes.Add(1); return 1 }}
}

// outcome is what a hostile rule must come to.
type outcome int

const (
	refused outcome = iota // does not compile
	limited                // compiles; the evaluation stops at a budget (ErrLimit)
	fails                  // compiles; the evaluation fails (ErrEval)
	value                  // compiles; evaluates to want
	missing                // compiles; evaluates to missing, no error
	bounded                // compiles; whatever it evaluates to, within the bounds
)

var doubling22 = func() string {
	var b strings.Builder
	b.WriteString("let s0 = '" + strings.Repeat("x", 100) + "';\n")
	for i := 1; i <= 22; i++ {
		fmt.Fprintf(&b, "let s%d = s%d + s%d;\n", i, i-1, i-1)
	}
	b.WriteString("len(s22)")
	return b.String()
}()

var sandboxCases = []struct {
	src  string
	want outcome
	kind error   // for refused, limited, fails: the error's kind
	v    float64 // for value
}{
	// The reported cases.
	{`len(reduce(1..40, #acc + #acc, "x"))`, limited, engine.ErrLimit, 0},
	{`len(reduce(1..27, #acc + #acc, "x"))`, limited, engine.ErrLimit, 0},
	{doubling22, limited, engine.ErrLimit, 0},
	{`len(replace(replace(replace(name, "", name), "", name), "", name))`, limited, engine.ErrLimit, 0},
	{`let f = renewal_date.Unix; f()`, refused, engine.ErrMethodCall, 0},
	{`let f = $env.account.DaysToRenewal; f()`, refused, engine.ErrEnv, 0},
	{`let f = Delete; f()`, refused, engine.ErrMethodCall, 0},
	{`renewal_date.Local == renewal_date ? 1 : 0`, refused, engine.ErrMethodCall, 0},
	{`usage / 0`, refused, engine.ErrSyntax, 0},
	{`usage % 0`, refused, engine.ErrSyntax, 0},
	{`usage / 0.0`, refused, engine.ErrSyntax, 0},
	{`usage / -0`, refused, engine.ErrSyntax, 0},
	{`days_until(renewal_date)`, refused, engine.ErrEnv, 0},
	{`days_since(renewal_date) > 3 ? 1 : 0`, refused, engine.ErrEnv, 0},
	{`clamp(usage / 0, 0, 100)`, refused, engine.ErrSyntax, 0},
	{`clamp(usage / (usage - usage), 0, 100)`, fails, engine.ErrEval, 0},
	{`9223372036854775807 + 1`, value, nil, 9223372036854775808},
	{`int(usage * 1e300)`, fails, engine.ErrEval, 0},
	{`abs(-9223372036854775807 - 1)`, value, nil, 9223372036854775808},
	{`users * 4`, value, nil, 4 * float64(math.MaxInt32)},
	{`users + users`, value, nil, 2 * float64(math.MaxInt32)},
	{`mean([])`, missing, nil, 0},
	{`median([])`, missing, nil, 0},
	{`len(0..9223372036854775807)`, limited, engine.ErrLimit, 0},
	{`len(-9223372036854775807..9223372036854775807)`, limited, engine.ErrLimit, 0},
	{`$env`, refused, engine.ErrEnv, 0},
	{`__has($env, "usage") ? 1 : 0`, refused, engine.ErrUnknownName, 0},
	{`__has(champion, "name") ? 1 : 0`, refused, engine.ErrUnknownName, 0},
	{`__root.usage`, refused, engine.ErrUnknownName, 0},
	{`__meter == nil ? 1 : 0`, refused, engine.ErrUnknownName, 0},
	// Methods, whatever the syntax.
	{`Delete()`, refused, engine.ErrMethodCall, 0},
	{`Reset()`, refused, engine.ErrMethodCall, 0},
	{`DaysToRenewal()`, refused, engine.ErrMethodCall, 0},
	{`renewal_date.Unix()`, refused, engine.ErrMethodCall, 0},
	{`float(renewal_date.Unix)`, refused, engine.ErrMethodCall, 0},
	{`let t = renewal_date; t.Year()`, refused, engine.ErrMethodCall, 0},
	{`let t = renewal_date; let y = t.Year; 1`, refused, engine.ErrMethodCall, 0},
	{`len(champion.name.String())`, refused, engine.ErrMethodCall, 0},
	{`callback()`, refused, engine.ErrMethodCall, 0},
	{`let c = callback; c()`, refused, engine.ErrMethodCall, 0},
	{`len(map([1], Shout("x")))`, refused, engine.ErrMethodCall, 0},
	{`Wait(duration("1h"))`, refused, engine.ErrMethodCall, 0},
	{`Clock() == renewal_date ? 1 : 0`, refused, engine.ErrMethodCall, 0},
	{`renewal_date | Unix()`, refused, engine.ErrUnknownName, 0},
	{`get(renewal_date, "Unix") == nil ? 1 : 0`, refused, engine.ErrSyntax, 0},
	{`get(extra, "when") == nil ? 1 : 0`, value, nil, 0},
	{`get(extra.when, "Unix") == nil ? 1 : 0`, fails, engine.ErrEval, 0},
	{`extra.when.Unix == nil ? 1 : 0`, fails, engine.ErrEval, 0},
	{`extra["when"]["Local"] == nil ? 1 : 0`, fails, engine.ErrEval, 0},
	{`len(map([renewal_date], #.Unix))`, refused, engine.ErrMethodCall, 0},
	{`len(map([extra.when], #.Unix))`, fails, engine.ErrEval, 0},
	{`now()`, refused, engine.ErrSyntax, 0},
	{`date("2026-01-01") == renewal_date ? 1 : 0`, refused, engine.ErrUnknownName, 0},
	{`timezone("Europe/Paris") == nil ? 1 : 0`, refused, engine.ErrUnknownName, 0},
	{`len(repeat("x", 1000000000))`, refused, engine.ErrUnknownName, 0},
	// Every Go numeric kind reads as a number.
	{`mrr_cents / 100`, value, nil, 5000},
	{`pct_change(mrr_cents, mrr_cents * 2)`, value, nil, 100},
	{`clamp(users, 0, 100)`, value, nil, 100},
	{`declined(seats, seats / 2, 20) ? 1 : 0`, value, nil, 1},
	{`share * 2`, value, nil, 1},
	{`nps + 1`, value, nil, 8},
	{`nothing + 1`, missing, nil, 0},
	{`nothing ?? 42`, value, nil, 42},
	{`nothing == nil ? 1 : 0`, value, nil, 1},
	{`max(nothing, 5)`, missing, nil, 0},
	{`between(nothing, 0, 10) ? 1 : 0`, value, nil, 0},
	{`mrr_cents % 7`, value, nil, 500_000 % 7},
	// Wrong numbers never become present values.
	{`clamp(1e308 * 10, 0, 100)`, missing, nil, 0},
	{`min(1e308 * 10, 100)`, missing, nil, 0},
	{`max(-1e308 * 10, 0)`, missing, nil, 0},
	{`scale(1e308 * 10, 0, 100)`, missing, nil, 0},
	{`mean([1, 2, 1e308 * 10])`, missing, nil, 0},
	{`-(-9223372036854775807 - 1)`, value, nil, 9223372036854775808},
	{`int(1e308 * 10)`, fails, engine.ErrEval, 0},
	{`precision * 0`, value, nil, 0},
	{`3 % 2 + 7 / 2`, value, nil, 4.5},
	{`sum([9223372036854775807, 1], #)`, value, nil, 9223372036854775808},
	{`sum(extra.list ?? [9223372036854775807, 1], #)`, value, nil, 9223372036854775808},
	{`sum([9223372036854775807, 1])`, value, nil, 9223372036854775808},
	{`reduce([9223372036854775807, 1], #acc + #)`, fails, engine.ErrEval, 0},
	{`duration("2562047h") * 2 > duration("1h") ? 1 : 0`, fails, engine.ErrEval, 0},
	{`bitshl(1, 64)`, refused, engine.ErrUnknownName, 0},
	// Memory: strings, collections, JSON, regular expressions.
	{`len(join(map(1..5000, name), ","))`, refused, engine.ErrLimit, 0},
	{`len(join(map(big, name), ","))`, limited, engine.ErrLimit, 0},
	{`len(toJSON(1..60000))`, limited, engine.ErrLimit, 0},
	{`len(string(1..60000))`, limited, engine.ErrLimit, 0},
	{`len(split(join(map(1..600, name), ""), ""))`, limited, engine.ErrLimit, 0},
	{`len(upper(replace(name, "", name)))`, bounded, nil, 0},
	{`len(flatten(map(1..1000, 1..1000)))`, limited, engine.ErrLimit, 0},
	{`len(concat(1..50000, 1..50000))`, limited, engine.ErrLimit, 0},
	{`len(map(big, [#, #, #]))`, limited, engine.ErrLimit, 0},
	{`len(1..70000)`, limited, engine.ErrLimit, 0},
	{`len(1..usage)`, value, nil, 60000},
	{`len(1..(usage * 2))`, limited, engine.ErrLimit, 0},
	{`len(1..int(usage) * 1000)`, limited, engine.ErrLimit, 0},
	{`sum(1..1000)`, value, nil, 500500},
	{`reduce(big, #acc + #, 0)`, limited, engine.ErrLimit, 0},
	{`reduce(big[:1000], #acc + #, 0)`, value, nil, 999.0 * 1000 / 2},
	{`len(name + name + name)`, value, nil, 300},
	{`len(fromJSON(toJSON(1..30000)))`, limited, engine.ErrLimit, 0},
	{`name matches (name + ".*") ? 1 : 0`, value, nil, 1},
	{`name matches "(n+)+$" ? 1 : 0`, value, nil, 1},
	{`len(toBase64(join(map(big, name), "")))`, limited, engine.ErrLimit, 0},
	// Time: iterations and work that grows with the operands.
	{`count(big, # in big)`, limited, engine.ErrLimit, 0},
	{`count(big, # > 0)`, limited, engine.ErrLimit, 0},
	{`count(big[:1000], # > 0)`, value, nil, 999},
	{`count(tags, # != "")`, value, nil, 2},
	{`count(big, string(#) == name)`, limited, engine.ErrLimit, 0},
	{`len(sortBy(big, -#))`, limited, engine.ErrLimit, 0},
	{`len(sortBy(big[:1000], -#))`, value, nil, 1000},
	{`len(uniq(big))`, bounded, nil, 0},
	{`count(big, let s = name + name; s == name)`, limited, engine.ErrLimit, 0},
	{`sum(big)`, value, nil, 49_999.0 * 50_000 / 2},
	{`len(filter(big, # > 0 && len(1..1000) > 0))`, limited, engine.ErrLimit, 0},
	{`count(1..100000, # > 0)`, refused, engine.ErrLimit, 0},
	{`count(1..100, all(1..100, all(1..100, # > 0)))`, refused, engine.ErrLimit, 0},
	{strings.Repeat("-", 2000) + "1", refused, engine.ErrLimit, 0},
	{strings.Repeat("(", 900) + "1" + strings.Repeat(")", 900), bounded, nil, 0},
	{"1" + strings.Repeat(" + 1", 1100), refused, engine.ErrLimit, 0},
	{strings.Repeat("x", 5000), refused, engine.ErrLimit, 0},
	// Syntax that must be refused with a place.
	{`"unterminated`, refused, engine.ErrSyntax, 0},
	{`#`, refused, engine.ErrSyntax, 0},
	{`.usage`, refused, engine.ErrSyntax, 0},
	{`let x = 1;`, refused, engine.ErrSyntax, 0},
	{`usage |`, refused, engine.ErrSyntax, 0},
	{"usage\x00", refused, engine.ErrSyntax, 0},
	{"\xff\xfe", refused, engine.ErrSyntax, 0},
	{`1..`, refused, engine.ErrSyntax, 0},
	{`{}.a.b.c`, fails, engine.ErrEval, 0},
}

// hostileOptions are the options of the table: the defaults, and no clock.
var hostileOptions = engine.Options{}

// TestSandbox runs every hostile rule in a child process limited to 2 GiB
// of address space, and checks what it came to: refused at compile time
// with an error of the expected kind, or evaluated within the bounds (the
// budget's errors, the expected value), never a crash, never a method call.
func TestSandbox(t *testing.T) {
	if i := os.Getenv("RULES_SANDBOX_CASE"); i != "" {
		sandboxChild(t, i)
		return
	}
	if len(sandboxCases) < 80 {
		t.Fatalf("only %d hostile rules", len(sandboxCases))
	}
	var (
		mu              sync.Mutex
		maxNS, maxBytes int64
		counts          = map[outcome]int{}
	)
	t.Cleanup(func() {
		t.Logf("%d hostile rules: %d refused, %d stopped at a budget, %d failed with a reason, %d values, %d missing, %d bounded; slowest evaluation %v, most allocated %d bytes",
			len(sandboxCases), counts[refused], counts[limited], counts[fails], counts[value], counts[missing], counts[bounded],
			time.Duration(maxNS), maxBytes)
	})
	for i, tc := range sandboxCases {
		name := tc.src
		if len(name) > 50 {
			name = name[:50]
		}
		t.Run(strconv.Itoa(i)+"/"+name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.Command(os.Args[0], "-test.run=^TestSandbox$")
			cmd.Env = append(os.Environ(), "RULES_SANDBOX_CASE="+strconv.Itoa(i))
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("the child process crashed: %v\n%s", err, tail(out))
			}
			var r childResult
			line := out
			if j := strings.Index(string(out), "RESULT "); j >= 0 {
				line = out[j+len("RESULT "):]
				if k := strings.IndexByte(string(line), '\n'); k >= 0 {
					line = line[:k]
				}
			}
			if err := json.Unmarshal(line, &r); err != nil {
				t.Fatalf("no result from the child: %v\n%s", err, tail(out))
			}
			mu.Lock()
			maxNS, maxBytes = max(maxNS, r.NS), max(maxBytes, r.Bytes)
			counts[tc.want]++
			mu.Unlock()
			t.Logf("%v, %d bytes", time.Duration(r.NS), r.Bytes)
			check(t, tc.want, tc.kind, tc.v, r)
		})
	}
}

type childResult struct {
	Compiled bool    `json:"compiled"`
	Kind     string  `json:"kind"`
	Err      string  `json:"err"`
	HasPlace bool    `json:"has_place"`
	V        float64 `json:"v"`
	OK       bool    `json:"ok"`
	NS       int64   `json:"ns"`
	Bytes    int64   `json:"bytes"`
	Deletes  int64   `json:"deletes"`
}

// The bounds of an evaluation under the default options: what it may
// allocate (the strings and collections it builds, up to 1 MiB each way,
// plus expr's own machinery), and a watchdog far above what the step budget
// allows (a few milliseconds), which only a runaway evaluation reaches.
const (
	boundBytes = 16 << 20
	watchdog   = 5 * time.Second
)

func check(t *testing.T, want outcome, kind error, v float64, r childResult) {
	t.Helper()
	if r.Deletes != 0 {
		t.Errorf("a method of the account ran %d times", r.Deletes)
	}
	if want == refused {
		if r.Compiled {
			t.Fatalf("compiled; evaluates to %v, %v, %s", r.V, r.OK, r.Err)
		}
		if kind != nil && r.Kind != kind.Error() {
			t.Errorf("refused as %q, want %q: %s", r.Kind, kind, r.Err)
		}
		return
	}
	if !r.Compiled {
		t.Fatalf("refused: %s", r.Err)
	}
	if r.Bytes > boundBytes {
		t.Errorf("allocated %d bytes, the bound is %d", r.Bytes, boundBytes)
	}
	switch want {
	case limited, fails:
		if r.Kind != kind.Error() {
			t.Errorf("evaluated to %v, %v, %q; want an error of kind %q", r.V, r.OK, r.Err, kind)
		}
		if !r.HasPlace {
			t.Errorf("the error names no place: %s", r.Err)
		}
	case value:
		if r.Err != "" || !r.OK || math.Abs(r.V-v) > 1e-9*math.Max(1, math.Abs(v)) {
			t.Errorf("= %v, %v, %s; want %v", r.V, r.OK, r.Err, v)
		}
	case missing:
		if r.Err != "" || r.OK {
			t.Errorf("= %v, %v, %s; want missing", r.V, r.OK, r.Err)
		}
	}
}

// sandboxChild compiles and evaluates one case, under an address-space
// limit, and prints what happened as JSON.
func sandboxChild(t *testing.T, i string) {
	n, _ := strconv.Atoi(i)
	if err := syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: 2 << 30, Max: 2 << 30}); err != nil {
		t.Fatal(err)
	}
	tc := sandboxCases[n]
	var r childResult
	rule, err := engine.CompileNumber[hostAcct]("hostile", tc.src, hostileOptions)
	if err != nil {
		r.Kind, r.Err = kindOf(err), err.Error()
	} else {
		r.Compiled = true
		a := hostSample()
		done := make(chan struct{})
		go func() {
			select {
			case <-done:
			case <-time.After(watchdog):
				fmt.Printf("RESULT {\"err\": \"watchdog: still running after %v\"}\n", watchdog)
				os.Exit(0)
			}
		}()
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		v, ok, err := rule.Eval(a, time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC))
		r.NS = time.Since(start).Nanoseconds()
		runtime.ReadMemStats(&after)
		close(done)
		r.Bytes = int64(after.TotalAlloc - before.TotalAlloc)
		r.V, r.OK = v, ok
		if err != nil {
			var re *engine.Error
			r.Kind, r.Err = kindOf(err), err.Error()
			r.HasPlace = errors.As(err, &re) && re.Line > 0
		}
	}
	r.Deletes = deletes.Load()
	b, _ := json.Marshal(r)
	fmt.Printf("RESULT %s\n", b)
}

func kindOf(err error) string {
	for _, k := range []error{engine.ErrSyntax, engine.ErrUnknownName, engine.ErrResultType, engine.ErrLimit,
		engine.ErrMethodCall, engine.ErrEnv, engine.ErrEval} {
		if errors.Is(err, k) {
			return k.Error()
		}
	}
	return "not a *engine.Error: " + err.Error()
}

func tail(b []byte) string {
	if len(b) > 2000 {
		b = b[len(b)-2000:]
	}
	return string(b)
}

// FuzzSandbox compiles any source against a platform's account type and
// evaluates what compiles under a watchdog: an evaluation must end (at a
// result or at its budget) within the watchdog's time and allocate within
// the bound, reach no method, and fail only with a *engine.Error. Run it
// for long with:
//
//	go test ./internal/engine -run '^$' -fuzz '^FuzzSandbox$' -fuzztime 10m
func FuzzSandbox(f *testing.F) {
	for _, tc := range sandboxCases {
		f.Add(tc.src, 0.0)
	}
	f.Add("reduce(big, #acc + string(#), '')", 1e6)
	f.Fuzz(func(t *testing.T, src string, usage float64) {
		a := hostSample()
		a.Usage = usage
		a.Name = src
		before := deletes.Load()
		for _, kind := range []engine.Kind{engine.Numeric, engine.Boolean} {
			var eval func() error
			if kind == engine.Numeric {
				n, err := engine.CompileNumber[hostAcct]("fuzz", src, engine.Options{})
				if err != nil {
					fuzzCheck(t, src, err)
					continue
				}
				eval = func() error {
					v, ok, err := n.Eval(a, time.Time{})
					if ok && (math.IsNaN(v) || math.IsInf(v, 0)) {
						return fmt.Errorf("%v reported present", v)
					}
					return err
				}
			} else {
				c, err := engine.CompileCondition[hostAcct]("fuzz", src, engine.Options{})
				if err != nil {
					fuzzCheck(t, src, err)
					continue
				}
				eval = func() error { _, err := c.Eval(a, time.Time{}); return err }
			}
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			done := make(chan error, 1)
			go func() { done <- eval() }()
			select {
			case err := <-done:
				runtime.ReadMemStats(&ms1)
				if bytes := ms1.TotalAlloc - ms0.TotalAlloc; bytes > boundBytes {
					t.Fatalf("%q allocated %d bytes, the bound is %d", src, bytes, boundBytes)
				}
				var re *engine.Error
				if err != nil && !errors.As(err, &re) {
					t.Fatalf("%q: %v", src, err)
				}
			case <-time.After(watchdog):
				t.Fatalf("%q: still evaluating after %v", src, watchdog)
			}
		}
		if deletes.Load() != before {
			t.Fatalf("%q reached a method of the account", src)
		}
	})
}

func fuzzCheck(t *testing.T, src string, err error) {
	var re *engine.Error
	if !errors.As(err, &re) {
		t.Fatalf("%q: %T is not *engine.Error: %v", src, err, err)
	}
}

// TestHostileRulesMatchVM runs the sandbox's hostile rules that compile to
// closures both ways, over the host's account, by value and through a
// pointer: the same values, the same classes of error.
func TestHostileRulesMatchVM(t *testing.T) {
	a := hostSample()
	opts := engine.Options{Clock: func() time.Time { return time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC) }}
	n, closures := 0, 0
	for _, c := range sandboxCases {
		n++
		byValue, err := engine.CompileNumber[hostAcct]("h", c.src, opts)
		if err != nil {
			continue
		}
		byPointer, err := engine.CompileNumber[*hostAcct]("h", c.src, opts)
		if err != nil {
			t.Fatalf("%s compiles over hostAcct, not over *hostAcct: %v", c.src, err)
		}
		if ok, _ := byValue.Closure(); !ok {
			continue
		}
		closures++
		for _, r := range []struct {
			got, want func() (float64, bool, error)
		}{
			{func() (float64, bool, error) { return byValue.Eval(a, time.Time{}) },
				func() (float64, bool, error) { return engine.NumberOnVM(byValue).Eval(a, time.Time{}) }},
			{func() (float64, bool, error) { return byPointer.Eval(&a, time.Time{}) },
				func() (float64, bool, error) { return engine.NumberOnVM(byPointer).Eval(&a, time.Time{}) }},
			{func() (float64, bool, error) { return byPointer.Eval(nil, time.Time{}) },
				func() (float64, bool, error) { return engine.NumberOnVM(byPointer).Eval(nil, time.Time{}) }},
		} {
			v1, ok1, err1 := r.got()
			v2, ok2, err2 := r.want()
			if v1 != v2 || ok1 != ok2 || errKind(err1) != errKind(err2) {
				t.Errorf("%s: closures %v %v %v, VM %v %v %v", c.src, v1, ok1, err1, v2, ok2, err2)
			}
		}
	}
	t.Logf("%d of %d hostile rules run as closures, each compared three ways", closures, n)
	if closures == 0 {
		t.Error("no hostile rule ran as closures")
	}
}
