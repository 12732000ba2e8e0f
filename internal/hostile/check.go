package hostile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator/opendata"
	"github.com/trellis-ssg/trellis/generator/render"
)

var dangerousURL = regexp.MustCompile(`(?i)^[\x00-\x20]*(j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t|data|v\s*b\s*s\s*c\s*r\s*i\s*p\s*t|livescript)\s*:`)

// rasterData is a picture embedded in an SVG <image> (a logo may carry
// one): pixels, which cannot run.
var rasterData = regexp.MustCompile(`(?i)^data:image/(png|jpeg|gif|webp);base64,[a-z0-9+/=]*$`)

// urlAttrs are the attributes whose value a browser loads or navigates to.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true,
	"data": true, "background": true, "srcset": true, "codebase": true, "cite": true, "longdesc": true, "lowsrc": true, "dynsrc": true, "ping": true}

// Inert returns what in a parsed page (an HTML document, or the SVG of a
// brand file) could run code or load from elsewhere: a script that is not
// the theme's or a JSON-LD block, an event handler, a style element or
// attribute, a script or data URL, an embedding or form element, a base
// element, a meta element other than the theme's own. Empty means inert.
// The theme's own exceptions are exactly its own: its policy's meta
// element, its search form, an embed page's <base target="_blank">.
func Inert(doc *html.Node) []string {
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			out = append(out, inertElement(n)...)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

func inertElement(n *html.Node) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	switch strings.ToLower(n.Data) {
	case "script":
		typ, src := attrOf(n, "type"), attrOf(n, "src")
		if typ != "application/ld+json" && !strings.HasPrefix(src, "/assets/") {
			bad("a <script> from content: type=%q src=%q %.80q", typ, src, textOf(n))
		}
	case "iframe", "object", "embed", "style", "form", "frame", "frameset", "base", "meta", "link", "portal", "applet",
		"foreignobject", "animate", "set", "handler", "listener", "isindex", "input", "button", "textarea", "select", "keygen":
		switch {
		case n.Data == "meta" && attrOf(n, "http-equiv") == "":
		case n.Data == "meta" && strings.EqualFold(attrOf(n, "http-equiv"), "refresh") && !dangerousURL.MatchString(strings.TrimLeft(afterURL(attrOf(n, "content")), " ")) && !strings.Contains(attrOf(n, "content"), "//"):
		case n.Data == "meta" && strings.EqualFold(attrOf(n, "http-equiv"), "Content-Security-Policy") && attrOf(n, "content") == render.MetaContentSecurityPolicy:
			// the theme's own policy
		case n.Data == "link" && themeLink(n):
		case (n.Data == "form" || n.Data == "input" || n.Data == "button") && inSearchForm(n):
			// the theme's own search form
		case n.Data == "input" && len(n.Attr) == 2 && attrOf(n, "type") == "checkbox" && hasAttr(n, "disabled"):
			// a task list's box (- [ ] in Markdown)
		case n.Data == "base" && len(n.Attr) == 1 && attrOf(n, "target") == "_blank":
			// an embed page's: its links open in a new tab, outside the frame
		default:
			bad("a <%s> element from content: %v", n.Data, n.Attr)
		}
	}
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" {
			key = strings.ToLower(a.Namespace + ":" + a.Key)
		}
		switch {
		case strings.HasPrefix(strings.ToLower(a.Key), "on"):
			bad("<%s %s=%q>", n.Data, a.Key, a.Val)
		case key == "style" || key == "srcdoc" || key == "formaction":
			bad("<%s %s=%q>", n.Data, a.Key, a.Val)
		case urlAttrs[key] && dangerousURL.MatchString(a.Val) && !(n.Data == "image" && rasterData.MatchString(a.Val)):
			bad("<%s %s=%q>", n.Data, a.Key, a.Val)
		case (key == "src" || key == "srcset" || key == "poster" || key == "data" || key == "background") && foreign(a.Val) &&
			!((n.Data == "audio" || n.Data == "video") && attrOf(n, "preload") == "none"):
			// A recording may come from another site (media-src https:),
			// and is fetched only when the reader plays it.
			bad("<%s %s=%q> loads from another site", n.Data, a.Key, a.Val)
		}
	}
	return out
}

// afterURL is what follows "url=" in a meta refresh's content.
func afterURL(content string) string {
	i := strings.Index(strings.ToLower(content), "url=")
	if i < 0 {
		return ""
	}
	return content[i+4:]
}

