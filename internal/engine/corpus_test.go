package engine_test

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prioritize-dev/prioritize/internal/engine"
)

// corpusFoo is the Foo of expr's fuzz environment (its methods are not
// callable in rules, which refuse method calls).
type corpusFoo struct {
	Bar string `expr:"Bar"`
}

// corpusEnv is expr's fuzz environment (test/fuzz/fuzz_env.go) as an
// account type, less its functions (rules call no host functions).
type corpusEnv struct {
	OK    bool        `expr:"ok"`
	F64   float64     `expr:"f64"`
	F32   float32     `expr:"f32"`
	I     int         `expr:"i"`
	I64   int64       `expr:"i64"`
	I32   int32       `expr:"i32"`
	Array []int       `expr:"array"`
	List  []corpusFoo `expr:"list"`
	Foo   corpusFoo   `expr:"foo"`
}

// corpusEnvs are the environments each source runs over: expr's own, its
// zero value (empty arrays, zero divisors), and one with the edges.
var corpusEnvs = []corpusEnv{
	{OK: true, F64: .5, F32: .5, I: 1, I64: 1, I32: 1, Array: []int{1, 2, 3, 4, 5}, List: []corpusFoo{{"bar"}, {"baz"}}, Foo: corpusFoo{"bar"}},
	{},
	{OK: false, F64: -1e308, F32: -3, I: -7, I64: 1<<63 - 1, I32: -1 << 31, Array: []int{0}, List: []corpusFoo{{""}}, Foo: corpusFoo{"baz"}},
}

// exprCorpus returns the sources of expr's fuzz corpus
// (test/fuzz/fuzz_corpus.txt in the module cache).
func exprCorpus(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/expr-lang/expr").Output()
	if err != nil {
		t.Fatalf("finding expr's module: %v", err)
	}
	f, err := os.Open(filepath.Join(strings.TrimSpace(string(out)), "test", "fuzz", "fuzz_corpus.txt"))
	if err != nil {
		t.Fatalf("expr's fuzz corpus: %v", err)
	}
	defer f.Close()
	var srcs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if s := strings.TrimSpace(sc.Text()); s != "" {
			srcs = append(srcs, s)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return srcs
}

// TestClosuresMatchVMOnExprCorpus: every source of expr's own fuzz corpus
// that compiles as closures agrees with the VM, in value, in error or
// not, and in the error's position, over a struct and a pointer (nil
// too), in each of the environments.
func TestClosuresMatchVMOnExprCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus takes a few seconds")
	}
	srcs := exprCorpus(t)
	var compiled, closures, diffs int
	for _, src := range srcs {
		byValue, byPointer := compileDiffOpts[corpusEnv](src, engine.Options{}), compileDiffOpts[*corpusEnv](src, engine.Options{})
		if !byValue.compiled && !byPointer.compiled {
			continue
		}
		compiled++
		if !byValue.closure || !byPointer.closure {
			continue
		}
		closures++
		for i := range corpusEnvs {
			env := corpusEnvs[i]
			d := byValue.check(env)
			if d == "" {
				d = byPointer.check(&env)
			}
			if d == "" && i == 0 {
				d = byPointer.check(nil)
			}
			if d != "" {
				diffs++
				if diffs <= 20 {
					t.Errorf("env %d: %s", i, d)
				}
				break
			}
		}
	}
	t.Logf("expr's corpus: %d sources, %d compiled, %d run as closures, %d differences", len(srcs), compiled, closures, diffs)
	if compiled == 0 || closures == 0 {
		t.Errorf("%d compiled, %d as closures: the corpus was not exercised", compiled, closures)
	}
}

// corpusMaps are corpusEnvs as map accounts: the same values, each of its
// own Go kind, as a platform's map of custom attributes holds them.
func corpusMaps() []map[string]any {
	var out []map[string]any
	for _, e := range corpusEnvs {
		out = append(out, map[string]any{"ok": e.OK, "f64": e.F64, "f32": e.F32, "i": e.I, "i64": e.I64, "i32": e.I32,
			"array": e.Array, "list": e.List, "foo": map[string]any{"Bar": e.Foo.Bar}})
	}
	return append(out, map[string]any{}) // every key absent
}

// TestClosuresMatchVMOnExprCorpusOverMaps: expr's corpus over map
// accounts, whose rules run as closures since issue 25.
func TestClosuresMatchVMOnExprCorpusOverMaps(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus takes a few seconds")
	}
	opts := engine.Options{Fields: []string{"ok", "f64", "f32", "i", "i64", "i32", "array", "list", "foo"}}
	var compiled, closures, diffs int
	for _, src := range exprCorpus(t) {
		r := compileDiffOpts[map[string]any](src, opts)
		if !r.compiled {
			continue
		}
		compiled++
		if !r.closure {
			continue
		}
		closures++
		for i, m := range corpusMaps() {
			if d := r.check(m); d != "" {
				diffs++
				if diffs <= 20 {
					t.Errorf("map %d: %s", i, d)
				}
				break
			}
		}
	}
	t.Logf("expr's corpus over maps: %d compiled, %d run as closures, %d differences", compiled, closures, diffs)
	if compiled == 0 || closures == 0 {
		t.Errorf("%d compiled, %d as closures: the corpus was not exercised", compiled, closures)
	}
}
