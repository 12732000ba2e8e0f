package render

import (
	"fmt"
	"html/template"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fragmentSet is a template set with a fragment that counts its executions
// by key, and a cached function bound to it.
func fragmentSet(t *testing.T, src string) (*template.Template, func(name string, s *Site, key any, data ...any) (template.HTML, error), *sync.Map) {
	t.Helper()
	var runs sync.Map // key → *atomic.Int32
	count := func(key any) string {
		time.Sleep(time.Millisecond) // so that callers meet on a key being made
		n, _ := runs.LoadOrStore(key, new(atomic.Int32))
		n.(*atomic.Int32).Add(1)
		return ""
	}
	set := template.Must(template.New("set").Funcs(template.FuncMap{"cached": cachedFunc(nil, 0, nil), "count": count}).Parse(src))
	f := cachedFunc(set, 1, sharedTemplates(set, nil))
	set.Funcs(template.FuncMap{"cached": f})
	return set, f, &runs
}

func TestCachedRunsOncePerKeyConcurrently(t *testing.T) {
	_, cached, runs := fragmentSet(t, `{{define "frag"}}{{count .Key}}<b>{{.Key}}</b>{{end}}`)
	site := &Site{}
	const keys, callers = 20, 16
	var wg sync.WaitGroup
	errs := make(chan error, keys*callers)
	for c := 0; c < callers; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < keys; k++ {
				key := fmt.Sprint("k", (k+c)%keys)
				got, err := cached("frag", site, key)
				if err != nil {
					errs <- err
					continue
				}
				if want := template.HTML("<b>" + key + "</b>"); got != want {
					errs <- fmt.Errorf("key %s: got %q, want %q", key, got, want)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	n := 0
	runs.Range(func(k, v any) bool {
		n++
		if c := v.(*atomic.Int32).Load(); c != 1 {
			t.Errorf("key %v was executed %d times, want once", k, c)
		}
		return true
	})
	if n != keys {
		t.Errorf("%d keys executed, want %d", n, keys)
	}
}

func TestCachedBuildsDoNotShare(t *testing.T) {
	_, cached, runs := fragmentSet(t, `{{define "frag"}}{{count .Key}}{{.Key}}{{end}}`)
	for range 2 {
		site := &Site{} // a new build
		for range 3 {
			if _, err := cached("frag", site, "k"); err != nil {
				t.Fatal(err)
			}
		}
	}
	n, _ := runs.Load("k")
	if c := n.(*atomic.Int32).Load(); c != 2 {
		t.Errorf("two builds executed the fragment %d times, want 2", c)
	}
}

func TestCachedKeysByTemplateAndKey(t *testing.T) {
	_, cached, _ := fragmentSet(t, `{{define "a"}}a{{.Key}}{{end}}{{define "b"}}b{{.Key}}{{end}}{{define "d"}}d{{.}}{{end}}`)
	site := &Site{}
	for _, c := range []struct {
		name string
		key  any
		data []any
		want template.HTML
	}{
		{"a", "1", nil, "a1"},
		{"b", "1", nil, "b1"},
		{"a", "2", nil, "a2"},
		{"a", 1, nil, "a1"}, // an int is not the string "1"
		{"d", "x", []any{"data"}, "ddata"},
		{"d", "x", []any{"other"}, "ddata"}, // the key decides, not the data
	} {
		got, err := cached(c.name, site, c.key, c.data...)
		if err != nil {
			t.Fatal(err)
		}
		if got != c.want {
			t.Errorf("cached %q %v: got %q, want %q", c.name, c.key, got, c.want)
		}
	}
}

func TestCachedEscapes(t *testing.T) {
	set, _, _ := fragmentSet(t, `{{define "frag"}}<b title="{{.Key}}">{{.Key}}</b>{{end}}`+
		`{{define "page"}}<p>{{cached "frag" .Site .Key}}</p><p title="{{cached "frag" .Site .Key}}"></p>{{end}}`)
	var b strings.Builder
	evil := `"><script>alert(1)</script>`
	if err := set.ExecuteTemplate(&b, "page", Part{Site: &Site{}, Key: evil}); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if strings.Contains(got, "<script>") || strings.Contains(got, `"><s`) {
		t.Errorf("editor text is not escaped:\n%s", got)
	}
	frag := `<b title="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</b>`
	if !strings.Contains(got, "<p>"+frag+"</p>") {
		t.Errorf("the fragment is not its html/template rendering in element content:\n%s", got)
	}
	if strings.Count(got, "<b") != 1 {
		t.Errorf("the fragment's markup was kept in an attribute:\n%s", got)
	}
}

func TestCachedErrors(t *testing.T) {
	_, cached, _ := fragmentSet(t, `{{define "frag"}}{{.Key}}{{end}}{{define "bad"}}{{index .Key 5}}{{end}}`)
	site := &Site{}
	if _, err := cached("frag", site, []string{"a"}); err == nil {
		t.Error("a slice key: no error")
	}
	if _, err := cached("frag", nil, "k"); err == nil {
		t.Error("no site: no error")
	}
	if _, err := cached("missing", site, "k"); err == nil {
		t.Error("an undefined template: no error")
	}
	for range 2 { // the error is cached too
		if _, err := cached("bad", site, []int{1}); err == nil {
			t.Error("a failing template: no error")
		}
	}
	if _, err := cached("frag", site, "k", 1, 2); err == nil {
		t.Error("two data arguments: no error")
	}
}

func TestSharedTemplates(t *testing.T) {
	set := template.Must(template.New("set").Funcs(template.FuncMap{"cached": cachedFunc(nil, 0, nil)}).Parse(
		`{{define "card"}}{{template "badge"}}{{end}}{{define "badge"}}b{{end}}{{define "list"}}{{cached "card" . .}}{{end}}` +
			`{{define "nav"}}{{template "main"}}{{end}}{{define "main"}}m{{end}}{{define "any"}}{{cached .Name . .}}{{end}}{{define "plain"}}p{{end}}`))
	shared := sharedTemplates(set, map[string]bool{"badge": true, "main": true})
	for name, want := range map[string]bool{
		"card":  false, // reaches the view's own badge
		"badge": false,
		"list":  false, // through cached "card"
		"nav":   false,
		"main":  false,
		"any":   false, // cached with a computed name
		"plain": true,
	} {
		if shared[name] != want {
			t.Errorf("shared[%q] = %v, want %v", name, shared[name], want)
		}
	}
}

func TestCachedCycleIsRefused(t *testing.T) {
	for src, bad := range map[string]bool{
		`{{define "card"}}{{cached "card" .Site .}}{{end}}`:                                                                             true,
		`{{define "a"}}{{cached "b" .Site .}}{{end}}{{define "b"}}{{template "c" .}}{{end}}{{define "c"}}{{cached "a" .Site .}}{{end}}`: true,
		`{{define "a"}}{{cached "b" .Site .}}{{end}}{{define "b"}}{{template "c" .}}{{end}}{{define "c"}}{{template "c" .}}{{end}}`:     false,
		`{{define "outline"}}{{range .}}{{template "outline" .}}{{cached "item" $ .}}{{end}}{{end}}{{define "item"}}i{{end}}`:           false,
	} {
		set := template.Must(template.New("set").Funcs(template.FuncMap{"cached": cachedFunc(nil, 0, nil)}).Parse(src))
		if err := cachedCycle(set); (err != nil) != bad {
			t.Errorf("%s: error %v, want one: %v", src, err, bad)
		}
	}
}
