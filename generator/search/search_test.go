package search_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/search"
)

func urls(t *testing.T, ix *search.Index) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, f := range ix.Files() {
		if !strings.HasPrefix(f.Name, "search/p/") {
			continue
		}
		var es []search.Entry
		if err := json.Unmarshal(f.Data, &es); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		for _, e := range es {
			if out[e.URL] {
				t.Errorf("%s: %s listed twice", f.Name, e.URL)
			}
			out[e.URL] = true
		}
	}
	return out
}

func find(t *testing.T, ix *search.Index, q string, f search.Filters) []search.Result {
	t.Helper()
	res, err := ix.Search(q, f)
	if err != nil {
		t.Fatalf("Search(%q, %+v): %v", q, f, err)
	}
	return res
}

func has(res []search.Result, url string) bool {
	for _, r := range res {
		if r.URL == url {
			return true
		}
	}
	return false
}

func TestCoversEveryPublishedPageOnly(t *testing.T) {
	pf := example(t)
	if len(pf.Withheld) == 0 {
		t.Fatal("the example site should hold back its withdrawn story")
	}
	ix := search.Build(pf)
	got := urls(t, ix)
	if len(got) != len(pf.Pages) || ix.Meta().Pages != len(pf.Pages) {
		t.Errorf("index lists %d pages (meta says %d), the site publishes %d", len(got), ix.Meta().Pages, len(pf.Pages))
	}
	for _, p := range pf.Pages {
		if !got[pf.URL(p)] {
			t.Errorf("published page %s is not in the index", p.File)
		}
		// Each page is found by its own title.
		if res := find(t, ix, p.Title+" ", search.Filters{}); len(res) > 0 && !has(res, pf.URL(p)) {
			t.Errorf("searching for the title %q does not find %s", p.Title, p.File)
		}
	}
	for _, p := range pf.Withheld {
		if got[pf.URL(p)] {
			t.Errorf("withheld page %s (%s) is in the index", p.File, p.Withheld)
		}
	}
	// No word of the withheld story that no published page uses is in any file.
	keys := func(text string) []string {
		var out []string
		for _, w := range ix.ParseQuery(text + " ") {
			out = append(out, w.Key)
		}
		return out
	}
	published := map[string]bool{}
	for _, p := range pf.Pages {
		for _, k := range keys(p.Title + " " + p.Summary + " " + p.Context + " " + p.Rationale + " " + p.Quote + " " + pf.Text(p) + " " + strings.Join(p.Tags, " ") + " " + strings.Join(p.Places, " ") + " " + p.Place + " " + strings.Join(p.Systems, " ")) {
			published[k] = true
		}
	}
	var only []string
	for _, p := range pf.Withheld {
		for _, k := range keys(p.Quote + " " + p.Body.Text + " " + strings.Join(p.Themes, " ")) {
			if !published[k] && !slices.Contains(only, k) {
				only = append(only, k)
			}
		}
	}
	if len(only) == 0 {
		t.Fatal("found no word unique to the withheld story to check")
	}
	for _, w := range only {
		if res := find(t, ix, w+" ", search.Filters{}); len(res) > 0 {
			t.Errorf("%q, a word only the withheld story uses, finds %v", w, res)
		}
	}
	for _, f := range ix.Files() {
		for _, p := range pf.Withheld {
			if bytes.Contains(f.Data, []byte(p.Slug)) || bytes.Contains(f.Data, []byte(p.Title)) {
				t.Errorf("%s mentions the withheld %s", f.Name, p.File)
			}
		}
	}
}

