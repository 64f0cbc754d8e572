package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/prioritize-dev/prioritize"
	"github.com/prioritize-dev/prioritize/internal/output"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
)

// runCheck compiles each document (over the records its fields declare,
// or over any map when it declares none) and prints every problem.
func runCheck(e *env, args []string) int {
	fs := flags(e, "check")
	sample := fs.String("in", "", "also run each document on these accounts (CSV or JSON Lines) and report what looks wrong: factors failing or always missing, values no level declares (with the level they resemble), tiers holding almost nothing")
	informat := fs.String("informat", "", "csv or jsonl: the -in file's format (default: from its extension)")
	format := fs.String("format", "text", "text, or json: one object per document with its problems, each with its line, column and place (for CI annotations)")
	var asOf asOfFlag
	fs.Var(&asOf, "as-of", "the `date` the rules read as today (now, days_until, days_since): YYYY-MM-DD")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		return fail(e, "check", exitUsage, fmt.Errorf("unknown -format %q: want text or json", *format))
	}
	paths, err := documents(fs.Args())
	if err != nil {
		return fail(e, "check", exitUsage, err)
	}
	if len(paths) == 0 {
		fs.Usage()
		return exitUsage
	}
	type checked struct {
		File     string    `json:"file"`
		Problems []problem `json:"problems"`
	}
	var all []checked
	code := exitOK
	for _, path := range paths {
		data, err := readDocument(e, path)
		if err != nil {
			fmt.Fprintf(e.stderr, "prioritize check: %v\n", err)
			code = exitUsage
			continue
		}
		problems := check(data, asOf.options())
		if len(problems) == 0 && *sample != "" && path != "-" {
			in := inputs{policy: path, in: *sample, informat: *informat, asOf: asOf}
			b, err := in.load(&env{stdin: e.stdin, stdout: e.stdout, stderr: io.Discard})
			var ranked []prioritize.Assessment
			if err == nil {
				ranked, _, err = b.rank(0, 0)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "prioritize check: %s: %v\n", path, err)
				code = exitUsage
				continue
			}
			for _, w := range b.warnings(tallyOf(ranked), "") {
				problems = append(problems, problem{Message: "on " + *sample + ": " + w})
			}
		}
		name := path
		if path == "-" {
			name = "standard input"
		}
		all = append(all, checked{File: name, Problems: problems})
		if len(problems) > 0 && code == exitOK {
			code = exitProblems
		}
		if *format == "json" {
			continue
		}
		if len(problems) == 0 {
			fmt.Fprintf(e.stdout, "%s: ok\n", name)
		}
		for _, p := range problems {
			fmt.Fprintf(e.stdout, "%s:%s\n", name, p)
		}
	}
	if *format == "json" {
		for i := range all {
			if all[i].Problems == nil {
				all[i].Problems = []problem{}
			}
		}
		if err := writeJSON(e.stdout, all); err != nil {
			return fail(e, "check", exitUsage, err)
		}
	}
	return code
}

