package render

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"sort"
	"sync"
	"text/template/parse"

	"github.com/trellis-ssg/trellis/generator/content"
)

// Cached fragments.
//
// Many parts of a site are the same wherever they appear: a page's card is
// shown on its kind's list, on every taxonomy term page it is filed under
// and on gallery filter pages; the header's navigation differs only by the
// page marked as current; the footer is the same on every page. The
// templates' `cached` function renders such a part once per build and
// reuses the HTML:
//
//	{{cached "card" $s $p}}        the template "card" with a Part {Site, Page, Key}
//	{{cached "header" $s $k .}}    the template "header" with . as its data
//
// The arguments are the template's name, the site (whose build owns the
// cache), a key and optionally the data to execute the template with. The
// result is cached by (template, key) for the build, so the output of the
// template must depend on nothing but the key: a card may not show which
// page it appears on, and the header is keyed by the view's name and kind
// because it marks the current page with aria-current. The key must be
// comparable: a page, a string, a number.
//
// The fragment is executed by html/template like any other template, as if
// it stood in element content, so it is escaped as {{template}} would
// escape it there; its result is template.HTML, which html/template inserts
// as it is in element content and escapes as text anywhere else. A cached
// template cannot lead to a cached call of itself (LoadTheme refuses such
// a theme): its fragment would wait for its own making.

// Part is the data of a template run by cached without data of its own:
// the site, the key and, when the key is a page, the page.
type Part struct {
	Site *Site
	Page *content.Page
	Key  any
}

// fragments is one build's cache of rendered fragments. The zero value is
// ready to use; it lives on the Site, so a rebuild starts empty.
type fragments struct {
	m sync.Map // fragKey → *fragment
}

type fragKey struct {
	set  int // 0 where every view defines the template alike, else the view's number
	name string
	key  any
}

type fragment struct {
	once sync.Once
	html template.HTML
	err  error
}

// cacheFragments can be turned off by tests, to compare a site rendered
// with and without the cache.
var cacheFragments = true

// get returns the fragment for k, running exec the first time only. Callers
// asking for the same key meanwhile wait for the first to finish.
func (f *fragments) get(k fragKey, exec func() (template.HTML, error)) (template.HTML, error) {
	v, ok := f.m.Load(k)
	if !ok {
		v, _ = f.m.LoadOrStore(k, new(fragment))
	}
	e := v.(*fragment)
	e.once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				e.html, e.err = "", fmt.Errorf("cached %q: %v", k.name, r)
			}
		}()
		e.html, e.err = exec()
	})
	return e.html, e.err
}

// fragmentBufs are the buffers fragments are executed into.
var fragmentBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// cachedFunc is the templates' cached function for one view's templates:
// it executes fragments in that set. shared tells the templates whose
// output is the same in every view (see sharedTemplates); the others are
// cached for this view only, under set.
func cachedFunc(t *template.Template, set int, shared map[string]bool) func(name string, s *Site, key any, data ...any) (template.HTML, error) {
	return func(name string, s *Site, key any, data ...any) (template.HTML, error) {
		if s == nil {
			return "", fmt.Errorf("cached %q: no site", name)
		}
		if len(data) > 1 {
			return "", fmt.Errorf("cached %q: %d data arguments; at most one", name, len(data))
		}
		if !canKey(key) {
			return "", fmt.Errorf("cached %q: a key of type %T cannot be compared", name, key)
		}
		exec := func() (template.HTML, error) {
			var d any
			if len(data) == 1 {
				d = data[0]
			} else {
				p, _ := key.(*content.Page)
				d = Part{Site: s, Page: p, Key: key}
			}
			buf := fragmentBufs.Get().(*bytes.Buffer)
			defer fragmentBufs.Put(buf)
			buf.Reset()
			if err := t.ExecuteTemplate(buf, name, d); err != nil {
				return "", err
			}
			return template.HTML(buf.String()), nil
		}
		if !cacheFragments {
			return exec()
		}
		k := fragKey{set: set, name: name, key: key}
		if shared[name] {
			k.set = 0
		}
		return s.frags.get(k, exec)
	}
}

