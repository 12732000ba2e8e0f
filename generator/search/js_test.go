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
	if len(js) >= 12_000 {
		t.Errorf("search.js is %d bytes, over 12 kB", len(js))
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
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is needed to check search.js against the Go search")
		}
		t.Skip("node not found")
	}
	script, err := filepath.Abs(scriptPath)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	pf := example(t)
	ix := search.Build(pf)
	for _, f := range ix.Files() {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
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
	js := filepath.Join(dir, "parity.js")
	if err := os.WriteFile(js, []byte(parityScript), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, js, script, filepath.Join(dir, "search"), qf).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("node: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var got []struct {
		Words   []string `json:"words"`
		Results [][2]int `json:"results"`
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
			if res[j].Page != r[0] || res[j].Score != r[1] {
				t.Errorf("%q %v: result %d is page %d (score %d) in Go, %d (%d) in search.js", q.Q, q.F, j, res[j].Page, res[j].Score, r[0], r[1])
				break
			}
		}
	}
}
