package lines_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/prioritize-dev/prioritize/internal/lines"
)

type got struct {
	Line string
	N    int
	Long bool
}

func readAll(t *testing.T, r io.Reader, max int) []got {
	t.Helper()
	lr := lines.New(r, max)
	var out []got
	for range 1 << 20 {
		b, n, err := lr.Next()
		if err == io.EOF {
			return out
		}
		if errors.Is(err, lines.ErrTooLong) {
			out = append(out, got{N: n, Long: true})
			continue
		}
		if err != nil {
			t.Fatalf("line %d: %v", n, err)
		}
		out = append(out, got{Line: string(b), N: n})
	}
	t.Fatal("the reader never ended")
	return nil
}

func TestNext(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		max      int
		want     []got
	}{
		{"empty", "", 4, nil},
		{"one line, no end", "ab", 4, []got{{"ab", 1, false}}},
		{"ends", "ab\ncd\n", 4, []got{{"ab", 1, false}, {"cd", 2, false}}},
		{"crlf", "ab\r\ncd\r\n", 4, []got{{"ab", 1, false}, {"cd", 2, false}}},
		{"blank lines", "\n\nx\n", 4, []got{{"", 1, false}, {"", 2, false}, {"x", 3, false}}},
		{"at the bound", "abcd\n", 4, []got{{"abcd", 1, false}}},
		{"at the bound with crlf", "abcd\r\n", 4, []got{{"abcd", 1, false}}},
		{"one past the bound", "abcde\nok\n", 4, []got{{N: 1, Long: true}, {"ok", 2, false}}},
		{"long, then more", "x\n" + strings.Repeat("y", 100) + "\nz", 4,
			[]got{{"x", 1, false}, {N: 2, Long: true}, {"z", 3, false}}},
		{"long at the end, no newline", "x\n" + strings.Repeat("y", 100), 4,
			[]got{{"x", 1, false}, {N: 2, Long: true}}},
		{"two long lines", strings.Repeat("y", 100) + "\n" + strings.Repeat("y", 100) + "\n", 4,
			[]got{{N: 1, Long: true}, {N: 2, Long: true}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range []io.Reader{strings.NewReader(tc.in), iotest.OneByteReader(strings.NewReader(tc.in))} {
				if diff := cmp.Diff(tc.want, readAll(t, r, tc.max)); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			}
		})
	}
}

// TestLongerThanTheBuffer: a line past the bufio buffer (64 KiB) and the
// bound (1 MiB) is skipped and the next line read; the reader ends.
func TestLongerThanTheBuffer(t *testing.T) {
	in := "a\n" + strings.Repeat("x", 3<<20) + "\nb\n" + strings.Repeat("y", 900<<10) + "\n"
	want := []got{{"a", 1, false}, {N: 2, Long: true}, {"b", 3, false}, {strings.Repeat("y", 900<<10), 4, false}}
	if diff := cmp.Diff(want, readAll(t, strings.NewReader(in), 1<<20)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestFailureIsSticky: a failing input ends the reading with its error,
// on every later call too.
func TestFailureIsSticky(t *testing.T) {
	boom := errors.New("boom")
	lr := lines.New(io.MultiReader(strings.NewReader("a\n"), iotest.ErrReader(boom)), 8)
	if b, _, err := lr.Next(); err != nil || string(b) != "a" {
		t.Fatalf("first line: %q, %v", b, err)
	}
	for range 3 {
		if _, _, err := lr.Next(); !errors.Is(err, boom) {
			t.Fatalf("got %v, want boom", err)
		}
	}
}

// TestSplitLaw: the lines read are the input split at "\n" (less a
// final empty piece and each "\r" before "\n"), with those over the
// bound reported as long, whatever the chunks the input arrives in.
func TestSplitLaw(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		max := rapid.IntRange(0, 12).Draw(t, "max")
		in := rapid.StringOfN(rapid.SampledFrom([]rune("ab\r\n")), 0, 60, -1).Draw(t, "in")
		var want []got
		parts := strings.Split(in, "\n")
		if parts[len(parts)-1] == "" {
			parts = parts[:len(parts)-1]
		}
		for i, p := range parts {
			if i < len(parts)-1 || strings.HasSuffix(in, "\n") {
				p = strings.TrimSuffix(p, "\r")
			}
			if len(p) > max {
				want = append(want, got{N: i + 1, Long: true})
			} else {
				want = append(want, got{Line: p, N: i + 1})
			}
		}
		var r io.Reader = strings.NewReader(in)
		if rapid.Bool().Draw(t, "one byte") {
			r = iotest.OneByteReader(r)
		}
		lr := lines.New(r, max)
		var out []got
		for {
			b, n, err := lr.Next()
			if err == io.EOF {
				break
			}
			if errors.Is(err, lines.ErrTooLong) {
				out = append(out, got{N: n, Long: true})
				continue
			}
			out = append(out, got{Line: string(b), N: n})
		}
		if diff := cmp.Diff(want, out); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
	})
}
