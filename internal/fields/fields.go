// Package fields is the one rule by which rules, triggers and the
// workbench name the fields of an account struct: expr's own (its
// checker's fieldName), so that a name the closures read is the name the
// VM reads. An exported field is named by its expr tag, the whole tag
// (expr does not cut it at a comma); by its Go name when it has none; and
// not at all when the tag is "-".
package fields

import "reflect"

// Name returns the name rules give field f, and false when rules cannot
// name it: an unexported field, or one tagged expr:"-".
func Name(f reflect.StructField) (string, bool) {
	if !f.IsExported() {
		return "", false
	}
	switch tag := f.Tag.Get("expr"); tag {
	case "-":
		return "", false
	case "":
		return f.Name, true
	default:
		return tag, true
	}
}

// Lookup returns the field of struct type t (through pointers) that rules
// name name: a visible field, its own or promoted from an embedded
// struct, the shallowest first, as reflect.VisibleFields orders them.
func Lookup(t reflect.Type, name string) (reflect.StructField, bool) {
	t = elem(t)
	if t == nil || t.Kind() != reflect.Struct {
		return reflect.StructField{}, false
	}
	for _, f := range reflect.VisibleFields(t) {
		if n, ok := Name(f); ok && n == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// Names returns the names of the fields of struct type t (through
// pointers) that rules can name, in the order of reflect.VisibleFields;
// nil when t is not a struct.
func Names(t reflect.Type) []string {
	t = elem(t)
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for _, f := range reflect.VisibleFields(t) {
		if n, ok := Name(f); ok {
			out = append(out, n)
		}
	}
	return out
}

func elem(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}
