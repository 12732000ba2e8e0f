package content

import (
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// checker walks a page's front matter with its kind's schema. It reports
// every problem, records every reference with its position, and rewrites the
// node tree into the one shape Decode expects (a single value becomes a list
// of one, a short form becomes its object, a bad value becomes null).
type checker struct {
	file     string
	lineOff  int // add to a node's line to get the file's line
	statuses []string
	diags    *diag.List
	refs     []Ref
	kind     Kind
	// keep, when set, receives the top-level keys the schema does not
	// know, quietly: a plain page written for another tool (a docs site's
	// `nav_order`) keeps them instead of getting a warning for each.
	keep map[string]any
	now  time.Time // signal observations may not be dated after it
	// orig is, for a translation, the file of its original, where every
	// field but the translatable ones is set.
	orig string
}

func (c *checker) line(n *yaml.Node) int { return n.Line + c.lineOff }

func (c *checker) errorf(n *yaml.Node, code, hint, format string, args ...any) {
	c.diags.Add(diag.Diagnostic{File: c.file, Line: c.line(n), Col: n.Column, Severity: diag.Error, Code: code,
		Message: fmt.Sprintf(format, args...), Hint: hint})
}

func (c *checker) warnf(n *yaml.Node, code, hint, format string, args ...any) {
	c.diags.Add(diag.Diagnostic{File: c.file, Line: c.line(n), Col: n.Column, Severity: diag.Warning, Code: code,
		Message: fmt.Sprintf(format, args...), Hint: hint})
}

// object checks a mapping against fields. parent is the key path ("" at the top).
func (c *checker) object(n *yaml.Node, fields []Field, parent string) {
	if n.Kind != yaml.MappingNode {
		c.errorf(n, "fm-type", "write it as `key: value` lines", "%s must be a mapping of keys to values, not %s", orTop(parent), describe(n))
		null(n)
		return
	}
	byName := make(map[string]*Field, len(fields))
	names := make([]string, 0, len(fields))
	for i := range fields {
		byName[fields[i].Name] = &fields[i]
		names = append(names, fields[i].Name)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		path := join(parent, k.Value)
		if seen[k.Value] {
			c.errorf(k, "fm-duplicate-key", "keep one of them", "`%s` is set twice", path)
		}
		seen[k.Value] = true
		fd := byName[k.Value]
		if fd == nil && parent == "" && c.keep != nil {
			var v2 any
			if v.Decode(&v2) == nil {
				c.keep[k.Value] = v2
			}
			null(v)
			continue
		}
		if fd == nil && parent == "" && c.orig != "" && anyField(k.Value) {
			c.errorf(k, "translation-field", fmt.Sprintf("remove it here: a translation shares every field but its text with %s, where `%s` is set (it may set %s)", c.orig, k.Value, strings.Join(Translatable, ", ")),
				"a translation cannot set `%s`", k.Value)
			null(v)
			continue
		}
		if fd == nil {
			hint := fmt.Sprintf("remove it, or see the %s fields in docs/content.md", c.kind)
			if s := diag.Suggest(k.Value, names); s != "" {
				hint = fmt.Sprintf("did you mean `%s`?", join(parent, s))
			}
			c.warnf(k, "fm-unknown-field", hint, "unknown field `%s`", path)
			// Not this kind's field, so not decoded either: another kind's
			// field of that name must neither set the page nor fail its decoding.
			null(v)
			continue
		}
		blank := v.Kind == yaml.ScalarNode && v.Tag == "!!str" && strings.TrimSpace(v.Value) == "" ||
			v.Kind == yaml.SequenceNode && len(v.Content) == 0
		if v.Tag == "!!null" || (fd.Required && blank) {
			if fd.Required {
				c.errorf(k, "fm-required", fd.Doc, "`%s` is empty", path)
			}
			continue
		}
		c.value(v, fd.Type, path)
		if path == "signals" {
			c.signals(v)
		}
	}
	for _, fd := range fields {
		if fd.Required && !seen[fd.Name] {
			c.errorf(n, "fm-required", fmt.Sprintf("add `%s:` — %s", fd.Name, fd.Doc), "missing required field `%s`", join(parent, fd.Name))
		}
	}
}

// value checks one value against t.
func (c *checker) value(n *yaml.Node, t Type, path string) {
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		*n = *n.Alias
	}
	switch t.Kind {
	case TList:
		if n.Kind != yaml.SequenceNode {
			item := *n
			*n = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: n.Line, Column: n.Column, Content: []*yaml.Node{&item}}
		}
		for _, item := range n.Content {
			c.value(item, *t.Elem, path)
		}
		return
	case TObject:
		if n.Kind == yaml.ScalarNode && t.Short != "" {
			key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: t.Short, Line: n.Line, Column: n.Column}
			val := *n
			*n = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: n.Line, Column: n.Column, Content: []*yaml.Node{key, &val}}
		}
		first := len(c.refs)
		c.object(n, t.Fields, path)
		if n.Kind == yaml.MappingNode {
			c.qualify(n, first)
		}
		return
	}
	if n.Kind != yaml.ScalarNode {
		c.errorf(n, "fm-type", "write a single value here", "`%s` must be %s, not %s", path, t.describe(), describe(n))
		null(n)
		return
	}
	v := strings.TrimSpace(n.Value)
	bad := func(code, hint, format string, args ...any) {
		c.errorf(n, code, hint, format, args...)
		null(n)
	}
	switch t.Kind {
	case TString, TText:
		if n.Tag == "!!str" || n.Tag == "!!int" || n.Tag == "!!float" || n.Tag == "!!bool" || n.Tag == "!!timestamp" {
			n.Tag = "!!str"
		}
		if t.Kind == TString && strings.Contains(v, "\n") {
			c.warnf(n, "fm-multiline", "keep it to one line", "`%s` spans several lines", path)
		}
	case TInt:
		if _, err := strconv.Atoi(v); err != nil {
			bad("fm-type", "write a whole number, such as 2030", "`%s` must be a whole number, not %q", path, v)
		}
	case TNumber:
		if _, err := strconv.ParseFloat(strings.ReplaceAll(v, "_", ""), 64); err != nil || n.Tag == "!!str" {
			bad("fm-type", "write a plain number without currency or thousands separators, such as 250000", "`%s` must be a number, not %q", path, v)
		}
	case TBool:
		if n.Tag != "!!bool" {
			bad("fm-type", "write true or false", "`%s` must be true or false, not %q", path, v)
		}
	case TDate:
		if _, err := ParseDate(v); err != nil {
			bad("fm-date", "write dates as YYYY-MM-DD, such as 2025-03-14", "`%s` is not a date: %q", path, v)
		}
	case TTimestamp:
		if _, ok := ParseTimestamp(v); !ok {
			bad("fm-timestamp", "write a moment as HH:MM:SS, such as 00:45:50", "`%s` is not a timestamp: %q", path, v)
		}
	case TURL:
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("fm-url", "write a full address starting with https://", "`%s` is not a web address: %q", path, v)
		}
	case TEmail:
		if a, err := mail.ParseAddress(v); err != nil || a.Address != v {
			bad("fm-email", "write a plain address such as team@example.org", "`%s` is not an email address: %q", path, v)
		}
	case TPath:
		if u, err := url.Parse(v); err == nil && u.Scheme != "" {
			if u.Scheme != "https" && u.Scheme != "http" {
				bad("fm-url", "use a file beside the page or an https:// address", "`%s` has a %s: address", path, u.Scheme)
			}
		} else if v == "" || strings.HasPrefix(v, "/") || strings.Contains(v, "..") || strings.Contains(v, "\\") {
			bad("fm-path", "put the file beside the page's index.md and give its name, such as photo.jpg", "`%s` must name a file inside the page's folder, not %q", path, v)
		}
	case TEnum:
		if !slices.Contains(t.Enum, v) {
			bad("fm-vocabulary", vocabHint(v, t.Enum), "`%s` is %q, which is not one of its values", path, v)
		}
	case TStatus:
		if !slices.Contains(c.statuses, v) {
			bad("fm-status", vocabHint(v, c.statuses), "unknown status %q", v)
		}
	case TRef:
		if v == "" {
			bad("fm-ref", "write the slug of the page, such as clean-air", "`%s` is empty", path)
			return
		}
		n.Tag = "!!str"
		c.refs = append(c.refs, Ref{Field: path, Target: v, Kinds: t.Ref, Line: c.line(n), Col: n.Column})
	}
}

