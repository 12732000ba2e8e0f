package portfolio

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/markdown"
)

var updateNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// exampleSet loads the example portfolio shipped in the repository.
func exampleSet(t *testing.T) (*config.Config, *content.Set) {
	t.Helper()
	cfg, diags := config.Load("../..")
	set, d := content.Load("../..", cfg.ContentDir, content.Options{Statuses: cfg.Statuses, Now: updateNow, Languages: cfg.Languages.Codes()})
	if diags = append(diags, d...); diags.HasErrors() {
		t.Fatalf("the example site has errors:\n%s", diags)
	}
	return cfg, set
}

// dump writes everything a Portfolio holds, pages by file, so that two
// portfolios can be compared; a page that is not the set's own pointer for
// its file is marked, so a stale pointer left behind by Update shows.
func dump(pf *Portfolio, set *content.Set, diags diag.List) string {
	own := map[string]*content.Page{}
	for _, p := range set.Pages {
		own[p.File] = p
	}
	name := func(p *content.Page) string {
		if p == nil {
			return "<nil>"
		}
		if own[p.File] != p {
			return p.File + "(STALE)"
		}
		return p.File
	}
	var b strings.Builder
	pages := func(label string, ps []*content.Page) {
		b.WriteString(label + ":")
		for _, p := range ps {
			b.WriteString(" " + name(p))
		}
		b.WriteString("\n")
	}
	pages("pages", pf.Pages)
	pages("withheld", pf.Withheld)
	for _, k := range content.Kinds {
		pages("kind "+string(k), pf.byKind[k])
	}
	sorted := func(m map[string]*content.Page, label string) {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s %s = %s\n", label, k, name(m[k]))
		}
	}
	sorted(pf.byKey, "key")
	for _, k := range content.Kinds {
		sorted(pf.bySlug[k], "slug "+string(k))
	}
	sorted(pf.byFile, "file")
	sorted(pf.held, "held")
	norms := make([]string, 0, len(pf.byNorm))
	for k := range pf.byNorm {
		norms = append(norms, k)
	}
	sort.Strings(norms)
	for _, k := range norms {
		pages("norm "+k, pf.byNorm[k])
	}
	all := append(slices.Clone(pf.Pages), pf.Withheld...)
	for _, p := range all {
		for _, e := range pf.out[p] {
			fmt.Fprintf(&b, "out %s -> %s %s %s\n", name(e.From), name(e.To), e.Field, e.Relation)
		}
		for _, e := range pf.in[p] {
			fmt.Fprintf(&b, "in %s <- %s %s %s\n", name(e.To), name(e.From), e.Field, e.Relation)
		}
		fmt.Fprintf(&b, "links %s %v\n", name(p), pf.links[p])
		fmt.Fprintf(&b, "body-diags %s %v\n", name(p), pf.bodyDiags[p])
	}
	fmt.Fprintf(&b, "maps: out %d in %d links %d body-diags %d\n", len(pf.out), len(pf.in), len(pf.links), len(pf.bodyDiags))
	for _, tax := range Taxonomies {
		for _, term := range pf.Terms(tax) {
			pages("term "+tax+"/"+term, pf.TermPages(tax, term))
		}
	}
	d := slices.Clone(diags)
	d.Sort()
	b.WriteString(d.String())
	return b.String()
}

// edit returns a new version of p: with other text, and, as kind says,
// another link, a broken link, another title or another heading.
func edit(rng *rand.Rand, p *content.Page, others []*content.Page, kind string) *content.Page {
	cp := *p
	if p.Body != nil {
		body := *p.Body
		body.Text += fmt.Sprintf(" Edited %d.", rng.IntN(1000))
		body.Links = slices.Clone(body.Links)
		body.Headings = slices.Clone(body.Headings)
		cp.Body = &body
	} else {
		cp.Body = &markdown.Document{Text: "New text."}
	}
	switch kind {
	case "link":
		to := others[rng.IntN(len(others))]
		cp.Body.Links = append(cp.Body.Links, markdown.Link{Kind: markdown.WikiLink, Target: to.Slug, Line: 40, Col: 3})
	case "broken":
		cp.Body.Links = append(cp.Body.Links, markdown.Link{Kind: markdown.WikiLink, Target: "no-such-page", Line: 41, Col: 1})
	case "unlink":
		if n := len(cp.Body.Links); n > 0 {
			cp.Body.Links = cp.Body.Links[:n-1]
		}
	case "title":
		cp.Title += " (edited)"
	case "heading":
		cp.Body.Headings = append(cp.Body.Headings, markdown.Heading{Level: 2, ID: "new-heading", Text: "New heading"})
	}
	return &cp
}

