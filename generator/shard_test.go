package generator_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/corpus"
	"github.com/trellis-ssg/trellis/generator/render"
)

// shardCounts are the splits the tests try: the whole build as one part,
// and splits into a few parts and into more parts than there are cores.
var shardCounts = []int{1, 2, 3, 7}

// buildShard builds part sh of src into dest and fails the test on error.
func buildShard(t *testing.T, src, dest string, sh render.Shard) generator.Result {
	t.Helper()
	res, err := generator.Build(generator.Options{Source: src, Destination: dest, Now: now, Shard: sh, Version: "test"})
	if err != nil {
		t.Fatalf("Build(%s, shard %s): %v", src, sh, err)
	}
	return res
}

// withoutManifest is a shard's snapshot without its manifest and folders.
func withoutManifest(snap map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for n, b := range snap {
		if n != render.ManifestName && !strings.HasSuffix(n, "/") {
			out[n] = b
		}
	}
	return out
}

// filesOnly is a snapshot without its folders.
func filesOnly(snap map[string][]byte) map[string][]byte { return withoutManifest(snap) }

// The parts of the example site, built by `trellis build --shard K/N` and
// copied into one folder, are the whole build byte for byte: no file in
// two parts, none missing. Only the first part has the static files and
// the site-wide batches; every other part has pages.
func TestShardUnionIsWholeBuild(t *testing.T) {
	dir := t.TempDir()
	build(t, exampleSite, filepath.Join(dir, "full"), "")
	full := filesOnly(snapshot(t, filepath.Join(dir, "full")))
	for _, n := range shardCounts {
		union := map[string][]byte{}
		owner := map[string]int{}
		for k := 1; k <= n; k++ {
			dest := filepath.Join(dir, fmt.Sprintf("part-%d-of-%d", k, n))
			res := buildShard(t, exampleSite, dest, render.Shard{K: k, N: n})
			snap := snapshot(t, dest)
			m, err := render.ReadManifest(dest)
			if err != nil {
				t.Fatal(err)
			}
			if m.Shard != k || m.Of != n || len(m.Content) != 64 || m.Trellis != "test" {
				t.Errorf("part %d/%d: manifest %+v", k, n, m)
			}
			part := withoutManifest(snap)
			if m.Files != len(part) || res.Stats.Files != len(part)+1 {
				t.Errorf("part %d/%d: manifest counts %d files, stats %d, the folder holds %d and the manifest", k, n, m.Files, res.Stats.Files, len(part))
			}
			pages := 0
			for name, b := range part {
				if o, dup := owner[name]; dup {
					t.Errorf("%s is written by parts %d and %d of %d", name, o, k, n)
				}
				owner[name] = k
				union[name] = b
				if strings.HasSuffix(name, "/index.html") {
					pages++
				}
			}
			if pages == 0 && k > 1 {
				// The first may have none: the site-wide files are its work.
				t.Errorf("part %d/%d renders no page", k, n)
			}
			for _, shared := range []string{"sitemap.xml", "robots.txt", "_headers", "data/portfolio.json", "search/meta.json"} {
				if _, ok := part[shared]; ok != (k == 1) {
					t.Errorf("part %d/%d: has %s = %v; only the first part writes the site-wide files", k, n, shared, ok)
				}
			}
		}
		sameTree(t, full, union)
	}
}

// The same holds for a generated portfolio, where the parts' costs differ
// more: rendered in memory from one loaded portfolio, every split's union
// is the whole site, and the parts carry comparable work.
func TestShardUnionOnCorpus(t *testing.T) {
	src, err := corpus.Cached(300, 7)
	if err != nil {
		t.Fatal(err)
	}
	pf, diags := generator.Load(generator.Options{Source: src, Now: now})
	if diags.HasErrors() {
		t.Fatalf("corpus has errors: %v", diags)
	}
	theme, err := render.LoadTheme(render.ThemeFS(src, pf.Config.Theme), pf.Config.LanguageCodes()...)
	if err != nil {
		t.Fatal(err)
	}
	r := render.New(theme)
	whole := &render.Memory{}
	if _, err := r.Render(pf, src, whole); err != nil {
		t.Fatal(err)
	}
	for _, n := range shardCounts {
		union := map[string][]byte{}
		for k := 1; k <= n; k++ {
			part := &render.Memory{}
			stats, err := r.RenderShard(pf, src, part, render.Shard{K: k, N: n})
			if err != nil {
				t.Fatalf("part %d/%d: %v", k, n, err)
			}
			if stats.Files != len(part.Files) {
				t.Errorf("part %d/%d: stats count %d files, %d written", k, n, stats.Files, len(part.Files))
			}
			for name, b := range part.Files {
				if _, dup := union[name]; dup {
					t.Errorf("%s is written by two parts of %d", name, n)
				}
				union[name] = b
			}
		}
		if len(union) != len(whole.Files) {
			t.Errorf("%d parts wrote %d files; the whole build %d", n, len(union), len(whole.Files))
		}
		for name, b := range whole.Files {
			if got, ok := union[name]; !ok {
				t.Errorf("%d parts: %s is missing", n, name)
			} else if !bytes.Equal(got, b) {
				t.Errorf("%d parts: %s differs from the whole build's", n, name)
			}
		}
	}
}

