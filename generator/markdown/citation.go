package markdown

import (
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// kindCitation is the AST node kind of a timestamp citation.
var kindCitation = gast.NewNodeKind("Citation")

// citationNode is a citation of a moment of the page's recording, written
// <a class="yt-timestamp" data-t="00:12:27">[00:12:27]</a> as in transcripts
// exported from video summarisers.
type citationNode struct {
	gast.BaseInline
	at      string // normalised HH:MM:SS
	seconds int
	videoID string // validated; "" when the page has no recording
}

func (n *citationNode) Kind() gast.NodeKind { return kindCitation }

func (n *citationNode) Dump(source []byte, level int) {
	gast.DumpHelper(n, source, level, map[string]string{"At": n.at}, nil)
}

// videoIDKey holds the page's validated video id in the parser.Context, so
// that the shared parser keeps no per-document state.
var videoIDKey = parser.NewContextKey()

// validVideoID reports whether id looks like a YouTube video id; anything
// else would end up in an href.
func validVideoID(id string) bool {
	if len(id) < 6 || len(id) > 20 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// parseTimestamp reads H:MM:SS, HH:MM:SS, M:SS or MM:SS and returns it as
// HH:MM:SS and in seconds.
func parseTimestamp(s string) (string, int, bool) {
	s = strings.TrimSpace(s)
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return "", 0, false
	}
	total := 0
	for i, p := range parts {
		if len(p) == 0 || len(p) > 2 || (i > 0 && len(p) != 2) {
			return "", 0, false
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || (i > 0 && v >= 60) {
			return "", 0, false
		}
		total = total*60 + v
	}
	h, m, sec := total/3600, total/60%60, total%60
	b := make([]byte, 0, 8)
	for _, v := range [...]int{h, m, sec} {
		if len(b) > 0 {
			b = append(b, ':')
		}
		if v < 10 {
			b = append(b, '0')
		}
		b = strconv.AppendInt(b, int64(v), 10)
	}
	return string(b), total, true
}

type citationParser struct{}

func (citationParser) Trigger() []byte { return []byte{'<'} }

// Parse accepts <a class="yt-timestamp" data-t="…">…</a> on one line, in any
// attribute order and quoting; anything else is left to the raw HTML parser.
func (citationParser) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	line, seg := block.PeekLine()
	open, n, ok := parseTag(line)
	if !ok || open.end || open.name != "a" {
		return nil
	}
	var class, at string
	hasT := false
	for _, a := range open.attrs {
		switch a.name {
		case "class":
			class = a.value
		case "data-t":
			at, hasT = a.value, true
		}
	}
	if !hasT || !hasField(class, "yt-timestamp") {
		return nil
	}
	norm, secs, ok := parseTimestamp(at)
	if !ok {
		return nil
	}
	rest := line[n:]
	k := 0
	for k < len(rest) && rest[k] != '<' && rest[k] != '\n' {
		k++
	}
	closing, m, ok := parseTag(rest[k:])
	if !ok || !closing.end || closing.name != "a" {
		return nil
	}
	node := &citationNode{at: norm, seconds: secs}
	if id, _ := pc.Get(videoIDKey).(string); id != "" {
		node.videoID = id
	}
	node.SetPos(seg.Start)
	block.Advance(n + k + m)
	return node
}

func hasField(s, want string) bool {
	for _, f := range strings.Fields(s) {
		if f == want {
			return true
		}
	}
	return false
}

type citationRenderer struct{}

func (citationRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindCitation, renderCitation)
}

func renderCitation(w util.BufWriter, _ []byte, node gast.Node, entering bool) (gast.WalkStatus, error) {
	if !entering {
		return gast.WalkContinue, nil
	}
	n := node.(*citationNode)
	if n.videoID == "" || insideLink(n) {
		_, _ = w.WriteString(`<span class="timestamp">`)
		_, _ = w.WriteString(n.at)
		_, _ = w.WriteString(`</span>`)
		return gast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a class="timestamp" href="https://www.youtube.com/watch?v=`)
	_, _ = w.WriteString(n.videoID) // validated: [A-Za-z0-9_-] only
	_, _ = w.WriteString(`&amp;t=`)
	_, _ = w.WriteString(strconv.Itoa(n.seconds))
	_, _ = w.WriteString(`s">`)
	_, _ = w.WriteString(n.at)
	_, _ = w.WriteString(`</a>`)
	return gast.WalkContinue, nil
}

// insideLink reports whether n is inside a link, where another <a> would
// nest anchors, or an image, whose label is plain alt text.
func insideLink(n gast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case gast.KindLink, gast.KindImage, kindLinkSlot, kindImageSlot:
			return true
		}
	}
	return false
}

type timestamps struct{}

// Timestamps is the goldmark extension for timestamp citations of the page's
// recording. Converter.Convert passes the recording's id (Options.VideoID);
// without one a citation renders as <span class="timestamp">.
var Timestamps goldmark.Extender = timestamps{}

func (timestamps) Extend(m goldmark.Markdown) {
	// Before goldmark's raw HTML parser (400), which would pass it through.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(citationParser{}, 350)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(citationRenderer{}, 150)))
}
