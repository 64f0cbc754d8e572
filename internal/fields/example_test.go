package fields_test

import (
	"fmt"
	"reflect"

	"github.com/prioritize-dev/prioritize/internal/fields"
)

func ExampleNames() {
	type Account struct {
		MRR   float64 `expr:"mrr"`
		Plan  string
		Email string `expr:"-"` // rules cannot read it, nor reasons show it
	}
	fmt.Println(fields.Names(reflect.TypeFor[*Account]()))
	f, ok := fields.Lookup(reflect.TypeFor[Account](), "mrr")
	fmt.Println(f.Name, ok)
	// Output:
	// [mrr Plan]
	// MRR true
}
