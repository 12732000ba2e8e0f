package browsertest

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/trellis-ssg/trellis/generator"
)

// rtlSite is a site in English and Arabic (see its README.md).
var rtlSite = filepath.Join("..", "..", "generator", "testdata", "rtl")

// TestRightToLeft: the Arabic pages of a site in English and Arabic say
// dir="rtl", pass axe's WCAG 2.2 AA rules at a desktop and a phone width,
// and the theme's layout mirrors: the facts' rule is on the right (the
// start of a right-to-left line) and the site's name at the right of the
// header, where on the English pages they are on the left.
func TestRightToLeft(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile(axePath)
	if err != nil {
		missing(t, "axe-core is not installed at internal/browsertest/%s (run `npm ci` in internal/browsertest)", axePath)
	}
	out := filepath.Join(t.TempDir(), "public")
	if res, err := generator.Build(generator.Options{Source: rtlSite, Destination: out, Now: buildTime}); err != nil {
		t.Fatalf("building the Arabic site: %v %v", err, res.Diags)
	}
	srv := httptest.NewServer(siteHandler(out))
	defer srv.Close()
	ctx := newTab(t, true)
	tab := tabOf(t, ctx)
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	// layout says where the page's parts are: its dir, which side the
	// facts' rule is on, and which half of the header the site's name is in.
	const layout = `(() => { const f = getComputedStyle(document.querySelector('.facts')); const b = document.querySelector('.brand').getBoundingClientRect();
		return [document.documentElement.dir || 'ltr', f.borderRightWidth !== '0px' ? 'rule-right' : 'rule-left', b.left + b.width / 2 > innerWidth / 2 ? 'name-right' : 'name-left'].join(' ') })()`
	for _, width := range []int64{1280, 390} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/ar/", "/ar/initiatives/", "/ar/initiatives/maktabat-aldarajat/", "/ar/intents/hawa-nazif/", "/ar/search/", "/ar/map/"} {
			resp, err := tab.Open(srv.URL + path)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if resp == nil || resp.Status != 200 {
				t.Errorf("%s: %v", path, resp)
				continue
			}
			if d := eval(`document.documentElement.lang + ' ' + document.documentElement.dir`); d != "ar rtl" {
				t.Errorf("%s: <html lang dir> %q, want ar rtl", path, d)
			}
			res, err := runAxe(ctx, src)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, e := range res.violations(path, width) {
				t.Error(e)
			}
		}
		for path, want := range map[string]string{"/ar/initiatives/maktabat-aldarajat/": "rtl rule-right name-right", "/initiatives/bike-library/": "ltr rule-left name-left"} {
			if _, err := tab.Open(srv.URL + path); err != nil {
				t.Fatal(err)
			}
			if got := eval(layout); got != want {
				t.Errorf("%s at %dpx: %s, want %s", path, width, got, want)
			}
		}
	}
	// The pictures stay drawn left to right: a label placed by its start
	// begins at its x, as on an English page, rather than ending there.
	for _, path := range []string{"/ar/views/", "/ar/map/"} {
		if _, err := tab.Open(srv.URL + path); err != nil {
			t.Fatal(err)
		}
		got := eval(`(() => { let n = 0, bad = [];
			for (const t of document.querySelectorAll('svg text[x]')) {
				if (getComputedStyle(t).textAnchor !== 'start' || !t.textContent.trim()) continue;
				n++;
				const x = t.x.baseVal.length ? t.x.baseVal[0].value : 0, b = t.getBBox();
				if (b.x < x - 1) bad.push(t.textContent.trim() + ' ' + b.x.toFixed(1) + '<' + x);
			}
			return n + ' ' + bad.slice(0, 5).join('; ') })()`)
		if n, bad, _ := strings.Cut(got, " "); n == "0" || bad != "" {
			t.Errorf("%s: %s labels placed by their start; these begin before it: %s", path, n, bad)
		}
	}
	// The untranslated initiative is listed in Arabic under its English
	// title, marked as English written left to right, and links to its
	// English page.
	if _, err := tab.Open(srv.URL + "/ar/initiatives/"); err != nil {
		t.Fatal(err)
	}
	got := eval(`(() => { const a = document.querySelector('main a[href="/initiatives/benches/"]'); if (!a) return 'none';
		const n = a.parentElement.querySelector('.lang-note'); return [a.lang, a.dir, a.textContent, n ? n.textContent : ''].join('|') })()`)
	if parts := strings.Split(got, "|"); len(parts) != 4 || parts[0] != "en" || parts[1] != "ltr" || parts[2] != "Resting benches" || !strings.Contains(parts[3], "باللغة") {
		t.Errorf("/ar/initiatives/: the untranslated initiative is %s, want it linked in English (lang=en) with a note in Arabic", got)
	}
}
