package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
)

// A slot is a place in Document.HTML that Render fills once the render stage
// knows where link n points. It is written
//
//	0x1A kind n 0x1A
//
// where kind is one of the letters below and n the decimal index into
// Document.Links. 0x1A (ASCII SUB) can never come from content: Convert
// replaces every C0 control byte of the source, and every numeric character
// reference to one, before parsing.
const (
	slotMarker = 0x1A

	slotOpen       = 'L' // <a href="URL"  |  <span class="unresolved"   (the '>' follows in HTML)
	slotClose      = 'E' // </a>  |  </span>
	slotTitle      = 'T' // the target's title, for a wiki-link without label
	slotImageOpen  = 'I' // <img src="URL" alt="  |  <span class="unresolved">
	slotImageClose = 'J' // " loading="lazy">  |  </span>
)

// maxSlotLen bounds the bytes between the two markers of a slot.
const maxSlotLen = 1 + 19

type stringWriter interface {
	io.Writer
	io.StringWriter
	io.ByteWriter
}

func writeSlot(w stringWriter, kind byte, n int) {
	var buf [2 + maxSlotLen]byte
	b := append(buf[:0], slotMarker, kind)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, slotMarker)
	_, _ = w.Write(b)
}

// writeEscaped writes s escaped for HTML text and quoted attribute values.
func writeEscaped(w stringWriter, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '"':
			esc = "&quot;"
		case '\'':
			esc = "&#39;"
		default:
			continue
		}
		_, _ = w.WriteString(s[last:i])
		_, _ = w.WriteString(esc)
		last = i + 1
	}
	_, _ = w.WriteString(s[last:])
}

// Render writes d.HTML to w with every slot filled: for link n, resolve(n)
// gives its target. resolve is called once per link that has a slot.
//
// A resolved link becomes <a href="URL">label</a>, with class="wikilink" for
// wiki-links; an unresolved one (Target.URL == "") becomes
// <span class="unresolved">label</span>, never a dead <a>. A wiki-link
// without label shows Target.Title, or its target as written when Title is
// "". A resolved image becomes <img src="URL" alt="…" loading="lazy">, an
// unresolved one its alt text in <span class="unresolved">.
func (d *Document) Render(w io.Writer, resolve func(n int) Target) error {
	sw, ok := w.(stringWriter)
	var bw *bufio.Writer
	if !ok {
		bw = bufio.NewWriterSize(w, 8<<10)
		sw = bw
	}
	// Slots of one link are adjacent (open, label, close) and links do not
	// nest, so remembering the last resolved link is enough to call resolve
	// once per link.
	cur, curN := Target{}, -1
	h, err := d.html()
	if err != nil {
		return err
	}
	all := h
	for len(h) > 0 {
		i := bytes.IndexByte(h, slotMarker)
		if i < 0 {
			_, _ = sw.Write(h)
			break
		}
		_, _ = sw.Write(h[:i])
		h = h[i+1:]
		j := bytes.IndexByte(h, slotMarker)
		if j < 2 || j > maxSlotLen {
			return slotError(all, h)
		}
		kind := h[0]
		n, err := strconv.Atoi(string(h[1:j]))
		if err != nil || n < 0 || n >= len(d.Links) {
			return slotError(all, h)
		}
		h = h[j+1:]
		if n != curN {
			cur, curN = resolve(n), n
		}
		if err := d.fill(sw, kind, n, cur); err != nil {
			return err
		}
	}
	if bw != nil {
		return bw.Flush()
	}
	return nil
}

func (d *Document) fill(w stringWriter, kind byte, n int, t Target) error {
	resolved := t.URL != ""
	switch kind {
	case slotOpen:
		if !resolved {
			_, _ = w.WriteString(`<span class="unresolved"`)
			return nil
		}
		_, _ = w.WriteString(`<a href="`)
		writeEscaped(w, t.URL)
		if d.Links[n].Kind == WikiLink {
			_, _ = w.WriteString(`" class="wikilink"`)
		} else {
			_ = w.WriteByte('"')
		}
		if t.Lang != "" {
			_, _ = w.WriteString(` hreflang="`)
			writeEscaped(w, t.Lang)
			_ = w.WriteByte('"')
			if d.Links[n].Kind == WikiLink && d.Links[n].Label == "" {
				_, _ = w.WriteString(` lang="`)
				writeEscaped(w, t.Lang)
				_ = w.WriteByte('"')
			}
		}
	case slotClose:
		if resolved {
			_, _ = w.WriteString("</a>")
		} else {
			_, _ = w.WriteString("</span>")
		}
	case slotTitle:
		if t.Title != "" {
			writeEscaped(w, t.Title)
		} else {
			l := &d.Links[n]
			writeEscaped(w, joinFragment(l.Target, l.Fragment))
		}
	case slotImageOpen:
		if resolved {
			_, _ = w.WriteString(`<img src="`)
			writeEscaped(w, t.URL)
			_, _ = w.WriteString(`" alt="`)
		} else {
			_, _ = w.WriteString(`<span class="unresolved">`)
		}
	case slotImageClose:
		if resolved {
			_, _ = w.WriteString(`" loading="lazy">`)
		} else {
			_, _ = w.WriteString("</span>")
		}
	default:
		return fmt.Errorf("markdown: unknown slot kind %q", kind)
	}
	return nil
}

func slotError(all, rest []byte) error {
	at := len(all) - len(rest) - 1
	return fmt.Errorf("markdown: malformed slot at byte %d of the document's HTML", at)
}
