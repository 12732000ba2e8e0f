package browsertest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// crawlTabs is how many tabs the crawl of every page uses at once: most of
// a page's time is spent waiting for its network to settle, which tabs can
// do side by side.
const crawlTabs = 4

// crawlResult is what opening every page of the site with scripts on
// showed. TestCSPAndConsoleEveryPage and TestNoThirdPartyRequests judge it.
type crawlResult struct {
	base       string // the server's address
	pages      int
	elapsed    time.Duration
	errs       []string // pages that could not be opened
	statuses   []string // pages that did not answer 200
	csp, other []string // problems, each prefixed with its page
	requests   []string // every URL the browser asked for
}

var (
	crawlOnce sync.Once
	crawled   *crawlResult
)

// crawl opens every page of the site once; the first test to ask runs it.
func crawl(t *testing.T) *crawlResult {
	t.Helper()
	newTab(t, true) // skips or fails the test as any browser test would
	crawlOnce.Do(func() { crawled = runCrawl(t, baseURL) })
	if crawled == nil {
		t.Fatal("the crawl of every page did not finish (see the first test that ran it)")
	}
	return crawled
}

// runCrawl opens every page of the site on the server at base, in
// crawlTabs tabs with scripts on.
func runCrawl(t *testing.T, base string) *crawlResult {
	files := htmlFiles(t)
	res := &crawlResult{base: base, pages: len(files)}
	start := time.Now()
	var mu sync.Mutex
	paths := make(chan string)
	var wg sync.WaitGroup
	for range crawlTabs {
		ctx := newTab(t, true)
		tab := tabOf(t, ctx)
		p := watch(t, ctx)
		err := chromedp.Listen(ctx, func(ev any) {
			if e, ok := ev.(*network.EventRequestWillBeSent); ok {
				mu.Lock()
				res.requests = append(res.requests, e.Request.URL)
				mu.Unlock()
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			collect := func() {
				c, o := p.take()
				mu.Lock()
				res.csp = append(res.csp, c...)
				res.other = append(res.other, o...)
				mu.Unlock()
			}
			for path := range paths {
				p.setPage(path)
				resp, err := tab.Open(base + path)
				mu.Lock()
				switch {
				case err != nil:
					res.errs = append(res.errs, err.Error())
				case resp == nil:
					res.statuses = append(res.statuses, fmt.Sprintf("%s: no response", path))
				case resp.Status != 200:
					res.statuses = append(res.statuses, fmt.Sprintf("%s: HTTP %d", path, resp.Status))
				}
				mu.Unlock()
				collect()
			}
			collect()
		}()
	}
	for _, rel := range files {
		paths <- urlPath(rel)
	}
	close(paths)
	wg.Wait()
	res.elapsed = time.Since(start)
	for _, l := range [][]string{res.errs, res.statuses, res.csp, res.other} {
		sort.Strings(l)
	}
	return res
}

// pageJob is a page to check at a viewport width.
type pageJob struct {
	path  string
	width int64
}

// inTabs opens each job's page in one of crawlTabs tabs at once, with
// scripts on, at the job's width, and once the page has settled runs
// check on it with the document's HTTP status. What check returns is
// reported in the order of the jobs: errs as failures, logs as the test's
// log.
func inTabs(t *testing.T, jobs []pageJob, check func(ctx context.Context, job pageJob, status int64) (errs, logs []string)) {
	t.Helper()
	type result struct{ errs, logs []string }
	results := make([]result, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(crawlTabs, len(jobs)) {
		ctx := newTab(t, true)
		tab := tabOf(t, ctx)
		wg.Add(1)
		go func() {
			defer wg.Done()
			var width int64
			for i := range next {
				job, r := jobs[i], &results[i]
				if job.width != width {
					if err := chromedp.Do(ctx, chromedp.EmulateViewport(job.width, 900)); err != nil {
						r.errs = append(r.errs, fmt.Sprintf("%s at %dpx: %v", job.path, job.width, err))
						continue
					}
					width = job.width
				}
				resp, err := tab.Open(baseURL + job.path)
				if err != nil {
					r.errs = append(r.errs, fmt.Sprintf("at %dpx: %v", job.width, err))
					continue
				}
				var status int64
				if resp != nil {
					status = resp.Status
				}
				r.errs, r.logs = check(ctx, job, status)
			}
		}()
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, r := range results {
		for _, m := range r.errs {
			t.Error(m)
		}
		for _, m := range r.logs {
			t.Log(m)
		}
	}
}