func TestDrafts(t *testing.T) {
	files := map[string]string{
		"content/intents/clean-air.md":       "---\ntitle: Clean air\nsummary: Air everyone can breathe.\n---\n",
		"content/initiatives/visible.md":     "---\ntitle: Visible\nsummary: Out.\nstatus: piloting\nintents: [clean-air]\n---\nThe zeppelin hangar.\n",
		"content/initiatives/unfinished.md":  "---\ntitle: Unfinished\nsummary: Not yet.\nstatus: idea\nintents: [clean-air]\ndraft: true\n---\nThe quokka sanctuary.\n",
		"content/narratives/withdrawn.md":    "---\ntitle: Withdrawn\nteller: A\nconsent:\n  scope: [site]\n  given: 2024-01-01\n  withdrawn: 2025-01-01\n---\nThe axolotl pond.\n",
		"content/narratives/not-for-site.md": "---\ntitle: Not for the site\nteller: B\nconsent:\n  scope: [data-export]\n  given: 2024-01-01\n---\nThe narwhal tank.\n",
	}
	dir := writeSite(t, files)
	ix := search.Build(loadSite(t, dir, false))
	if res := find(t, ix, "zeppelin", search.Filters{}); len(res) != 1 || res[0].URL != "/initiatives/visible/" {
		t.Errorf("a word of a published page: got %v", res)
	}
	for _, w := range []string{"quokka", "axolotl", "narwhal", "unfinished", "withdrawn"} {
		if res := find(t, ix, w, search.Filters{}); len(res) > 0 {
			t.Errorf("%q is from an unpublished page, yet finds %v", w, res)
		}
	}
	if n := ix.Meta().Pages; n != 2 {
		t.Errorf("index has %d pages, want 2", n)
	}
	ix = search.Build(loadSite(t, dir, true))
	if res := find(t, ix, "quokka", search.Filters{}); len(res) != 1 || res[0].URL != "/initiatives/unfinished/" {
		t.Errorf("built with drafts, the draft is searchable: got %v", res)
	}
	if res := find(t, ix, "axolotl", search.Filters{}); len(res) > 0 {
		t.Errorf("built with drafts, a withdrawn story still must not be found: %v", res)
	}
}

func TestSearchExample(t *testing.T) {
	pf := example(t)
	ix := search.Build(pf)
	bike := pf.URL(pf.Page(content.KindInitiative, "bike-library"))
	first := func(q string, f search.Filters) string {
		t.Helper()
		res := find(t, ix, q, f)
		if len(res) == 0 {
			t.Errorf("%q %+v finds nothing", q, f)
			return ""
		}
		return res[0].URL
	}
	for _, tt := range []struct {
		q string
		f search.Filters
	}{
		{"helmet", search.Filters{}},                       // a word only in its body
		{"Helmet ", search.Filters{}},                      // case, and a finished word
		{"bike library", search.Filters{}},                 // the title
		{"bike libr", search.Filters{}},                    // a prefix, as typed
		{"bikes", search.Filters{}},                        // a plural
		{"tricycles helmet", search.Filters{}},             // two body words
		{"HÉLMET", search.Filters{}},                       // diacritics fold away
		{"helmet", search.Filters{Kind: "initiative"}},     // with a filter
		{"bike", search.Filters{Intent: "healthy-ageing"}}, // by intent
		{"lends", search.Filters{System: "transport", Status: "scaling"}},
	} {
		if got := first(tt.q, tt.f); got != bike {
			t.Errorf("%q %+v: first result %s, want %s", tt.q, tt.f, got, bike)
		}
	}
	// A filter alone lists its pages.
	res := find(t, ix, "", search.Filters{Kind: "initiative", Status: "scaling"})
	if !has(res, bike) {
		t.Errorf("initiatives that are scaling: %v lacks %s", res, bike)
	}
	for _, r := range res {
		p := pageAt(pf, r.Page)
		if p.Kind != content.KindInitiative || content.Slugify(p.Status) != "scaling" {
			t.Errorf("filter kind=initiative status=scaling lets %s (%s, %s) through", p.File, p.Kind, p.Status)
		}
	}
	// A filter excludes.
	if has(find(t, ix, "helmet", search.Filters{Kind: "learning"}), bike) {
		t.Error("the kind filter does not exclude the initiative")
	}
	// A word matching nothing (a typo) does not hide what the others find,
	// and a page with more of the words ranks first.
	if res := find(t, ix, "helmet zzzzqx", search.Filters{}); len(res) != 1 || res[0].URL != bike || res[0].Matched != 1 {
		t.Errorf("helmet zzzzqx: got %v, want the bike library, one word matched", res)
	}
	if res := find(t, ix, "helmet tricycles", search.Filters{}); len(res) < 2 || res[0].URL != bike || res[0].Matched != 2 || res[1].Matched != 1 {
		t.Errorf("helmet tricycles: got %v, want the bike library first with both words", res)
	}
	// Stop words and one-letter words alone search nothing.
	if res := find(t, ix, "the a of", search.Filters{}); res != nil {
		t.Errorf("stop words found %v", res)
	}
	// The intent's title ("Healthy, connected later life", slug
	// healthy-ageing) is a facet of the pages serving it.
	if !has(find(t, ix, "connected later life", search.Filters{Kind: "initiative"}), bike) {
		t.Error("an intent's title does not find the initiatives serving it")
	}
}

