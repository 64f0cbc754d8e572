package text_test

import (
	"strings"
	"testing"

	"github.com/prioritize-dev/prioritize/internal/text"
)

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		in, want string
	}{
		{"Acme Corp", ""},
		{"Açaí 日本 \t tab", ""},
		{"", ""},
		{"a\u202eb", "the text holds U+202E (a bidirectional formatting character) at byte 1"},
		{"a\u2066b", "the text holds U+2066 (a bidirectional formatting character) at byte 1"},
		{"\u200f", "the text holds U+200F (a bidirectional formatting character) at byte 0"},
		{"a\x00", "the text holds U+0000 (a control character) at byte 1"},
		{"a\nb", "the text holds U+000A (a control character) at byte 1"},
		{"\x7f", "the text holds U+007F (a control character) at byte 0"},
		{"\u0085", "the text holds U+0085 (a control character) at byte 0"},
		{"ab\xff", "the text is not valid UTF-8 (byte 2 is 0xff)"},
		{"\xc3", "the text is not valid UTF-8 (byte 0 is 0xc3)"},
		{"\uFFFD", ""}, // the replacement character itself, written as such, is text
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := ""
			if err := text.Check(tc.in); err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("Check(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"Acme":           "Acme",
		"a\u202egpj.exe": "a[U+202E]gpj.exe",
		"a\x00b\nc":      "a[U+0000]b[U+000A]c",
		"bad\xffbyte":    "bad\uFFFDbyte",
		"tab\tis kept":   "tab\tis kept",
		"\u2067x\u2069":  "[U+2067]x[U+2069]",
	} {
		if got := text.Visible(in); got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
		if text.Check(text.Visible(in)) != nil {
			t.Errorf("Visible(%q) = %q is refused by Check", in, text.Visible(in))
		}
	}
}

// TestClosest: the one rule for "did you mean": near enough by edits, a
// swap counting one, without regard to case; ties to the first name in
// byte order; no suggestion of s itself or past 64 bytes.
func TestClosest(t *testing.T) {
	known := []string{"rank", "report", "check", "weight", "mrr", "potential"}
	for s, want := range map[string]string{
		"rnak": "rank", "chek": "check", "wieght": "weight", "MRR": "mrr", "potnetial": "potential",
		"rank": "", "xyz": "", "reprot": "report", strings.Repeat("a", 65): "",
	} {
		if got := text.Closest(s, known); got != want {
			t.Errorf("Closest(%q) = %q, want %q", s, got, want)
		}
	}
	if got := text.Closest("abcd", []string{"abcf", "abce"}); got != "abce" { // both one edit: "abce" first in byte order
		t.Errorf("a tie: %q, want abce", got)
	}
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "abc", 0}, {"abc", "acb", 1}, {"kitten", "sitting", 3}, {"", "abc", 3}} {
		if got := text.Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
