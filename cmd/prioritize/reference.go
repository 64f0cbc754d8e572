package main

import (
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/prioritize-dev/prioritize/internal/text"
)

// reference is the document format for people, a section per part, kept
// true by TestReference against the decoder's keys and the schema's.
//
//go:embed reference.txt
var reference string

// sections returns the reference's sections by topic, in order.
func sections() (topics []string, parts map[string]string) {
	parts = map[string]string{}
	for _, part := range strings.Split(reference, "## ")[1:] {
		topic, body, _ := strings.Cut(part, "\n")
		topics = append(topics, topic)
		parts[topic] = strings.TrimSpace(body)
	}
	return topics, parts
}

// help prints a topic of the reference, or the usage and the topics.
func help(w io.Writer, args []string) int {
	topics, parts := sections()
	if len(args) == 0 {
		usage(w)
		fmt.Fprintf(w, "\nThe document format: prioritize help TOPIC, a topic of: %s\n", strings.Join(topics, ", "))
		return exitOK
	}
	body, ok := parts[args[0]]
	if !ok {
		hint := ""
		if near := text.Closest(args[0], topics); near != "" {
			hint = fmt.Sprintf(" (did you mean %q?)", near)
		}
		fmt.Fprintf(w, "prioritize help: no topic %q%s; the topics: %s\n", args[0], hint, strings.Join(topics, ", "))
		return exitUsage
	}
	fmt.Fprintf(w, "%s\n\n%s\n", strings.ToUpper(args[0][:1])+args[0][1:], body)
	return exitOK
}
