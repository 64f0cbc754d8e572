package output_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/prioritize-dev/prioritize/internal/output"
)

func TestCreate(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "accounts.csv")
	if err := os.WriteFile(in, []byte("id\na\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink(in, link); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		path string
		opts output.Options
		want error
	}{
		{"a new file", filepath.Join(dir, "new.html"), output.Options{Inputs: []string{in}}, nil},
		{"the input", in, output.Options{Inputs: []string{in}}, output.ErrIsInput},
		{"the input, forced", in, output.Options{Force: true, Inputs: []string{in}}, output.ErrIsInput},
		{"the input by another name", filepath.Join(dir, ".", "accounts.csv"), output.Options{Force: true, Inputs: []string{"-", link}}, output.ErrIsInput},
		{"an existing file", link, output.Options{}, output.ErrExists},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := output.WriteFile(tc.path, []byte("out"), tc.opts)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if b, _ := os.ReadFile(in); string(b) != "id\na\n" {
				t.Errorf("the input became %q", b)
			}
		})
	}
	// Forced over an existing output: replaced, its mode kept.
	old := filepath.Join(dir, "old.html")
	if err := os.WriteFile(old, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := output.WriteFile(old, []byte("new"), output.Options{Force: true, Inputs: []string{in}}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(old); string(b) != "new" {
		t.Errorf("old.html = %q, want new", b)
	}
	if st, _ := os.Stat(old); st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600 kept", st.Mode().Perm())
	}
	// Aborted: nothing left behind.
	f, err := output.Create(filepath.Join(dir, "aborted.html"), output.Options{})
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half"))
	f.Abort()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{"accounts.csv", "link.csv", "new.html", "old.html"}
	if len(names) != len(want) {
		t.Errorf("the directory holds %q, want %q (no temporary files)", names, want)
	}
}
