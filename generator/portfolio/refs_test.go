package portfolio_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

func TestFrontMatterReferenceAndBacklinks(t *testing.T) {
	pf, diags := resolve(t, map[string]string{
		"content/intents/clean-air.md":          intentMD,
		"content/organisations/city-council.md": orgMD,
		"content/initiatives/bike-library.md": initiative("Bike library", "piloting", "clean-air", "lead: city-council\n"+
			"partners:\n  - org: city-council\n    role: funding\n", "Body.\n"),
		"content/learnings/bikes-help.md": "---\ntitle: Bikes help\ndate: 2025-05-01\ninitiatives: [bike-library]\nintents: [Clean Air]\n---\n",
	}, nil)
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", diags.String())
	}
	air := page(t, pf, "content/intents/clean-air.md")
	bike := page(t, pf, "content/initiatives/bike-library.md")
	council := page(t, pf, "content/organisations/city-council.md")
	learning := page(t, pf, "content/learnings/bikes-help.md")

	if got := pf.Targets(bike, "intents"); !reflect.DeepEqual(got, []*content.Page{air}) {
		t.Errorf("Targets(bike, intents) = %v, want the clean-air intent", files(got))
	}
	// A front matter slug is looked up forgivingly too ("Clean Air").
	if got := pf.Targets(learning, "intents"); !reflect.DeepEqual(got, []*content.Page{air}) {
		t.Errorf("Targets(learning, intents) = %v, want the clean-air intent", files(got))
	}
	if got := pf.Referrers(air, content.KindInitiative); !reflect.DeepEqual(got, []*content.Page{bike}) {
		t.Errorf("Referrers(clean-air, initiative) = %v, want bike-library", files(got))
	}
	if got := pf.Referrers(air, content.KindLearning, "intents"); !reflect.DeepEqual(got, []*content.Page{learning}) {
		t.Errorf("Referrers(clean-air, learning, intents) = %v, want bikes-help", files(got))
	}
	if got := pf.Referrers(air, content.KindInitiative, "lead"); len(got) != 0 {
		t.Errorf("Referrers(clean-air, initiative, lead) = %v, want none", files(got))
	}
	// The council is referred to twice by the same page, and listed once.
	if got := pf.Referrers(council, content.KindInitiative); !reflect.DeepEqual(got, []*content.Page{bike}) {
		t.Errorf("Referrers(council, initiative) = %v, want bike-library once", files(got))
	}
	var roles []string
	for _, e := range pf.In(council) {
		roles = append(roles, e.Field+":"+e.Relation)
	}
	if want := []string{"lead:", "partners.org:funding"}; !reflect.DeepEqual(roles, want) {
		t.Errorf("edges into the council = %v, want %v", roles, want)
	}
	if got := pf.Referrers(bike, content.KindLearning, "initiatives"); !reflect.DeepEqual(got, []*content.Page{learning}) {
		t.Errorf("Referrers(bike, learning) = %v, want bikes-help", files(got))
	}
}

func TestUnknownReference(t *testing.T) {
	// Line 5 is `intents: [...]`; the slug starts in column 11.
	for _, tc := range []struct {
		name, broken, slug, hint string
		sev                      diag.Severity
	}{
		{"typo is an error with a suggestion", "", "clean-ari", "did you mean `clean-air`?", diag.Error},
		{"typo is a warning when the site says so", "warning", "clean-ari", "did you mean `clean-air`?", diag.Warning},
		{"nothing close", "error", "social-care-reform", "no page in intents has that slug", diag.Error},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Default()
			if tc.broken != "" {
				cfg.BrokenReferences = tc.broken
			}
			pf, diags := resolve(t, map[string]string{
				"content/intents/clean-air.md":        intentMD,
				"content/initiatives/bike-library.md": initiative("Bike library", "piloting", tc.slug, "", ""),
			}, cfg)
			d := only(t, diags, "ref-unknown")
			at(t, d, "content/initiatives/bike-library.md", 5, 11, tc.sev)
			if !strings.Contains(d.Hint, tc.hint) {
				t.Errorf("hint %q, want it to contain %q", d.Hint, tc.hint)
			}
			if !strings.Contains(d.Message, tc.slug) {
				t.Errorf("message %q does not name %q", d.Message, tc.slug)
			}
			bike := page(t, pf, "content/initiatives/bike-library.md")
			if got := pf.Targets(bike, "intents"); len(got) != 0 {
				t.Errorf("a broken reference made an edge to %v", files(got))
			}
		})
	}
}

