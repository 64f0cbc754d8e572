package engine

// Hooks for the differential tests: the same compiled rule, run on the
// expr VM.

func vmCopy[E any](p *Program[E]) *Program[E] {
	return &Program[E]{name: p.name, source: p.source, kind: p.kind, prog: p.prog, steps: p.steps, bytes: p.bytes,
		byValue: p.byValue, refs: p.refs, refsComplete: p.refsComplete, usesClock: p.usesClock, fallback: "forced"}
}

// NumberOnVM returns n running on the expr VM.
func NumberOnVM[A any](n *Number[A]) *Number[A] {
	return &Number[A]{p: program[A]{vmCopy(n.p.Program)}, clock: n.clock}
}

// ConditionOnVM returns c running on the expr VM.
func ConditionOnVM[A any](c *Condition[A]) *Condition[A] {
	return &Condition[A]{p: program[A]{vmCopy(c.p.Program)}, clock: c.clock}
}

// TextOnVM returns x running on the expr VM.
func TextOnVM[A any](x *Text[A]) *Text[A] {
	return &Text[A]{p: program[A]{vmCopy(x.p.Program)}, clock: x.clock}
}

// ProgramOnVM returns p running on the expr VM.
func ProgramOnVM[E any](p *Program[E]) *Program[E] { return vmCopy(p) }
