package render

import (
	"testing"
)

// A rendered page's body is not kept on its view: the plan holds its views
// to the end of the build, so a body left on each would keep every page's
// HTML alive until then (issue 19: a tenth of the peak heap at 10,000
// pages).
func TestRenderedViewsKeepNoBody(t *testing.T) {
	pf, dir := loadCorpus(t, 60)
	theme, err := LoadTheme(ThemeFS(dir, pf.Config.Theme))
	if err != nil {
		t.Fatal(err)
	}
	discard := writeFunc(func(string, []byte) error { return nil })
	p, err := New(theme).Plan(pf, dir, discard)
	if err != nil {
		t.Fatal(err)
	}
	bodies := 0
	for _, j := range p.Views {
		if j.View.Page == nil || j.View.Page.Body == nil || len(j.View.Page.Body.HTML) == 0 {
			continue
		}
		html, err := p.Render(j.Name)
		if err != nil {
			t.Fatal(err)
		}
		if len(html) == 0 {
			t.Fatalf("%s rendered empty", j.Name)
		}
		bodies++
		if j.View.Body != "" {
			t.Errorf("%s: the view keeps its rendered body (%d bytes) after rendering", j.Name, len(j.View.Body))
		}
	}
	if bodies == 0 {
		t.Fatal("no view with a body was rendered")
	}
}
