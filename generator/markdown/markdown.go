// Package markdown is the Markdown stage used while loading content. It
// parses a page body once with goldmark, records every link with its
// position, and produces HTML with slots that the render stage later fills
// with resolved URLs, so no page is ever parsed twice.
//
// Its goldmark extensions, usable on their own, are WikiLinks ([[slug|label]]),
// Timestamps (citations of moments of a page's recording), SafeLinks (links
// and images with allowed schemes only) and SanitizedHTML (raw HTML through
// an allow-list).
package markdown

import (
	"bytes"
	"html"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	ghtml "github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Converter converts page bodies. It is safe for concurrent use by many
// goroutines: per-document state lives in the parser.Context and the
// Document, never in the shared extensions.
type Converter struct {
	md goldmark.Markdown
}

// New returns a Converter for GitHub Flavored Markdown (tables,
// strikethrough, linkify, task lists) with footnotes, heading ids, and
// trellis's wiki-links, timestamp citations, safe links and sanitised HTML.
func New() *Converter {
	return &Converter{md: goldmark.New(
		goldmark.WithExtensions(
			// Alignment as a class, not a style attribute: the site's
			// Content-Security-Policy allows no inline style.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			ScrollingTables,
			extension.Strikethrough,
			extension.Linkify,
			extension.TaskList,
			extension.Footnote,
			WikiLinks,
			Timestamps,
			SafeLinks,
			SanitizedHTML,
		),
		// Raw HTML is let through only by SanitizedHTML's renderers.
		goldmark.WithRendererOptions(ghtml.WithUnsafe()),
	)}
}

// Options are the per-page settings of a conversion.
type Options struct {
	VideoID string // the page's recording (YouTube id) for timestamp citations; "" if none
	// TitleFromHeading takes the page's first level-1 heading as its
	// title (Document.Title) and leaves it out of the body, which the
	// page's own heading then stands for: the way a README is titled.
	TitleFromHeading bool
}

// Document is a converted page body.
type Document struct {
	HTML      []byte     // rendered HTML containing slots; write it with Render
	Links     []Link     // every wiki-link and every internal/relative Markdown link or image, in source order; slot n refers to Links[n]
	Headings  []Heading  // every heading with its id, in order
	Citations []Citation // every timestamp citation, in order
	// Title is the text of the first level-1 heading, taken out of the
	// body, when Options.TitleFromHeading asked for it; "" otherwise.
	Title string
	// Text is the plain text of the body (no markup), whitespace collapsed,
	// each heading, paragraph, list item and table row ending as a sentence
	// and table cells kept apart. An unlabelled wiki-link stands in it as
	// written (its slug) until PlainText puts its target's title there:
	// derived text (summaries, snippets, feeds, descriptions) comes from
	// PlainText, never from Text directly.
	Text  string
	Words int // word count of Text
	// titles are the places in Text where an unlabelled wiki-link stands.
	titles []textTitle
	// spill is where HTML is once spilled (Spill), nil before.
	spill *spilled
}

// textTitle is the span [at, end) of Text written by wiki-link n.
type textTitle struct{ at, end, n int }

// LinkKind says how a link was written.
type LinkKind int

const (
	WikiLink   LinkKind = iota // [[...]]
	FileLink                   // [x](relative/path.md#frag), [x](foo/), ![x](image.png): any relative URL (no scheme, not starting with "/" or "#")
	AnchorLink                 // [x](#frag): a link to a heading of the same page
	SiteLink                   // [x](/narratives/), ![x](/img.png): a path from the site's root, written under its base path
)

func (k LinkKind) String() string {
	switch k {
	case WikiLink:
		return "wiki-link"
	case FileLink:
		return "file link"
	case AnchorLink:
		return "anchor link"
	case SiteLink:
		return "site link"
	}
	return "unknown link"
}

// Link is a reference from the page to another page, a heading or a file,
// to be resolved by the portfolio stage.
type Link struct {
	Kind     LinkKind
	Target   string // wiki: between [[ and | or #, trimmed ("slug", "kind/slug", "Managing Innovation Portfolios"); file and site: the path as written without fragment or query (URL-unescaped; a site link's starts with "/"); anchor: ""
	Fragment string // after '#', "" if none
	Label    string // wiki: the label after '|', trimmed, "" if none; file/anchor: plain text of the link (an image: its alt text)
	Image    bool   // a FileLink or SiteLink that is an image's source
	Line     int    // 1-based line of the link's start in the source
	Col      int    // 1-based column of the link's start, in bytes
}

// Heading is a heading of the page.
type Heading struct {
	Level int
	ID    string // unique in the document, GitHub-like
	Text  string
}

// Citation is a timestamp citation of the page's recording.
type Citation struct {
	At      string // "00:12:27", normalised HH:MM:SS
	Seconds int
	Line    int
}

// Target is what the render stage resolved a link to.
type Target struct {
	URL   string // a full URL or root-relative path, e.g. "/portfolio/initiatives/bike-library/#costs"; "" = unresolved
	Title string // the target page's title, used as label when a wiki-link has none
	// TitleKey, when Title is "", names the theme string that titles the
	// target (a page of the site itself, such as the intent map), for the
	// render stage to look up.
	TitleKey string
	// Lang is the language of the page linked, when it is not the
	// language of the page linking to it (an untranslated page linked
	// from a translation): the link says so with hreflang, and a title
	// standing as its text with lang.
	Lang string
}

// htmlBufs are the buffers bodies are rendered into.
var htmlBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Convert parses src (a page body, front matter already removed) once.
//
// Before parsing, every C0 control byte other than tab, newline and carriage
// return (including NUL and 0x1A, the slot marker), every invalid UTF-8 byte,
// and every numeric character reference to a C0 control (&#26;) is replaced
// by U+FFFD, so that content can never forge a slot. Positions in Links
// still count bytes of src as given.
func (c *Converter) Convert(src []byte, opt Options) (*Document, error) {
	clean, fixes := cleanSource(src)
	pc := parser.NewContext()
	if validVideoID(opt.VideoID) {
		pc.Set(videoIDKey, opt.VideoID)
	}
	root := c.md.Parser().Parse(text.NewReader(clean), parser.WithContext(pc))

	d := &Document{}
	if opt.TitleFromHeading {
		d.Title = takeTitle(root, clean)
	}
	d.collect(root, clean, fixes)

	buf := htmlBufs.Get().(*bytes.Buffer)
	defer htmlBufs.Put(buf)
	buf.Reset()
	if err := c.md.Renderer().Render(buf, clean, root); err != nil {
		return nil, err
	}
	// Kept for the whole build: exactly as long as it is.
	d.HTML = bytes.Clone(buf.Bytes())

	t := textBuf{blocks: true}
	t.b = make([]byte, 0, len(clean))
	t.node(root, clean)
	d.Text = string(t.b)
	d.Words = t.words
	d.titles = t.titles
	return d, nil
}

// takeTitle removes the first level-1 heading from the document and
// returns its text, or "" when there is none.
func takeTitle(root gast.Node, source []byte) string {
	var h *gast.Heading
	_ = gast.Walk(root, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if x, ok := n.(*gast.Heading); ok && entering && x.Level == 1 {
			h = x
			return gast.WalkStop, nil
		}
		return gast.WalkContinue, nil
	})
	if h == nil {
		return ""
	}
	title := strings.TrimSpace(plainText(h, source))
	if title == "" {
		return ""
	}
	h.Parent().RemoveChild(h.Parent(), h)
	return title
}

