package markdown

import (
	"bytes"
	"os"
	"testing"
)

// A spilled document holds no HTML in memory and renders the same bytes,
// read back from the spill file; the file is gone from its folder while
// in use and after Close.
func TestSpillRendersTheSame(t *testing.T) {
	dir := t.TempDir()
	s, err := NewSpill(dir)
	if err != nil {
		t.Fatal(err)
	}
	srcs := []string{
		"# A\n\n[[ok-a]] [x](missing.md) ![i](ok.png) and [here](#ok-h)\n",
		"",
		"Plain *text* with a [[ok-b|label]] and a table:\n\n| a | b |\n|---|---|\n| [[ok-c]] | 2 |\n",
	}
	var want [][]byte
	var docs []*Document
	for _, src := range srcs {
		d := convert(t, src, Options{})
		var b bytes.Buffer
		if err := d.Render(&b, fakeResolve(d)); err != nil {
			t.Fatal(err)
		}
		want = append(want, b.Bytes())
		n := len(d.HTML)
		if err := d.Spill(s); err != nil {
			t.Fatal(err)
		}
		if d.HTML != nil || d.Len() != n {
			t.Errorf("%q spilled: HTML %d bytes in memory, Len %d; want none and %d", src, len(d.HTML), d.Len(), n)
		}
		docs = append(docs, d)
	}
	if left, _ := os.ReadDir(dir); len(left) != 0 {
		t.Errorf("the spill file is visible in its folder while in use: %v", left)
	}
	for i := len(docs) - 1; i >= 0; i-- { // out of order, as pages render
		var b bytes.Buffer
		if err := docs[i].Render(&b, fakeResolve(docs[i])); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), want[i]) {
			t.Errorf("%q rendered after spilling:\n%s\nwant\n%s", srcs[i], b.Bytes(), want[i])
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := docs[0].Render(&bytes.Buffer{}, fakeResolve(docs[0])); err == nil {
		t.Error("a document spilled to a closed spill rendered without an error")
	}
}
