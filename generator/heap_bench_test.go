package generator_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator"
)

// heapPeak samples the Go runtime's live heap (what the last collection
// kept) and its heap in use while a build runs, without forcing
// collections of its own, and keeps the largest of each.
// When profile is set, the heap profile (as of the collection that found
// the largest live heap) is written there each time the peak rises.
type heapPeak struct {
	stop     chan struct{}
	done     sync.WaitGroup
	live, in uint64
	profile  string
	err      error
}

func startHeapPeak(profile string) *heapPeak {
	p := &heapPeak{stop: make(chan struct{}), profile: profile}
	samples := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(samples)
		if live := samples[0].Value.Uint64(); live > p.live {
			p.live = live
			if p.profile != "" && p.err == nil {
				p.err = writeHeapProfile(p.profile)
			}
		}
		p.in = max(p.in, samples[1].Value.Uint64())
	}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-p.stop:
				read()
				return
			case <-tick.C:
				read()
			}
		}
	}()
	return p
}

func (p *heapPeak) end() (live, inUse uint64, err error) {
	close(p.stop)
	p.done.Wait()
	return p.live, p.in, p.err
}

func writeHeapProfile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// heapSizes is TRELLIS_HEAP_PAGES ("10000 50000" by default): the corpus
// sizes BenchmarkHeapPerPage compares.
func heapSizes(b *testing.B) []int {
	s := os.Getenv("TRELLIS_HEAP_PAGES")
	if s == "" {
		s = "10000 50000"
	}
	var sizes []int
	for _, f := range strings.Fields(s) {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			b.Fatalf("TRELLIS_HEAP_PAGES=%q: %q is not a number of pages", s, f)
		}
		sizes = append(sizes, n)
	}
	if len(sizes) < 2 {
		b.Fatalf("TRELLIS_HEAP_PAGES=%q: give two sizes or more to compare", s)
	}
	return sizes
}

// heapGrowthTolerance is how much more live heap a page may take at the
// largest size than at the smallest before BenchmarkHeapPerPage fails.
const heapGrowthTolerance = 1.15

// heapPerPageCeiling is the most live heap a page may take at the largest
// size before BenchmarkHeapPerPage fails: 40.4 KiB measured at 10,000
// pages once the open data, the money tables and the rendered bodies
// stopped being held and the bodies' HTML was spilled (issue 19), with 15 %
// of room; it was 54.4 KiB before (docs/performance.md). Lower it when a
// change makes a page cheaper.
const heapPerPageCeiling = 46 << 10

// BenchmarkHeapPerPage builds generated corpora of each size in
// TRELLIS_HEAP_PAGES (default 10,000 and 50,000 pages: about 5 GB of memory
// and a few minutes) and reports the peak live heap of each build, in all
// and per page. It fails when the heap per page at the largest size
// exceeds the smallest's by more than heapGrowthTolerance (memory may grow
// with the portfolio, but a page must not cost more in a larger one), and
// when a page at the largest size takes more than heapPerPageCeiling. With
// TRELLIS_HEAP_PROFILE=DIR it writes DIR/heap-N.prof, the heap profile at
// each size's peak, for `go tool pprof -sample_index=inuse_space`.
//
//	go test ./generator -run XXX -bench HeapPerPage -benchtime 1x
//	TRELLIS_HEAP_PAGES="1000 10000" go test ./generator -run XXX -bench HeapPerPage -benchtime 1x
func BenchmarkHeapPerPage(b *testing.B) {
	sizes := heapSizes(b)
	perPage := map[int]float64{}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("pages=%d", n), func(b *testing.B) {
			src := benchCorpus(b, n)
			dest := filepath.Join(b.TempDir(), "public")
			profile := ""
			if dir := os.Getenv("TRELLIS_HEAP_PROFILE"); dir != "" {
				profile = filepath.Join(dir, fmt.Sprintf("heap-%d.prof", n))
			}
			var live, inUse uint64
			for b.Loop() {
				runtime.GC()
				p := startHeapPeak(profile)
				res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: benchNow})
				l, u, perr := p.end()
				live, inUse = max(live, l), max(inUse, u)
				if err != nil {
					b.Fatalf("build: %v (%d diagnostics)", err, len(res.Diags))
				}
				if perr != nil {
					b.Fatalf("heap profile: %v", perr)
				}
			}
			perPage[n] = float64(live) / float64(n)
			b.ReportMetric(float64(live)/(1<<20), "peak-live-MiB")
			b.ReportMetric(float64(inUse)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(perPage[n]/1024, "live-KiB/page")
		})
	}
	first, last := sizes[0], sizes[len(sizes)-1]
	if perPage[first] == 0 || perPage[last] == 0 {
		return // a size did not run (filtered out by -bench)
	}
	growth := perPage[last] / perPage[first]
	b.Logf("live heap per page: %.1f KiB at %d pages, %.1f KiB at %d: %.2f×", perPage[first]/1024, first, perPage[last]/1024, last, growth)
	if growth > heapGrowthTolerance {
		b.Errorf("a page takes %.2f× the live heap at %d pages that it takes at %d (tolerance %.2f×)", growth, last, first, heapGrowthTolerance)
	}
	if perPage[last] > heapPerPageCeiling {
		b.Errorf("a page takes %.1f KiB of live heap at %d pages, more than the %d KiB it took when last measured (with room): what is held now that was not?",
			perPage[last]/1024, last, heapPerPageCeiling>>10)
	}
}
