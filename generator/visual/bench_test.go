package visual

import (
	"fmt"
	"os"
	"sync"
	"testing"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/corpus"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

var generatedSystems = []string{"transport", "health", "housing", "energy", "education", "food", "community gardens", "water", "culture", "economy", "data", "social care"}

// generated builds, in memory, a portfolio of n initiatives serving k
// intents, with relations, learnings, decisions and stories. It uses a
// fixed linear congruential sequence, so it is the same on every run.
func generated(n, k int) *portfolio.Portfolio {
	seed := uint32(12345)
	rnd := func(m int) int {
		seed = seed*1664525 + 1013904223
		return int(seed>>8) % m
	}
	ref := func(field, target string, kind content.Kind, rel string) content.Ref {
		return content.Ref{Field: field, Target: target, Kinds: []content.Kind{kind}, Relation: rel, Line: 1, Col: 1}
	}
	set := &content.Set{Dir: "content"}
	tokens := []string{"teal", "indigo", "amber", "rose", "green", "violet", "blue", "orange"}
	for i := 0; i < k; i++ {
		p := &content.Page{Kind: content.KindIntent, Slug: fmt.Sprintf("intent-%02d", i), File: fmt.Sprintf("content/intents/intent-%02d.md", i)}
		p.Title = fmt.Sprintf("Intent number %d for the city", i)
		p.Summary = "An intent."
		p.Weight = i
		p.Color = tokens[i%len(tokens)]
		set.Pages = append(set.Pages, p)
	}
	rels := []string{"builds-on", "complements", "tension-with", "spun-out-of", "part-of", ""}
	statuses := config.DefaultStatuses
	for i := 0; i < n; i++ {
		p := &content.Page{Kind: content.KindInitiative, Slug: fmt.Sprintf("initiative-%04d", i), File: fmt.Sprintf("content/initiatives/initiative-%04d.md", i)}
		p.Title = fmt.Sprintf("Initiative %d on something useful", i)
		p.Summary = "An initiative."
		p.Status = statuses[rnd(len(statuses))]
		a := rnd(k)
		p.Intents = []string{fmt.Sprintf("intent-%02d", a)}
		p.Refs = append(p.Refs, ref("intents", p.Intents[0], content.KindIntent, ""))
		if rnd(3) == 0 {
			b := (a + 1 + rnd(k-1)) % k
			p.Intents = append(p.Intents, fmt.Sprintf("intent-%02d", b))
			p.Refs = append(p.Refs, ref("intents", p.Intents[1], content.KindIntent, ""))
		}
		p.Systems = []string{generatedSystems[rnd(len(generatedSystems))], generatedSystems[rnd(len(generatedSystems))]}
		if i > 0 && rnd(2) == 0 {
			p.Refs = append(p.Refs, ref("related.to", fmt.Sprintf("initiative-%04d", rnd(i)), content.KindInitiative, rels[rnd(len(rels))]))
		}
		set.Pages = append(set.Pages, p)
		for j, kind := range []content.Kind{content.KindLearning, content.KindDecision, content.KindNarrative} {
			for c := rnd(3 - j); c > 0; c-- {
				q := &content.Page{Kind: kind, Slug: fmt.Sprintf("%s-%04d-%d", kind, i, c), File: fmt.Sprintf("content/%s/%s-%04d-%d.md", kind.Folder(), kind, i, c)}
				q.Title = fmt.Sprintf("A %s about initiative %d", kind, i)
				q.Refs = append(q.Refs, ref("initiatives", p.Slug, content.KindInitiative, ""))
				set.Pages = append(set.Pages, q)
			}
		}
	}
	cfg := config.Default()
	pf, _ := portfolio.Resolve(cfg, set, now)
	return pf
}

// BenchmarkIntentMap lays out the map of a portfolio of 1,000 initiatives
// and 20 intents.
func BenchmarkIntentMap(b *testing.B) {
	pf := generated(1000, 20)
	b.ResetTimer()
	for b.Loop() {
		IntentMap(pf, MapOptions{})
	}
}

// BenchmarkIntentFocus lays out the map of one intent of that portfolio
// (about a hundred initiatives).
func BenchmarkIntentFocus(b *testing.B) {
	pf := generated(1000, 20)
	in := pf.Of(content.KindIntent)[0]
	b.ResetTimer()
	for b.Loop() {
		IntentFocus(pf, in)
	}
}

// BenchmarkEgoMap lays out an initiative's own map.
func BenchmarkEgoMap(b *testing.B) {
	pf := generated(1000, 20)
	p := pf.Of(content.KindInitiative)[500]
	b.ResetTimer()
	for b.Loop() {
		EgoMap(pf, p)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	corpus.RemoveCached()
	os.Exit(code)
}

var corpus10k struct {
	once sync.Once
	pf   *portfolio.Portfolio
	err  error
}

// corpusPortfolio loads the generated corpus of 10,000 pages (about 500
// intents and 6,000 initiatives), written once per test binary, only when
// a benchmark asks for it.
func corpusPortfolio(b *testing.B) *portfolio.Portfolio {
	b.Helper()
	corpus10k.once.Do(func() {
		dir, err := corpus.Cached(10000, 1)
		if err != nil {
			corpus10k.err = err
			return
		}
		cfg, d := config.Load(dir)
		set, d2 := content.Load(dir, cfg.ContentDir, content.Options{Statuses: cfg.Statuses, Now: now, Languages: cfg.Languages.Codes()})
		pf, d3 := portfolio.Resolve(cfg, set, now)
		if d.HasErrors() || d2.HasErrors() || d3.HasErrors() {
			corpus10k.err = fmt.Errorf("the corpus has errors")
		}
		corpus10k.pf = pf
	})
	if corpus10k.err != nil {
		b.Fatal(corpus10k.err)
	}
	return corpus10k.pf
}

// BenchmarkIntentFocus10k lays out the maps of every 25th intent of the
// 10,000-page corpus (20 maps an op; most are served by 40 to 60
// initiatives), as a full build does for every intent.
func BenchmarkIntentFocus10k(b *testing.B) {
	pf := corpusPortfolio(b)
	intents := pf.Of(content.KindIntent)
	b.ResetTimer()
	for b.Loop() {
		for i := 0; i < len(intents); i += 25 {
			IntentFocus(pf, intents[i])
		}
	}
}

// BenchmarkEgoMap10k lays out the maps of every 300th initiative of the
// 10,000-page corpus (20 maps an op).
func BenchmarkEgoMap10k(b *testing.B) {
	pf := corpusPortfolio(b)
	inits := pf.Of(content.KindInitiative)
	b.ResetTimer()
	for b.Loop() {
		for i := 0; i < len(inits); i += 300 {
			EgoMap(pf, inits[i])
		}
	}
}
