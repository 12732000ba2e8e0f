package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/yamlerr"
)

// matter is a file's front matter as a YAML node tree, whatever format it was
// written in, with the line numbers of the file.
type matter struct {
	root     *yaml.Node // a mapping node; nil when the file has none
	format   string     // "yaml", "toml" or "json"
	lineOff  int        // add to a node's line to get the file's line
	body     []byte
	bodyLine int // the file line the body starts on
}

// syntaxError is a front matter that does not parse, with the file line
// and the column (in characters) of the mistake.
type syntaxError struct {
	format    string
	line, col int
	msg, hint string
}

func (e *syntaxError) Error() string { return e.msg }

var (
	tomlKey = regexp.MustCompile(`(?m)^[ \t]*(?:\[\[?[ \t]*([A-Za-z0-9_-]+)[ \t]*\]|([A-Za-z0-9_-]+)[ \t]*=)`)
)

// splitMatter separates front matter from the body with adrg/frontmatter and
// decodes it into a node tree. src has no BOM and LF line endings.
func splitMatter(src []byte) (*matter, error) {
	m := &matter{}
	// The first non-blank line, to turn node lines into file lines.
	lead := 0
	for _, l := range bytes.SplitAfter(src, []byte("\n")) {
		if len(bytes.TrimSpace(l)) != 0 {
			break
		}
		lead++
	}
	var decodeErr error
	formats := []*frontmatter.Format{
		frontmatter.NewFormat("---", "---", func(data []byte, _ any) error {
			m.format, m.lineOff = "yaml", lead+1
			m.root, decodeErr = decodeYAML(data, m.lineOff)
			return nil
		}),
		frontmatter.NewFormat("+++", "+++", func(data []byte, _ any) error {
			m.format, m.lineOff = "toml", lead+1
			m.root, decodeErr = decodeTOML(data, m.lineOff)
			return nil
		}),
	}
	// JSON front matter ends at the brace that closes its first value, which
	// only a JSON decoder can find: adrg/frontmatter's JSON format ends at the
	// first line holding a lone "}", which may close a nested object.
	if start := lineStart(src, lead); start < len(src) && src[start] == '{' {
		return splitJSON(src, start, lead)
	}
	rest, err := frontmatter.Parse(bytes.NewReader(src), nil, formats...)
	if err != nil {
		return nil, err
	}
	if decodeErr != nil {
		return nil, decodeErr
	}
	if m.format == "" {
		first := strings.TrimSpace(firstLine(src[min(len(src), lineStart(src, lead)):]))
		switch first {
		case "---", "+++":
			return nil, &syntaxError{line: lead + 1, col: 1, msg: "front matter is opened with " + first + " but never closed",
				hint: "close the front matter with a line holding only " + first + ", after its last key"}
		}
	}
	m.body = rest
	m.bodyLine = bytes.Count(src[:len(src)-len(rest)], []byte("\n")) + 1
	return m, nil
}

func decodeYAML(data []byte, off int) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		e := yamlerr.Explain(data, err)
		return nil, &syntaxError{format: "YAML", line: e.Line + off, col: e.Col, msg: e.Message, hint: e.Hint}
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1}, nil
	}
	return doc.Content[0], nil
}

func decodeTOML(data []byte, off int) (*yaml.Node, error) {
	var v map[string]any
	if _, err := toml.Decode(string(data), &v); err != nil {
		return nil, tomlError(data, off, err)
	}
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return nil, &syntaxError{format: "TOML", msg: err.Error()}
	}
	// TOML decoding loses positions; find each top-level key's line in the text.
	lines := map[string]int{}
	for _, loc := range tomlKey.FindAllSubmatchIndex(data, -1) {
		if loc[2] < 0 { // a key, not a [table] or [[array]] header
			loc[2], loc[3] = loc[4], loc[5]
		}
		k := string(data[loc[2]:loc[3]])
		if _, ok := lines[k]; !ok {
			lines[k] = bytes.Count(data[:loc[0]], []byte("\n")) + 1
		}
	}
	setLines(&n, lines, 1)
	return &n, nil
}