func pageAt(pf *portfolio.Portfolio, i int) *content.Page { return pf.Pages[i] }

func TestMetaFacets(t *testing.T) {
	pf := example(t)
	m := search.Build(pf).Meta()
	names := []string{}
	for _, f := range m.Facets {
		names = append(names, f.Name)
	}
	if !reflect.DeepEqual(names, []string{"kind", "status", "intent", "system"}) {
		t.Fatalf("facets %v", names)
	}
	// Every intent is a value, labelled with its title; statuses follow the site's order.
	var intents, statuses []string
	for _, v := range m.Facets[2].Values {
		intents = append(intents, v.Key)
		if p := pf.Page(content.KindIntent, v.Key); p == nil || p.Title != v.Label {
			t.Errorf("intent value %s/%s is not an intent's slug and title", v.Key, v.Label)
		}
	}
	if len(intents) != len(pf.Of(content.KindIntent)) {
		t.Errorf("intent values %v, want one per intent", intents)
	}
	for _, v := range m.Facets[1].Values {
		statuses = append(statuses, v.Key)
	}
	last := -1
	for _, s := range statuses {
		i := slices.Index(pf.Config.Statuses, s)
		if i < last {
			t.Errorf("statuses %v are not in the site's order %v", statuses, pf.Config.Statuses)
		}
		last = i
	}
	if m.Facets[0].Values[0].Label == "" {
		t.Error("kinds have no labels")
	}
	// Labels come from the theme when it is given.
	m = search.Build(pf, search.Labels(func(k string) string {
		if k == "kind.narrative.plural" {
			return "Geschichten"
		}
		return k
	})).Meta()
	for _, v := range m.Facets[0].Values {
		if v.Key == "narrative" && v.Label != "Geschichten" {
			t.Errorf("narrative label %q, want the theme's", v.Label)
		}
		if v.Key == "initiative" && v.Label != "Initiatives" {
			t.Errorf("initiative label %q, want the default", v.Label)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := search.Build(example(t)).Files()
	b := search.Build(example(t)).Files()
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Name != b[i].Name || !bytes.Equal(a[i].Data, b[i].Data) {
			t.Fatalf("file %d differs between two builds: %s / %s", i, a[i].Name, b[i].Name)
		}
	}
	names := map[string]bool{}
	for _, f := range a {
		if names[f.Name] {
			t.Errorf("%s written twice", f.Name)
		}
		names[f.Name] = true
		if !json.Valid(f.Data) {
			t.Errorf("%s is not valid JSON", f.Name)
		}
		if !strings.HasPrefix(f.Name, "search/") || !strings.HasSuffix(f.Name, ".json") {
			t.Errorf("file name %q", f.Name)
		}
	}
}

func TestEncodeList(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := [][]int{{}, {0}, {5}, {0, 1, 2, 3}, {31, 32, 33, 1023, 1024, 40000}}
	for n := 0; n < 300; n++ {
		var l []int
		density := rng.Float64()
		size := rng.IntN(3000)
		for p := 0; p < size; p++ {
			if rng.Float64() < density {
				l = append(l, p)
			}
		}
		cases = append(cases, l)
	}
	for _, c := range cases {
		s := search.EncodeList(c)
		got, err := search.DecodeList(s)
		if err != nil {
			t.Fatalf("%v → %q: %v", c, s, err)
		}
		if len(c) == 0 && len(got) == 0 {
			continue
		}
		if !reflect.DeepEqual(got, c) {
			t.Fatalf("%v → %q → %v", c, s, got)
		}
		if strings.ContainsAny(s, `"\/+=`) {
			t.Fatalf("%q needs escaping", s)
		}
	}
	all := make([]int, 10000)
	for i := range all {
		all[i] = i
	}
	if s := search.EncodeList(all); len(s) > 8 {
		t.Errorf("10,000 consecutive pages take %d characters: %q", len(s), s)
	}
}

func TestParseQuery(t *testing.T) {
	ix := search.Build(example(t))
	for _, tt := range []struct {
		q    string
		want string
	}{
		{"Bike libraries", "bike/bike libraries/librari*"},
		{"bike libraries ", "bike/bike libraries/librari"},
		{"the bike", "bike/bike*"},
		{"bike the", "bike/bike"},
		{"Ärzte Straße café", "arzte/arzt strasse/strass cafe/cafe*"},
		{"cafe\u0301s", "cafes/cafe*"},
		{"a I x", ""},
		{"status bus class", "status/status bus/bus class/class*"},
		{"stopped Stopping stops", "stopped/stop stopping/stop stops/stop*"},
		{"benchs benches", "benchs/bench benches/bench*"},
		{"sensors: łódź ødegaard", "sensors/sensor lodz/lodz odegaard/odegaard*"},
		{"ΟΔΟΣ", "οδοσ/οδοσ*"},
	} {
		var parts []string
		for _, w := range ix.ParseQuery(tt.q) {
			s := w.Raw + "/" + w.Key
			if w.Prefix {
				s += "*"
			}
			parts = append(parts, s)
		}
		if got := strings.Join(parts, " "); got != tt.want {
			t.Errorf("ParseQuery(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

func TestShardsSplit(t *testing.T) {
	// Many long terms sharing two letters make a shard split by a third.
	files := map[string]string{"content/intents/x.md": "---\ntitle: X\nsummary: X.\n---\n"}
	for i := 0; i < 400; i++ {
		var body []string
		for j := 0; j < 40; j++ {
			body = append(body, fmt.Sprintf("co%c%c%cword", 'a'+rune((i+j)%26), 'a'+rune(j%26), 'a'+rune(i%26)))
		}
		files[fmt.Sprintf("content/p%03d.md", i)] = "---\ntitle: Page\n---\n" + strings.Join(body, " ") + "\n"
	}
	ix := search.Build(loadSite(t, writeSite(t, files), false))
	keys := strings.Fields(ix.Meta().Shards)
	long := 0
	for _, k := range keys {
		if strings.HasPrefix(k, "co") && len(k) > 2 {
			long++
		}
	}
	if long == 0 {
		t.Fatalf("the co… shard was not split: %v", keys)
	}
	for _, f := range ix.Files() {
		if strings.HasPrefix(f.Name, "search/t/") && len(f.Data) > 64<<10 {
			t.Errorf("%s is %d bytes", f.Name, len(f.Data))
		}
	}
	// Exact and prefix searches reach the split shards.
	if res := find(t, ix, "cobbaword ", search.Filters{}); len(res) == 0 {
		t.Error("exact search misses a term in a split shard")
	}
	if res := find(t, ix, "coa", search.Filters{}); len(res) < 20 {
		t.Errorf("prefix search over split shards finds %d pages", len(res))
	}
}

// TestCacheGivesTheSameIndex: an index built with a cache, from cold and
// then warm, has the same bytes as one built without.
func TestCacheGivesTheSameIndex(t *testing.T) {
	pf := example(t)
	plain := search.Build(pf).Files()
	c := search.NewCache()
	for round := 0; round < 2; round++ {
		cached := search.Build(pf, search.WithCache(c)).Files()
		if len(cached) != len(plain) {
			t.Fatalf("round %d: %d files, want %d", round, len(cached), len(plain))
		}
		for i := range plain {
			if cached[i].Name != plain[i].Name || !bytes.Equal(cached[i].Data, plain[i].Data) {
				t.Fatalf("round %d: %s differs with the cache", round, plain[i].Name)
			}
		}
	}
}

// TestCacheConcurrentBuilds: the dev server may make two builds' indexes at
// once with one cache; each must come out as without it (run with -race).
func TestCacheConcurrentBuilds(t *testing.T) {
	pf := example(t)
	plain := search.Build(pf).Files()
	c := search.NewCache()
	var wg sync.WaitGroup
	fail := make(chan string, 16)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got := search.Build(pf, search.WithCache(c)).Files()
			if len(got) != len(plain) {
				fail <- "file count differs"
				return
			}
			for i := range plain {
				if got[i].Name != plain[i].Name || !bytes.Equal(got[i].Data, plain[i].Data) {
					fail <- plain[i].Name + " differs"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(fail)
	for f := range fail {
		t.Fatal(f)
	}
}
