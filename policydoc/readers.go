package policydoc

import (
	"slices"

	"github.com/prioritize-dev/prioritize/rules"
)

// Readers returns the places of the rules that read field, in document
// order: the factors' expressions and levels, bounds, segment conditions,
// the ARR and the grade's expressions (triggers aside: they move tiers,
// they do not rate). A backtest asks it of its outcome field: a rule that
// reads what happened rates accounts by the answer, and its AUC means
// nothing. A rule that does not parse reads nothing here (Compile says
// why).
func (doc Document) Readers(field string) []string {
	var out []string
	reads := func(path, src string) {
		if src == "" {
			return
		}
		if names, err := rules.Names(src); err == nil && slices.Contains(names, field) {
			out = append(out, path)
		}
	}
	var axis func(path string, ax Axis)
	axis = func(path string, ax Axis) {
		for i, f := range ax.Factors {
			place := elemPathName(path+".factors", i, f.Name)
			reads(place+".expr", f.Expr)
			reads(place+".level", f.Level)
			if f.Group != nil {
				axis(place+".group", *f.Group)
			}
		}
		for i, b := range ax.Bounds {
			reads(elemPathName(path+".bounds", i, b.Name)+".when", b.When)
		}
	}
	axis("value", doc.Value)
	axis("potential", doc.Potential)
	for i, s := range doc.Segments {
		place := elemPathName("segments", i, s.Name)
		reads(place+".when", s.When)
		if s.Value != nil {
			axis(place+".value", *s.Value)
		}
		if s.Potential != nil {
			axis(place+".potential", *s.Potential)
		}
	}
	reads("arr", doc.ARR)
	if g := doc.Grade; g != nil {
		reads("grade.potential", g.Potential)
		reads("grade.likelihood", g.Likelihood)
	}
	return out
}
