package engine

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Sentinel errors: every error of this package is an [*Error] whose Kind is
// one of these.
var (
	// ErrSyntax: the source does not parse, expr's type checker rejects it,
	// or it divides by the constant 0.
	ErrSyntax = errors.New("invalid rule")
	// ErrUnknownName: the rule names a field or function that does not exist.
	ErrUnknownName = errors.New("unknown name")
	// ErrResultType: a numeric rule does not produce a number, or a condition
	// does not produce a bool.
	ErrResultType = errors.New("wrong result type")
	// ErrLimit: the rule is longer, larger or costlier than Options allow,
	// or an evaluation ran out of its steps or memory (Options.MaxSteps,
	// Options.MaxMemory).
	ErrLimit = errors.New("rule exceeds a limit")
	// ErrMethodCall: the rule calls a method, takes one as a value, or
	// calls something that is not a function, and Options.AllowMethods is
	// off.
	ErrMethodCall = errors.New("method calls are not allowed")
	// ErrEnv: the rule or its account type needs what is not there (a map
	// account without Options.Fields, days_until without Options.Clock, an
	// environment without a time field), or names $env.
	ErrEnv = errors.New("unusable account type")
	// ErrEval: evaluating the rule failed (a nil where a number belongs, a
	// string compared with a number, a division by zero, int() of a number
	// out of range).
	ErrEval = errors.New("evaluation failed")
)

// Error is the one error type of this package: which rule, where in its
// source (1-based line and column; 0 when the problem is not at one place),
// a snippet of the source line with a caret under the column, what kind of
// problem (Kind, one of the sentinel errors) and the underlying cause, such
// as expr's *file.Error.
//
// errors.Is(err, rules.ErrUnknownName) tests the kind; errors.As reaches the
// cause.
type Error struct {
	Rule    string
	Line    int
	Column  int
	Snippet string
	Kind    error
	Msg     string // what went wrong, in words
	Cause   error  // may be nil
}

// Error returns the message: the rule, the place, the kind and what went
// wrong, then the snippet.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("rules: ")
	if e.Rule != "" {
		fmt.Fprintf(&b, "rule %q: ", e.Rule)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d, column %d: ", e.Line, e.Column)
	}
	b.WriteString(e.Kind.Error())
	if e.Msg != "" {
		b.WriteString(": ")
		b.WriteString(e.Msg)
	}
	if e.Snippet != "" {
		b.WriteString("\n")
		b.WriteString(e.Snippet)
	}
	return b.String()
}

// Unwrap returns the kind and the cause, for errors.Is and errors.As.
func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Cause}
}

// snippetWidth is the most characters of a source line a snippet shows.
const snippetWidth = 60

// snippet returns the source line with a caret under column col (1-based),
// cut to snippetWidth characters around the column, with "..." where it
// was cut.
func snippet(src string, line, col int) string {
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	text := []rune(strings.ReplaceAll(lines[line-1], "\t", " "))
	c := max(col-1, 0)
	if c > len(text) {
		c = len(text)
	}
	start, end := 0, len(text)
	prefix, suffix := "", ""
	if len(text) > snippetWidth {
		start = max(0, min(c-snippetWidth/2, len(text)-snippetWidth))
		end = start + snippetWidth
		if start > 0 {
			prefix = "..."
		}
		if end < len(text) {
			suffix = "..."
		}
	}
	shown := prefix + string(text[start:end]) + suffix
	caret := strings.Repeat(" ", utf8.RuneCountInString(prefix)+c-start) + "^"
	return " | " + shown + "\n | " + caret
}
