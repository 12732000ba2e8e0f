package content

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/adrg/frontmatter"
	"gopkg.in/yaml.v3"
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

// syntaxError is a front matter that does not parse, with the file line.
type syntaxError struct {
	format string
	line   int
	msg    string
}

func (e *syntaxError) Error() string { return e.msg }

var (
	yamlLine = regexp.MustCompile(`line (\d+)`)
	tomlKey  = regexp.MustCompile(`(?m)^[ \t]*([A-Za-z0-9_-]+)[ \t]*=`)
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
			return nil, &syntaxError{line: lead + 1, msg: "front matter is opened with " + first + " but never closed"}
		}
	}
	m.body = rest
	m.bodyLine = bytes.Count(src[:len(src)-len(rest)], []byte("\n")) + 1
	return m, nil
}

func decodeYAML(data []byte, off int) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line := 0
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if s := yamlLine.FindStringSubmatch(msg); s != nil {
			fmt.Sscan(s[1], &line)
			msg = strings.TrimSpace(yamlLine.ReplaceAllString(msg, ""))
			msg = strings.TrimPrefix(msg, ": ")
			line += off
		}
		return nil, &syntaxError{format: "YAML", line: line, msg: msg}
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1}, nil
	}
	return doc.Content[0], nil
}

func decodeTOML(data []byte, off int) (*yaml.Node, error) {
	var v map[string]any
	if _, err := toml.Decode(string(data), &v); err != nil {
		line := 0
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line = pe.Position.Line + off
		}
		return nil, &syntaxError{format: "TOML", line: line, msg: strings.TrimPrefix(err.Error(), "toml: ")}
	}
	var n yaml.Node
	if err := n.Encode(v); err != nil {
		return nil, &syntaxError{format: "TOML", msg: err.Error()}
	}
	// TOML decoding loses positions; find each top-level key's line in the text.
	lines := map[string]int{}
	for _, loc := range tomlKey.FindAllSubmatchIndex(data, -1) {
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
		line := lead + 1
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line += bytes.Count(src[start:start+min(int(se.Offset), len(src)-start)], []byte("\n"))
		}
		return nil, &syntaxError{format: "JSON", line: line, msg: err.Error()}
	}
	end := start + int(dec.InputOffset())
	// JSON is YAML: parse it again for positions.
	root, err := decodeYAML(src[start:end], lead)
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
