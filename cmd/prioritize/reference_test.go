package main

import (
	"encoding"
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prioritize-dev/prioritize/grade"
	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/score"
	"github.com/prioritize-dev/prioritize/tier"
)

// referenceTopics names the reference's section for each type a document
// holds.
var referenceTopics = map[reflect.Type]string{
	reflect.TypeFor[policydoc.Document]():   "document",
	reflect.TypeFor[policydoc.Field]():      "fields",
	reflect.TypeFor[policydoc.Axis]():       "axis",
	reflect.TypeFor[policydoc.Factor]():     "factors",
	reflect.TypeFor[policydoc.Curve]():      "curves",
	reflect.TypeFor[policydoc.Freshness]():  "fresh",
	reflect.TypeFor[policydoc.Bound]():      "bounds",
	reflect.TypeFor[score.Mix]():            "mix",
	reflect.TypeFor[tier.Tier]():            "tiers",
	reflect.TypeFor[tier.Step]():            "playbook",
	reflect.TypeFor[policydoc.Hysteresis](): "hysteresis",
	reflect.TypeFor[grade.Matrix]():         "quadrant",
	reflect.TypeFor[policydoc.Segment]():    "segments",
	reflect.TypeFor[policydoc.Trigger]():    "triggers",
	reflect.TypeFor[policydoc.Hold]():       "holds",
	reflect.TypeFor[policydoc.Grade]():      "grade",
	reflect.TypeFor[grade.Grader]():         "bands",
	reflect.TypeFor[grade.Cell]():           "cells",
	reflect.TypeFor[grade.Resolution]():     "resolution",
}

var keyLine = regexp.MustCompile("(?m)^- `([a-z_]+)`")

// TestReference: the reference says every key the decoder reads, each in
// the section of its part, and no key the decoder does not read; and every
// key of the JSON Schema is in it (issue 27: the format could be learned
// only from the Go source).
func TestReference(t *testing.T) {
	_, text := sections()
	seen := map[reflect.Type]bool{}
	var walk func(tp reflect.Type)
	walk = func(tp reflect.Type) {
		for tp.Kind() == reflect.Pointer || tp.Kind() == reflect.Slice || tp.Kind() == reflect.Map || tp.Kind() == reflect.Array {
			tp = tp.Elem()
		}
		if tp.Kind() != reflect.Struct || tp == reflect.TypeFor[time.Time]() || seen[tp] ||
			reflect.PointerTo(tp).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) { // text in JSON: "A2"
			return
		}
		seen[tp] = true
		topic, ok := referenceTopics[tp]
		if !ok {
			t.Errorf("%v is part of a document and has no section in reference.txt", tp)
			return
		}
		var keys []string
		for i := range tp.NumField() {
			f := tp.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if !f.IsExported() || name == "" || name == "-" {
				continue
			}
			keys = append(keys, name)
			walk(f.Type)
		}
		var documented []string
		for _, m := range keyLine.FindAllStringSubmatch(text[topic], -1) {
			documented = append(documented, m[1])
		}
		for _, k := range keys {
			if !slices.Contains(documented, k) {
				t.Errorf("reference.txt, section %q, lacks the key %q of %v", topic, k, tp)
			}
		}
		for _, k := range documented {
			if !slices.Contains(keys, k) {
				t.Errorf("reference.txt, section %q, documents %q, which %v does not have", topic, k, tp)
			}
		}
	}
	walk(reflect.TypeFor[policydoc.Document]())
	for tp := range referenceTopics {
		if !seen[tp] {
			t.Errorf("%v has a section but is no part of a document", tp)
		}
	}
	// The schema's keys, each in the reference.
	data, err := os.ReadFile("../../policydoc/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema any
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	var props func(v any)
	props = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if p, ok := x["properties"].(map[string]any); ok {
				for k := range p {
					if !strings.Contains(reference, "`"+k+"`") {
						t.Errorf("the schema's key %q is not in reference.txt", k)
					}
				}
			}
			for _, y := range x {
				props(y)
			}
		case []any:
			for _, y := range x {
				props(y)
			}
		}
	}
	props(schema)
}

// TestHelpTopics: help TOPIC prints the part; an unknown topic is refused
// with the near one.
func TestHelpTopics(t *testing.T) {
	for _, topic := range []string{"document", "tiers", "curves", "fields"} {
		if r := runBinary(t, "", "help", topic); r.code != exitOK || !strings.Contains(r.stdout, "- `") {
			t.Errorf("help %s: exit %d, %q", topic, r.code, r.stdout)
		}
	}
	if r := runBinary(t, "", "help", "cuves"); r.code != exitUsage || !strings.Contains(r.stdout, `(did you mean "curves"?)`) {
		t.Errorf("help cuves: exit %d, %s", r.code, r.stdout)
	}
}
