package policydoc_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/prioritize-dev/prioritize/policydoc"
	"github.com/prioritize-dev/prioritize/rules"
)

// sizedDoc returns a document of about size bytes in one of the shapes a
// hostile or generated document takes: factor groups nested inside each
// other ("nested"), one group of many factors ("factors"), or many
// segments ("segments").
func sizedDoc(shape string, size int) []byte {
	const simple = `{"name": "f", "weight": 1, "expr": "mrr", "curve": {"kind": "linear", "lo": 0, "hi": 100}}`
	var b strings.Builder
	b.Grow(size + 512)
	b.WriteString(`{"fields": [{"name": "id", "type": "string"}, {"name": "mrr", "type": "number"}],` + "\n")
	b.WriteString(`"potential": {"factors": [` + simple + `]},` + "\n")
	switch shape {
	case "nested":
		n := 0
		b.WriteString(`"value": {"factors": [`)
		for b.Len() < size {
			fmt.Fprintf(&b, `{"name": "g%d", "weight": 1, "group": {"factors": [`, n)
			n++
		}
		b.WriteString(simple)
		for range n {
			b.WriteString(`]}}`)
		}
		b.WriteString(`]}}`)
	case "factors":
		b.WriteString(`"value": {"factors": [`)
		for i := 0; b.Len() < size; i++ {
			if i > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, `{"name": "f%d", "weight": 1, "expr": "mrr * %d", "curve": {"kind": "linear", "lo": 0, "hi": 100}}`, i, i)
		}
		b.WriteString(`]}}`)
	case "segments":
		b.WriteString(`"value": {"factors": [` + simple + `]}, "segments": [`)
		for i := 0; b.Len() < size; i++ {
			if i > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, `{"name": "s%d", "when": "mrr > %d", "mix": {"value": 0.3, "potential": 0.7}}`, i, i)
		}
		b.WriteString(`]}`)
	}
	return []byte(b.String())
}

// parseAndCompile is what the workbench does with a document: Parse, then
// Compile over records; it returns the first problem's text, or "".
func parseAndCompile(data []byte) string {
	doc, err := policydoc.Parse(data)
	if err == nil {
		_, err = policydoc.CompileRecords(doc, rules.Options{})
	}
	if err != nil {
		s := err.Error()
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			s = s[:i]
		}
		return s
	}
	return ""
}

// BenchmarkDocumentSize: Parse and Compile of documents from 128 KB to 10
// MB in each shape. Time and memory must grow linearly with the size
// (issue 34: 200k nested groups took 21 s and 482 MB to report a syntax
// error; 10 MB of factors compiled in 22 s and 7.3 GB).
//
//	go test ./policydoc -run '^$' -bench DocumentSize -benchmem -benchtime 1x -count 3
func BenchmarkDocumentSize(b *testing.B) {
	for _, shape := range []string{"nested", "factors", "segments"} {
		// Under 1 MB the factors and segments are within MaxParts and
		// compile; from 1 MB they are refused at the part past it.
		for _, kb := range []int{128, 256, 512, 1 << 10, 2 << 10, 5 << 10, 10 << 10} {
			data := sizedDoc(shape, kb<<10)
			b.Run(fmt.Sprintf("%s/%dKB", shape, kb), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				var problem string
				for range b.N {
					problem = parseAndCompile(data)
				}
				b.Logf("%s, %d bytes: %.80q", shape, len(data), problem)
			})
		}
	}
}
