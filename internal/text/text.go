// Package text holds the one rule for text that reaches a person or a
// store: names, IDs and levels are valid UTF-8 without control
// characters or bidirectional formatting. A bidirectional override
// (U+202E) in an account's name reverses what a report shows after it; a
// NUL is refused by PostgreSQL; invalid UTF-8 is refused by both.
package text

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Check returns nil when s is valid UTF-8 with no control character other
// than tab and no bidirectional formatting character, and otherwise an
// error naming the first offending character and its byte offset.
func Check(s string) error {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return fmt.Errorf("the text is not valid UTF-8 (byte %d is %#x)", i, s[i])
			}
		}
		if Bad(r) {
			return fmt.Errorf("the text holds %U (%s) at byte %d", r, kind(r), i)
		}
	}
	return nil
}

// Bad reports whether r is refused in names and IDs: a control character
// (C0 but tab, DEL, C1) or a bidirectional formatting character (U+061C,
// U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069).
func Bad(r rune) bool {
	switch {
	case r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r < 0xa0:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

func kind(r rune) string {
	if r < 0xa0 {
		return "a control character"
	}
	return "a bidirectional formatting character"
}

// Visible returns s for display: each character Check refuses written as
// its code point in brackets ("[U+202E]"), and each invalid byte as
// U+FFFD, so that a report shows what the text holds and nothing in it
// reorders or hides what follows. Text that Check accepts is returned
// unchanged.
func Visible(s string) string {
	if Check(s) == nil {
		return s
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		if Bad(r) {
			fmt.Fprintf(&b, "[%U]", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Closest returns the name in known nearest to s, ignoring case, when it
// is near enough to be a typo: fewer than len(s)/3+1 edits, a swap of
// neighbours counting one ("rnak" is "rank"). Of names as near, the first
// in byte order wins; s itself is no suggestion, and a name over 64 bytes
// has none (the distance is quadratic, and no typo is that long).
func Closest(s string, known []string) string {
	if len(s) > 64 {
		return ""
	}
	best, bestD := "", len(s)/3+1
	ls := strings.ToLower(s)
	for _, k := range known {
		if k == s || len(k) > 64 {
			continue
		}
		if d := Distance(ls, strings.ToLower(k)); d < bestD || d == bestD && best != "" && k < best {
			best, bestD = k, d
		}
	}
	return best
}

// Distance is the number of edits from a to b: insertions, deletions,
// substitutions and swaps of neighbours (optimal string alignment), by
// byte.
func Distance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+c)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
