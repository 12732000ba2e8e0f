package server

import (
	"context"
	"net"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/trellis-ssg/trellis/generator/corpus"
)

// BenchmarkEditToReload measures the time from writing one initiative's
// file to the reload event on the browser's event stream, through the file
// watcher, the quiet period, the incremental build and the swap, on a
// generated portfolio of TRELLIS_BENCH_PAGES pages (default 1,000).
// BenchmarkEditToReload retitles one initiative: every page that shows it
// is rendered again.
func BenchmarkEditToReload(b *testing.B) {
	benchEdit(b, func(orig string, i int) string {
		src, _ := replaceLine(orig, "title", "title: \"Edited "+strconv.Itoa(i)+"\"")
		return src
	})
}

// BenchmarkEditTextToReload adds a sentence to one initiative's text, the
// commonest edit while writing: only its own page and the site-wide views
// are rendered again.
func BenchmarkEditTextToReload(b *testing.B) {
	benchEdit(b, func(orig string, i int) string {
		return orig + "\nA sentence written while previewing, number " + strconv.Itoa(i) + ".\n"
	})
}

func benchEdit(b *testing.B, edit func(orig string, i int) string) {
	n, err := corpus.PagesFromEnv(1000)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	if err := corpus.Write(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	builds := make(chan BuildInfo, 1000)
	s, err := New(Options{Source: dir, Now: func() time.Time { return testNow }, OnBuild: func(i BuildInfo) { builds <- i }})
	if err != nil {
		b.Fatal(err)
	}
	// Each edit starts once the last build's warm-up is over, as when an
	// editor reads the preview before the next save.
	warmed := make(chan int64, 1000)
	s.warmed = func(gen int64) { warmed <- gen }
	start := time.Now()
	full := s.Build()
	if !full.OK {
		b.Fatalf("build: %v", full.Diags)
	}
	<-builds
	<-warmed
	fullBuild := time.Since(start)
	ready := make(chan struct{})
	s.watchReady = func() { close(ready) }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); s.Watch(ctx) }()
	defer func() { cancel(); <-done }()
	<-ready
	srv := httptest.NewUnstartedServer(s.Handler())
	srv.Listener, _ = net.Listen("tcp", "127.0.0.1:0")
	srv.Start()
	b.Cleanup(srv.Close)
	ev := openEvents(b, srv.URL+"/__trellis/events")

	file := ""
	for _, f := range pageFiles(b, dir) {
		if len(f) > len("content/initiatives/") && f[:len("content/initiatives/")] == "content/initiatives/" {
			file = dir + "/" + f
			break
		}
	}
	orig, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	var times, buildTimes []time.Duration
	rendered := 0
	b.ResetTimer()
	for i := 1; i <= b.N; i++ {
		src := edit(string(orig), i)
		start := time.Now()
		if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
			b.Fatal(err)
		}
		name, data := ev.next(b)
		if name != "reload" {
			b.Fatalf("event %s %s", name, data)
		}
		times = append(times, time.Since(start))
		info := <-builds
		buildTimes = append(buildTimes, info.Duration)
		rendered = info.Rendered
		b.StopTimer()
		<-warmed
		b.StartTimer()
	}
	b.StopTimer()
	med := func(ds []time.Duration) float64 {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		return float64(ds[len(ds)/2].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
	b.ReportMetric(med(times), "median-ms")
	b.ReportMetric(med(buildTimes), "build-median-ms")
	b.ReportMetric(float64(fullBuild.Milliseconds()), "full-build-ms")
	b.ReportMetric(float64(rendered), "views-rendered")
	b.ReportMetric(0, "ns/op")
}
