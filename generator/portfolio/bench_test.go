package portfolio_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/markdown"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// syntheticSet builds a portfolio of about 5,000 pages in memory, shaped like
// a large real one: every page refers to others in front matter and links to
// them from its text, some by forgiving wiki-links, some by file links.
func syntheticSet() *content.Set {
	const (
		intents, initiatives, learnings, decisions, narratives, orgs = 50, 2000, 2000, 500, 300, 150
	)
	set := &content.Set{Dir: "content"}
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	add := func(k content.Kind, slug, title string, refs []content.Ref, links ...markdown.Link) *content.Page {
		p := &content.Page{Kind: k, Slug: slug, File: "content/" + k.Folder() + "/" + slug + ".md", Refs: refs}
		p.Title = title
		p.Body = &markdown.Document{Links: links, Headings: []markdown.Heading{{Level: 2, ID: "costs", Text: "Costs"}}}
		set.Pages = append(set.Pages, p)
		return p
	}
	ref := func(field, target string, kinds ...content.Kind) content.Ref {
		return content.Ref{Field: field, Target: target, Kinds: kinds, Line: 3, Col: 1}
	}
	wiki := func(target, fragment string) markdown.Link {
		return markdown.Link{Kind: markdown.WikiLink, Target: target, Fragment: fragment, Line: 10, Col: 1}
	}
	for i := range orgs {
		add(content.KindOrganisation, fmt.Sprintf("org-%d", i), fmt.Sprintf("Org %d", i), nil)
	}
	for i := range intents {
		var refs []content.Ref
		if i%10 != 0 {
			refs = append(refs, ref("parent", fmt.Sprintf("intent-%d", i-1), content.KindIntent))
		}
		p := add(content.KindIntent, fmt.Sprintf("intent-%d", i), fmt.Sprintf("Intent %d", i), refs)
		p.Systems = []string{"System " + fmt.Sprint(i%7)}
	}
	for i := range initiatives {
		p := add(content.KindInitiative, fmt.Sprintf("initiative-%d", i), fmt.Sprintf("Initiative %d", i),
			[]content.Ref{
				ref("intents", fmt.Sprintf("intent-%d", i%intents), content.KindIntent),
				ref("intents", fmt.Sprintf("Intent %d", (i+1)%intents), content.KindIntent),
				ref("lead", fmt.Sprintf("org-%d", i%orgs), content.KindOrganisation),
				{Field: "related.to", Target: fmt.Sprintf("initiative-%d", (i+1)%initiatives), Kinds: []content.Kind{content.KindInitiative}, Relation: "builds-on"},
			},
			wiki(fmt.Sprintf("Intent %d", i%intents), "costs"),
			wiki(fmt.Sprintf("initiatives/initiative-%d", (i+7)%initiatives), ""),
			markdown.Link{Kind: markdown.FileLink, Target: fmt.Sprintf("initiative-%d.md", (i+3)%initiatives), Fragment: "costs"},
		)
		if i%100 == 0 {
			// A few broken links: each costs a search for a suggestion
			// among every slug.
			p.Body.Links = append(p.Body.Links, wiki(fmt.Sprintf("missing-%d", i), ""))
		}
		p.Status = []string{"idea", "exploring", "piloting", "scaling", "stopped"}[i%5]
		p.Start = content.Date{Time: day.AddDate(0, 0, i%1500)}
		p.Places = []string{fmt.Sprintf("Place %d", i%40)}
		p.Systems = []string{"System " + fmt.Sprint(i%7)}
		p.StatusHistory = []content.StatusChange{{Status: p.Status, Date: p.Start}}
		p.Facet = content.Facets[i%len(content.Facets)]
		if i%20 == 0 {
			p.Aliases = []string{fmt.Sprintf("projects/old-%d/", i)}
		}
	}
	for i := range learnings {
		p := add(content.KindLearning, fmt.Sprintf("learning-%d", i), fmt.Sprintf("Learning %d", i),
			[]content.Ref{ref("initiatives", fmt.Sprintf("initiative-%d", i%initiatives), content.KindInitiative)},
			wiki(fmt.Sprintf("initiative_%d", (i+11)%initiatives), ""))
		p.Date = content.Date{Time: day.AddDate(0, 0, i%2000)}
		p.Initiatives = []string{fmt.Sprintf("initiative-%d", i%initiatives)}
	}
	for i := range decisions {
		p := add(content.KindDecision, fmt.Sprintf("decision-%d", i), fmt.Sprintf("Decision %d", i),
			[]content.Ref{
				ref("initiatives", fmt.Sprintf("initiative-%d", i*4), content.KindInitiative),
				ref("learnings", fmt.Sprintf("learning-%d", i*4), content.KindLearning),
			})
		p.Learnings = []string{fmt.Sprintf("learning-%d", i*4)}
	}
	for i := range narratives {
		p := add(content.KindNarrative, fmt.Sprintf("story-%d", i), fmt.Sprintf("Story %d", i),
			[]content.Ref{ref("initiatives", fmt.Sprintf("initiative-%d", i), content.KindInitiative)})
		p.Place = fmt.Sprintf("Place %d", i%40)
		if i%50 == 0 {
			p.Withheld = "consent withdrawn on 2025-01-01"
		}
	}
	return set
}

func BenchmarkResolve(b *testing.B) {
	set := syntheticSet()
	cfg := config.Default()
	if n := len(set.Pages); n != 5000 {
		b.Fatalf("%d pages, want 5000", n)
	}
	b.ReportAllocs()
	for b.Loop() {
		pf, diags := portfolio.Resolve(cfg, set, now)
		if len(pf.Pages) == 0 || len(diags) == 0 {
			b.Fatal("nothing resolved")
		}
	}
}

// TestSyntheticSet keeps the benchmark's input honest: it resolves, and
// resolves the way it is meant to.
func TestSyntheticSet(t *testing.T) {
	pf, diags := portfolio.Resolve(config.Default(), syntheticSet(), now)
	if got := len(pf.Pages) + len(pf.Withheld); got != 5000 {
		t.Fatalf("%d pages", got)
	}
	if got := len(withCode(diags, "ref-unknown")); got != 20 {
		t.Errorf("%d ref-unknown, want one per hundred initiatives", got)
	}
	for _, code := range []string{"ref-ambiguous", "link-heading", "link-missing", "ref-cycle"} {
		none(t, diags, code)
	}
	if got := len(pf.Terms("places")); got != 40 {
		t.Errorf("%d places", got)
	}
}
