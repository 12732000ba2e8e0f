package markdown

import (
	"bytes"
	"html"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// allowedTags is the one allow-list of raw HTML elements and their
// attributes, for inline tags and HTML blocks alike: harmless formatting,
// tables, details/summary. No script, style, iframe, object, embed, form,
// svg, math or raw-text elements (textarea, title, xmp, noscript …) that
// would change how the rest of the page is parsed.
var allowedTags = map[string][]string{
	// text-level
	"a": {"href"}, "abbr": nil, "b": nil, "bdi": nil, "bdo": nil, "br": nil,
	"cite": nil, "code": nil, "data": {"value"}, "del": {"datetime"}, "dfn": nil,
	"em": nil, "i": nil, "img": {"src", "alt", "width", "height"},
	"ins": {"datetime"}, "kbd": nil, "mark": nil, "q": nil, "s": nil,
	"samp": nil, "small": nil, "span": nil, "strong": nil, "sub": nil,
	"sup": nil, "time": {"datetime"}, "u": nil, "var": nil, "wbr": nil,
	// blocks
	"blockquote": nil, "caption": nil, "col": {"span"}, "colgroup": {"span"},
	"dd": nil, "details": {"open"}, "div": nil, "dl": nil, "dt": nil,
	"figcaption": nil, "figure": nil, "h1": nil, "h2": nil, "h3": nil, "h4": nil,
	"h5": nil, "h6": nil, "hr": nil, "li": {"value"},
	"ol": {"start", "reversed", "type"}, "p": nil, "pre": nil, "summary": nil,
	"table": nil, "tbody": nil, "td": {"colspan", "rowspan", "headers"},
	"tfoot": nil, "th": {"colspan", "rowspan", "scope", "headers", "abbr"},
	"thead": nil, "tr": nil, "ul": nil,
}

// globalAttrs are allowed on every allowed element.
var globalAttrs = []string{"title", "lang", "dir"}

// voidTags have no end tag.
var voidTags = map[string]bool{"br": true, "wbr": true, "img": true, "hr": true, "col": true}

// urlAttrs hold URLs and must pass safeURL.
var urlAttrs = map[string]bool{"href": true, "src": true}

var (
	// blockPolicy sanitises HTML blocks. Built once: bluemonday policies are
	// costly to build and safe for concurrent use once built.
	blockPolicy = sync.OnceValue(func() *bluemonday.Policy {
		p := bluemonday.NewPolicy()
		for tag, attrs := range allowedTags {
			p.AllowElements(tag)
			if tag == "img" {
				attrs = slices.DeleteFunc(slices.Clone(attrs), func(a string) bool { return a == "src" })
				p.AllowAttrs("src").Matching(localSrc).OnElements("img")
			}
			if len(attrs) > 0 {
				p.AllowAttrs(attrs...).OnElements(tag)
			}
		}
		p.AllowAttrs(globalAttrs...).Globally()
		p.AllowURLSchemes("http", "https", "mailto", "tel")
		p.AllowRelativeURLs(true)
		p.RequireParseableURLs(true)
		return p
	})
	// textPolicy keeps only the text of an HTML block, for Document.Text.
	textPolicy = sync.OnceValue(bluemonday.StrictPolicy)
)

// safeURL reports whether u may be written into an href or src: relative, or
// http, https, mailto or tel. It reads the scheme the way browsers do,
// ignoring surrounding spaces and control characters and embedded tabs and
// newlines, so "java\tscript:" is caught.
func safeURL(u string) bool {
	switch strings.ToLower(urlScheme(u)) {
	case "", "http", "https", "mailto", "tel":
		return true
	}
	return false
}

// localURL reports whether u, if loaded, is loaded from the site itself: it
// has no scheme and does not start with two slashes, which browsers read
// as another host (a backslash counts as a slash).
func localURL(u string) bool {
	if urlScheme(u) != "" {
		return false
	}
	u = strings.TrimLeftFunc(u, func(r rune) bool { return r <= ' ' })
	u = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(u)
	return !(len(u) >= 2 && (u[0] == '/' || u[0] == '\\') && (u[1] == '/' || u[1] == '\\'))
}

// localSrc matches the src of an image of the site itself (localURL), for
// bluemonday: a picture from another site is blocked by the site's
// Content-Security-Policy (img-src 'self'), and without the policy it
// would tell that site of every reader.
var localSrc = regexp.MustCompile(`^[\x00-\x20]*(?:[^\x00-\x20/\\:?#][^:?#]*(?:[?#].*)?|[/\\](?:[^/\\].*)?|[?#].*)?$`)

// urlScheme returns the scheme of u, "" for a relative URL.
func urlScheme(u string) string {
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	if strings.ContainsAny(u, "\t\n\r") {
		u = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(u)
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case c == ':' && i > 0:
			return u[:i]
		default:
			return ""
		}
	}
	return ""
}

type tagAttr struct{ name, value string }

// htmlTag is one HTML tag as written in raw HTML.
type htmlTag struct {
	name  string // lowercased
	end   bool   // </name>
	attrs []tagAttr
}

func isTagSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// parseTag parses the HTML tag at the start of b, in CommonMark's grammar
// for open and closing tags, and returns it with its length in bytes.
// Attribute names are lowercased, values have their character references
// decoded.
func parseTag(b []byte) (htmlTag, int, bool) {
	var t htmlTag
	if len(b) < 3 || b[0] != '<' {
		return t, 0, false
	}
	i := 1
	if b[i] == '/' {
		t.end = true
		i++
	}
	start := i
	if i >= len(b) || !isAlpha(b[i]) {
		return t, 0, false
	}
	for i < len(b) && (isAlpha(b[i]) || '0' <= b[i] && b[i] <= '9' || b[i] == '-') {
		i++
	}
	t.name = strings.ToLower(string(b[start:i]))
	for {
		sp := i
		for i < len(b) && isTagSpace(b[i]) {
			i++
		}
		if i >= len(b) {
			return t, 0, false
		}
		switch {
		case b[i] == '>':
			return t, i + 1, true
		case b[i] == '/' && !t.end && i+1 < len(b) && b[i+1] == '>':
			return t, i + 2, true
		case t.end || i == sp:
			return t, 0, false
		}
		// attribute name
		ns := i
		if !(isAlpha(b[i]) || b[i] == '_' || b[i] == ':') {
			return t, 0, false
		}
		for i < len(b) && (isAlpha(b[i]) || '0' <= b[i] && b[i] <= '9' || strings.IndexByte("_.:-", b[i]) >= 0) {
			i++
		}
		a := tagAttr{name: strings.ToLower(string(b[ns:i]))}
		j := i
		for j < len(b) && isTagSpace(b[j]) {
			j++
		}
		if j < len(b) && b[j] == '=' {
			j++
			for j < len(b) && isTagSpace(b[j]) {
				j++
			}
			if j >= len(b) {
				return t, 0, false
			}
			switch q := b[j]; q {
			case '"', '\'':
				k := bytes.IndexByte(b[j+1:], q)
				if k < 0 {
					return t, 0, false
				}
				a.value = string(b[j+1 : j+1+k])
				i = j + 1 + k + 1
			default:
				vs := j
				for j < len(b) && !isTagSpace(b[j]) && strings.IndexByte("\"'=<>`", b[j]) < 0 {
					j++
				}
				if j == vs {
					return t, 0, false
				}
				a.value = string(b[vs:j])
				i = j
			}
			if strings.IndexByte(a.value, '&') >= 0 {
				a.value = html.UnescapeString(a.value)
			}
		}
		t.attrs = append(t.attrs, a)
	}
}

// sanitizeTag writes the inline raw HTML tag raw if its element is allowed,
// with only its allowed attributes; comments, processing instructions,
// declarations and everything else are dropped. Inline raw HTML reaches the
// renderer one tag at a time, so tags are checked one by one against the
// allow-list rather than with bluemonday, which would drop every tag whose
// partner is in another node.
func sanitizeTag(w util.BufWriter, raw []byte) {
	t, n, ok := parseTag(raw)
	if !ok || n != len(raw) {
		return
	}
	attrs, allowed := allowedTags[t.name]
	if !allowed {
		return
	}
	if t.end {
		if !voidTags[t.name] {
			_, _ = w.WriteString("</" + t.name + ">")
		}
		return
	}
	_, _ = w.WriteString("<" + t.name)
	for i, a := range t.attrs {
		if repeated(t.attrs[:i], a.name) {
			continue // the browser keeps the first
		}
		if !slices.Contains(attrs, a.name) && !slices.Contains(globalAttrs, a.name) {
			continue
		}
		if urlAttrs[a.name] && !safeURL(a.value) || t.name == "img" && a.name == "src" && !localURL(a.value) {
			continue
		}
		_ = w.WriteByte(' ')
		_, _ = w.WriteString(a.name)
		_, _ = w.WriteString(`="`)
		writeEscaped(w, a.value)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
}

func repeated(attrs []tagAttr, name string) bool {
	for _, a := range attrs {
		if a.name == name {
			return true
		}
	}
	return false
}

type sanitizingRenderer struct{}

func (sanitizingRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(gast.KindRawHTML, renderRawHTML)
	reg.Register(gast.KindHTMLBlock, renderHTMLBlock)
}

func renderRawHTML(w util.BufWriter, source []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	if !entering {
		return gast.WalkSkipChildren, nil
	}
	n := node.(*gast.RawHTML)
	segs := n.Segments
	if segs.Len() == 1 {
		seg := segs.At(0)
		sanitizeTag(w, seg.Value(source))
		return gast.WalkSkipChildren, nil
	}
	var raw []byte
	for i := 0; i < segs.Len(); i++ {
		seg := segs.At(i)
		raw = append(raw, seg.Value(source)...)
	}
	sanitizeTag(w, raw)
	return gast.WalkSkipChildren, nil
}

// htmlBlockSource is the raw HTML of an HTML block.
func htmlBlockSource(n *gast.HTMLBlock, source []byte) []byte {
	var raw []byte
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		raw = append(raw, seg.Value(source)...)
	}
	if n.HasClosure() {
		raw = append(raw, n.ClosureLine.Value(source)...)
	}
	return raw
}

func renderHTMLBlock(w util.BufWriter, source []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	if entering {
		_, _ = w.Write(blockPolicy().SanitizeBytes(htmlBlockSource(node.(*gast.HTMLBlock), source)))
	}
	return gast.WalkContinue, nil
}

type sanitizedHTML struct{}

// SanitizedHTML is the goldmark extension that lets raw HTML through only
// after sanitising it: HTML blocks with a bluemonday allow-list policy,
// inline tags one by one against the same allow-list. Use it with
// html.WithUnsafe(), which it makes safe.
var SanitizedHTML goldmark.Extender = sanitizedHTML{}

func (sanitizedHTML) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(sanitizingRenderer{}, 100)))
}
