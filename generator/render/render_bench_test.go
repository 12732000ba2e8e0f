package render_test

import (
	"bytes"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/html"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/corpus"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/render"
)

// Stage benchmarks of rendering on a generated corpus of TRELLIS_BENCH_PAGES
// pages (default 1,000), written once per test binary, only when a benchmark
// runs.

func TestMain(m *testing.M) {
	code := m.Run()
	corpus.RemoveCached()
	os.Exit(code)
}

var benchNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

type benchSite struct {
	dir string
	n   int
	pf  *portfolio.Portfolio
	r   *render.Renderer
}

func loadBenchSite(b *testing.B) benchSite {
	b.Helper()
	n, err := corpus.PagesFromEnv(1000)
	if err != nil {
		b.Fatal(err)
	}
	dir, err := corpus.Cached(n, 1)
	if err != nil {
		b.Fatal(err)
	}
	pf, diags := generator.Load(generator.Options{Source: dir, Now: benchNow})
	if diags.HasErrors() {
		b.Fatal("the corpus has errors")
	}
	theme, err := render.LoadTheme(render.ThemeFS(dir, pf.Config.Theme), pf.Config.LanguageCodes()...)
	if err != nil {
		b.Fatal(err)
	}
	return benchSite{dir: dir, n: n, pf: pf, r: render.New(theme)}
}

// discard is an Output that keeps nothing but counts bytes.
type discard struct{ bytes atomic.Int64 }

func (d *discard) WriteFile(name string, data []byte) error {
	d.bytes.Add(int64(len(data)))
	return nil
}

// BenchmarkRender renders every file of the site (templates, body slots,
// minification) into an Output that discards them.
func BenchmarkRender(b *testing.B) {
	s := loadBenchSite(b)
	b.ReportAllocs()
	var out discard
	for b.Loop() {
		if _, err := s.r.Render(s.pf, s.dir, &out); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(out.bytes.Load() / int64(b.N))
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*s.n), "µs/page")
}

// rendered renders the site once into memory.
func rendered(b *testing.B, s benchSite) *render.Memory {
	b.Helper()
	var mem render.Memory
	if _, err := s.r.Render(s.pf, s.dir, &mem); err != nil {
		b.Fatal(err)
	}
	return &mem
}

// BenchmarkMinify minifies HTML the way the render stage does (tdewolff's
// HTML minifier with the same settings). The minifier inside render is not
// exported, so this measures the library on two inputs: "body" is the
// goldmark HTML of every page body (unminified, as goldmark writes it),
// "page" is every rendered entity page (already minified once, so it shows
// the tokenizer's cost per byte of a full page).
func BenchmarkMinify(b *testing.B) {
	s := loadBenchSite(b)
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true})
	var bodies [][]byte
	for _, p := range s.pf.Pages {
		if p.Body != nil {
			bodies = append(bodies, p.Body.HTML)
		}
	}
	mem := rendered(b, s)
	var pages [][]byte // the entity pages, as the site publishes them
	for _, p := range s.pf.Pages {
		if data, ok := mem.Files[p.Path()+"index.html"]; ok {
			pages = append(pages, data)
		}
	}
	if len(pages) == 0 {
		b.Fatal("no rendered entity pages")
	}
	for _, c := range []struct {
		name string
		docs [][]byte
	}{{"body", bodies}, {"page", pages}} {
		b.Run(c.name, func(b *testing.B) {
			var size int64
			for _, d := range c.docs {
				size += int64(len(d))
			}
			b.SetBytes(size)
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				for _, d := range c.docs {
					buf.Reset()
					if err := m.Minify("text/html", &buf, bytes.NewReader(d)); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(c.docs)), "µs/doc")
		})
	}
}

// BenchmarkPublish writes an already rendered site through Publish into a
// temporary folder: the file system's share of a build, with the atomic swap.
func BenchmarkPublish(b *testing.B) {
	s := loadBenchSite(b)
	mem := rendered(b, s)
	names := mem.Names()
	tmp, err := os.MkdirTemp("", "trellis-bench-publish-")
	if err != nil {
		b.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	dest := filepath.Join(tmp, "public")
	var size int64
	for _, n := range names {
		size += int64(len(mem.Files[n]))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		err := render.Publish(dest, func(out render.Output) error {
			for _, n := range names {
				if err := out.WriteFile(n, mem.Files[n]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(names)), "files")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*s.n), "µs/page")
}