// TestUpdateEqualsResolve applies random edits to the example portfolio:
// after each, Update either declines or gives exactly what Resolve gives,
// and it never declines a text-only edit.
func TestUpdateEqualsResolve(t *testing.T) {
	cfg, set := exampleSet(t)
	prev, _ := Resolve(cfg, set, updateNow)
	rng := rand.New(rand.NewPCG(7, 11))
	kinds := []string{"text", "text", "text", "link", "broken", "unlink", "title", "heading"}
	fast := 0
	for step := 0; step < 120; step++ {
		next := &content.Set{Root: set.Root, Dir: set.Dir, Files: set.Files, Pages: slices.Clone(set.Pages)}
		changed := 1 + rng.IntN(3)
		kind := kinds[rng.IntN(len(kinds))]
		for range changed {
			i := rng.IntN(len(next.Pages))
			next.Pages[i] = edit(rng, next.Pages[i], set.Pages, kind)
		}
		got, gotDiags, ok := Update(prev, cfg, next, updateNow)
		want, wantDiags := Resolve(cfg, next, updateNow)
		if kind == "text" && !ok {
			t.Fatalf("step %d: Update declined a text-only edit", step)
		}
		if ok {
			fast++
			if g, w := dump(got, next, gotDiags), dump(want, next, wantDiags); g != w {
				t.Fatalf("step %d (%s): Update differs from Resolve:\n%s", step, kind, firstDiff(g, w))
			}
			// The next step starts from Update's result, so that errors
			// would accumulate.
			prev = got
		} else {
			prev = want
		}
		set = next
	}
	if fast < 40 {
		t.Errorf("only %d of 120 edits took the fast path", fast)
	}
}

// TestUpdateDeclines lists the changes Update must leave to Resolve.
func TestUpdateDeclines(t *testing.T) {
	cfg, set := exampleSet(t)
	prev, _ := Resolve(cfg, set, updateNow)
	rng := rand.New(rand.NewPCG(1, 2))
	first := set.Pages[0]
	for name, change := range map[string]func() (*config.Config, *content.Set, time.Time){
		"title": func() (*config.Config, *content.Set, time.Time) {
			s := *set
			s.Pages = slices.Clone(set.Pages)
			s.Pages[0] = edit(rng, first, set.Pages, "title")
			return cfg, &s, updateNow
		},
		"heading": func() (*config.Config, *content.Set, time.Time) {
			s := *set
			s.Pages = slices.Clone(set.Pages)
			s.Pages[0] = edit(rng, first, set.Pages, "heading")
			return cfg, &s, updateNow
		},
		"page removed": func() (*config.Config, *content.Set, time.Time) {
			s := *set
			s.Pages = slices.Clone(set.Pages[1:])
			return cfg, &s, updateNow
		},
		"config": func() (*config.Config, *content.Set, time.Time) {
			c := *cfg
			c.Title += "!"
			return &c, set, updateNow
		},
		"next day": func() (*config.Config, *content.Set, time.Time) {
			return cfg, set, updateNow.Add(24 * time.Hour)
		},
	} {
		c, s, now := change()
		if _, _, ok := Update(prev, c, s, now); ok {
			t.Errorf("%s: Update took the fast path", name)
		}
	}
	// Nothing changed at all: the fast path, with the same graph.
	got, diags, ok := Update(prev, cfg, set, updateNow)
	want, wantDiags := Resolve(cfg, set, updateNow)
	if !ok || dump(got, set, diags) != dump(want, set, wantDiags) {
		t.Errorf("an unchanged set: ok=%v, or a different graph", ok)
	}
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n got: %s\nwant: %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(al), len(bl))
}