// linkKind is the kind of link a path destination makes.
func linkKind(k destKind) LinkKind {
	if k == destSite {
		return SiteLink
	}
	return FileLink
}

// linkNode is a link found in the AST before it is numbered.
type linkNode struct {
	pos  int
	node gast.Node
	link Link
}

// collect numbers the document's links and swaps slot nodes in for internal
// Markdown links, gives headings their ids, and records citations.
func (d *Document) collect(root gast.Node, source []byte, fixes []offsetFix) {
	var found []linkNode
	var lines []int // line starts, computed on first need
	lineAt := func(pos int) (int, int) {
		if lines == nil {
			lines = lineStarts(source)
		}
		return position(lines, fixes, pos)
	}
	var ids headingIDs
	_ = gast.Walk(root, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *gast.Heading:
			txt := plainText(n, source)
			id := ids.unique(headingID(txt))
			n.SetAttributeString("id", []byte(id))
			d.Headings = append(d.Headings, Heading{Level: n.Level, ID: id, Text: txt})
		case *wikiLinkNode:
			if !insideLink(n) {
				found = append(found, linkNode{pos: n.Pos(), node: n, link: Link{
					Kind: WikiLink, Target: n.target, Fragment: n.fragment, Label: n.label,
				}})
			}
		case *gast.Link:
			kind, path, frag := classify(n.Destination)
			switch kind {
			case destFile, destSite:
				found = append(found, linkNode{pos: n.Pos(), node: n, link: Link{
					Kind: linkKind(kind), Target: path, Fragment: frag, Label: plainText(n, source),
				}})
			case destAnchor:
				found = append(found, linkNode{pos: n.Pos(), node: n, link: Link{
					Kind: AnchorLink, Fragment: frag, Label: plainText(n, source),
				}})
			}
		case *gast.Image:
			if kind, path, frag := classify(n.Destination); kind == destFile || kind == destSite {
				found = append(found, linkNode{pos: n.Pos(), node: n, link: Link{
					Kind: linkKind(kind), Target: path, Fragment: frag, Label: plainText(n, source), Image: true,
				}})
			}
		case *citationNode:
			line, _ := lineAt(n.Pos())
			d.Citations = append(d.Citations, Citation{At: n.at, Seconds: n.seconds, Line: line})
		case *extast.TableCell:
			if n.Alignment != extast.AlignNone {
				n.SetAttributeString("class", []byte("align-"+n.Alignment.String()))
			}
		}
		return gast.WalkContinue, nil
	})
	if len(found) == 0 {
		return
	}
	slices.SortStableFunc(found, func(a, b linkNode) int { return a.pos - b.pos })
	d.Links = make([]Link, len(found))
	for i, f := range found {
		f.link.Line, f.link.Col = lineAt(f.pos)
		d.Links[i] = f.link
		switch n := f.node.(type) {
		case *wikiLinkNode:
			n.index = i
		case *gast.Link:
			replace(n, &linkSlotNode{index: i, title: string(decodeMarkdown(n.Title))})
		case *gast.Image:
			replace(n, &imageSlotNode{index: i, alt: f.link.Label})
		}
	}
}

