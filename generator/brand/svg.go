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

// The namespaces an SVG file may declare: SVG's own and XLink's (for
// xlink:href). Any other declaration is removed, with the elements and
// attributes of its prefix, so that nothing in the file is read as XHTML
// or MathML.
const (
	svgNS   = "http://www.w3.org/2000/svg"
	xlinkNS = "http://www.w3.org/1999/xlink"
)

// unsafeCSS says whether a style sheet, a style attribute or a
// presentation attribute's value could fetch or run: an import, a URL that
// is not a reference inside the document (read with its escapes, as a
// browser reads it), a script URL, an IE expression, or a binding.
func unsafeCSS(s []byte) bool {
	return scanCSS(s, func(u string) string {
		if u == "" || strings.HasPrefix(u, "#") {
			return ""
		}
		return "it refers to " + strconv.Quote(u)
	}) != "" || bytes.Contains(bytes.ToLower(s), []byte("javascript:"))
}

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
	var style bytes.Buffer
	var styleText []byte
	w := &out // where elements are written: out, or style inside a <style>
	root := false
	foreign := map[string]bool{} // prefixes declared for namespaces that are removed
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
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" && a.Value != svgNS && a.Value != xlinkNS {
					foreign[a.Name.Local] = true
				}
			}
			if !svgElements[t.Name.Local] || (t.Name.Space != "" && t.Name.Space != "svg") || foreign[t.Name.Space] {
				// An editor's own elements (Inkscape's, <metadata>) are
				// dropped quietly; anything else is worth a word.
				if t.Name.Space == "" && t.Name.Local != "metadata" || t.Name.Space == "svg" || active[strings.ToLower(t.Name.Local)] {
					remove("a <" + name + "> element")
				}
				skip = 1
				continue
			}
			stack = append(stack, name)
			if t.Name.Local == "style" {
				// Kept only if its whole text is safe: written aside until its end.
				w, styleText = &style, nil
				style.Reset()
			}
			w.WriteString("<" + name)
			for _, a := range presentation(t.Attr, remove) {
				if foreign[a.Name.Space] {
					continue // an attribute of a removed namespace's prefix
				}
				if why := unsafeAttr(t.Name.Local, a); why != "" {
					remove(why)
					continue
				}
				w.WriteString(" " + rawName(a.Name) + `="`)
				xml.EscapeText(w, []byte(a.Value))
				w.WriteString(`"`)
			}
			w.WriteString(">")
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
			w.WriteString("</" + stack[len(stack)-1] + ">")
			if w == &style {
				w = &out
				if unsafeCSS(styleText) {
					remove("a style sheet that imports or fetches")
				} else {
					out.Write(style.Bytes())
				}
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if skip > 0 || depth == 0 {
				continue
			}
			if w == &style {
				styleText = append(styleText, t...)
			}
			xml.EscapeText(w, t)
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
	case key == "xml:base",
		key == "xmlns" && val != svgNS,
		a.Name.Space == "xmlns" && val != svgNS && val != xlinkNS:
		return "the " + key + " attribute"
	case strings.Contains(strings.ToLower(val), "javascript:"):
		return "the " + key + " attribute"
	case strings.ContainsAny(val, "(@") && unsafeCSS([]byte(val)):
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

// presentationProps are the CSS properties that SVG also takes as
// attributes: a style attribute is written as them, so that the file
// needs no inline style under the site's Content-Security-Policy.
var presentationProps = map[string]bool{
	"fill": true, "fill-opacity": true, "fill-rule": true, "stroke": true, "stroke-width": true, "stroke-opacity": true,
	"stroke-linecap": true, "stroke-linejoin": true, "stroke-miterlimit": true, "stroke-dasharray": true, "stroke-dashoffset": true,
	"opacity": true, "clip-rule": true, "clip-path": true, "mask": true, "filter": true, "color": true, "display": true, "visibility": true,
	"font-family": true, "font-size": true, "font-weight": true, "font-style": true, "font-variant": true, "letter-spacing": true,
	"word-spacing": true, "text-anchor": true, "text-decoration": true, "dominant-baseline": true, "alignment-baseline": true,
	"baseline-shift": true, "stop-color": true, "stop-opacity": true, "flood-color": true, "flood-opacity": true,
	"lighting-color": true, "color-interpolation-filters": true, "paint-order": true, "vector-effect": true, "shape-rendering": true,
	"isolation": true, "mix-blend-mode": true, "overflow": true,
}

// presentation turns an element's style attribute into presentation
// attributes, which win over attributes of the same name as the style
// would; a declaration that is not a presentation property, or that
// fetches, is dropped.
func presentation(attrs []xml.Attr, remove func(string)) []xml.Attr {
	var decls [][2]string
	out := attrs[:0:0]
	for _, a := range attrs {
		if a.Name.Space != "" || a.Name.Local != "style" {
			out = append(out, a)
			continue
		}
		for _, d := range strings.Split(a.Value, ";") {
			prop, val, ok := strings.Cut(d, ":")
			prop, val = strings.ToLower(strings.TrimSpace(prop)), strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "!important"))
			switch {
			case !ok || prop == "" || val == "":
			case unsafeCSS([]byte(val)):
				remove("a style attribute that fetches")
			case presentationProps[prop]:
				decls = append(decls, [2]string{prop, strings.TrimSpace(val)})
			}
		}
	}
	for _, d := range decls {
		set := false
		for i := range out {
			if out[i].Name.Space == "" && out[i].Name.Local == d[0] {
				out[i].Value, set = d[1], true
			}
		}
		if !set {
			out = append(out, xml.Attr{Name: xml.Name{Local: d[0]}, Value: d[1]})
		}
	}
	return out
}
