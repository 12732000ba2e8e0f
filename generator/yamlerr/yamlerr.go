// Package yamlerr explains a YAML syntax error the way an editor needs it:
// the line and column of the mistake, what it is in plain words and how to
// fix it. trellis reads YAML with yaml.v3, whose errors name a line only
// some of the time and never a column; goccy/go-yaml's parser, run on the
// same text once yaml.v3 has refused it, locates the offending token. The
// two commonest slips get their own message: a tab in the indentation, and
// a colon inside an unquoted value (`title: Bus pilot: Marsh End`).
//
// Both site.yaml (config) and pages' front matter (content) use it.
package yamlerr

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	gy "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/parser"
)

// Error is a located, explained YAML syntax error.
type Error struct {
	Line, Col int // 1-based, within the YAML text; Col counts characters
	Message   string
	Hint      string
}

// Explain locates and explains err, the error yaml.v3 gave for src.
func Explain(src []byte, err error) Error {
	lines := strings.Split(string(src), "\n")
	v3msg, v3line := v3(err)
	// goccy/go-yaml's position, when it too finds an error.
	var gline, gcol int
	var gmsg string
	if _, perr := parser.ParseBytes(src, 0); perr != nil {
		var se *gy.SyntaxError
		if errors.As(perr, &se) && se.Token != nil && se.Token.Position != nil {
			gline, gcol, gmsg = se.Token.Position.Line, se.Token.Position.Column, se.Message
		}
	}
	// The lines the error may be on, most likely first.
	var cands []int
	for _, l := range []int{v3line, gline} {
		if l > 0 && l <= len(lines) {
			cands = append(cands, l)
		}
	}
	for _, l := range cands {
		if col := tabIndent(lines[l-1]); col > 0 {
			return tab(l, col)
		}
	}
	if strings.Contains(v3msg, "tab") || strings.Contains(v3msg, "cannot start any token") {
		// The tab may be on a line neither parser named.
		for i, s := range lines {
			if col := tabIndent(s); col > 0 {
				return tab(i+1, col)
			}
		}
	}
	for _, l := range cands {
		if e, ok := colon(l, lines[l-1]); ok {
			return e
		}
	}
	switch {
	case gline > 0 && gline <= len(lines):
		col := gcol
		if col <= 0 {
			col = firstChar(lines[gline-1])
		}
		return Error{Line: gline, Col: col, Message: gmsg, Hint: hint(gmsg)}
	case v3line > 0 && v3line <= len(lines):
		return Error{Line: v3line, Col: firstChar(lines[v3line-1]), Message: v3msg, Hint: hint(v3msg)}
	}
	// Neither names a line: yaml.v3 leaves out line 1 (its count starts at 0).
	return Error{Line: 1, Col: firstChar(lines[0]), Message: v3msg, Hint: hint(v3msg)}
}

func tab(line, col int) Error {
	return Error{Line: line, Col: col,
		Message: "a tab in the indentation",
		Hint:    "YAML indents with spaces only: replace the tab with spaces (editors can be set to insert spaces for the Tab key)"}
}

// tabIndent returns the column of the first tab in the line's indentation,
// or 0.
func tabIndent(s string) int {
	for i, r := range s {
		switch r {
		case '\t':
			if strings.TrimSpace(s) == "" {
				return 0 // a blank line: harmless
			}
			return utf8.RuneCountInString(s[:i]) + 1
		case ' ':
			continue
		}
		return 0
	}
	return 0
}

// keyValue is a block mapping entry, possibly a list item's: indentation
// (with "- "), key, and an unquoted value.
var keyValue = regexp.MustCompile(`^(\s*(?:-\s+)?)([^\s"'#:{}\[\],&*!|>%@` + "`" + `][^:#]*?|"[^"]*"|'[^']*')\s*:\s+(.+?)\s*$`)

// colon recognises a plain value holding ": ", which YAML reads as the
// start of a mapping.
func colon(line int, s string) (Error, bool) {
	m := keyValue.FindStringSubmatchIndex(s)
	if m == nil {
		return Error{}, false
	}
	key, value := s[m[4]:m[5]], s[m[6]:m[7]]
	switch value[0] {
	case '"', '\'', '[', '{', '|', '>', '&', '*', '!':
		return Error{}, false
	}
	i := strings.Index(value, ": ")
	if i < 0 && strings.HasSuffix(value, ":") {
		i = len(value) - 1
	}
	if i < 0 {
		return Error{}, false
	}
	if h := strings.Index(value, " #"); h >= 0 && h < i {
		return Error{}, false // the colon is in a comment
	}
	col := utf8.RuneCountInString(s[:m[6]+i]) + 1
	key = strings.Trim(key, `"'`)
	fixed := s[:m[6]] + Quote(value)
	return Error{Line: line, Col: col,
		Message: fmt.Sprintf("the value of `%s` contains \": \", which YAML reads as the start of another key", key),
		Hint:    fmt.Sprintf("put the value in quotes: %s", strings.TrimSpace(fixed))}, true
}

// Quote writes s as a YAML double-quoted string.
func Quote(s string) string {
	return strconv.Quote(s)
}

func firstChar(s string) int {
	n := 1
	for _, r := range s {
		if r != ' ' && r != '\t' {
			return n
		}
		n++
	}
	return 1
}

var lineRe = regexp.MustCompile(`^line (\d+): `)

// v3 returns yaml.v3's message without its prefix and its line, made
// 1-based, or 0 when it names none.
func v3(err error) (msg string, line int) {
	msg = strings.TrimPrefix(err.Error(), "yaml: ")
	if m := lineRe.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		if ZeroBased(msg) {
			line++
		}
	}
	return msg, line
}

// ZeroBased reports whether yaml.v3 counts the line of a syntax error from
// 0: it does for its parser's errors (not its scanner's), and names no line
// when that is 0.
func ZeroBased(msg string) bool {
	for _, p := range []string{"did not find expected key", "did not find expected node content", "did not find expected '-' indicator",
		"did not find expected ',' or ']'", "did not find expected ',' or '}'", "did not find expected <document start>"} {
		if strings.HasSuffix(msg, p) {
			return true
		}
	}
	return false
}

// hint is the advice for a message no special case covers.
func hint(msg string) string {
	switch {
	case strings.Contains(msg, "double-quoted") || strings.Contains(msg, "single-quoted") || strings.Contains(msg, "end of stream"):
		return "close the quotes: a quoted value ends with the same quote it starts with, on the same line"
	case strings.Contains(msg, "']'") || strings.Contains(msg, "flow sequence"):
		return "a list written in brackets needs a comma between items and a closing ]"
	case strings.Contains(msg, "'}'") || strings.Contains(msg, "flow mapping"):
		return "a mapping written in braces needs a comma between entries and a closing }"
	case strings.Contains(msg, "reserved character"):
		return "a value starting with @ or ` must be quoted"
	}
	return "check the indentation (keys of one mapping start in the same column, with spaces) and quote values that contain ': ' or start with a special character"
}