// foreign says whether an address that is loaded (not followed) leaves
// the site.
func foreign(u string) bool {
	u = strings.TrimLeft(u, "\x00 \t\n\r\f")
	return len(u) >= 2 && strings.ContainsRune(`/\`, rune(u[0])) && strings.ContainsRune(`/\`, rune(u[1])) || strings.Contains(u, ":")
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}

// themeLink says whether a <link> is one the theme writes: a style sheet
// or icon from assets/, a feed, the canonical address, an icon.
func themeLink(n *html.Node) bool {
	switch attrOf(n, "rel") {
	case "stylesheet":
		return strings.HasPrefix(attrOf(n, "href"), "/assets/") && attrOf(n, "integrity") != ""
	case "alternate", "canonical", "icon", "apple-touch-icon", "license", "prev", "next", "first", "last":
		return !dangerousURL.MatchString(attrOf(n, "href"))
	}
	return false
}

func inSearchForm(n *html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "form" {
			return attrOf(p, "id") == "search" || attrOf(p, "role") == "search" || strings.HasSuffix(attrOf(p, "action"), "/search/")
		}
	}
	return false
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// Published is what a built site shows: the text and attribute values of
// its pages, the strings of its data files, and the bytes and names of
// every file.
type Published struct {
	text strings.Builder // every text and value, whitespace collapsed, one a line
	raw  strings.Builder // every file's bytes and path
	// InHTML says whether a text was found on a page rather than only
	// in a data file.
	html strings.Builder
	// Formulas are the cells of the published CSV files that a
	// spreadsheet would run as a formula (file:row:column: cell): a cell
	// that begins with =, +, -, @, a tab or a carriage return and is not
	// a plain number. There must be none (opendata.SafeCell).
	Formulas []string
}

// plainNumber is a decimal number as a spreadsheet reads it.
var plainNumber = regexp.MustCompile(`^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)

// Read reads the site built at dest.
func Read(dest string) (*Published, error) {
	pub := &Published{}
	err := filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		pub.raw.WriteString(filepath.ToSlash(rel) + "\n")
		pub.raw.Write(b)
		pub.raw.WriteByte('\n')
		switch filepath.Ext(p) {
		case ".html":
			doc, err := html.Parse(bytes.NewReader(b))
			if err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
			pub.addHTML(doc)
		case ".json":
			var v any
			if json.Unmarshal(b, &v) == nil {
				pub.addJSON(v)
			}
		case ".csv":
			rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
			if err != nil {
				return fmt.Errorf("%s: %w", rel, err)
			}
			for i, r := range rows {
				for j, c := range r {
					if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) && !plainNumber.MatchString(c) {
						pub.Formulas = append(pub.Formulas, fmt.Sprintf("%s:%d:%d: %.80q", filepath.ToSlash(rel), i+1, j+1, c))
					}
					if opendata.FormulaPrefix.MatchString(c) {
						c = c[1:] // the value as it was, for Reached
					}
					pub.add(&pub.text, c)
				}
			}
		case ".xml", ".svg":
			pub.addXML(b)
		}
		return nil
	})
	return pub, err
}

// normal collapses white space, as pages show it.
func normal(s string) string {
	return strings.Join(strings.FieldsFunc(s, unicode.IsSpace), " ")
}

func (pub *Published) add(b *strings.Builder, s string) {
	b.WriteString(normal(s))
	b.WriteByte('\n')
}

func (pub *Published) addHTML(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		pub.add(&pub.html, n.Data)
	case html.ElementNode:
		for _, a := range n.Attr {
			pub.add(&pub.html, a.Val)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		pub.addHTML(c)
	}
}

func (pub *Published) addJSON(v any) {
	switch v := v.(type) {
	case string:
		pub.add(&pub.text, v)
	case []any:
		for _, x := range v {
			pub.addJSON(x)
		}
	case map[string]any:
		for _, x := range v {
			pub.addJSON(x)
		}
	}
}

func (pub *Published) addXML(b []byte) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) || err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.CharData:
			pub.add(&pub.text, string(t))
		case xml.StartElement:
			for _, a := range t.Attr {
				pub.add(&pub.text, a.Value)
			}
		}
	}
}

// Reached says where a payload was published: "page" when its whole value
// is the text or an attribute's value (or part of one) of a page, "data"
// when it is only in a data file, "mark" when only its mark was found
// (enough for a field that is not plain text), "" when not even its mark.
func (pub *Published) Reached(p Payload) string {
	if p.Exact {
		v := normal(p.Value())
		if strings.Contains(pub.html.String(), v) {
			return "page"
		}
		if strings.Contains(pub.text.String(), v) {
			return "data"
		}
	}
	if strings.Contains(pub.raw.String(), p.Mark) {
		return "mark"
	}
	return ""
}

// View is the theme template that made a page: its body's view-<name>
// class, "" when it has none.
func View(doc *html.Node) string {
	var view string
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.Data == "body" {
			for _, c := range strings.Fields(attrOf(n, "class")) {
				if v, ok := strings.CutPrefix(c, "view-"); ok {
					view = v
				}
			}
			return true
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(doc)
	return view
}