// qualify copies an object's qualifier (a partner's role, a relation's type)
// onto the references recorded while checking that object, from refs[first].
func (c *checker) qualify(n *yaml.Node, first int) {
	var q string
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; k == "role" || k == "relation" {
			q = n.Content[i+1].Value
		}
	}
	for i := first; i < len(c.refs); i++ {
		c.refs[i].Relation = q
	}
}

// ParseTimestamp reads HH:MM:SS, H:MM:SS or MM:SS and returns seconds.
func ParseTimestamp(s string) (int, bool) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	total := 0
	for i, p := range parts {
		if p == "" || len(p) > 2 {
			return 0, false
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || (i > 0 && v > 59) {
			return 0, false
		}
		total = total*60 + v
	}
	return total, true
}

func (t Type) describe() string {
	switch t.Kind {
	case TInt:
		return "a whole number"
	case TNumber:
		return "a number"
	case TBool:
		return "true or false"
	case TDate:
		return "a date"
	case TRef:
		return "a slug"
	case TEnum:
		return "one of " + strings.Join(t.Enum, ", ")
	}
	return "text"
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

func vocabHint(v string, vocab []string) string {
	if s := diag.Suggest(v, vocab); s != "" {
		return fmt.Sprintf("did you mean `%s`? The values are: %s", s, strings.Join(vocab, ", "))
	}
	return "use one of: " + strings.Join(vocab, ", ")
}

func null(n *yaml.Node) {
	*n = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: n.Line, Column: n.Column}
}

func join(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

func orTop(p string) string {
	if p == "" {
		return "the front matter"
	}
	return "`" + p + "`"
}
