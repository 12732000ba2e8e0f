package corpus

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

// cache holds the corpora Cached wrote in this process.
var cache struct {
	sync.Mutex
	dirs map[[2]int64]string
}

// Cached returns a site folder holding the corpus of n pages from seed,
// writing it into a new temporary folder the first time it is asked for in
// this process. Benchmarks share one corpus per size this way; call
// RemoveCached from TestMain to delete them.
func Cached(n int, seed int64) (string, error) {
	cache.Lock()
	defer cache.Unlock()
	key := [2]int64{int64(n), seed}
	if dir, ok := cache.dirs[key]; ok {
		return dir, nil
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("trellis-corpus-%d-", n))
	if err != nil {
		return "", err
	}
	if err := Write(dir, n, seed); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	if cache.dirs == nil {
		cache.dirs = map[[2]int64]string{}
	}
	cache.dirs[key] = dir
	return dir, nil
}

// RemoveCached deletes every folder Cached wrote.
func RemoveCached() {
	cache.Lock()
	defer cache.Unlock()
	for k, dir := range cache.dirs {
		os.RemoveAll(dir)
		delete(cache.dirs, k)
	}
}

// PagesFromEnv is the corpus size benchmarks use: TRELLIS_BENCH_PAGES, or
// def when it is not set.
func PagesFromEnv(def int) (int, error) {
	s := os.Getenv("TRELLIS_BENCH_PAGES")
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, fmt.Errorf("TRELLIS_BENCH_PAGES=%q is not a number of pages", s)
	}
	return n, nil
}