// replace puts repl in old's place in the tree, with old's children.
func replace(old, repl gast.Node) {
	for c := old.FirstChild(); c != nil; {
		next := c.NextSibling()
		repl.AppendChild(repl, c)
		c = next
	}
	old.Parent().ReplaceChild(old.Parent(), old, repl)
}

// headingID makes a GitHub-like id of a heading's text: lowercase letters
// and digits of any script, '-' and '_' kept, spaces turned into '-',
// everything else dropped.
func headingID(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r):
			b = utf8.AppendRune(b, unicode.ToLower(r))
		case r == ' ' || r == '-':
			b = append(b, '-')
		case r == '_':
			b = append(b, '_')
		}
	}
	if len(b) == 0 {
		return "section"
	}
	return string(b)
}

// headingIDs hands out unique heading ids: id, then id-1, id-2 … for its
// repeats, as GitHub does.
type headingIDs struct {
	used map[string]bool
	last map[string]int // last suffix given to a repeated id
}

func (s *headingIDs) unique(id string) string {
	if s.used == nil {
		s.used, s.last = map[string]bool{}, map[string]int{}
	}
	if !s.used[id] {
		s.used[id] = true
		return id
	}
	for i := s.last[id] + 1; ; i++ {
		u := id + "-" + strconv.Itoa(i)
		if !s.used[u] {
			s.last[id] = i
			s.used[u] = true
			return u
		}
	}
}

// textBuf collects plain text with whitespace collapsed, counting words.
type textBuf struct {
	b      []byte
	space  bool   // a space is due before the next non-space
	sep    string // written instead of the space, when set (between table cells)
	stop   bool   // a full stop is due before the next word (a block ended without punctuation)
	words  int
	blocks bool        // end blocks as sentences and keep table cells apart (a document's Text, not a heading's or a label's)
	titles []textTitle // where unlabelled wiki-links stand
}

