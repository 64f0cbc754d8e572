package fields_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/expr-lang/expr"
	"github.com/google/go-cmp/cmp"
	"github.com/prioritize-dev/prioritize/internal/fields"
)

type Base struct {
	Region string `expr:"region"`
}

type owner struct {
	Score float64 `expr:"score"`
}

// account has a field of every kind rules read, and every way of naming
// one.
type account struct {
	Base                              // promoted: region
	MRR        float64                `expr:"mrr"`
	Seats      int                    `expr:"seats"`
	NPS        *float64               `expr:"nps"`
	Plan       string                 // no tag: its Go name
	Champion   bool                   `expr:"champion"`
	Renewal    time.Time              `expr:"renewal"`
	Owner      *owner                 `expr:"owner"`
	Extra      map[string]any         `expr:"extra"`
	Hidden     string                 `expr:"-"`
	Comma      float64                `expr:"comma,omitempty"` // the whole tag, as expr reads it
	secret     string                 //nolint:unused // unexported: no rule reads it
	Scores     []float64              `expr:"scores"`
	Fn         func() float64         `expr:"fn"`
	Nested     struct{ X int }        `expr:"nested"`
	Categories map[string]*owner      `expr:"categories"`
	Ch         chan int               `expr:"ch"`
	Iface      any                    `expr:"iface"`
	Arr        [2]int                 `expr:"arr"`
	Dur        time.Duration          `expr:"dur"`
	U8         uint8                  `expr:"u8"`
	F32        float32                `expr:"f32"`
	Named      reflect.Kind           `expr:"named"`
	PtrPtr     **float64              `expr:"ptrptr"`
	Bytes      []byte                 `expr:"bytes"`
	Runes      []rune                 `expr:"runes"`
	Complex    complex128             `expr:"complex"`
	Struct     owner                  `expr:"struct"`
	Interface  interface{ M() }       `expr:"interface"`
	MapOfMaps  map[string]map[int]int `expr:"map_of_maps"`
}

// TestTable: the names of a struct with every kind of field, and that
// expr's own checker names the same fields: each name compiles as a rule
// over the struct, and each field the table leaves out does not.
func TestTable(t *testing.T) {
	typ := reflect.TypeFor[*account]()
	want := []string{"Base", "region", "mrr", "seats", "nps", "Plan", "champion", "renewal", "owner", "extra", "comma,omitempty",
		"scores", "fn", "nested", "categories", "ch", "iface", "arr", "dur", "u8", "f32", "named", "ptrptr", "bytes",
		"runes", "complex", "struct", "interface", "map_of_maps"}
	if diff := cmp.Diff(want, fields.Names(typ)); diff != "" {
		t.Errorf("names (-want +got):\n%s", diff)
	}
	for _, name := range want {
		f, ok := fields.Lookup(typ, name)
		if !ok {
			t.Errorf("Lookup(%q): not found", name)
			continue
		}
		if n, ok := fields.Name(f); !ok || n != name {
			t.Errorf("Name of the field found for %q: %q, %v", name, n, ok)
		}
		if name == "comma,omitempty" || name == "Base" {
			continue // not an identifier: no rule can write it
		}
		if _, err := expr.Compile(name, expr.Env(account{})); err != nil {
			t.Errorf("expr does not name %q: %v", name, err)
		}
	}
	for _, name := range []string{"Hidden", "-", "secret", "comma", "Region", "MRR", "score"} {
		if _, ok := fields.Lookup(typ, name); ok {
			t.Errorf("Lookup(%q) found a field rules cannot name", name)
		}
		if _, err := expr.Compile(name, expr.Env(account{})); err == nil {
			t.Errorf("expr names %q, which the table leaves out", name)
		}
	}
	if fields.Names(reflect.TypeFor[map[string]any]()) != nil || fields.Names(reflect.TypeFor[int]()) != nil {
		t.Error("names of a type that is not a struct")
	}
	if _, ok := fields.Lookup(reflect.TypeFor[map[string]any](), "mrr"); ok {
		t.Error("Lookup in a map type")
	}
}
