package policydoc

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/prioritize-dev/prioritize/internal/text"
)

// Sentinel errors: every problem of a document is an [*Error] whose Kind
// is one of these.
var (
	// ErrSyntax: the document is not JSON.
	ErrSyntax = errors.New("invalid JSON")
	// ErrField: a field the format does not have (a misspelling?).
	ErrField = errors.New("unknown field")
	// ErrType: a value of the wrong JSON type: a string where a number
	// belongs.
	ErrType = errors.New("wrong type")
	// ErrValue: a value the field does not take: an unknown word, a
	// duration that does not parse.
	ErrValue = errors.New("invalid value")
	// ErrRule: an expression does not compile; the cause is a *rules.Error
	// with its line and column in the expression.
	ErrRule = errors.New("invalid expression")
	// ErrPolicy: the parts do not make a policy: a weight, a curve, the
	// tiers, a trigger.
	ErrPolicy = errors.New("invalid policy")
	// ErrLimit: the document is nested deeper than [MaxDepth] or has more
	// than [MaxParts] parts.
	ErrLimit = errors.New("over a limit")
)

// The limits of a document, so that a hostile or runaway one is refused
// at its first offending place, in time and memory linear in its size.
const (
	// MaxDepth bounds the nesting of JSON objects and lists. The deepest
	// policy that means something (a factor of a group of a segment's
	// axis, with its curve's points) is about 10 deep.
	MaxDepth = 64
	// MaxParts bounds the parts of a document: the objects in its lists
	// (factors, bounds, segments, triggers, tiers, fields, cells). Each is
	// compiled on its own; a policy of people has tens.
	MaxParts = 10_000
)

// Error is one problem of a document: its place, as a path into the
// document in one notation (value.factors[2] "revenue".weight: an element
// of a list is named by its index, and by its name when it has one) and,
// when the document was read by [Parse], the line and column of the value
// in the JSON text; the kind of problem (one of the sentinel errors, for
// errors.Is) and the cause (errors.As reaches it).
type Error struct {
	Path   string
	Line   int // 1-based; 0 when not known
	Column int // 1-based, in bytes
	Kind   error
	Err    error
}

// Error returns "policydoc: value.factors[2] "revenue".weight (line 7,
// column 19): wrong type: ...".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("policydoc: ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(" ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "(line %d, column %d) ", e.Line, e.Column)
	}
	if b.Len() > len("policydoc: ") {
		s := strings.TrimSuffix(b.String(), " ")
		b.Reset()
		b.WriteString(s)
		b.WriteString(": ")
	}
	b.WriteString(e.Kind.Error())
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the kind and the cause.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// node is a JSON value with its place in the text.
type node struct {
	offset int64  // where the value starts
	kind   byte   // '{', '[', 's' string, 'n' number, 'b' bool, 'z' null
	text   string // a string's value, a number's or bool's text
	keys   []string
	fields map[string]*node // of an object
	keyAt  map[string]int64 // where each key starts
	dups   []dupKey         // keys given more than once, after the first
	elems  []*node          // of an array
}

// dupKey is a key given again in an object, where it is given again.
type dupKey struct {
	key string
	at  int64
}

// parseTree reads one JSON value from data, with the offset of every value.
func parseTree(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	r := &treeReader{dec: dec}
	n, err := r.read(0)
	if err != nil {
		return nil, err
	}
	at := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return nil, &trailing{at}
	}
	return n, nil
}

// trailing is data after the document's value.
type trailing struct{ offset int64 }

func (t *trailing) Error() string { return "data after the document" }

// overLimit is a document past MaxDepth or MaxParts, at offset.
type overLimit struct {
	offset int64
	msg    string
}

func (e *overLimit) Error() string { return e.msg }

// treeReader reads a node tree, counting depth and parts.
type treeReader struct {
	dec   *json.Decoder
	parts int
}

func (r *treeReader) read(depth int) (*node, error) {
	dec := r.dec
	start := dec.InputOffset()
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	n := &node{offset: start}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= MaxDepth {
			return nil, &overLimit{start, fmt.Sprintf("the document is nested more than %d deep", MaxDepth)}
		}
		switch t {
		case '{':
			n.kind, n.fields, n.keyAt = '{', map[string]*node{}, map[string]int64{}
			for dec.More() {
				at := dec.InputOffset()
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := k.(string)
				v, err := r.read(depth + 1)
				if err != nil {
					return nil, err
				}
				if _, dup := n.fields[key]; dup {
					n.dups = append(n.dups, dupKey{key, at})
				} else {
					n.keys = append(n.keys, key)
					n.keyAt[key] = at
				}
				n.fields[key] = v
			}
		case '[':
			n.kind = '['
			for dec.More() {
				v, err := r.read(depth + 1)
				if err != nil {
					return nil, err
				}
				if v.kind == '{' {
					if r.parts++; r.parts > MaxParts {
						return nil, &overLimit{v.offset, fmt.Sprintf("the document has more than %d parts (objects in lists: factors, segments, triggers, tiers, fields)", MaxParts)}
					}
				}
				n.elems = append(n.elems, v)
			}
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	case string:
		n.kind, n.text = 's', t
	case json.Number:
		n.kind, n.text = 'n', t.String()
	case bool:
		n.kind, n.text = 'b', strconv.FormatBool(t)
	case nil:
		n.kind = 'z'
	}
	return n, nil
}

