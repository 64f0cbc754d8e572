package policydoc_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// mistakeFields and mistakeAxes make a document around the part a case
// gets wrong.
const mistakeFields = `"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}, {"name": "plan", "type": "string"}]`

// TestMistakes: mistakes people make writing a policy, each refused with
// its place and a way out (issue 23: each was taken, and gave plausible,
// wrong numbers). Columns are counted by hand in the lines as written.
func TestMistakes(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []string
	}{
		{"a curve setting its kind does not read", `{` + mistakeFields + `,
"value": {"factors": [{"name": "r", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 100, "points": [[0, 0]]}}]},
"potential": {"factors": [` + hostileFactor + `]}}`,
			// The value of "points" is at column 123 of line 2.
			[]string{`policydoc: value.factors[0] "r".curve.points (line 2, column 123): invalid policy: a linear curve does not use "points" (it reads lo, hi): remove it, or choose the kind that does`}},
		{"a field named as a function", `{"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}, {"name": "len", "type": "number"}],
"value": {"factors": [` + hostileFactor + `]}, "potential": {"factors": [` + hostileFactor + `]}}`,
			// The value "len" of the third field is at column 91 of line 1.
			[]string{`policydoc: fields[2] "len".name (line 1, column 91): invalid value: rules: unusable account type: fields cannot be named as the rules' own words: "len" is a function of the rules: rename the field (a document keeps its column: {"name": "plan_len", "column": "len"}; a Go struct its expr tag)`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if diff := cmp.Diff(tc.want, compileDoc(tc.doc)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}
