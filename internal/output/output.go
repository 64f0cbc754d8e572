// Package output writes a command's output file atomically: the bytes go
// to a temporary file beside the destination, renamed into place only
// when all were written, so that a failure midway leaves the old file (or
// none) and never half of a new one. A file is never written over one of
// the command's own inputs, and an existing file is replaced only when
// the caller says so (a -force flag).
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists reports an output file that exists and was not to be
// replaced.
var ErrExists = errors.New("the file exists")

// ErrIsInput reports an output file that is one of the inputs.
var ErrIsInput = errors.New("the file is an input")

// Options says what Create may replace. The zero value replaces nothing.
type Options struct {
	// Force replaces an existing file (but never an input).
	Force bool
	// Inputs are the files the command reads, named as given; "" and "-"
	// are skipped.
	Inputs []string
	// Flag names the flag that named the file in messages ("-o").
	Flag string
}

// File is an output being written. Write to it, then Commit; Abort (or a
// failed Commit) removes what was written. Its zero value is not usable:
// make one with Create.
type File struct {
	tmp  *os.File
	path string
	mode fs.FileMode
	done bool
}

// Create starts writing path. It refuses a path that is one of
// opts.Inputs (the same file, by any name), and an existing file unless
// opts.Force.
func Create(path string, opts Options) (*File, error) {
	flag := opts.Flag
	if flag == "" {
		flag = "-o"
	}
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(path); err == nil {
		for _, in := range opts.Inputs {
			if in == "" || in == "-" {
				continue
			}
			if ist, err := os.Stat(in); err == nil && os.SameFile(st, ist) {
				return nil, fmt.Errorf("%s %s: %w (%s): the output would destroy it; write elsewhere", flag, path, ErrIsInput, in)
			}
		}
		if st.IsDir() {
			return nil, fmt.Errorf("%s %s: is a directory", flag, path)
		}
		if !opts.Force {
			return nil, fmt.Errorf("%s %s: %w: pass -force to replace it, or write elsewhere", flag, path, ErrExists)
		}
		mode = st.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s %s: %w", flag, path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", flag, path, err)
	}
	return &File{tmp: tmp, path: path, mode: mode}, nil
}

// Write writes to the temporary file.
func (f *File) Write(p []byte) (int, error) { return f.tmp.Write(p) }

// Commit closes the temporary file and renames it over the destination.
// On failure nothing is left but the old file, if any.
func (f *File) Commit() error {
	if f.done {
		return errors.New("output: committed or aborted already")
	}
	f.done = true
	err := f.tmp.Chmod(f.mode)
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.tmp.Name(), f.path)
	}
	if err != nil {
		_ = os.Remove(f.tmp.Name())
		return fmt.Errorf("writing %s: %w", f.path, err)
	}
	return nil
}

// Abort removes what was written; the destination is untouched. It does
// nothing after Commit, so it can be deferred.
func (f *File) Abort() {
	if f == nil || f.done {
		return
	}
	f.done = true
	_ = f.tmp.Close()
	_ = os.Remove(f.tmp.Name())
}

// WriteFile writes data to path as Create, Write and Commit do.
func WriteFile(path string, data []byte, opts Options) error {
	f, err := Create(path, opts)
	if err != nil {
		return err
	}
	defer f.Abort()
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Commit()
}
