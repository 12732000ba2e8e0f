package render

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
)

// Streamer is an Output that can take a file in pieces as they are made,
// so that a large file (an open data table) is never held whole: Dir
// writes the pieces to disk as they come.
type Streamer interface {
	Output
	// Stream writes the file name with write, which writes its bytes to
	// the io.Writer it is given, in as many pieces as it likes.
	Stream(name string, write func(io.Writer) error) error
}

// Stream writes the file name to out with write: in pieces when out is a
// Streamer, else gathered and written whole with WriteFile.
func Stream(out Output, name string, write func(io.Writer) error) error {
	if s, ok := out.(Streamer); ok {
		return s.Stream(name, write)
	}
	var b bytes.Buffer
	if err := write(&b); err != nil {
		return err
	}
	return out.WriteFile(name, b.Bytes())
}

// Stream writes one file as write makes it, through a buffer, creating
// its folders.
func (d *Dir) Stream(name string, write func(io.Writer) error) error {
	full, err := d.prepare(name)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	err = write(w)
	if err == nil {
		err = w.Flush()
	}
	return errors.Join(err, f.Close())
}

// Stream writes and records one file, counting its bytes as they pass.
func (s *ShardOutput) Stream(name string, write func(io.Writer) error) error {
	if name == ManifestName {
		return fmt.Errorf("%s is the name of a shard's manifest; a site cannot have a file of that name", name)
	}
	var n int64
	err := Stream(s.Output, name, func(w io.Writer) error {
		return write(&countingWriter{w: w, n: &n})
	})
	s.mu.Lock()
	if s.sizes == nil {
		s.sizes = map[string]int64{}
	}
	s.sizes[name] = n
	s.mu.Unlock()
	return err
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n *int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

// counted is an Output that counts the files written through it, passing
// streamed files on as streams.
type counted struct {
	out Output
	n   int
}

func (c *counted) WriteFile(name string, data []byte) error {
	c.n++
	return c.out.WriteFile(name, data)
}

func (c *counted) Stream(name string, write func(io.Writer) error) error {
	c.n++
	return Stream(c.out, name, write)
}

// jsonTokens minifies a JSON file written in pieces of whole tokens (as
// opendata.Write writes them), each on its own: the minifier rewrites
// tokens one by one (numbers shortened, whitespace between tokens
// dropped), so the pieces minified give the bytes of the whole file
// minified. A piece of punctuation alone (the comma between two values,
// the brackets closing the file), which the minifier cannot start with,
// is written without its whitespace, as the minifier writes it in a
// whole file.
type jsonTokens struct {
	w    io.Writer
	mini *minifier
	buf  bytes.Buffer
}

func (j *jsonTokens) Write(p []byte) (int, error) {
	if punctuation(p) {
		for _, c := range p {
			if !isJSONSpace(c) {
				if _, err := j.w.Write([]byte{c}); err != nil {
					return 0, err
				}
			}
		}
		return len(p), nil
	}
	b, err := j.mini.minify("piece.json", &j.buf, p)
	if err != nil {
		return 0, err
	}
	if _, err := j.w.Write(b); err != nil {
		return 0, err
	}
	return len(p), nil
}

// punctuation says whether p holds only JSON's structural characters
// and whitespace.
func punctuation(p []byte) bool {
	for _, c := range p {
		switch {
		case c == ',' || c == ':' || c == '[' || c == ']' || c == '{' || c == '}', isJSONSpace(c):
		default:
			return false
		}
	}
	return true
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