// decoder fills a Go value from a node tree, reporting every problem with
// its path and position, and recording where each path's value is.
type decoder struct {
	data  []byte
	nl    newlines
	errs  []error
	where map[string]int64 // path -> offset of its value
}

func (d *decoder) fail(path string, at int64, kind, err error) {
	if d.nl == nil {
		d.nl = newlinesOf(d.data)
	}
	line, col := d.nl.lineCol(d.data, at)
	d.errs = append(d.errs, &Error{Path: path, Line: line, Column: col, Kind: kind, Err: err})
}

// duplicates reports the keys of n given more than once: JSON decoders
// disagree on which one counts (encoding/json takes the last), so a
// document says each thing once.
func (d *decoder) duplicates(n *node, path string) {
	for _, k := range n.dups {
		line, col := d.lineColOf(n.keyAt[k.key])
		d.fail(join(path, k.key), k.at, ErrSyntax, fmt.Errorf("%q is given twice (also at line %d, column %d): say it once", k.key, line, col))
	}
}

func (d *decoder) lineColOf(at int64) (int, int) {
	if d.nl == nil {
		d.nl = newlinesOf(d.data)
	}
	return d.nl.lineCol(d.data, at)
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// decode fills v (addressable) from n at path.
func (d *decoder) decode(n *node, v reflect.Value, path string) {
	d.where[path] = n.offset
	if n.kind == 'z' { // null: the zero value
		v.Set(reflect.Zero(v.Type()))
		return
	}
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.decode(n, v.Elem(), path)
		return
	}
	if v.Addr().Type().Implements(textUnmarshaler) {
		if n.kind != 's' {
			d.fail(path, n.offset, ErrType, fmt.Errorf("want a string, not %s", kindName(n.kind)))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.text)); err != nil {
			d.fail(path, n.offset, ErrValue, err)
		}
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.object(n, v, path)
	case reflect.Slice:
		if n.kind != '[' {
			d.fail(path, n.offset, ErrType, fmt.Errorf("want a list, not %s", kindName(n.kind)))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.elems), len(n.elems))
		for i, e := range n.elems {
			d.decode(e, s.Index(i), elemPath(path, i, e))
		}
		v.Set(s)
	case reflect.Array:
		if n.kind != '[' || len(n.elems) != v.Len() {
			d.fail(path, n.offset, ErrType, fmt.Errorf("want a list of %d, not %s", v.Len(), describe(n)))
			return
		}
		for i, e := range n.elems {
			d.decode(e, v.Index(i), elemPath(path, i, e))
		}
	case reflect.Map:
		if n.kind != '{' {
			d.fail(path, n.offset, ErrType, fmt.Errorf("want an object, not %s", kindName(n.kind)))
			return
		}
		d.duplicates(n, path)
		m := reflect.MakeMap(v.Type())
		for _, k := range n.keys {
			kv := reflect.New(v.Type().Key()).Elem()
			p := path + "." + k
			if u, ok := kv.Addr().Interface().(encoding.TextUnmarshaler); ok {
				if err := u.UnmarshalText([]byte(k)); err != nil {
					d.fail(p, n.keyAt[k], ErrValue, err)
					continue
				}
			} else {
				kv.SetString(k)
			}
			ev := reflect.New(v.Type().Elem()).Elem()
			d.decode(n.fields[k], ev, p)
			m.SetMapIndex(kv, ev)
		}
		v.Set(m)
	case reflect.String:
		if n.kind != 's' {
			d.fail(path, n.offset, ErrType, fmt.Errorf("want a string, not %s", kindName(n.kind)))
			return
		}
		v.SetString(n.text)
	case reflect.Bool:
		if n.kind != 'b' {
			d.fail(path, n.offset, ErrType, fmt.Errorf("want true or false, not %s", kindName(n.kind)))
			return
		}
		v.SetBool(n.text == "true")
	case reflect.Float32, reflect.Float64:
		f, err := d.number(n, path)
		if err == nil {
			v.SetFloat(f)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n.kind == 'n' {
			if i, err := strconv.ParseInt(n.text, 10, 64); err == nil || errors.Is(err, strconv.ErrRange) {
				if err != nil || v.OverflowInt(i) {
					d.fail(path, n.offset, ErrValue, fmt.Errorf("%s is out of range (the largest is %d)", n.text, int64(math.MaxInt64)>>(64-v.Type().Bits())))
					return
				}
				v.SetInt(i)
				return
			}
		}
		f, err := d.number(n, path) // 15.0 or 1e3: whole, written as a decimal
		const limit = 1 << 63
		switch {
		case err != nil:
		case f != math.Trunc(f):
			d.fail(path, n.offset, ErrValue, fmt.Errorf("want a whole number, not %s", n.text))
		case f >= limit || f < -limit || v.OverflowInt(int64(f)):
			d.fail(path, n.offset, ErrValue, fmt.Errorf("%s is out of range (the largest is %d)", n.text, int64(math.MaxInt64)>>(64-v.Type().Bits())))
		default:
			v.SetInt(int64(f))
		}
	default:
		d.fail(path, n.offset, ErrType, fmt.Errorf("cannot read %s", v.Type()))
	}
}

