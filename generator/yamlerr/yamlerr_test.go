package yamlerr

import (
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

func TestExplain(t *testing.T) {
	for _, tc := range []struct {
		name      string
		src       string
		line, col int
		message   string // a substring
		hint      string // a substring
	}{
		{"unquoted colon on line 1", "title: Community bus pilot: Marsh End\nsummary: x\n", 1, 27, "value of `title` contains \": \"", `put the value in quotes: title: "Community bus pilot: Marsh End"`},
		{"unquoted colon further down", "title: x\nsummary: Bus pilot: Marsh End\n", 2, 19, "value of `summary`", `summary: "Bus pilot: Marsh End"`},
		{"unquoted colon in a list item", "partners:\n  - org: a\n    role: x: y\n", 3, 12, "value of `role`", `role: "x: y"`},
		{"quotes in the value are escaped", "title: Say \"hi\": now\n", 1, 16, "`title`", `title: "Say \"hi\": now"`},
		{"tab before a nested key", "title: x\nimage:\n\tsrc: a.jpg\n", 3, 1, "a tab in the indentation", "replace the tab with spaces"},
		{"tab after spaces", "title: x\nimage:\n  \tsrc: a.jpg\n", 3, 3, "a tab in the indentation", "spaces"},
		{"tab before a top-level key", "title: x\n\tsummary: y\n", 2, 1, "a tab in the indentation", "spaces"},
		{"bad indentation", "title: About\nimage:\n  src: a.jpg\n alt: A\n", 4, 2, "", "indentation"},
		{"unterminated quote", "title: \"unterminated\nsummary: x\n", 1, 8, "double-quoted", "close the quotes"},
		{"unclosed list", "title: [a, b\nsummary: x\n", 2, 1, "']'", "closing ]"},
		{"unclosed mapping", "tags: {a: b\n", 1, 7, "}", "closing }"},
		{"reserved character", "title: @x\n", 1, 8, "reserved", "quoted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var n yaml.Node
			err := yaml.Unmarshal([]byte(tc.src), &n)
			if err == nil {
				t.Fatalf("yaml.v3 accepted %q", tc.src)
			}
			e := Explain([]byte(tc.src), err)
			if e.Line != tc.line || e.Col != tc.col {
				t.Errorf("at %d:%d, want %d:%d (%s)", e.Line, e.Col, tc.line, tc.col, e.Message)
			}
			if !strings.Contains(e.Message, tc.message) {
				t.Errorf("message %q does not contain %q", e.Message, tc.message)
			}
			if !strings.Contains(e.Hint, tc.hint) {
				t.Errorf("hint %q does not contain %q", e.Hint, tc.hint)
			}
		})
	}
}

// The hint's quoted value reads back as the value the editor meant.
func TestColonHintParses(t *testing.T) {
	src := "title: Say \"hi\": now\n"
	var n yaml.Node
	e := Explain([]byte(src), yaml.Unmarshal([]byte(src), &n))
	fixed := strings.TrimPrefix(e.Hint, "put the value in quotes: ")
	var v struct{ Title string }
	if err := yaml.Unmarshal([]byte(fixed), &v); err != nil || v.Title != `Say "hi": now` {
		t.Errorf("the fix %q reads as %q (%v)", fixed, v.Title, err)
	}
}
