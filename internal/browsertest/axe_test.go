package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// axePath is where `npm ci` in this folder puts axe-core.
var axePath = filepath.Join("node_modules", "axe-core", "axe.min.js")

// axeTags are the rule sets of WCAG 2.2 AA.
const axeRun = `axe.run(document, {
  runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
  resultTypes: ['violations', 'incomplete']
}).then(r => JSON.stringify({
  violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target.map(String), html: n.html, summary: n.failureSummary}))})),
  incomplete: r.incomplete.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => ({target: n.target.map(String)}))})),
  passes: r.passes.length
}))`

type axeResult struct {
	Violations []axeRule `json:"violations"`
	Incomplete []axeRule `json:"incomplete"`
}

type axeRule struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"`
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	Nodes   []struct {
		Target  []string `json:"target"`
		HTML    string   `json:"html"`
		Summary string   `json:"summary"`
	} `json:"nodes"`
}

// axePages is a representative set: home, the 404 page (asked for at a path
// that does not exist), every top-level page (each kind's list, each
// taxonomy's index, search, the accessibility statement, plain pages…), one
// page of each kind, taxonomy term pages and the pages with the richest
// markup.
func axePages(t *testing.T) []string {
	pages := []string{"/", "/no-such-page/", "/search/", "/accessibility/",
		"/status/scaling/", "/tags/air-quality/", "/places/eastbank/"}
	for _, f := range htmlFiles(t) {
		if strings.Count(f, "/") == 1 && strings.HasSuffix(f, "/index.html") && !isAlias(t, f) {
			pages = append(pages, urlPath(f))
		}
	}
	for _, folder := range []string{"intents", "initiatives", "learnings", "decisions", "narratives", "sources", "organisations"} {
		pages = append(pages, "/"+folder+"/", firstPageOf(t, folder))
	}
	// Pages with the richest markup: funding and history tables, a story
	// with an image, a story with audio.
	pages = append(pages, "/initiatives/bike-library/", "/narratives/allotment-at-harbour-lane/", "/narratives/a-carer-in-eastbank/")
	// The health page's list of the pages behind a figure (the health
	// page itself is a top-level page).
	pages = append(pages, "/health/changes-without-decision/", "/health/decisions-without-evidence/")
	// The pages other sites may frame (site.yaml's embed.allow).
	pages = append(pages, "/embed/map/", "/embed/initiatives/bike-library/", "/embed/intents/clean-air/")
	var out []string
	seen := map[string]bool{}
	for _, p := range pages {
		if seen[p] {
			continue
		}
		seen[p] = true
		if p != "/no-such-page/" {
			rel := strings.TrimPrefix(p, "/") + "index.html"
			if _, err := os.Stat(filepath.Join(siteDir, rel)); err != nil {
				t.Errorf("axe: %s is not in the output (%v)", p, err)
				continue
			}
		}
		out = append(out, p)
	}
	return out
}

// TestAxe runs axe-core's WCAG 2.2 AA rules on the representative pages, at a
// desktop and a phone width, and fails on any violation.
func TestAxe(t *testing.T) {
	t.Parallel() // see the package documentation
	src, err := os.ReadFile(axePath)
	if err != nil {
		missing(t, "axe-core is not installed at internal/browsertest/%s (run `npm ci` in internal/browsertest)", axePath)
	}
	start := time.Now()
	pages := axePages(t)
	var jobs []pageJob
	for _, width := range []int64{1280, 390} {
		for _, path := range pages {
			jobs = append(jobs, pageJob{path, width})
		}
	}
	var violations atomic.Int64
	inTabs(t, jobs, func(ctx context.Context, job pageJob, st int64) (errs, logs []string) {
		path, width := job.path, job.width
		if want := int64(200); path == "/no-such-page/" {
			if st != 404 {
				errs = append(errs, fmt.Sprintf("%s: HTTP %d, want 404", path, st))
			}
		} else if st != want {
			errs = append(errs, fmt.Sprintf("%s: HTTP %d", path, st))
		}
		// DevTools evaluation is not subject to the page's CSP.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(src))); err != nil {
			return append(errs, fmt.Sprintf("%s: injecting axe-core: %v", path, err)), nil
		}
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
		if err != nil {
			return append(errs, fmt.Sprintf("%s: running axe: %v", path, err)), nil
		}
		var res axeResult
		if err := json.Unmarshal([]byte(raw), &res); err != nil {
			return append(errs, fmt.Sprintf("%s: axe result: %v", path, err)), nil
		}
		for _, v := range res.Violations {
			violations.Add(1)
			var b strings.Builder
			fmt.Fprintf(&b, "%s at %dpx: axe %s (%s): %s — %s", path, width, v.ID, v.Impact, v.Help, v.HelpURL)
			for i, n := range v.Nodes {
				if i == 8 {
					fmt.Fprintf(&b, "\n    … and %d more", len(v.Nodes)-i)
					break
				}
				fmt.Fprintf(&b, "\n    %s  %.160s\n      %s", strings.Join(n.Target, " "), n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
			errs = append(errs, b.String())
		}
		for _, v := range res.Incomplete {
			var targets []string
			for _, n := range v.Nodes {
				targets = append(targets, strings.Join(n.Target, " "))
			}
			if testing.Verbose() {
				logs = append(logs, fmt.Sprintf("%s at %dpx: axe needs review: %s (%s): %s", path, width, v.ID, v.Help, strings.Join(targets, ", ")))
			}
		}
		return errs, logs
	})
	t.Logf("axe checked %d pages at 2 widths in %v in %d tabs: %d violations", len(pages), time.Since(start).Round(time.Millisecond), crawlTabs, violations.Load())
}
