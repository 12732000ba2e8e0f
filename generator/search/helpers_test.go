package search_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/markdown"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// now is after the example's withdrawn story lost its consent (2026-03-01).
var now = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)

// repoRoot is the repository, which is also the example site.
const repoRoot = "../.."

// scriptPath is the browser side of the index.
var scriptPath = filepath.Join(repoRoot, "themes", "default", "assets", "search.js")

// loadSite loads and resolves the site in dir, failing on any error.
func loadSite(t testing.TB, dir string, drafts bool) *portfolio.Portfolio {
	t.Helper()
	cfg, diags := config.Load(dir)
	set, d := content.Load(dir, cfg.ContentDir, content.Options{Drafts: drafts, Statuses: cfg.Statuses, Now: now, Languages: cfg.Languages.Codes()})
	diags = append(diags, d...)
	pf, d := portfolio.Resolve(cfg, set, now)
	diags = append(diags, d...)
	for _, x := range diags {
		if x.Severity == diag.Error {
			t.Fatalf("site %s does not load: %s:%d: %s", dir, x.File, x.Line, x.Message)
		}
	}
	return pf
}

// example is the example portfolio of the repository.
func example(t testing.TB) *portfolio.Portfolio {
	t.Helper()
	return loadSite(t, repoRoot, false)
}

// writeSite writes files (relative paths) into a new site folder.
func writeSite(t testing.TB, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// vocabulary is the fixed word list generated bodies are drawn from:
// uniform draws from a few hundred words put nearly every word on nearly
// every page, the worst case for posting lists.
var vocabulary = strings.Fields(`
bike library garden heat street school air health older people walk travel homes energy shade trees bench
route clinic neighbourhood council ministry fund budget pilot team partners learned tried changed stopped
started scaled paused measured asked listened children parents carers volunteers drivers riders nurses
gardeners officers tenants morning evening winter summer year month week season day night quiet busy green
warm cool safe slow fast fair local data sensor survey story interview workshop map report meeting assembly
because while after before when where although more fewer most some every each many several few all
without across around between under money grant contract procurement evidence insight pattern surprise
question decision transport housing food care water waste land culture work learning lanes parking loading
bays crossings pavements squares parks roofs yards retrofit insulation boilers stoves solar batteries
heatwave flooding pollution noise trust access cost time risk value demand supply capacity quality first
second third last next early late new old long simple hard clear open shared public private small large
whole river bridge market station hospital pharmacy doctor patient visit loneliness friendship club choir
football swimming pool playground allotment compost seeds harvest kitchen meal cooking fridge surplus
donation shop repair tools loan electric cargo trike helmet lesson wheel chain battery charger hub depot
van delivery courier freight lorry bus tram train ticket fare timetable shelter signage lighting camera
safety crime fear confidence pride belonging identity heritage mural festival music theatre dance art
youth elders migrants newcomers language translation advice benefits debt rent landlord damp mould heating
bills meter tariff cooperative community ownership governance vote jury panel consultation feedback
complaint praise thanks apology promise target indicator baseline trend signal outcome impact
`)

// generate returns a portfolio of n pages: intents, initiatives, learnings,
// decisions, stories, sources and organisations in fixed proportions, with
// pseudo-random text from a fixed seed, so the same n gives the same site.
func generate(t testing.TB, n int) *portfolio.Portfolio {
	t.Helper()
	rng := rand.New(rand.NewPCG(2026, 11))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	text := func(min, max int) string {
		k := min + rng.IntN(max-min+1)
		ws := make([]string, k)
		for i := range ws {
			ws[i] = pick(vocabulary)
		}
		return strings.Join(ws, " ")
	}
	title := func(i int) string {
		s := text(1, 3)
		return strings.ToUpper(s[:1]) + s[1:] + fmt.Sprintf(" %d", i)
	}
	systems := []string{"transport", "health", "housing", "energy", "food", "green space", "education", "social care", "water", "culture", "economy", "digital"}
	places := []string{"Eastbank", "Millbrook", "Harbour Lane", "Northgate", "Old Town", "Riverside", "Hillcrest", "Southfield", "Westmoor", "Canal Quarter"}
	statuses := config.DefaultStatuses
	nIntents := max(n/200, 3)
	share := []struct {
		kind content.Kind
		part int // per thousand of the rest
	}{
		{content.KindInitiative, 400}, {content.KindLearning, 250}, {content.KindDecision, 150},
		{content.KindNarrative, 120}, {content.KindSource, 30}, {content.KindOrganisation, 50},
	}
	set := &content.Set{Root: "generated", Dir: "content"}
	var intents []string
	add := func(k content.Kind, i int, fill func(p *content.Page)) {
		slug := fmt.Sprintf("%s-%05d", k, i)
		p := &content.Page{Kind: k, Slug: slug, File: "content/" + k.Folder() + "/" + slug + ".md"}
		p.Title = title(i)
		p.Summary = text(8, 20)
		body := text(150, 500)
		p.Body = &markdown.Document{Text: body, Words: len(strings.Fields(body))}
		if fill != nil {
			fill(p)
		}
		set.Pages = append(set.Pages, p)
	}
	serve := func(p *content.Page, most int) {
		for j := 0; j <= rng.IntN(most); j++ {
			in := intents[rng.IntN(len(intents))]
			p.Intents = append(p.Intents, in)
			p.Refs = append(p.Refs, content.Ref{Field: "intents", Target: in, Kinds: []content.Kind{content.KindIntent}, Line: 1, Col: 1})
		}
	}
	for i := 0; i < nIntents; i++ {
		intents = append(intents, fmt.Sprintf("intent-%05d", i))
		add(content.KindIntent, i, func(p *content.Page) {
			p.Systems = []string{pick(systems), pick(systems)}
		})
	}
	rest := n - nIntents
	for si, s := range share {
		count := rest * s.part / 1000
		if si == len(share)-1 {
			count = n - len(set.Pages)
		}
		for i := 0; i < count; i++ {
			add(s.kind, i, func(p *content.Page) {
				switch s.kind {
				case content.KindInitiative:
					p.Status = pick(statuses)
					p.Systems = []string{pick(systems)}
					if rng.IntN(2) == 0 {
						p.Systems = append(p.Systems, pick(systems))
					}
					p.Places = []string{pick(places)}
					serve(p, 2)
				case content.KindLearning, content.KindDecision:
					serve(p, 1)
				case content.KindNarrative:
					p.Place = pick(places)
					p.Consent = content.Consent{Scope: []string{"site", "quote"}}
					p.Quote = text(10, 25)
					p.Summary = ""
					serve(p, 1)
				}
			})
		}
	}
	pf, diags := portfolio.Resolve(config.Default(), set, now)
	for _, d := range diags {
		if d.Severity == diag.Error {
			t.Fatalf("generated portfolio: %s: %s", d.File, d.Message)
		}
	}
	if len(pf.Pages) != n {
		t.Fatalf("generated %d pages, want %d", len(pf.Pages), n)
	}
	return pf
}