// problem is one problem of a document, as check reports it.
type problem struct {
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

// String is "line:column: place: message", without what it lacks.
func (p problem) String() string {
	s := ""
	if p.Line > 0 {
		s = fmt.Sprintf("%d:%d:", p.Line, p.Column)
	}
	if p.Path != "" {
		s += " " + p.Path + ":"
	}
	return s + " " + p.Message
}

// documents expands the arguments of check and fmt: a directory stands for
// the .json files below it, in order; "-" is standard input.
func documents(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		st, err := os.Stat(a)
		if a == "-" || err != nil || !st.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".json") {
				out = append(out, path)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// readDocument reads a document's file, or standard input for "-".
func readDocument(e *env, path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(e.stdin)
	}
	return os.ReadFile(path)
}

// check returns the problems of a document, in document order.
func check(data []byte, opts rules.Options) []problem {
	err := policydoc.Check(data, opts)
	if err == nil {
		if doc, _ := policydoc.Parse(data); len(doc.Fields) == 0 {
			err = errors.New("the document declares no fields: nothing says what it reads (add \"fields\")")
		}
	}
	var out []problem
	for _, e := range policydoc.Problems(err) {
		var pe *policydoc.Error
		if errors.As(e, &pe) {
			out = append(out, problem{Line: pe.Line, Column: pe.Column, Path: pe.Path, Message: clockHint(pe.Err).Error()})
			continue
		}
		out = append(out, problem{Message: clockHint(e).Error()})
	}
	return out
}

// runFingerprint prints each document's fingerprint.
func runFingerprint(e *env, args []string) int {
	fs := flags(e, "fingerprint")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	paths := fs.Args()
	if len(paths) == 0 {
		doc, _, err := loadDoc("")
		if err != nil {
			return fail(e, "fingerprint", exitUsage, err)
		}
		fmt.Fprintf(e.stdout, "%s  the bundled policy\n", doc.Fingerprint())
		return exitOK
	}
	for _, path := range paths {
		doc, _, err := loadDoc(path)
		if err != nil {
			return fail(e, "fingerprint", exitUsage, fmt.Errorf("%s: %w", path, err))
		}
		fmt.Fprintf(e.stdout, "%s  %s\n", doc.Fingerprint(), path)
	}
	return exitOK
}

// runFmt rewrites documents in canonical form.
func runFmt(e *env, args []string) int {
	fs := flags(e, "fmt")
	list := fs.Bool("l", false, "list the files whose formatting differs from canonical")
	diff := fs.Bool("d", false, "show the lines that would change, instead of rewriting")
	write := fs.Bool("w", false, "rewrite the files in place (default: print the canonical form)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	paths, err := documents(fs.Args())
	if err != nil {
		return fail(e, "fmt", exitUsage, err)
	}
	if len(paths) == 0 {
		fs.Usage()
		return exitUsage
	}
	code := exitOK
	for _, path := range paths {
		if path == "-" && *write {
			return fail(e, "fmt", exitUsage, errors.New("-w rewrites files: standard input has none (drop -w to print the canonical form)"))
		}
		data, err := readDocument(e, path)
		if err == nil && path == "-" {
			path = "<standard input>"
		}
		var out []byte
		if err == nil {
			out, err = canonical(data)
		}
		if err != nil { // said, and the others formatted still, as gofmt does
			fail(e, "fmt", exitUsage, fmt.Errorf("%s: %w", path, err))
			code = exitUsage
			continue
		}
		same := bytes.Equal(data, out)
		switch {
		case *list || *diff:
			if !same {
				if *list {
					fmt.Fprintln(e.stdout, path)
				}
				if *diff {
					fmt.Fprint(e.stdout, lineDiff(path, string(data), string(out)))
				}
				code = max(code, exitProblems)
			}
		case *write:
			if !same {
				if err := output.WriteFile(path, out, output.Options{Force: true, Flag: "-w"}); err != nil { // atomically, keeping its mode
					return fail(e, "fmt", exitUsage, err)
				}
			}
		default:
			e.stdout.Write(out)
		}
	}
	return code
}

// canonical returns a document in canonical form: the format's key order
// (that of the Document type) and two-space indentation, with lists of
// numbers (a curve's points) on one line. It keeps what the document
// says: its fingerprint is unchanged.
func canonical(data []byte) ([]byte, error) {
	doc, err := policydoc.Parse(data)
	if err != nil {
		return nil, err
	}
	flat, err := json.Marshal(doc) // the key order is the Document type's
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	writeValue(&b, flat, "")
	b.WriteByte('\n')
	return []byte(b.String()), nil
}

func writeValue(b *strings.Builder, raw json.RawMessage, indent string) {
	raw = bytes.TrimSpace(raw)
	switch raw[0] {
	case '{':
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		_, _ = dec.Token() // {
		if !dec.More() {
			b.WriteString("{}")
			return
		}
		if line, ok := inlineObject(raw); ok {
			b.WriteString(line)
			return
		}
		b.WriteString("{\n")
		first := true
		for dec.More() {
			tok, _ := dec.Token()
			var val json.RawMessage
			_ = dec.Decode(&val)
			if !first {
				b.WriteString(",\n")
			}
			first = false
			key, _ := json.Marshal(tok.(string))
			b.WriteString(indent + "  " + string(key) + ": ")
			writeValue(b, val, indent+"  ")
		}
		b.WriteString("\n" + indent + "}")
	case '[':
		var items []json.RawMessage
		_ = json.Unmarshal(raw, &items)
		if len(items) == 0 {
			b.WriteString("[]")
			return
		}
		if flatArray(items) {
			b.WriteByte('[')
			for i, it := range items {
				if i > 0 {
					b.WriteString(", ")
				}
				writeValue(b, it, indent)
			}
			b.WriteByte(']')
			return
		}
		b.WriteString("[\n")
		for i, it := range items {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(indent + "  ")
			writeValue(b, it, indent+"  ")
		}
		b.WriteString("\n" + indent + "]")
	default:
		b.Write(raw)
	}
}

// inlineObject returns an object on one line when its values are scalars
// or flat arrays and the line is short (a curve, a mix, a field).
func inlineObject(raw json.RawMessage) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	_, _ = dec.Token() // {
	var b strings.Builder
	b.WriteByte('{')
	for first := true; dec.More(); first = false {
		tok, _ := dec.Token()
		var val json.RawMessage
		_ = dec.Decode(&val)
		switch c := bytes.TrimSpace(val)[0]; {
		case c == '{':
			return "", false
		case c == '[':
			var items []json.RawMessage
			_ = json.Unmarshal(val, &items)
			if !flatArray(items) {
				return "", false
			}
		}
		if !first {
			b.WriteString(", ")
		}
		key, _ := json.Marshal(tok.(string))
		b.Write(key)
		b.WriteString(": ")
		var v strings.Builder
		writeValue(&v, val, "")
		b.WriteString(v.String())
	}
	b.WriteByte('}')
	return b.String(), b.Len() <= 100
}

// flatArray reports whether every item is a scalar, or an array of
// scalars: such an array is written on one line.
func flatArray(items []json.RawMessage) bool {
	for _, it := range items {
		switch bytes.TrimSpace(it)[0] {
		case '{':
			return false
		case '[':
			var inner []json.RawMessage
			_ = json.Unmarshal(it, &inner)
			for _, x := range inner {
				if c := bytes.TrimSpace(x)[0]; c == '{' || c == '[' {
					return false
				}
			}
		}
	}
	return true
}

// lineDiff returns the lines of a that b does not have ("-") and those of
// b that a does not have ("+"), in order, after a header: enough to see
// what fmt would change (a longest-common-subsequence diff).
func lineDiff(path, a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	n, m := len(x), len(y)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "--- %s\n+++ %s (canonical)\n", path, path)
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			i, j = i+1, j+1
		case j < m && (i == n || lcs[i][j+1] >= lcs[i+1][j]):
			fmt.Fprintf(&out, "+%s\n", y[j])
			j++
		default:
			fmt.Fprintf(&out, "-%s\n", x[i])
			i++
		}
	}
	return out.String()
}
