package brand

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"

	"strconv"
	"strings"
)

// An SVG logo or favicon is published as a file of the site, so a reader
// who opens it at its own address gets it as a document of the site's
// origin: anything in it that could run or fetch is removed. What is left
// is the picture: shapes, text, gradients, clip paths, masks, filters and
// internal references (#id). The decoder resolves no entity but XML's own,
// so no entity expansion or external entity is possible.

// svgElements are the elements a sanitised SVG keeps; any other element is
// removed with everything inside it.
var svgElements = map[string]bool{
	"svg": true, "g": true, "defs": true, "title": true, "desc": true, "symbol": true, "use": true,
	"path": true, "rect": true, "circle": true, "ellipse": true, "line": true, "polyline": true, "polygon": true,
	"text": true, "tspan": true, "textPath": true, "image": true, "style": true, "switch": true,
	"linearGradient": true, "radialGradient": true, "stop": true, "pattern": true, "clipPath": true, "mask": true, "marker": true,
	"filter": true, "feBlend": true, "feColorMatrix": true, "feComponentTransfer": true, "feComposite": true,
	"feConvolveMatrix": true, "feDiffuseLighting": true, "feDisplacementMap": true, "feDistantLight": true,
	"feDropShadow": true, "feFlood": true, "feFuncA": true, "feFuncB": true, "feFuncG": true, "feFuncR": true,
	"feGaussianBlur": true, "feMerge": true, "feMergeNode": true, "feMorphology": true, "feOffset": true,
	"fePointLight": true, "feSpecularLighting": true, "feSpotLight": true, "feTile": true, "feTurbulence": true,
}

// active are elements that run, fetch or navigate, reported whatever
// their namespace prefix.
var active = map[string]bool{"script": true, "foreignobject": true, "iframe": true, "object": true, "embed": true, "a": true,
	"set": true, "animate": true, "handler": true, "listener": true}

// unsafeCSS finds what in a style could fetch or run: an import, a URL
// that is not a reference inside the document, a script URL, an IE
// expression, or a binding.
var unsafeCSS = regexp.MustCompile(`(?i)@import|url\(\s*['"]?\s*[^#'"\s)]|javascript:|expression\s*\(|-moz-binding|behavior\s*:`)

// dataImage is a picture embedded in the SVG itself.
var dataImage = regexp.MustCompile(`(?i)^data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$`)

// SVG is a sanitised SVG document.
type SVG struct {
	Data []byte
	// Width and Height are its intrinsic size, from its viewBox or its
	// width and height; 0 when it gives none.
	Width, Height float64
	// Removed says what was taken out, for a warning.
	Removed []string
}