func TestWithheldNarrative(t *testing.T) {
	pf, diags := resolve(t, map[string]string{
		"content/narratives/gone.md": narrative("Gone", "  withdrawn: 2025-01-01\n"),
		"content/narratives/kept.md": narrative("Kept", ""),
		"content/decisions/stop.md": "---\ntitle: Stop\ndate: 2025-02-01\noutcome: stop\nnarratives: [gone, kept]\n---\n" +
			"See [[gone]] and [the story](../narratives/gone.md).\n",
	}, nil)
	if diags.HasErrors() {
		t.Fatalf("a withheld story must not fail the build:\n%s", diags.String())
	}
	if got := files(pf.Withheld); !reflect.DeepEqual(got, []string{"content/narratives/gone.md"}) {
		t.Errorf("Withheld = %v", got)
	}
	for _, p := range pf.Pages {
		if p.Slug == "gone" {
			t.Errorf("the withheld story is published")
		}
	}
	stop := page(t, pf, "content/decisions/stop.md")
	kept := page(t, pf, "content/narratives/kept.md")

	ws := withCode(diags, "ref-withheld")
	if len(ws) != 3 {
		t.Fatalf("want 3 ref-withheld warnings (front matter, wiki-link, file link), got:\n%s", diags.String())
	}
	at(t, ws[0], "content/decisions/stop.md", 5, 14, diag.Warning)
	at(t, ws[1], "content/decisions/stop.md", 7, 5, diag.Warning)
	at(t, ws[2], "content/decisions/stop.md", 7, 18, diag.Warning)
	for _, d := range ws {
		if !strings.Contains(d.Message, "withdrawn") {
			t.Errorf("%s: the message should say why the story is not published", d)
		}
	}
	if got := pf.Targets(stop, "narratives"); !reflect.DeepEqual(got, []*content.Page{kept}) {
		t.Errorf("Targets(stop, narratives) = %v, want only the published story", files(got))
	}
	for _, e := range pf.Out(stop) {
		if e.To.Withheld != "" {
			t.Errorf("edge %s → %s to a withheld page", e.Field, e.To.File)
		}
	}
	links := pf.Links(stop)
	if len(links) != 2 {
		t.Fatalf("Links = %v, want two slots", links)
	}
	for i, l := range links {
		if l.URL != "" || l.Title != "" {
			t.Errorf("link %d to the withheld story = %+v, want it unresolved", i, l)
		}
	}
}

func TestRelatedInitiativesBothSides(t *testing.T) {
	pf, diags := resolve(t, map[string]string{
		"content/intents/clean-air.md": intentMD,
		"content/initiatives/a.md": initiative("A", "piloting", "clean-air",
			"related:\n  - to: b\n    relation: builds-on\n  - c\n", ""),
		"content/initiatives/b.md": initiative("B", "piloting", "clean-air", "", ""),
		"content/initiatives/c.md": initiative("C", "piloting", "clean-air", "", ""),
	}, nil)
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", diags.String())
	}
	a := page(t, pf, "content/initiatives/a.md")
	b := page(t, pf, "content/initiatives/b.md")
	c := page(t, pf, "content/initiatives/c.md")
	for _, tc := range []struct {
		of   *content.Page
		want []portfolio.Related
	}{
		{a, []portfolio.Related{{Page: b, Relation: "builds-on"}, {Page: c}}},
		{b, []portfolio.Related{{Page: a, Relation: "builds-on", Inverse: true}}},
		{c, []portfolio.Related{{Page: a, Inverse: true}}},
	} {
		if got := pf.RelatedOf(tc.of); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("RelatedOf(%s) = %s, want %s", tc.of.Slug, related(got), related(tc.want))
		}
	}
}