func (t *textBuf) write(s []byte) {
	for _, c := range s {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' {
			t.space = len(t.b) > 0
			continue
		}
		if t.space || len(t.b) == 0 {
			if t.stop {
				t.b = append(t.b, '.')
				t.stop = false
			}
			if t.space {
				if t.sep != "" {
					t.b = append(t.b, t.sep...)
				} else {
					t.b = append(t.b, ' ')
				}
			}
			t.space, t.sep = false, ""
			t.words++
		}
		t.b = append(t.b, c)
	}
}

// cellSep stands between the cells of a table row in a document's Text.
const cellSep = " · "

// endSentence ends the block just written with a full stop when more text
// follows, unless it ends with punctuation of its own, so that a heading, a
// list item or a table row does not run into what follows.
func (t *textBuf) endSentence() {
	if !t.blocks || len(t.b) == 0 {
		return
	}
	r, _ := utf8.DecodeLastRune(t.b)
	t.stop = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsSymbol(r) || r == '%' || r == ')'
	t.space, t.sep = true, ""
}

func (t *textBuf) writeString(s string) { t.write(unsafeBytes(s)) }

func unsafeBytes(s string) []byte { return util.StringToReadOnlyBytes(s) }

// brk separates blocks.
func (t *textBuf) brk() { t.space = len(t.b) > 0 }

// node appends the plain text of n and its descendants.
func (t *textBuf) node(n gast.Node, source []byte) {
	_ = gast.Walk(n, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if n.Type() == gast.TypeBlock {
			t.brk()
		}
		if !entering {
			switch n.(type) {
			case *gast.Heading, *gast.Paragraph, *gast.TextBlock, *gast.ListItem, *gast.HTMLBlock, *extast.TableRow, *extast.TableHeader:
				t.endSentence()
			}
			return gast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *gast.Text:
			v := n.Segment.Value(source)
			if _, code := n.Parent().(*gast.CodeSpan); !code {
				v = decodeMarkdown(v)
			}
			if _, cite := n.PreviousSibling().(*citationNode); cite {
				// Citations are left out of the text; so are the separators
				// between them, and the space before what follows them.
				if _, next := n.NextSibling().(*citationNode); next && len(bytes.Trim(v, " ,;")) == 0 {
					return gast.WalkContinue, nil
				}
				if len(v) > 0 && strings.IndexByte(".,;:!?)", v[0]) >= 0 {
					t.space = false
				}
			}
			t.write(v)
			if n.SoftLineBreak() || n.HardLineBreak() {
				t.brk()
			}
		case *gast.String:
			v := n.Value
			if !n.IsCode() {
				v = decodeMarkdown(v)
			}
			t.write(v)
		case *gast.FencedCodeBlock, *gast.CodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				t.write(seg.Value(source))
			}
			return gast.WalkSkipChildren, nil
		case *gast.HTMLBlock:
			s := textPolicy().SanitizeBytes(htmlBlockSource(n, source))
			t.writeString(html.UnescapeString(string(s)))
		case *gast.AutoLink:
			t.write(n.Label(source))
		case *extast.TableCell:
			if t.blocks && n.PreviousSibling() != nil && len(t.b) > 0 {
				t.sep = cellSep
			}
		case *wikiLinkNode:
			at := len(t.b)
			if t.stop {
				at++
			}
			if t.space && t.sep != "" {
				at += len(t.sep)
			} else if t.space {
				at++
			}
			t.writeString(n.display())
			if n.label == "" && n.index >= 0 && t.blocks {
				t.titles = append(t.titles, textTitle{at: at, end: len(t.b), n: n.index})
			}
		case *imageSlotNode:
			t.writeString(n.alt)
			return gast.WalkSkipChildren, nil
		case *gast.RawHTML, *citationNode, *extast.FootnoteLink, *extast.FootnoteBacklink, *extast.TaskCheckBox:
			return gast.WalkSkipChildren, nil
		}
		return gast.WalkContinue, nil
	})
}

// PlainText is the body as plain text for everything derived from it
// (summaries, cards, search snippets, feeds, meta descriptions, JSON-LD):
// Text with each unlabelled wiki-link shown as title(n), its target's title,
// where title gives one. The portfolio stage, which knows the targets, is
// the one caller (portfolio.Portfolio.Text).
func (d *Document) PlainText(title func(n int) string) string {
	if len(d.titles) == 0 {
		return d.Text
	}
	var b strings.Builder
	b.Grow(len(d.Text) + 16*len(d.titles))
	last := 0
	for _, s := range d.titles {
		t := title(s.n)
		if t == "" {
			continue
		}
		b.WriteString(d.Text[last:s.at])
		b.WriteString(strings.Join(strings.Fields(t), " "))
		last = s.end
	}
	b.WriteString(d.Text[last:])
	return b.String()
}