// SanitiseSVG parses an SVG document and writes it again without anything
// that could run or fetch. It fails on a document that is not well-formed
// XML or whose root is not <svg>.
func SanitiseSVG(src []byte) (SVG, error) {
	d := xml.NewDecoder(bytes.NewReader(src))
	d.Strict = true
	var out bytes.Buffer
	var res SVG
	removed := map[string]bool{}
	remove := func(what string) {
		if !removed[what] {
			removed[what] = true
			res.Removed = append(res.Removed, what)
		}
	}
	depth, skip := 0, 0 // skip > 0: inside a removed element
	var stack []string  // the elements written and open
	var open []xml.Name // every open element, to check that each is closed by its own end tag
	root := false
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return SVG{}, fmt.Errorf("not a well-formed SVG file: %v", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			open = append(open, t.Name)
			name := rawName(t.Name)
			if depth == 1 {
				if t.Name.Local != "svg" {
					return SVG{}, fmt.Errorf("not an SVG file: its root element is <%s>, not <svg>", name)
				}
				root = true
				res.Width, res.Height = svgSize(t.Attr)
			}
			if skip > 0 {
				skip++
				continue
			}
			if !svgElements[t.Name.Local] || (t.Name.Space != "" && t.Name.Space != "svg") {
				// An editor's own elements (Inkscape's, <metadata>) are
				// dropped quietly; anything else is worth a word.
				if t.Name.Space == "" && t.Name.Local != "metadata" || t.Name.Space == "svg" || active[strings.ToLower(t.Name.Local)] {
					remove("a <" + name + "> element")
				}
				skip = 1
				continue
			}
			stack = append(stack, name)
			out.WriteString("<" + name)
			for _, a := range t.Attr {
				if why := unsafeAttr(t.Name.Local, a); why != "" {
					remove(why)
					continue
				}
				out.WriteString(" " + rawName(a.Name) + `="`)
				xml.EscapeText(&out, []byte(a.Value))
				out.WriteString(`"`)
			}
			out.WriteString(">")
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name {
				return SVG{}, fmt.Errorf("not a well-formed SVG file: </%s> closes no open element", rawName(t.Name))
			}
			open = open[:len(open)-1]
			depth--
			if skip > 0 {
				skip--
				continue
			}
			if len(stack) == 0 {
				return SVG{}, errors.New("not a well-formed SVG file")
			}
			out.WriteString("</" + stack[len(stack)-1] + ">")
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if skip > 0 || depth == 0 {
				continue
			}
			if len(stack) > 0 && stack[len(stack)-1] == "style" && unsafeCSS.Match(t) {
				remove("a style sheet that imports or fetches")
				continue
			}
			xml.EscapeText(&out, t)
		case xml.Directive:
			if bytes.Contains(t, []byte("ENTITY")) {
				return SVG{}, errors.New("the SVG file declares entities; save it again without a DOCTYPE")
			}
		case xml.Comment, xml.ProcInst:
			// Dropped: comments and processing instructions draw nothing.
		}
	}
	if !root {
		return SVG{}, errors.New("not an SVG file: it has no <svg> element")
	}
	if len(open) > 0 {
		return SVG{}, fmt.Errorf("not a well-formed SVG file: <%s> is not closed", rawName(open[len(open)-1]))
	}
	res.Data = out.Bytes()
	return res, nil
}

func rawName(n xml.Name) string {
	if n.Space != "" {
		return n.Space + ":" + n.Local
	}
	return n.Local
}

// unsafeAttr says why an attribute of an element is removed, or "".
func unsafeAttr(elem string, a xml.Attr) string {
	key := strings.ToLower(rawName(a.Name))
	val := strings.TrimSpace(a.Value)
	switch {
	case strings.HasPrefix(strings.ToLower(a.Name.Local), "on"):
		return "the " + key + " attribute"
	case a.Name.Local == "href":
		if strings.HasPrefix(val, "#") || elem == "image" && dataImage.MatchString(val) {
			return ""
		}
		return "a reference to " + strconv.Quote(truncate(val, 60))
	case key == "xml:base" || a.Name.Space == "xmlns" && strings.Contains(strings.ToLower(val), "xhtml"):
		return "the " + key + " attribute"
	case key == "style" && unsafeCSS.MatchString(val):
		return "a style attribute that fetches"
	case strings.Contains(strings.ToLower(val), "javascript:"):
		return "the " + key + " attribute"
	case strings.Contains(strings.ToLower(val), "url(") && unsafeCSS.MatchString(val):
		return "a reference to " + strconv.Quote(truncate(val, 60))
	}
	return ""
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// svgSize reads the intrinsic size of an <svg> from its viewBox, or from
// its width and height when they are plain numbers or pixels.
func svgSize(attrs []xml.Attr) (w, h float64) {
	num := func(s string) float64 {
		s = strings.TrimSuffix(strings.TrimSpace(s), "px")
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f <= 0 {
			return 0
		}
		return f
	}
	var vb []string
	for _, a := range attrs {
		switch a.Name.Local {
		case "viewBox":
			vb = strings.FieldsFunc(a.Value, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' || r == '\n' })
		case "width":
			w = num(a.Value)
		case "height":
			h = num(a.Value)
		}
	}
	if len(vb) == 4 {
		if vw, vh := num(vb[2]), num(vb[3]); vw > 0 && vh > 0 {
			if w == 0 || h == 0 {
				return vw, vh
			}
		}
	}
	return w, h
}
