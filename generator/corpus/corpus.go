// Package corpus writes generated portfolios for benchmarks and tests: a
// site.yaml and a content folder of N pages in the kinds' realistic mix
// (about 5 % intents, 60 % initiatives, 25 % learnings and decisions, 10 %
// narratives, plus organisations, a few sources and two plain pages), with
// full front matter, 400–800 words of body, cross-links in every form trellis
// understands, tables and fenced code. Every reference resolves, so a build
// of a generated site has no error diagnostics.
//
// The output is a pure function of (N, seed): the same arguments give the
// same bytes, on any machine.
package corpus

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
)

// Options say what to generate.
type Options struct {
	Pages   int    // the number of content pages; at least MinPages
	Seed    int64  // the same seed gives the same corpus
	BaseURL string // site.yaml's base_url; default https://portfolio.example.org/
	Title   string // site.yaml's title; default "Generated portfolio"
}

// MinPages is the smallest corpus that has every kind.
const MinPages = 20

// stream separates this package's random streams from other users of a seed.
const stream = 0x7472656c6c6973 // "trellis"

// Write writes a corpus of n pages generated from seed into dir (site.yaml
// and content/). dir's content folder must not exist yet or be empty of
// pages, or the result mixes two corpora.
func Write(dir string, n int, seed int64) error {
	return WriteOptions(dir, Options{Pages: n, Seed: seed})
}

// WriteOptions writes a corpus as opt says.
func WriteOptions(dir string, opt Options) error {
	files, err := Generate(opt)
	if err != nil {
		return err
	}
	return writeFiles(dir, files)
}

// File is one generated file, its path relative to the site folder.
type File struct {
	Path string
	Data []byte
}

// Generate returns the files of a corpus without writing them, in a stable
// order: site.yaml first, then the pages by kind and index.
func Generate(opt Options) ([]File, error) {
	if opt.Pages < MinPages {
		return nil, fmt.Errorf("corpus: %d pages is too few; at least %d", opt.Pages, MinPages)
	}
	if opt.BaseURL == "" {
		opt.BaseURL = "https://portfolio.example.org/"
	}
	if opt.Title == "" {
		opt.Title = "Generated portfolio"
	}
	g := plan(opt)
	files := make([]File, 1+len(g.all))
	files[0] = File{Path: "site.yaml", Data: siteYAML(opt)}
	// Each page has its own random stream, so pages can be made in parallel
	// and a page's text does not depend on the order they are made in.
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				e := g.all[i]
				r := rand.New(rand.NewPCG(uint64(opt.Seed), uint64(i)+1))
				files[i+1] = File{Path: "content/" + e.file(), Data: g.page(r, e)}
			}
		}()
	}
	for i := range g.all {
		next <- i
	}
	close(next)
	wg.Wait()
	return files, nil
}

func writeFiles(dir string, files []File) error {
	made := map[string]bool{}
	for _, f := range files {
		full := filepath.Join(dir, filepath.FromSlash(f.Path))
		d := filepath.Dir(full)
		if !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	next := make(chan File)
	for w := 0; w < 2*runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data, 0o644); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	for _, f := range files {
		next <- f
	}
	close(next)
	wg.Wait()
	return errors.Join(errs...)
}

// Counts is how many pages of each kind a corpus of n pages has.
type Counts struct {
	Pages, Organisations, Sources, Intents, Initiatives, Learnings, Decisions, Narratives int
}

// CountsOf returns the mix of a corpus of n pages; the fields add up to n.
func CountsOf(n int) Counts {
	c := Counts{Pages: 2, Organisations: max(4, n/100), Sources: max(2, n/400)}
	rest := n - c.Pages - c.Organisations - c.Sources
	c.Intents = max(2, rest*5/100)
	c.Narratives = max(2, rest*10/100)
	c.Learnings = max(2, rest*125/1000)
	c.Decisions = max(2, rest*125/1000)
	c.Initiatives = rest - c.Intents - c.Narratives - c.Learnings - c.Decisions
	return c
}

// entry is one planned page.
type entry struct {
	folder string // "initiatives", ...; "" for a plain page
	slug   string
	title  string
	heads  []string // section headings, in order
	index  int      // index within its kind
}

func (e *entry) file() string {
	if e.folder == "" {
		return e.slug + ".md"
	}
	return e.folder + "/" + e.slug + ".md"
}

