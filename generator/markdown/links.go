package markdown

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// Node kinds of Markdown links and images that point inside the site. Convert
// swaps them in for goldmark's Link and Image nodes once it has numbered all
// links of the document.
var (
	kindLinkSlot  = gast.NewNodeKind("LinkSlot")
	kindImageSlot = gast.NewNodeKind("ImageSlot")
)

// linkSlotNode is an internal link; its children are the label.
type linkSlotNode struct {
	gast.BaseInline
	index int
	title string // decoded; "" if none
}

func (n *linkSlotNode) Kind() gast.NodeKind { return kindLinkSlot }

func (n *linkSlotNode) Dump(source []byte, level int) { gast.DumpHelper(n, source, level, nil, nil) }

// imageSlotNode is an image whose source is a file of the site.
type imageSlotNode struct {
	gast.BaseInline
	index int
	alt   string
}

func (n *imageSlotNode) Kind() gast.NodeKind { return kindImageSlot }

func (n *imageSlotNode) Dump(source []byte, level int) { gast.DumpHelper(n, source, level, nil, nil) }

// destKind sorts link destinations.
type destKind int

const (
	destExternal destKind = iota // absolute URL with an allowed scheme, or protocol-relative (//host): written as is
	destFile                     // relative path: a FileLink slot
	destSite                     // root-relative path (/narratives/): a SiteLink slot
	destAnchor                   // #fragment: an AnchorLink slot
	destDropped                  // empty, or a scheme such as javascript: — label only
)

// classify sorts a link destination as goldmark parsed it (backslash escapes
// and character references not yet decoded) and, for the site's own files,
// returns its path (without query or fragment, URL-unescaped) and fragment.
func classify(dest []byte) (kind destKind, path, fragment string) {
	d := string(decodeMarkdown(dest))
	d = strings.TrimSpace(d)
	switch {
	case d == "":
		return destDropped, "", ""
	case d[0] == '#':
		return destAnchor, "", unescapeURL(d[1:])
	case urlScheme(d) != "":
		if safeURL(d) {
			return destExternal, "", ""
		}
		return destDropped, "", ""
	case strings.HasPrefix(d, "//"):
		return destExternal, "", ""
	}
	kind = destFile
	if d[0] == '/' {
		kind = destSite
	}
	p := d
	if i := strings.IndexByte(p, '#'); i >= 0 {
		p, fragment = p[:i], unescapeURL(p[i+1:])
	}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return kind, unescapeURL(p), fragment
}

func unescapeURL(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// decodeMarkdown resolves backslash escapes and character references, as
// goldmark does for destinations and titles.
func decodeMarkdown(b []byte) []byte {
	if bytes.IndexByte(b, '\\') >= 0 {
		b = util.UnescapePunctuations(b)
	}
	if bytes.IndexByte(b, '&') >= 0 {
		b = util.ResolveEntityNames(util.ResolveNumericReferences(b))
	}
	return b
}

// writeHref writes an external destination the way goldmark does.
func writeHref(w util.BufWriter, dest []byte) {
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(dest, true)))
}

type linkRenderer struct{}

func (linkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(gast.KindLink, renderLink)
	reg.Register(gast.KindImage, renderImage)
	reg.Register(gast.KindAutoLink, renderAutoLink)
	reg.Register(kindLinkSlot, renderLinkSlot)
	reg.Register(kindImageSlot, renderImageSlot)
}

// renderLink writes the links Convert did not turn into slots: external ones
// as usual, dangerous ones as their label only.
func renderLink(w util.BufWriter, _ []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	n := node.(*gast.Link)
	if kind, _, _ := classify(n.Destination); kind == destDropped {
		return gast.WalkContinue, nil
	}
	if !entering {
		_, _ = w.WriteString("</a>")
		return gast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	writeHref(w, n.Destination)
	_ = w.WriteByte('"')
	writeTitle(w, n.Title)
	_ = w.WriteByte('>')
	return gast.WalkContinue, nil
}

func writeTitle(w util.BufWriter, title []byte) {
	if len(title) == 0 {
		return
	}
	_, _ = w.WriteString(` title="`)
	writeEscaped(w, string(decodeMarkdown(title)))
	_ = w.WriteByte('"')
}

func renderImage(w util.BufWriter, source []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	if !entering {
		return gast.WalkContinue, nil
	}
	n := node.(*gast.Image)
	alt := plainText(n, source)
	if kind, _, _ := classify(n.Destination); kind == destDropped {
		writeEscaped(w, alt)
		return gast.WalkSkipChildren, nil
	}
	if !localURL(string(decodeMarkdown(n.Destination))) {
		// A picture from another site: the site's Content-Security-Policy
		// (img-src 'self') would block it, and without the policy it would
		// tell that site of every reader. A link to it instead.
		_, _ = w.WriteString(`<a href="`)
		writeHref(w, n.Destination)
		_ = w.WriteByte('"')
		writeTitle(w, n.Title)
		_ = w.WriteByte('>')
		if alt == "" {
			alt = string(decodeMarkdown(n.Destination))
		}
		writeEscaped(w, alt)
		_, _ = w.WriteString("</a>")
		return gast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<img src="`)
	writeHref(w, n.Destination)
	_, _ = w.WriteString(`" alt="`)
	writeEscaped(w, alt)
	_ = w.WriteByte('"')
	writeTitle(w, n.Title)
	_, _ = w.WriteString(` loading="lazy">`)
	return gast.WalkSkipChildren, nil
}

// renderAutoLink is needed because html.WithUnsafe also lets goldmark write
// <javascript:…> autolinks.
func renderAutoLink(w util.BufWriter, source []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	if !entering {
		return gast.WalkContinue, nil
	}
	n := node.(*gast.AutoLink)
	u, label := n.URL(source), n.Label(source)
	if n.AutoLinkType == gast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(u), []byte("mailto:")) {
		u = append([]byte("mailto:"), u...)
	}
	if !safeURL(string(u)) {
		_, _ = w.Write(util.EscapeHTML(label))
		return gast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(u, false)))
	_, _ = w.WriteString(`">`)
	_, _ = w.Write(util.EscapeHTML(label))
	_, _ = w.WriteString(`</a>`)
	return gast.WalkContinue, nil
}

func renderLinkSlot(w util.BufWriter, _ []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	n := node.(*linkSlotNode)
	if !entering {
		writeSlot(w, slotClose, n.index)
		return gast.WalkContinue, nil
	}
	writeSlot(w, slotOpen, n.index)
	if n.title != "" {
		_, _ = w.WriteString(` title="`)
		writeEscaped(w, n.title)
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	return gast.WalkContinue, nil
}

func renderImageSlot(w util.BufWriter, _ []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	if !entering {
		return gast.WalkContinue, nil
	}
	n := node.(*imageSlotNode)
	writeSlot(w, slotImageOpen, n.index)
	writeEscaped(w, n.alt)
	writeSlot(w, slotImageClose, n.index)
	return gast.WalkSkipChildren, nil
}

type safeLinks struct{}

// SafeLinks is the goldmark extension that writes links, images and
// autolinks with an allowed scheme only (http, https, mailto, tel, or none):
// a javascript:, data:, vbscript: or file: link shows its label as text.
// With Converter.Convert, relative links and images become slots.
var SafeLinks goldmark.Extender = safeLinks{}

func (safeLinks) Extend(m goldmark.Markdown) {
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(linkRenderer{}, 100)))
}
