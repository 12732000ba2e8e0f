package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/audits"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/internal/testtimeout"
)

// TestNoInlineScriptOrStyle parses every HTML file of the output and fails on
// anything a strict CSP would block or need an exception for: an inline
// <script>, a <style> element, a style attribute, an event handler attribute
// or a javascript: URL.
func TestNoInlineScriptOrStyle(t *testing.T) {
	t.Parallel() // see the package documentation
	for _, rel := range htmlFiles(t) {
		f, err := os.Open(filepath.Join(siteDir, rel))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			switch n.Data {
			case "style":
				t.Errorf("%s: <style> element: %.80q", rel, text(n))
			case "script":
				if typ, _ := attr(n, "type"); strings.EqualFold(strings.TrimSpace(typ), "application/ld+json") {
					// A data block: never run, so not subject to script-src.
					// It must still be well-formed JSON.
					if body := text(n); !json.Valid([]byte(body)) {
						t.Errorf("%s: the JSON-LD block is not valid JSON: %.120q", rel, body)
					}
				} else if src, ok := attr(n, "src"); !ok || src == "" {
					t.Errorf("%s: inline <script>: %.80q", rel, text(n))
				}
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case key == "style":
					t.Errorf("%s: <%s style=%q>", rel, n.Data, a.Val)
				case strings.HasPrefix(key, "on"):
					t.Errorf("%s: <%s %s=%q> event handler attribute", rel, n.Data, a.Key, a.Val)
				case (key == "href" || key == "src" || key == "action" || key == "formaction") &&
					strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:"):
					t.Errorf("%s: <%s %s=%q> javascript: URL", rel, n.Data, a.Key, a.Val)
				}
			}
		})
	}
}

// problems collects what a tab reports that a page must not cause: CSP
// violations (from the Audits domain and the browser log), console errors,
// browser log errors (a failed resource, a bad integrity hash) and uncaught
// exceptions.
type problems struct {
	mu    sync.Mutex
	page  string
	csp   []string
	other []string
}

func (p *problems) setPage(path string) {
	p.mu.Lock()
	p.page = path
	p.mu.Unlock()
}

func (p *problems) add(csp bool, format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	msg := p.page + ": " + fmt.Sprintf(format, args...)
	if csp {
		p.csp = append(p.csp, msg)
	} else {
		p.other = append(p.other, msg)
	}
}

func (p *problems) take() (csp, other []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	csp, other = p.csp, p.other
	p.csp, p.other = nil, nil
	return csp, other
}

func isCSPText(s string) bool {
	s = strings.ToLower(s)
	return strings.Contains(s, "content security policy") || strings.Contains(s, "content-security-policy")
}

// watch starts collecting the problems of the tab. The func runs in the loop
// of the tab, so it only appends under a lock.
func watch(t *testing.T, ctx context.Context) *problems {
	t.Helper()
	p := &problems{}
	err := chromedp.Listen(ctx, func(ev any) {
		switch ev := ev.(type) {
		case *audits.EventIssueAdded:
			if ev.Issue == nil {
				return
			}
			switch ev.Issue.Code {
			case audits.InspectorIssueCodeContentSecurityPolicyIssue:
				d := ev.Issue.Details.ContentSecurityPolicyIssueDetails
				if d == nil {
					p.add(true, "CSP issue")
					return
				}
				where := d.BlockedURL
				if d.SourceCodeLocation != nil {
					where += fmt.Sprintf(" %s:%d", d.SourceCodeLocation.URL, d.SourceCodeLocation.LineNumber+1)
				}
				p.add(true, "CSP violation of %s (%s) %s", d.ViolatedDirective, d.ContentSecurityPolicyViolationType, where)
			case audits.InspectorIssueCodeQuirksModeIssue, audits.InspectorIssueCodeMixedContentIssue,
				audits.InspectorIssueCodeGenericIssue, audits.InspectorIssueCodeHeavyAdIssue:
				p.add(false, "DevTools issue %s", ev.Issue.Code)
			}
		case *log.EventEntryAdded:
			e := ev.Entry
			if e == nil {
				return
			}
			if e.Source == log.EntrySourceSecurity || isCSPText(e.Text) {
				p.add(true, "log %s/%s: %s %s", e.Source, e.Level, e.Text, e.URL)
			} else if e.Level == log.EntryLevelError {
				p.add(false, "log %s/%s: %s %s", e.Source, e.Level, e.Text, e.URL)
			}
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				msg := consoleText(ev)
				p.add(isCSPText(msg), "console.%s: %s", ev.Type, msg)
			}
		case *runtime.EventExceptionThrown:
			p.add(false, "%s", exceptionText(ev.ExceptionDetails))
		}
	})
	if err != nil {
		t.Fatalf("listening to the tab: %v", err)
	}
	if _, err := chromedp.Call(ctx, audits.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("Audits.enable: %v", err)
	}
	if _, err := chromedp.Call(ctx, log.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("Log.enable: %v", err)
	}
	return p
}

// consoleText is what a console call printed: its arguments' values.
func consoleText(ev *runtime.EventConsoleAPICalled) string {
	var parts []string
	for _, a := range ev.Args {
		if a.Value != nil {
			parts = append(parts, string(a.Value))
		} else {
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

// exceptionText describes an uncaught exception and where it was thrown.
func exceptionText(d *runtime.ExceptionDetails) string {
	msg := d.Text
	if d.Exception != nil {
		msg += " " + d.Exception.Description
	}
	return fmt.Sprintf("uncaught exception: %s (%s:%d)", msg, d.URL, d.LineNumber+1)
}

// TestCSPDetectorWorks makes sure the crawl below would see a violation: a
// probe page with an inline <style>, a style attribute and an inline script
// must be reported.
func TestCSPDetectorWorks(t *testing.T) {
	t.Parallel() // see the package documentation
	ctx := newTab(t, true)
	p := watch(t, ctx)
	p.setPage("/__probe/csp.html")
	open(t, ctx, "/__probe/csp.html")
	// The page has settled, but the issues of the Audits domain are sent
	// in batches: wait for them, within the scaled limit.
	limit := testtimeout.Scaled(10 * time.Second)
	deadline := time.Now().Add(limit)
	var csp []string
	for {
		c, _ := p.take()
		csp = append(csp, c...)
		joined := strings.Join(csp, "\n")
		if strings.Contains(joined, "style-src") && strings.Contains(joined, "script-src") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("within %v, the probe page's inline style and script were not both reported as CSP violations; got %q", limit, csp)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCSPAndConsoleEveryPage opens every page of the site, with scripts on,
// under the strict CSP, and fails on any CSP violation, console error,
// browser log error or uncaught exception a page causes by the time it has
// settled.
func TestCSPAndConsoleEveryPage(t *testing.T) {
	t.Parallel() // see the package documentation
	crawl(t).report(t)
}

// report fails the test on every page that could not be opened, did not
// answer 200, or caused a CSP violation or a console error.
func (c *crawlResult) report(t *testing.T) {
	t.Helper()
	for _, m := range c.errs {
		t.Error(m)
	}
	for _, m := range c.statuses {
		t.Error(m)
	}
	for _, m := range c.csp {
		t.Errorf("CSP: %s", m)
	}
	for _, m := range c.other {
		t.Errorf("console: %s", m)
	}
	t.Logf("opened %d pages at %s in %v in %d tabs: %d CSP violations, %d console errors", c.pages, c.base, c.elapsed.Round(time.Millisecond), crawlTabs, len(c.csp), len(c.other))
}
