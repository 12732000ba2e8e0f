package browsertest

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator/render"
	"github.com/trellis-ssg/trellis/internal/testtimeout"
)

// TestCSPMetaIsFirstInEveryHead parses every page: the policy's meta element
// must stand in the head before anything that loads (a meta policy governs
// only what comes after it), carry the site's policy and no directive a meta
// element may not carry, and be followed by the referrer policy.
func TestCSPMetaIsFirstInEveryHead(t *testing.T) {
	t.Parallel() // see the package documentation
	for _, name := range []string{"frame-ancestors", "report-uri", "report-to", "sandbox"} {
		if strings.Contains(render.MetaContentSecurityPolicy, name) {
			t.Errorf("the meta policy carries %s, which browsers ignore in a meta element", name)
		}
	}
	for _, rel := range htmlFiles(t) {
		b, err := os.ReadFile(filepath.Join(siteDir, rel))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(strings.NewReader(string(b)))
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		heads := all(doc, tag("head"))
		if len(heads) != 1 {
			t.Fatalf("%s: %d head elements", rel, len(heads))
		}
		var policy, referrer string
		loadsBefore := ""
		for n := heads[0].FirstChild; n != nil; n = n.NextSibling {
			if n.Type != html.ElementNode {
				continue
			}
			if n.Data == "meta" {
				if v, _ := attr(n, "http-equiv"); strings.EqualFold(v, "Content-Security-Policy") {
					policy, _ = attr(n, "content")
				}
				if v, _ := attr(n, "name"); v == "referrer" {
					referrer, _ = attr(n, "content")
				}
				continue
			}
			if policy == "" && (n.Data == "link" || n.Data == "script" || n.Data == "style") && loadsBefore == "" {
				loadsBefore = n.Data
			}
		}
		switch {
		case policy == "":
			t.Errorf("%s: no Content-Security-Policy meta element", rel)
		case policy != render.MetaContentSecurityPolicy:
			t.Errorf("%s: meta policy %q, want %q", rel, policy, render.MetaContentSecurityPolicy)
		case loadsBefore != "":
			t.Errorf("%s: a <%s> comes before the policy's meta element, so the policy does not cover it", rel, loadsBefore)
		}
		if referrer != render.ReferrerPolicy {
			t.Errorf("%s: referrer meta %q, want %q", rel, referrer, render.ReferrerPolicy)
		}
	}
}

// TestCSPFromMetaAlone serves the built site as a host that ignores _headers
// does (GitHub Pages, GitLab Pages): no Content-Security-Policy header at
// all. It shows that the page's meta policy is in force (an inline script
// added to a page is blocked and reported), then opens every page of the
// example with scripts on and fails on any violation or console error.
func TestCSPFromMetaAlone(t *testing.T) {
	t.Parallel() // see the package documentation
	srv := httptest.NewServer(siteHandlerWith(siteDir, ""))
	defer srv.Close()
	ctx := newTab(t, true)
	p := watch(t, ctx)

	p.setPage("/")
	resp, err := tabOf(t, ctx).Open(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	for k := range resp.Headers {
		if strings.EqualFold(k, "Content-Security-Policy") {
			t.Fatalf("the server sends %s; this test is about the meta element alone", k)
		}
	}
	// DevTools' own evaluation is exempt from the policy, but the inline
	// script element it adds is not.
	ran, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const s = document.createElement("script");
		s.textContent = "window.__inlineRan = true";
		document.head.appendChild(s);
		return window.__inlineRan === true;
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if ran {
		t.Fatal("an inline script ran on a page served without a CSP header: the meta policy is not in force")
	}
	deadline := time.Now().Add(testtimeout.Scaled(10 * time.Second))
	var seen []string
	for time.Now().Before(deadline) && !strings.Contains(strings.Join(seen, "\n"), "script-src") {
		time.Sleep(50 * time.Millisecond)
		c, _ := p.take()
		seen = append(seen, c...)
	}
	if !strings.Contains(strings.Join(seen, "\n"), "script-src") {
		t.Fatalf("the blocked inline script was not reported as a script-src violation; got %q", seen)
	}
	p.take()

	runCrawl(t, srv.URL).report(t)
}
