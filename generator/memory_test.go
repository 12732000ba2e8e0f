package generator_test

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
)

// A memory limit below what the linked portfolio holds cannot be met
// however slowly the build goes: the build stops before rendering, says
// what the pages hold and what to do, and publishes nothing.
func TestMemoryLimitBelowThePortfolio(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	prev := debug.SetMemoryLimit(-1)
	_, err := generator.Build(generator.Options{Source: exampleSite, Destination: dest, Now: now, MemoryLimit: 1 << 20})
	if !errors.Is(err, generator.ErrMemoryLimit) {
		t.Fatalf("Build with a 1 MiB limit: %v, want ErrMemoryLimit", err)
	}
	for _, want := range []string{"loaded and linked pages hold ", " a page)", "the memory limit is 1.0 MiB", "Raise --memory-limit (or GOMEMLIMIT) above "} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not say %q:\n%v", want, err)
		}
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Errorf("%s exists after the refused build (%v)", dest, err)
	}
	if got := debug.SetMemoryLimit(-1); got != prev {
		t.Errorf("the build left the memory limit at %d, it was %d", got, prev)
	}
}

// A limit above what the portfolio holds but below what a build
// otherwise reaches makes the collector work harder, not the build fail:
// the site is the same byte for byte.
func TestMemoryLimitBuildsTheSameSite(t *testing.T) {
	dir := t.TempDir()
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	gcs := ms.NumGC
	build(t, exampleSite, filepath.Join(dir, "free"), "")
	runtime.ReadMemStats(&ms)
	freeGCs := ms.NumGC - gcs
	free := snapshot(t, filepath.Join(dir, "free"))

	runtime.GC()
	runtime.ReadMemStats(&ms)
	gcs = ms.NumGC
	// The test binary's own heap plus a little: above the portfolio, far
	// below the heap a build grows to without a limit.
	limit := int64(ms.HeapAlloc) + 16<<20
	t.Logf("limit %d MiB", limit>>20)
	res, err := generator.Build(generator.Options{Source: exampleSite, Destination: filepath.Join(dir, "limited"), Now: now, MemoryLimit: limit})
	if err != nil {
		t.Fatalf("Build with a %d MiB limit: %v", limit>>20, err)
	}
	if res.Diags.HasErrors() {
		t.Fatal(res.Diags)
	}
	runtime.ReadMemStats(&ms)
	// The limit holds by collecting more often (the build checks the
	// limit with one collection of its own).
	if limitedGCs := ms.NumGC - gcs; limitedGCs <= 2*freeGCs+1 {
		t.Errorf("the build under a %d MiB limit collected %d times, without it %d: the limit did not bite", limit>>20, limitedGCs, freeGCs)
	} else {
		t.Logf("%d collections under the limit, %d without", limitedGCs, freeGCs)
	}
	if limited := snapshot(t, filepath.Join(dir, "limited")); !maps.EqualFunc(free, limited, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Errorf("the site built under a memory limit differs from the one built without (%d and %d files)", len(limited), len(free))
	}
}

func TestParseMemoryLimit(t *testing.T) {
	for in, want := range map[string]int64{"1GiB": 1 << 30, "512MiB": 512 << 20, "2GB": 2e9, "1.5 GiB": 3 << 29, "1073741824": 1 << 30} {
		if got, err := generator.ParseMemoryLimit(in); err != nil || got != want {
			t.Errorf("ParseMemoryLimit(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "x", "1 parsec", "0", "-1GiB", "99999999999 EiB"} {
		if got, err := generator.ParseMemoryLimit(in); err == nil {
			t.Errorf("ParseMemoryLimit(%q) = %d, want an error", in, got)
		}
	}
}