// headingID is the id trellis (and GitHub) gives a heading of plain words.
func headingID(h string) string { return strings.ReplaceAll(strings.ToLower(h), " ", "-") }

type gen struct {
	opt                                                                    Options
	pages, orgs, sources, intents, inits, learnings, decisions, narratives []*entry
	all                                                                    []*entry
	videoIDs                                                               []string // per source; "" when not a recording
}

// plan names every page and picks its headings, so that any page can link
// to any other page and to its headings.
func plan(opt Options) *gen {
	r := rand.New(rand.NewPCG(uint64(opt.Seed), stream))
	c := CountsOf(opt.Pages)
	g := &gen{opt: opt}
	num := 0
	mk := func(folder string, n int, name func(i int) (slug, title string)) []*entry {
		out := make([]*entry, n)
		for i := range out {
			num++
			slug, title := name(i)
			e := &entry{folder: folder, slug: slug, title: title, index: i}
			nh := 3 + r.IntN(3)
			perm := r.Perm(len(headings))
			for _, h := range perm[:nh] {
				e.heads = append(e.heads, headings[h])
			}
			out[i] = e
			g.all = append(g.all, e)
		}
		return out
	}
	// Slugs end in a number unique across the corpus, so that no two pages
	// share a slug, even in trellis's forgiving (hyphen-free) comparison.
	phrase := func(prefix string) func(int) (string, string) {
		return func(int) (string, string) {
			a, b := adjectives[r.IntN(len(adjectives))], nouns[r.IntN(len(nouns))]
			id := strconv.Itoa(num)
			slug := a + "-" + b + "-" + id
			if prefix != "" {
				slug = prefix + "-" + slug
			}
			words := strings.ReplaceAll(slug, "-", " ")
			return slug, strings.ToUpper(words[:1]) + words[1:]
		}
	}
	plain := []string{"about-this-portfolio", "how-we-work"}
	g.pages = mk("", c.Pages, func(i int) (string, string) {
		return plain[i%2] + "-" + strconv.Itoa(num), []string{"About this portfolio", "How we work"}[i%2]
	})
	g.orgs = mk("organisations", c.Organisations, func(i int) (string, string) {
		place := places[i%len(places)]
		kind := []string{"Council", "Foundation", "Institute", "Collective", "Cooperative", "Trust", "Ministry", "Agency"}[r.IntN(8)]
		slug := strings.ToLower(strings.ReplaceAll(place, " ", "-")) + "-" + strings.ToLower(kind) + "-" + strconv.Itoa(num)
		return slug, place + " " + kind + " " + strconv.Itoa(num)
	})
	g.sources = mk("sources", c.Sources, phrase("report"))
	g.intents = mk("intents", c.Intents, phrase("towards"))
	g.inits = mk("initiatives", c.Initiatives, phrase(""))
	g.learnings = mk("learnings", c.Learnings, phrase("learning"))
	g.decisions = mk("decisions", c.Decisions, phrase("decide"))
	g.narratives = mk("narratives", c.Narratives, phrase("story"))
	for i := range g.sources {
		if i%2 == 0 {
			g.videoIDs = append(g.videoIDs, videoID(r))
		} else {
			g.videoIDs = append(g.videoIDs, "")
		}
	}
	return g
}

func videoID(r *rand.Rand) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	b := make([]byte, 11)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func siteYAML(opt Options) []byte {
	return []byte(fmt.Sprintf(`# Generated by trellis's corpus package: %d pages, seed %d.
title: %s
base_url: %s
language: en
description: A generated innovation portfolio used to measure trellis.
statement: >-
  This portfolio is generated. It has the shape of a real one: intents,
  initiatives serving them, what was learned, what was decided and what
  residents said.
steward:
  name: Portfolio Office
  email: portfolio@example.org
contact:
  name: Portfolio Office
  email: portfolio@example.org
licence:
  content: CC BY 4.0
  content_url: https://creativecommons.org/licenses/by/4.0/
  data: CC0 1.0
  data_url: https://creativecommons.org/publicdomain/zero/1.0/
broken_references: error
accessibility:
  standard: WCAG 2.2 AA
  status: partial
  reviewed: 2026-01-15
  response_days: 10
`, opt.Pages, opt.Seed, strconv.Quote(opt.Title), opt.BaseURL))
}
