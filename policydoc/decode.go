package policydoc

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
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
	elems  []*node          // of an array
}

// parseTree reads one JSON value from data, with the offset of every value.
func parseTree(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readNode(dec)
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

func readNode(dec *json.Decoder) (*node, error) {
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
				v, err := readNode(dec)
				if err != nil {
					return nil, err
				}
				if _, dup := n.fields[key]; !dup {
					n.keys = append(n.keys, key)
				}
				n.fields[key], n.keyAt[key] = v, at
			}
		case '[':
			n.kind = '['
			for dec.More() {
				v, err := readNode(dec)
				if err != nil {
					return nil, err
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
	errs  []error
	where map[string]int64 // path -> offset of its value
}

func (d *decoder) fail(path string, at int64, kind, err error) {
	line, col := lineCol(d.data, at)
	d.errs = append(d.errs, &Error{Path: path, Line: line, Column: col, Kind: kind, Err: err})
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
		f, err := d.number(n, path)
		switch {
		case err != nil:
		case f != float64(int64(f)) || v.OverflowInt(int64(f)):
			d.fail(path, n.offset, ErrValue, fmt.Errorf("want a whole number, not %s", n.text))
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
			if s := closest(k, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
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
func elemPath(path string, i int, e *node) string {
	p := path + "[" + strconv.Itoa(i) + "]"
	if e.kind == '{' {
		if name := e.fields["name"]; name != nil && name.kind == 's' {
			p += " " + strconv.Quote(name.text)
		}
	}
	return p
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

// lineCol returns the 1-based line and column of offset in data, skipping
// the white space where a value starts.
func lineCol(data []byte, offset int64) (line, col int) {
	if offset < 0 || offset > int64(len(data)) {
		return 0, 0
	}
	for offset < int64(len(data)) && strings.IndexByte(" \t\r\n,:", data[offset]) >= 0 {
		offset++
	}
	line, col = 1, 1
	for _, c := range data[:offset] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// closest returns the name in known nearest to s, if near enough to be a
// likely typo.
func closest(s string, known []string) string {
	best, bestD := "", len(s)/3+1
	for _, k := range known {
		if d := distance(s, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// distance is the edit distance between a and b, counting a swap of
// neighbours as one edit (optimal string alignment).
func distance(a, b string) int {
	dp := make([][]int, len(a)+1)
	for i := range dp {
		dp[i] = make([]int, len(b)+1)
		dp[i][0] = i
	}
	for j := range dp[0] {
		dp[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			dp[i][j] = slices.Min([]int{dp[i-1][j] + 1, dp[i][j-1] + 1, dp[i-1][j-1] + c})
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				dp[i][j] = min(dp[i][j], dp[i-2][j-2]+1)
			}
		}
	}
	return dp[len(a)][len(b)]
}