func (d *decoder) number(n *node, path string) (float64, error) {
	if n.kind != 'n' {
		err := fmt.Errorf("want a number, not %s", describe(n))
		d.fail(path, n.offset, ErrType, err)
		return 0, err
	}
	f, err := strconv.ParseFloat(n.text, 64)
	if err != nil {
		err = fmt.Errorf("%s is out of range", n.text)
		d.fail(path, n.offset, ErrValue, err)
	}
	return f, err
}

// object fills struct v from object n: fields by their json names;
// unknown fields are errors that suggest the closest known name.
func (d *decoder) object(n *node, v reflect.Value, path string) {
	if n.kind != '{' {
		d.fail(path, n.offset, ErrType, fmt.Errorf("want an object, not %s", describe(n)))
		return
	}
	d.duplicates(n, path)
	fields := map[string]int{}
	var names []string
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = i
		names = append(names, name)
	}
	for _, k := range n.keys {
		p := join(path, k)
		i, ok := fields[k]
		if !ok {
			msg := strconv.Quote(k)
			if s := text.Closest(k, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			} else { // no near name: the ones there are
				msg += " (here: " + strings.Join(names, ", ") + ")"
			}
			d.fail(p, n.keyAt[k], ErrField, errors.New(msg))
			continue
		}
		d.decode(n.fields[k], v.Field(i), p)
	}
}

// join appends a field name to a path.
func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// elemPath names element i of a list: [i], and its "name" when it has one.
// The one rule for element paths, which Compile's places use too, is
// elemPathName.
func elemPath(path string, i int, e *node) string {
	name := ""
	if e.kind == '{' {
		if n := e.fields["name"]; n != nil && n.kind == 's' {
			name = n.text
		}
	}
	return elemPathName(path, i, name)
}

// quoteShort quotes a name for a path, cut to its first 60 bytes (and
// "..."): a path names every element above it, so a long name would be
// copied into every path below.
func quoteShort(s string) string {
	if len(s) <= 60 {
		return strconv.Quote(s)
	}
	i := 60
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return strconv.Quote(s[:i]) + "..."
}

func kindName(k byte) string {
	return map[byte]string{'{': "an object", '[': "a list", 's': "a string", 'n': "a number", 'b': "a bool", 'z': "null"}[k]
}

func describe(n *node) string {
	switch n.kind {
	case 's':
		return "the string " + strconv.Quote(n.text)
	case 'n', 'b':
		return n.text
	}
	return kindName(n.kind)
}

// newlines are the offsets of a text's line ends, so that the line and
// column of any offset is a binary search: every problem of a document
// placed in time linear in its size, however many there are.
type newlines []int64

func newlinesOf(data []byte) newlines {
	nl := newlines{}
	for i, c := range data {
		if c == '\n' {
			nl = append(nl, int64(i))
		}
	}
	return nl
}

// lineCol returns the 1-based line and column of offset in data, skipping
// the white space where a value starts, by the index.
func (nl newlines) lineCol(data []byte, offset int64) (line, col int) {
	if offset < 0 || offset > int64(len(data)) {
		return 0, 0
	}
	for offset < int64(len(data)) && strings.IndexByte(" \t\r\n,:", data[offset]) >= 0 {
		offset++
	}
	i, _ := slices.BinarySearch(nl, offset) // the line ends before offset
	start := int64(0)
	if i > 0 {
		start = nl[i-1] + 1
	}
	return i + 1, int(offset-start) + 1
}

// lineCol returns the 1-based line and column of offset in data, skipping
// the white space where a value starts: for one place (a syntax error);
// many places use a newlines index, made once.
func lineCol(data []byte, offset int64) (line, col int) {
	return newlinesOf(data).lineCol(data, offset)
}
