// Package lines reads text a line at a time with a bound on a line's
// length, and always makes progress: a line over the bound is reported
// once, skipped to its end, and reading goes on with the next line.
// bufio.Scanner, by contrast, stops for good at its first long line.
package lines

import (
	"bufio"
	"errors"
	"io"
)

// ErrTooLong reports a line longer than the reader's bound. The line is
// skipped; the next call to Next reads the line after it.
var ErrTooLong = errors.New("line too long")

// Reader reads lines of at most Max bytes. Its zero value is not usable:
// make one with New.
type Reader struct {
	r    *bufio.Reader
	max  int
	line int
	buf  []byte
	err  error // sticky: io.EOF or the input's failure
}

// New returns a Reader of r whose lines are bounded by max bytes (not
// counting the line's end, "\n" or "\r\n").
func New(r io.Reader, max int) *Reader {
	if br, ok := r.(*bufio.Reader); ok {
		return &Reader{r: br, max: max}
	}
	return &Reader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// Next returns the next line without its end, and its number (from 1).
// The bytes are valid until the next call. A line over the bound returns
// ErrTooLong with its number and no bytes; the line is consumed. At the
// end of the input Next returns io.EOF, and after a failure of the input
// that failure, on every later call too: every call either returns a new
// line (or a new line's error) or ends.
func (lr *Reader) Next() (line []byte, n int, err error) {
	if lr.err != nil {
		return nil, lr.line, lr.err
	}
	lr.buf = lr.buf[:0]
	long := false
	for {
		chunk, err := lr.r.ReadSlice('\n')
		if !long {
			if len(lr.buf)+len(chunk) > lr.max+2 { // room for "\r\n"
				long = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if err != io.EOF {
				lr.err = err
				return nil, lr.line, err
			}
			lr.err = io.EOF
			if len(lr.buf) == 0 && !long && len(chunk) == 0 {
				return nil, lr.line, io.EOF
			}
		}
		break
	}
	lr.line++
	b := lr.buf
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
		if n := len(b); n > 0 && b[n-1] == '\r' {
			b = b[:n-1]
		}
	}
	if long || len(b) > lr.max {
		return nil, lr.line, ErrTooLong
	}
	return b, lr.line, nil
}