func splitJSON(src []byte, start, lead int) (*matter, error) {
	dec := json.NewDecoder(bytes.NewReader(src[start:]))
	var v map[string]any
	if err := dec.Decode(&v); err != nil {
		return nil, jsonError(src, start, err)
	}
	end := start + int(dec.InputOffset())
	// JSON is YAML: parse it again for positions.
	root, err := decodeYAML(yamlJSON(src[start:end]), lead)
	if err != nil {
		return nil, err
	}
	rest := src[end:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 && len(bytes.TrimSpace(rest[:i])) == 0 {
		rest = rest[i+1:]
	}
	return &matter{root: root, format: "json", lineOff: lead, body: rest,
		bodyLine: bytes.Count(src[:len(src)-len(rest)], []byte("\n")) + 1}, nil
}

// yamlJSON rewrites the string escapes that JSON has and yaml.v3 does not
// read — `\/` and UTF-16 surrogate pairs, which PHP's and Python's encoders
// write by default — so that valid JSON parses again as YAML. No line moves.
func yamlJSON(b []byte) []byte {
	out := make([]byte, 0, len(b))
	in := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case !in:
			in = c == '"'
		case c == '"':
			in = false
		case c == '\\' && i+1 < len(b):
			switch b[i+1] {
			case '/':
				out = append(out, '/')
				i++
				continue
			case 'u':
				if r, n := surrogate(b[i:]); n > 0 {
					out = fmt.Appendf(out, `\U%08X`, r)
					i += n - 1
					continue
				}
			}
			out = append(out, c, b[i+1])
			i++
			continue
		}
		out = append(out, c)
	}
	return out
}

// surrogate reads a `\uXXXX` escape of a UTF-16 surrogate at the start of b,
// with its pair if it has one, and returns the rune and the bytes read; n is
// 0 when b does not start with a surrogate.
func surrogate(b []byte) (r rune, n int) {
	hex := func(b []byte) rune {
		if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
			return -1
		}
		v, err := strconv.ParseUint(string(b[2:6]), 16, 16)
		if err != nil {
			return -1
		}
		return rune(v)
	}
	r1 := hex(b)
	if !utf16.IsSurrogate(r1) {
		return 0, 0
	}
	if r := utf16.DecodeRune(r1, hex(b[min(6, len(b)):])); r != unicode.ReplacementChar {
		return r, 12
	}
	return unicode.ReplacementChar, 6
}

// setLines gives every node under a top-level key that key's line.
func setLines(n *yaml.Node, lines map[string]int, def int) {
	n.Line, n.Column = def, 1
	for i, c := range n.Content {
		l := def
		if n.Kind == yaml.MappingNode && i%2 == 0 {
			if v, ok := lines[c.Value]; ok && def == 1 {
				l = v
			}
			c.Line, c.Column = l, 1
			if i+1 < len(n.Content) {
				setLines(n.Content[i+1], lines, l)
			}
			continue
		}
		if n.Kind == yaml.MappingNode {
			continue
		}
		setLines(c, lines, l)
	}
}

// tomlError locates a TOML syntax error and says how to fix the commonest
// one, text without quotes.
func tomlError(data []byte, off int, err error) *syntaxError {
	e := &syntaxError{format: "TOML", line: off + 1, col: 1, msg: strings.TrimPrefix(err.Error(), "toml: "),
		hint: "check that text is quoted and every line is `key = value`"}
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return e
	}
	e.msg = pe.Message
	line, col := position(data, pe.Position.Start)
	e.line, e.col = line+off, col
	if strings.HasPrefix(pe.Message, "expected value but found") {
		text := firstLine(data[lineStart(data, line-1):])
		if k, v, ok := strings.Cut(text, "="); ok {
			e.hint = fmt.Sprintf("put text in quotes: %s = %s", strings.TrimSpace(k), strconv.Quote(strings.TrimSpace(v)))
		}
	}
	return e
}

// jsonError locates a JSON syntax error in src, whose front matter starts
// at the byte start.
func jsonError(src []byte, start int, err error) *syntaxError {
	e := &syntaxError{format: "JSON", msg: err.Error(), hint: "check for a missing comma or quote"}
	at := len(src)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// The offset is just past the character that did not fit.
		at = start + max(int(se.Offset)-1, 0)
	}
	e.line, e.col = position(src, min(at, len(src)))
	if strings.Contains(e.msg, "after object key:value pair") || strings.Contains(e.msg, "after array element") {
		e.msg = "a comma is missing before this: " + e.msg
		e.hint = "add a comma after the value before this one"
	} else if errors.Is(err, io.ErrUnexpectedEOF) {
		e.msg = "the JSON front matter is never closed"
		e.hint = "close every { with a }, and every [ with a ]"
	}
	return e
}

// position returns the 1-based line and column (in characters) of a byte
// offset into b.
func position(b []byte, off int) (line, col int) {
	off = min(max(off, 0), len(b))
	ls := bytes.LastIndexByte(b[:off], '\n') + 1
	return bytes.Count(b[:off], []byte("\n")) + 1, utf8.RuneCount(b[ls:off]) + 1
}

func firstLine(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return string(b[:i])
	}
	return string(b)
}

func lineStart(b []byte, n int) int {
	off := 0
	for ; n > 0; n-- {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return len(b)
		}
		off += i + 1
	}
	return off
}
