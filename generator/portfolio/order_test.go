package portfolio_test

import (
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// TestDeterministicOrder resolves the same pages handed over in many orders:
// the portfolio's order is by kind (plain pages first, then the order the
// site presents kinds in), then by path, whatever order they came in.
func TestDeterministicOrder(t *testing.T) {
	set := load(t, map[string]string{
		"content/organisations/zeta.md":       orgMD,
		"content/organisations/alpha.md":      orgMD,
		"content/narratives/story.md":         narrative("Story", ""),
		"content/decisions/d.md":              "---\ntitle: D\ndate: 2025-01-01\noutcome: start\nlearnings: [b-learning]\n---\n[[clean-air]]\n",
		"content/learnings/b-learning.md":     "---\ntitle: B\ndate: 2025-05-01\nintents: [clean-air]\n---\n[[clean-air]]\n",
		"content/learnings/a-learning.md":     "---\ntitle: A\ndate: 2025-05-01\nintents: [clean-air]\n---\n",
		"content/initiatives/bike-library.md": initiative("Bike library", "idea", "clean-air", "systems: [Transport]\n", "[[nowhere]]\n"),
		"content/initiatives/garden/index.md": initiative("Garden", "idea", "clean-air", "systems: [transport]\n", ""),
		"content/intents/clean-air.md":        intentMD,
		"content/intents/active.md":           "---\ntitle: Active\nsummary: S.\n---\n",
		"content/zebra.md":                    "---\ntitle: Zebra\n---\n[[clean-air]]\n",
		"content/guides/how.md":               "---\ntitle: How\n---\n",
		"content/about.md":                    "---\ntitle: About\n---\n",
	})
	want := []string{
		"content/about.md", "content/guides/how.md", "content/zebra.md",
		"content/intents/active.md", "content/intents/clean-air.md",
		"content/initiatives/bike-library.md", "content/initiatives/garden/index.md",
		"content/learnings/a-learning.md", "content/learnings/b-learning.md",
		"content/decisions/d.md",
		"content/narratives/story.md",
		"content/organisations/alpha.md", "content/organisations/zeta.md",
	}
	type snapshot struct {
		Pages, Intents, Backlinks, Transport []string
		Diags                                string
	}
	take := func(pf *portfolio.Portfolio, diags string) snapshot {
		var air *content.Page
		for _, p := range pf.Pages {
			if p.Slug == "clean-air" {
				air = p
			}
		}
		var back []string
		for _, e := range pf.In(air) {
			back = append(back, e.From.File+" "+e.Field)
		}
		return snapshot{files(pf.Pages), files(pf.Of(content.KindIntent)), back, files(pf.TermPages("systems", "transport")), diags}
	}

	pf, diags := portfolio.Resolve(config.Default(), set, now)
	first := take(pf, diags.String())
	if !reflect.DeepEqual(first.Pages, want) {
		t.Fatalf("Pages =\n%v\nwant\n%v", first.Pages, want)
	}
	if got := first.Intents; !reflect.DeepEqual(got, []string{"content/intents/active.md", "content/intents/clean-air.md"}) {
		t.Errorf("Of(intent) = %v", got)
	}

	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 20; i++ {
		shuffled := *set
		shuffled.Pages = append([]*content.Page(nil), set.Pages...)
		rng.Shuffle(len(shuffled.Pages), func(i, j int) {
			shuffled.Pages[i], shuffled.Pages[j] = shuffled.Pages[j], shuffled.Pages[i]
		})
		pf, diags := portfolio.Resolve(config.Default(), &shuffled, now)
		if got := take(pf, diags.String()); !reflect.DeepEqual(got, first) {
			t.Fatalf("shuffle %d gives\n%+v\nwant\n%+v", i, got, first)
		}
	}
}