// plainText is the text of n's descendants, whitespace collapsed.
func plainText(n gast.Node, source []byte) string {
	var t textBuf
	t.node(n, source)
	return string(t.b)
}

// offsetFix maps offsets in the cleaned source back to the original: after a
// replacement, cleaned offset clean is original offset orig.
type offsetFix struct{ clean, orig int }

// cleanSource replaces C0 controls other than \t \n \r, invalid UTF-8 bytes
// and numeric references to C0 controls, which could forge slots or end up
// raw in the HTML. It returns src itself when nothing needs replacing.
func cleanSource(src []byte) ([]byte, []offsetFix) {
	var out []byte
	var fixes []offsetFix
	last := 0
	flush := func(i int) {
		if out == nil {
			out = make([]byte, 0, len(src)+16)
		}
		out = append(out, src[last:i]...)
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r', c >= 0x80:
			if c >= 0x80 {
				r, n := utf8.DecodeRune(src[i:])
				if r != utf8.RuneError || n != 1 {
					i += n
					continue
				}
			}
			flush(i)
			out = append(out, "\uFFFD"...)
			i++
			last = i
			fixes = append(fixes, offsetFix{clean: len(out), orig: i})
		case c == '&' && i+3 < len(src) && src[i+1] == '#':
			start, end := controlReference(src, i)
			if end == 0 {
				i++
				continue
			}
			// Zero the digits: same length, and goldmark decodes &#0; to U+FFFD.
			flush(start)
			for j := start; j < end; j++ {
				out = append(out, '0')
			}
			i, last = end, end
		default:
			i++
		}
	}
	if out == nil {
		return src, nil
	}
	out = append(out, src[last:]...)
	return out, fixes
}

// controlReference returns the span of the digits of the numeric character
// reference at src[i:] ("&#26;", "&#x1A;") when it refers to a C0 control
// other than \t \n \r; end is 0 otherwise.
func controlReference(src []byte, i int) (start, end int) {
	j := i + 2
	hex := src[j] == 'x' || src[j] == 'X'
	if hex {
		j++
	}
	start = j
	base, v := 10, 0
	if hex {
		base = 16
	}
	for ; j < len(src) && j-start < 8; j++ {
		c := src[j]
		var digit int
		switch {
		case '0' <= c && c <= '9':
			digit = int(c - '0')
		case hex && 'a' <= c|0x20 && c|0x20 <= 'f':
			digit = int(c|0x20-'a') + 10
		default:
			digit = -1
		}
		if digit < 0 {
			break
		}
		v = v*base + digit
	}
	if j == start || j >= len(src) || src[j] != ';' {
		return 0, 0
	}
	if v < 0x20 && v != '\t' && v != '\n' && v != '\r' && v != 0 {
		return start, j
	}
	return 0, 0
}

// lineStarts returns the offset of the start of every line of source.
// A line ends with \n, \r\n or a lone \r, as in CommonMark.
func lineStarts(source []byte) []int {
	starts := make([]int, 1, 64)
	for i := 0; i < len(source); i++ {
		switch source[i] {
		case '\n':
			starts = append(starts, i+1)
		case '\r':
			if i+1 < len(source) && source[i+1] == '\n' {
				i++
			}
			starts = append(starts, i+1)
		}
	}
	return starts
}

// position converts an offset in the cleaned source to a 1-based line and a
// 1-based byte column in the original source.
func position(lines []int, fixes []offsetFix, pos int) (line, col int) {
	if pos < 0 {
		return 0, 0
	}
	l := sort.Search(len(lines), func(i int) bool { return lines[i] > pos }) // lines[l-1] <= pos
	return l, original(fixes, pos) - original(fixes, lines[l-1]) + 1
}

func original(fixes []offsetFix, pos int) int {
	i := sort.Search(len(fixes), func(i int) bool { return fixes[i].clean > pos })
	if i == 0 {
		return pos
	}
	f := fixes[i-1]
	return f.orig + pos - f.clean
}