// publish merges the parts into the whole site, and refuses — publishing
// nothing, leaving the destination as it was — parts that are missing,
// given twice, from different content, split differently, changed since
// they were built, or not parts at all.
func TestPublishShards(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	writeSite(t, site, smallSite())
	build(t, site, filepath.Join(dir, "full"), "")
	full := filesOnly(snapshot(t, filepath.Join(dir, "full")))
	part := func(name string, k, n int) string {
		p := filepath.Join(dir, name)
		buildShard(t, site, p, render.Shard{K: k, N: n})
		return p
	}
	a, b, c := part("a", 1, 3), part("b", 2, 3), part("c", 3, 3)
	dest := filepath.Join(dir, "public")
	if err := render.PublishShards(dest, []string{c, a, b}); err != nil {
		t.Fatal(err)
	}
	sameTree(t, full, filesOnly(snapshot(t, dest)))
	if _, err := os.Stat(filepath.Join(dest, render.ManifestName)); err == nil {
		t.Errorf("the published site holds %s", render.ManifestName)
	}
	published := snapshot(t, dest)

	// Parts of another split, and a part of changed content.
	half := part("half", 2, 2)
	writeSite(t, site, map[string]string{"content/intents/a.md": strings.Replace(smallSite()["content/intents/a.md"], "What A tries", "What A now tries", 1)})
	changed := part("changed", 2, 3)
	writeSite(t, site, map[string]string{"content/intents/a.md": smallSite()["content/intents/a.md"]})
	// A part that lost a file on its way.
	lost := filepath.Join(dir, "lost")
	if err := os.CopyFS(lost, os.DirFS(c)); err != nil {
		t.Fatal(err)
	}
	var victim string
	for name := range withoutManifest(snapshot(t, lost)) {
		if victim == "" || name < victim {
			victim = name
		}
	}
	os.Remove(filepath.Join(lost, filepath.FromSlash(victim)))
	notPart := filepath.Join(dir, "full")

	for _, tc := range []struct {
		name string
		dirs []string
		want string
	}{
		{"missing", []string{a, c}, "part 2 of 3 is missing"},
		{"twice", []string{a, b, b, c}, "part 2 of 3 is given twice"},
		{"other content", []string{a, changed, c}, "was built from other content"},
		{"other split", []string{a, b, c, half}, "is part 2 of 2"},
		{"changed part", []string{a, b, lost}, "not the"},
		{"not a part", []string{a, b, c, notPart}, "has no " + render.ManifestName},
		{"no such folder", []string{a, b, filepath.Join(dir, "nowhere")}, "nowhere"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := render.PublishShards(dest, tc.dirs)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("PublishShards = %v, want an error saying %q", err, tc.want)
			}
			sameTree(t, published, snapshot(t, dest))
			if l := leftovers(t, dest); len(l) > 0 {
				t.Errorf("left %v behind", l)
			}
		})
	}

	// The content hash is the content's: parts built again from the same
	// files carry the same one, and the changed part another.
	ma, _ := render.ReadManifest(a)
	mb, _ := render.ReadManifest(part("b2", 2, 3))
	mc, _ := render.ReadManifest(changed)
	if ma.Content != mb.Content || ma.Content == mc.Content {
		t.Errorf("content hashes: a %s, b again %s, changed %s", ma.Content, mb.Content, mc.Content)
	}
}

// Bad shards are refused before anything is loaded or written.
func TestBuildRefusesBadShard(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	for _, sh := range []render.Shard{{K: 0, N: 3}, {K: 4, N: 3}, {K: 1, N: 0}, {K: -1, N: 2}} {
		_, err := generator.Build(generator.Options{Source: exampleSite, Destination: dest, Now: now, Shard: sh})
		if err == nil || !strings.Contains(err.Error(), "shard") {
			t.Errorf("shard %v: %v", sh, err)
		}
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("a refused build wrote its destination")
	}
	if names, _ := os.ReadDir(dir); len(names) > 0 {
		t.Errorf("a refused build left %s", names[0].Name())
	}
}