// canKey reports whether key can be a map key.
func canKey(key any) bool {
	switch key.(type) {
	case nil, *content.Page, string, content.Kind, content.Date, int, bool:
		return true
	}
	return reflect.ValueOf(key).Comparable()
}

// callGraph is which templates of a set call which.
type callGraph struct {
	names  []string
	calls  map[string][]string // by {{template}} or cached
	cached map[string][]string // by cached only
	opaque map[string]bool     // calls cached with a computed name
}

func newCallGraph(t *template.Template) *callGraph {
	g := &callGraph{calls: map[string][]string{}, cached: map[string][]string{}, opaque: map[string]bool{}}
	for _, x := range t.Templates() {
		if x.Tree == nil || x.Tree.Root == nil {
			continue
		}
		name := x.Name()
		g.names = append(g.names, name)
		walkCalls(x.Tree.Root, func(callee string, cached bool) {
			g.calls[name] = append(g.calls[name], callee)
			if cached {
				g.cached[name] = append(g.cached[name], callee)
			}
		}, func() { g.opaque[name] = true })
	}
	sort.Strings(g.names)
	return g
}

// reach returns the templates reachable from name, name included.
func (g *callGraph) reach(name string) map[string]bool {
	seen := map[string]bool{name: true}
	todo := []string{name}
	for len(todo) > 0 {
		n := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		for _, c := range g.calls[n] {
			if !seen[c] {
				seen[c] = true
				todo = append(todo, c)
			}
		}
	}
	return seen
}

// sharedTemplates returns, for the templates of one view's set, whether a
// template renders the same in every view: whether nothing it reaches
// (through {{template}} or cached with a constant name) is defined by the
// view's own file, in which case its fragments are shared between views.
// own tells the templates the view's file defines or redefines.
func sharedTemplates(t *template.Template, own map[string]bool) map[string]bool {
	g := newCallGraph(t)
	shared := map[string]bool{}
	for _, name := range g.names {
		shared[name] = true
		for n := range g.reach(name) {
			if own[n] || g.opaque[n] {
				shared[name] = false
				break
			}
		}
	}
	return shared
}

// cachedCycle returns an error when a template can lead to a cached call
// of itself: its fragment would wait for its own making.
func cachedCycle(t *template.Template) error {
	g := newCallGraph(t)
	for _, caller := range g.names {
		for _, callee := range g.cached[caller] {
			if g.reach(callee)[caller] {
				return fmt.Errorf("template %q calls cached %q, which leads back to it: a cached fragment cannot contain itself", caller, callee)
			}
		}
	}
	return nil
}

// walkCalls reports the templates a parse tree calls: by {{template}}, and
// by cached with a constant name; computed reports a cached call whose
// name is not a constant.
func walkCalls(n parse.Node, call func(name string, cached bool), computed func()) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkCalls(c, call, computed)
		}
	case *parse.ActionNode:
		walkCalls(n.Pipe, call, computed)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, call, computed)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, call, computed)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, call, computed)
	case *parse.TemplateNode:
		call(n.Name, false)
		walkCalls(n.Pipe, call, computed)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walkCalls(c, call, computed)
		}
	case *parse.CommandNode:
		if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == "cached" {
			if len(n.Args) > 1 {
				if s, ok := n.Args[1].(*parse.StringNode); ok {
					call(s.Text, true)
				} else {
					computed()
				}
			}
		}
		for _, a := range n.Args {
			walkCalls(a, call, computed)
		}
	case *parse.ChainNode:
		walkCalls(n.Node, call, computed)
	}
}

func walkBranch(b *parse.BranchNode, call func(string, bool), computed func()) {
	walkCalls(b.Pipe, call, computed)
	walkCalls(b.List, call, computed)
	if b.ElseList != nil {
		walkCalls(b.ElseList, call, computed)
	}
}
