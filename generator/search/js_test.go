package search_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator/search"
)

func TestScript(t *testing.T) {
	js, err := os.ReadFile(scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	// 10.5 kB minified as published (5 kB gzipped), with the stemmer.
	if len(js) >= 20_000 {
		t.Errorf("search.js is %d bytes, over 20 kB", len(js))
	}
	if !strings.Contains(string(js), `const FOLD_TABLE = "`+search.FoldTable+`";`) {
		t.Error("search.js does not carry search.FoldTable verbatim")
	}
	for _, bad := range []string{"innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "?.", "??"} {
		if strings.Contains(string(js), bad) {
			t.Errorf("search.js uses %s", bad)
		}
	}
}

// parityScript runs queries in Node with search.js's own index code over
// the files Build wrote, and prints what it finds.
const parityScript = `
const fs = require('fs'), path = require('path');
const [script, dir, queries] = process.argv.slice(2);
const s = require(script);
const get = p => Promise.resolve(JSON.parse(fs.readFileSync(path.join(dir, p), 'utf8')));
(async () => {
	const ix = s.makeIndex(JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')), get);
	const out = [];
	for (const q of JSON.parse(fs.readFileSync(queries, 'utf8'))) {
		const res = await ix.search(q.q, q.f);
		out.push({words: ix.parse(q.q).map(w => w.raw + '/' + w.key + (w.prefix ? '*' : '')), results: res ? res.slice(0, 50) : null,
			total: res ? res.length : -1, norm: s.normalize(q.q)});
	}
	console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
`

func TestScriptMatchesGo(t *testing.T) {
	script, err := filepath.Abs(scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pf := example(t)
	ix := search.Build(pf)
	writeIndex(t, ix, dir)
	type query struct {
		Q string            `json:"q"`
		F map[string]string `json:"f"`
	}
	var qs []query
	for _, q := range []string{"bike library", "bike libr", "helmet", "HÉLMET", "Bikes", "bikes ", "co", "air quality", "the", "", "tricycles helmet",
		"cafe\u0301", "Straße", "Ærø", "healthy ageing", "stories", "school streets no2", "zzzz", "a b c", "İstanbul", "ΟΔΟΣ", "community fridge", "sense-making"} {
		qs = append(qs, query{q, map[string]string{}})
	}
	qs = append(qs,
		query{"", map[string]string{"kind": "initiative", "status": "scaling"}},
		query{"bike", map[string]string{"intent": "healthy-ageing"}},
		query{"air", map[string]string{"system": "transport", "kind": "initiative"}},
		query{"", map[string]string{"intent": "clean-air"}},
	)
	// A title of every page, too.
	for _, p := range pf.Pages {
		qs = append(qs, query{p.Title, map[string]string{}})
	}
	qf := filepath.Join(dir, "queries.json")
	data, _ := json.Marshal(qs)
	if err := os.WriteFile(qf, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := nodeRun(t, parityScript, script, filepath.Join(dir, "search"), qf)
	var got []struct {
		Words   []string `json:"words"`
		Results [][3]int `json:"results"`
		Total   int      `json:"total"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got) != len(qs) {
		t.Fatalf("node answered %d queries of %d", len(got), len(qs))
	}
	for i, q := range qs {
		var words []string
		for _, w := range ix.ParseQuery(q.Q) {
			s := w.Raw + "/" + w.Key
			if w.Prefix {
				s += "*"
			}
			words = append(words, s)
		}
		if strings.Join(words, " ") != strings.Join(got[i].Words, " ") {
			t.Errorf("%q: Go reads %v, search.js %v", q.Q, words, got[i].Words)
			continue
		}
		f := search.Filters{Kind: q.F["kind"], Status: q.F["status"], Intent: q.F["intent"], System: q.F["system"]}
		res := find(t, ix, q.Q, f)
		total := len(res)
		if res == nil {
			total = -1
		}
		if total != got[i].Total {
			t.Errorf("%q %v: Go finds %d, search.js %d", q.Q, q.F, total, got[i].Total)
			continue
		}
		for j, r := range got[i].Results {
			if res[j].Page != r[0] || res[j].Matched != r[1] || res[j].Score != r[2] {
				t.Errorf("%q %v: result %d is page %d (%d words, score %d) in Go, %d (%d, %d) in search.js", q.Q, q.F, j, res[j].Page, res[j].Matched, res[j].Score, r[0], r[1], r[2])
				break
			}
		}
	}
}

// nodeRun runs a Node script with args and returns what it prints; the
// test is skipped without Node outside CI.
func nodeRun(t *testing.T, script string, args ...string) []byte {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed to check search.js against the Go search")
		}
		t.Skip("node not found")
	}
	js := filepath.Join(t.TempDir(), "run.js")
	if err := os.WriteFile(js, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, append([]string{js}, args...)...).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("node: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	return out
}

// TestScriptStemVectors: search.js's stemmer gives the Snowball project's
// stem of every word of its English vocabulary, the same file the Go
// stemmer is tested with (TestStemVectors), and the same stem as Go for
// every word of the example portfolio.
func TestScriptStemVectors(t *testing.T) {
	script, err := filepath.Abs(scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	vectors, err := filepath.Abs(filepath.Join("testdata", "snowball-english.txt"))
	if err != nil {
		t.Fatal(err)
	}
	out := nodeRun(t, `
const fs = require('fs');
const s = require(process.argv[2]);
let bad = [];
for (const line of fs.readFileSync(process.argv[3], 'utf8').split('\n')) {
	if (!line) continue;
	const [w, want] = line.split(' ');
	const got = s.porter2(w);
	if (got !== want) bad.push(w + ' ' + got + ' ' + want);
}
console.log(bad.slice(0, 20).join('\n') + (bad.length ? '\n' + bad.length + ' differ' : 'ok'));
`, script, vectors)
	if strings.TrimSpace(string(out)) != "ok" {
		t.Errorf("search.js stems differently from the Snowball vocabulary:\n%s", out)
	}

	// Every word of the example, as Go reads it and as search.js does:
	// through ParseQuery, which normalises and stems.
	pf := example(t)
	ix := search.Build(pf)
	seen := map[string]bool{}
	var words []string
	for _, p := range pf.Pages {
		for _, w := range strings.FieldsFunc(p.Title+" "+p.Summary+" "+pf.Text(p), func(r rune) bool { return r == ' ' || r == '\n' }) {
			if !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	words = append(words, "no2", "q4", "2025s", "yyyy", "ies", "skies", "proceeding", "generously", "communism", "sky's", "Ærø", "İstanbul")
	dir := t.TempDir()
	meta := filepath.Join(dir, "meta.json")
	if err := os.WriteFile(meta, ix.File("search/meta.json"), 0o644); err != nil {
		t.Fatal(err)
	}
	list := filepath.Join(dir, "words.json")
	data, _ := json.Marshal(words)
	if err := os.WriteFile(list, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out = nodeRun(t, `
const fs = require('fs');
const s = require(process.argv[2]);
const ix = s.makeIndex(JSON.parse(fs.readFileSync(process.argv[3], 'utf8')), () => Promise.reject());
console.log(JSON.stringify(JSON.parse(fs.readFileSync(process.argv[4], 'utf8')).map(w => ix.parse(w + ' ').map(x => x.key).join(' '))));
`, script, meta, list)
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for i, w := range words {
		var keys []string
		for _, x := range ix.ParseQuery(w + " ") {
			keys = append(keys, x.Key)
		}
		if want := strings.Join(keys, " "); got[i] != want {
			t.Errorf("%q: Go stems %q, search.js %q", w, want, got[i])
		}
	}
}

// TestScriptSnippetsMatchGo: the passage search.js shows under a result is
// the one Go's Snippet chooses, for every reader query and each of its
// first ten results.
func TestScriptSnippetsMatchGo(t *testing.T) {
	script, err := filepath.Abs(scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	pf := example(t)
	ix := search.Build(pf)
	dir := t.TempDir()
	writeIndex(t, ix, dir)
	type job struct {
		Q    string `json:"q"`
		Page int    `json:"page"`
	}
	var jobs []job
	var want []string
	passages := 0
	for _, rq := range readerQueries(t) {
		res := find(t, ix, rq.Q, search.Filters{})
		for i := 0; i < len(res) && i < 10; i++ {
			s, err := ix.Snippet(res[i].Page, rq.Q)
			if err != nil {
				t.Fatal(err)
			}
			if s != "" {
				passages++
			}
			jobs = append(jobs, job{rq.Q, res[i].Page})
			want = append(want, s)
		}
	}
	if passages < len(jobs)/2 {
		t.Errorf("only %d of %d results have a passage", passages, len(jobs))
	}
	list := filepath.Join(dir, "jobs.json")
	data, _ := json.Marshal(jobs)
	if err := os.WriteFile(list, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := nodeRun(t, `
const fs = require('fs'), path = require('path');
const [script, dir, jobs] = process.argv.slice(2);
const s = require(script);
const read = p => JSON.parse(fs.readFileSync(path.join(dir, p), 'utf8'));
const ix = s.makeIndex(read('meta.json'), p => Promise.resolve(read(p)));
console.log(JSON.stringify(JSON.parse(fs.readFileSync(jobs, 'utf8')).map(j => ix.snippet(read('x/' + j.page + '.json'), ix.parse(j.q)))));
`, script, filepath.Join(dir, "search"), list)
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for i, j := range jobs {
		if got[i] != want[i] {
			t.Errorf("%q, page %d: Go's passage %q, search.js %q", j.Q, j.Page, want[i], got[i])
		}
	}
}

// writeIndex writes the index's files under dir, as a build publishes them.
func writeIndex(t *testing.T, ix *search.Index, dir string) {
	t.Helper()
	for _, f := range ix.Files() {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
