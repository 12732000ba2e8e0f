package browsertest

import (
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/trellis-ssg/trellis/internal/headless"
	"github.com/trellis-ssg/trellis/internal/testtimeout"
)

// TestIconsLoad: a page that declares no icon makes the browser ask for
// /favicon.ico of its own accord, and a missing one is an error in the
// console. The browser asks for a site's icon once and keeps it, so each
// kind of page is opened in a tab of its own browser context (a profile of
// its own, with no icon kept): the home page, the 404 page and an alias's
// redirect page. Each time the browser must ask for icons the page
// declares, theme assets, and get them, with no console error.
//
// Only Chromium itself asks for icons (the headless shell the other tests
// prefer does not), so this test starts a browser of its own.
func TestIconsLoad(t *testing.T) {
	t.Parallel() // see the package documentation
	exe := headless.FullPath()
	if exe == "" {
		missing(t, "%s", headless.FullNotFound)
	}
	bctx, stop, err := headless.Start(exe)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	var alias string
	for _, f := range htmlFiles(t) {
		if isAlias(t, f) {
			alias = urlPath(f)
			break
		}
	}
	if alias == "" {
		t.Fatal("the example site has no alias redirect page")
	}
	for name, path := range map[string]string{"home": "/", "404": "/no-such-page/", "alias": alias} {
		t.Run(name, func(t *testing.T) {
			ctx := newTabIn(t, bctx, true, chromedp.WithNewBrowserContext())
			p := watch(t, ctx)
			p.setPage(path)
			var mu sync.Mutex
			asked := map[network.RequestID]string{}   // icon requests (of type Other) → URL
			answered := map[network.RequestID]int64{} // → HTTP status, -1 for a failure
			err := chromedp.Listen(ctx, func(ev any) {
				mu.Lock()
				defer mu.Unlock()
				switch e := ev.(type) {
				case *network.EventRequestWillBeSent:
					if e.Type == network.ResourceTypeOther {
						asked[e.RequestID] = e.Request.URL
					}
				case *network.EventResponseReceived:
					if _, ok := asked[e.RequestID]; ok {
						answered[e.RequestID] = e.Response.Status
					}
				case *network.EventLoadingFailed:
					if _, ok := asked[e.RequestID]; ok && !e.Canceled {
						answered[e.RequestID] = -1
					}
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			open(t, ctx, path)
			// The browser asks for the icon after the load: wait for its
			// answer, within the scaled limit.
			limit := testtimeout.Scaled(10 * time.Second)
			deadline := time.Now().Add(limit)
			for {
				mu.Lock()
				done := len(asked) > 0 && len(answers(asked, answered)) == len(urls(asked))
				mu.Unlock()
				if done {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("within %v after the page settled, the browser asked for the icons %v and had answers %v", limit, asked, answered)
				}
				time.Sleep(20 * time.Millisecond)
			}
			declared := map[string]bool{}
			for _, l := range all(renderedDOM(t, ctx), hasAttr("link", "rel", "icon")) {
				href, _ := attr(l, "href")
				u, err := url.Parse(href)
				if err == nil {
					declared[u.Path] = true
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for raw, st := range answers(asked, answered) {
				u, err := url.Parse(raw)
				if err != nil || !declared[u.Path] || !strings.HasPrefix(u.Path, "/assets/favicon.") {
					t.Errorf("the browser asked for %s, which is not an icon the page declares (%v)", raw, declared)
				}
				if st != 200 {
					t.Errorf("%s: HTTP %d", raw, st)
				}
			}
			csp, other := p.take()
			for _, m := range append(csp, other...) {
				if name == "404" && strings.HasSuffix(m, "status of 404 (Not Found) "+baseURL+path) {
					continue // the page itself, asked for at a path that does not exist
				}
				t.Errorf("console: %s", m)
			}
		})
	}
}

// urls is the set of URLs asked for.
func urls(asked map[network.RequestID]string) map[string]bool {
	out := map[string]bool{}
	for _, u := range asked {
		out[u] = true
	}
	return out
}

// answers is the status of each URL asked for that has an answer; a
// request the redirect of an alias page cut short reports none, and counts
// for nothing when its URL was asked for again. A status other than 200
// wins over a 200.
func answers(asked map[network.RequestID]string, answered map[network.RequestID]int64) map[string]int64 {
	out := map[string]int64{}
	for id, st := range answered {
		if u := asked[id]; out[u] == 0 || out[u] == 200 {
			out[u] = st
		}
	}
	return out
}