func related(rs []portfolio.Related) string {
	var parts []string
	for _, r := range rs {
		s := r.Page.Slug + "/" + r.Relation
		if r.Inverse {
			s += "/inverse"
		}
		parts = append(parts, s)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func TestMentionsLeaveOutFrontMatterLinks(t *testing.T) {
	pf, diags := resolve(t, map[string]string{
		"content/intents/clean-air.md": intentMD,
		// Refers to the intent in front matter and mentions it in the text:
		// it is a referrer, not a mention.
		"content/initiatives/bike-library.md": initiative("Bike library", "piloting", "clean-air", "", "Serves [[clean-air]].\n"),
		// Mentions it twice in the text only.
		"content/learnings/air.md": "---\ntitle: Air\ndate: 2025-05-01\ninitiatives: [bike-library]\n---\n[[clean-air]] and [again](../intents/clean-air.md).\n",
		"content/about.md":         "---\ntitle: About\n---\nWe care about [[Clean Air]].\n",
	}, nil)
	if diags.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", diags.String())
	}
	air := page(t, pf, "content/intents/clean-air.md")
	want := []string{"content/about.md", "content/learnings/air.md"}
	if got := files(pf.Mentions(air)); !reflect.DeepEqual(got, want) {
		t.Errorf("Mentions(clean-air) = %v, want %v", got, want)
	}
	bike := page(t, pf, "content/initiatives/bike-library.md")
	if got := pf.Mentions(bike); len(got) != 0 {
		t.Errorf("Mentions(bike-library) = %v, want none (the learning refers to it in front matter)", files(got))
	}
}

func TestIntentCycleAndSelfReference(t *testing.T) {
	intent := func(title, parent string) string {
		return "---\ntitle: " + title + "\nsummary: S.\nparent: " + parent + "\n---\n"
	}
	t.Run("cycle", func(t *testing.T) {
		pf, diags := resolve(t, map[string]string{
			"content/intents/a.md":    intent("A", "b"),
			"content/intents/b.md":    intent("B", "a"),
			"content/intents/root.md": intentMD,
			"content/intents/leaf.md": intent("Leaf", "a"),
		}, nil)
		// One cycle, reported once, at the `parent:` of one of its intents.
		d := only(t, diags, "ref-cycle")
		if d.File != "content/intents/a.md" && d.File != "content/intents/b.md" {
			t.Errorf("%s: want it on a.md or b.md", d)
		}
		at(t, d, d.File, 4, -1, diag.Error)
		// The references themselves resolve.
		a, b := page(t, pf, "content/intents/a.md"), page(t, pf, "content/intents/b.md")
		if got := pf.Targets(a, "parent"); !reflect.DeepEqual(got, []*content.Page{b}) {
			t.Errorf("Targets(a, parent) = %v", files(got))
		}
	})
	t.Run("longer cycle", func(t *testing.T) {
		_, diags := resolve(t, map[string]string{
			"content/intents/a.md": intent("A", "b"),
			"content/intents/b.md": intent("B", "c"),
			"content/intents/c.md": intent("C", "a"),
		}, nil)
		only(t, diags, "ref-cycle")
	})
	t.Run("no cycle", func(t *testing.T) {
		_, diags := resolve(t, map[string]string{
			"content/intents/clean-air.md": intentMD,
			"content/intents/a.md":         intent("A", "clean-air"),
			"content/intents/b.md":         intent("B", "a"),
		}, nil)
		if len(diags) != 0 {
			t.Errorf("unexpected diagnostics:\n%s", diags.String())
		}
	})
	t.Run("self", func(t *testing.T) {
		pf, diags := resolve(t, map[string]string{
			"content/intents/a.md":         intent("A", "a"),
			"content/intents/clean-air.md": intentMD,
			"content/initiatives/x.md":     initiative("X", "idea", "clean-air", "related: [x]\n", ""),
		}, nil)
		self := withCode(diags, "ref-self")
		if len(self) != 2 {
			t.Fatalf("want two ref-self errors, got:\n%s", diags.String())
		}
		at(t, self[0], "content/intents/a.md", 4, 9, diag.Error)
		at(t, self[1], "content/initiatives/x.md", 6, 11, diag.Error)
		none(t, diags, "ref-cycle")
		x := page(t, pf, "content/initiatives/x.md")
		if got := pf.RelatedOf(x); len(got) != 0 {
			t.Errorf("RelatedOf(x) = %s, want nothing", related(got))
		}
	})
}

func TestAliasCollision(t *testing.T) {
	base := map[string]string{
		"content/intents/clean-air.md": "---\ntitle: Clean air\nsummary: S.\nsystems: [Transport]\n---\n",
		"content/about.md":             "---\ntitle: About\n---\n",
	}
	for _, tc := range []struct {
		name, aliases string
		collides      bool
	}{
		{"another page", "[/intents/clean-air/]", true},
		{"a plain page", "[about]", true},
		{"a list", "[/intents/]", true},
		{"a taxonomy term page", "[/systems/transport/]", true},
		{"a generated page", "[/search/]", true},
		{"the page's own address", "[/initiatives/bike-library/]", true},
		{"an old address", "[/projects/bikes/]", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := map[string]string{
				"content/initiatives/bike-library.md": initiative("Bike library", "idea", "clean-air", "aliases: "+tc.aliases+"\n", ""),
			}
			for k, v := range base {
				site[k] = v
			}
			_, diags := resolve(t, site, nil)
			if !tc.collides {
				none(t, diags, "alias-collision")
				return
			}
			d := only(t, diags, "alias-collision")
			at(t, d, "content/initiatives/bike-library.md", 6, -1, diag.Error)
		})
	}
	t.Run("two pages claim one alias", func(t *testing.T) {
		_, diags := resolve(t, map[string]string{
			"content/intents/clean-air.md": intentMD,
			"content/initiatives/a.md":     initiative("A", "idea", "clean-air", "aliases: [/old/]\n", ""),
			"content/initiatives/b.md":     initiative("B", "idea", "clean-air", "aliases: [/old/]\n", ""),
		}, nil)
		d := only(t, diags, "alias-collision")
		at(t, d, "content/initiatives/b.md", 6, -1, diag.Error)
		if !strings.Contains(d.Message, "content/initiatives/a.md") {
			t.Errorf("%s: should name the page that has the alias", d)
		}
	})
}
