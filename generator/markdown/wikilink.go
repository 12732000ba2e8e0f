package markdown

import (
	"bytes"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kindWikiLink is the AST node kind of a wiki-link.
var kindWikiLink = gast.NewNodeKind("WikiLink")

// wikiLinkNode is a [[target#fragment|label]] reference to another page.
// It has no children: its label is plain text, never Markdown.
type wikiLinkNode struct {
	gast.BaseInline
	target   string // trimmed, as written
	fragment string // after '#', trimmed
	label    string // after '|', trimmed; "" if none
	// index is the link's slot number, set by Convert once all links of the
	// document are known; -1 renders the wiki-link as plain text.
	index int
}

func (n *wikiLinkNode) Kind() gast.NodeKind { return kindWikiLink }

func (n *wikiLinkNode) Dump(source []byte, level int) {
	gast.DumpHelper(n, source, level, map[string]string{
		"Target": n.target, "Fragment": n.fragment, "Label": n.label,
	}, nil)
}

// written is the reference as the editor wrote it, without the label:
// what an unlabelled wiki-link shows when its target has no title.
func (n *wikiLinkNode) written() string {
	return joinFragment(n.target, n.fragment)
}

func joinFragment(target, fragment string) string {
	if fragment == "" {
		return target
	}
	return target + "#" + fragment
}

// display is the plain text the wiki-link stands for before resolution.
func (n *wikiLinkNode) display() string {
	if n.label != "" {
		return n.label
	}
	return n.written()
}

type wikiLinkParser struct{}

func (wikiLinkParser) Trigger() []byte { return []byte{'['} }

// Parse accepts [[...]] closed on the same line. Code spans never reach
// here: goldmark's code span parser consumes them first.
func (wikiLinkParser) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	line, seg := block.PeekLine()
	if len(line) < 5 || line[1] != '[' {
		return nil
	}
	end := bytes.Index(line[2:], []byte("]]"))
	if end < 0 {
		return nil
	}
	inner := line[2 : 2+end]
	ref, label := inner, []byte(nil)
	if i := bytes.IndexByte(inner, '|'); i >= 0 {
		ref, label = inner[:i], inner[i+1:]
		// Inside a GFM table the separator must be written \| .
		ref = bytes.TrimSuffix(bytes.TrimRight(ref, " \t"), []byte{'\\'})
	}
	if bytes.ContainsAny(ref, "[]\n\r") || bytes.ContainsAny(label, "\n\r") {
		return nil
	}
	target, fragment := ref, []byte(nil)
	if i := bytes.IndexByte(ref, '#'); i >= 0 {
		target, fragment = ref[:i], ref[i+1:]
	}
	target = util.TrimLeftSpace(util.TrimRightSpace(target))
	if len(target) == 0 {
		return nil
	}
	n := &wikiLinkNode{
		target:   string(target),
		fragment: string(util.TrimLeftSpace(util.TrimRightSpace(fragment))),
		label:    string(util.TrimLeftSpace(util.TrimRightSpace(label))),
		index:    -1,
	}
	n.SetPos(seg.Start)
	block.Advance(2 + end + 2)
	return n
}

// wikiLinkRenderer writes a wiki-link as slots: the render stage decides
// whether it becomes <a class="wikilink"> or <span class="unresolved">.
type wikiLinkRenderer struct{}

func (wikiLinkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindWikiLink, renderWikiLink)
}

func renderWikiLink(w util.BufWriter, _ []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	if !entering {
		return gast.WalkContinue, nil
	}
	n := node.(*wikiLinkNode)
	if n.index < 0 {
		writeEscaped(w, n.display())
		return gast.WalkSkipChildren, nil
	}
	writeSlot(w, slotOpen, n.index)
	_ = w.WriteByte('>')
	if n.label != "" {
		writeEscaped(w, n.label)
	} else {
		writeSlot(w, slotTitle, n.index)
	}
	writeSlot(w, slotClose, n.index)
	return gast.WalkSkipChildren, nil
}

type wikiLinks struct{}

// WikiLinks is the goldmark extension for [[slug]], [[slug|label]],
// [[kind/slug]] and [[slug#heading|label]] references. On its own it renders
// them as plain text; Converter.Convert turns them into slots.
var WikiLinks goldmark.Extender = wikiLinks{}

func (wikiLinks) Extend(m goldmark.Markdown) {
	// Before goldmark's link parser (200), which also triggers on '['.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(wikiLinkParser{}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(wikiLinkRenderer{}, 150)))
}
