// Package schematest tests the JSON Schema of policy documents
// (../schema.json) with a JSON Schema validator, in a module of its own so
// that the core module keeps its three dependencies: every document the
// project ships validates, and documents that Parse refuses do not.
package schematest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	s, err := c.Compile("../schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func load(t *testing.T, path string) any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// TestShippedDocumentsValidate: the default policy, every example document
// and the telco example's policy validate against the schema.
func TestShippedDocumentsValidate(t *testing.T) {
	s := schema(t)
	paths, _ := filepath.Glob("../testdata/valid/*.json")
	paths = append(paths, "../testdata/default-policy.json", "../../examples/telco/policy.json")
	if len(paths) < 3 {
		t.Fatalf("only %d documents", len(paths))
	}
	for _, p := range paths {
		if err := s.Validate(load(t, p)); err != nil {
			t.Errorf("%s does not validate:\n%v", p, err)
		}
	}
}

// TestInvalidDocumentsDoNot: documents with a problem Parse or Compile
// refuses fail the schema too.
func TestInvalidDocumentsDoNot(t *testing.T) {
	s := schema(t)
	paths, _ := filepath.Glob("../testdata/invalid/*.json")
	if len(paths) < 10 {
		t.Fatalf("only %d invalid documents", len(paths))
	}
	for _, p := range paths {
		if err := s.Validate(load(t, p)); err == nil {
			t.Errorf("%s validates", p)
		}
	}
}
