package browsertest

import (
	"encoding/json"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/net/html"

	"github.com/trellis-ssg/trellis/generator"
)

// TestEditorsPages holds what editors bring to the same bar as the example
// site: the GitHub-style handbook of generator/testdata/github-docs (pages
// titled by their headings, folders' READMEs) and a draft as `trellis
// serve` and `build --drafts` show it, marked as a draft, are valid HTML
// and pass axe in Chromium.
func TestEditorsPages(t *testing.T) {
	t.Parallel() // see the package documentation
	axeSrc, err := os.ReadFile(axePath)
	if err != nil {
		missing(t, "axe-core is not installed at internal/browsertest/%s (run `npm ci` in internal/browsertest)", axePath)
	}
	node := htmlValidateNode(t)
	src := t.TempDir()
	if err := os.CopyFS(src, os.DirFS(filepath.Join("..", "..", "generator", "testdata", "github-docs"))); err != nil {
		t.Fatal(err)
	}
	draft := "---\ntitle: Night service\nsummary:\ndraft: true\n---\n\nNot decided yet; see [the guide](index.md).\n"
	if err := os.WriteFile(filepath.Join(src, "content", "guide", "night-service.md"), []byte(draft), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "site")
	res, err := generator.Build(generator.Options{Source: src, Destination: out, BaseURL: "/", Drafts: true, Now: buildTime})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	var files []string
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(out, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	htmlValidateFiles(t, node, out, files)

	srv := httptest.NewServer(siteHandler(out))
	defer srv.Close()
	// axe on one page of each new shape, html-validate on every file:
	// the package's time is bounded.
	pages := []string{"/getting-started/", "/guide/advanced/tuning/", "/guide/night-service/"}
	ctx := newTab(t, true)
	for _, width := range []int64{390, 1280} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, path := range pages {
			if resp, err := tabOf(t, ctx).Open(srv.URL + path); err != nil || resp == nil || resp.Status != 200 {
				t.Fatalf("%s: %v %v", path, resp, err)
			}
			// DevTools evaluation is not subject to the page's CSP.
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](string(axeSrc))); err != nil {
				t.Fatalf("%s: injecting axe-core: %v", path, err)
			}
			raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](axeRun, chromedp.EvalAwaitPromise))
			var res axeResult
			if err == nil {
				err = json.Unmarshal([]byte(raw), &res)
			}
			if err != nil {
				t.Fatalf("%s: axe: %v", path, err)
			}
			for _, v := range res.Violations {
				t.Errorf("%s at %dpx: axe %s (%s): %s, at %d places", path, width, v.ID, v.Impact, v.Help, len(v.Nodes))
			}
		}
	}

	if _, err := tabOf(t, ctx).Open(srv.URL + "/guide/night-service/"); err != nil {
		t.Fatal(err)
	}
	var note string
	walk(renderedDOM(t, ctx), func(n *html.Node) {
		if c, _ := attr(n, "class"); c == "draft-note" {
			note = text(n)
		}
	})
	if !strings.HasPrefix(note, "Draft.") {
		t.Errorf("the draft is not marked as one: %q", note)
	}
}
