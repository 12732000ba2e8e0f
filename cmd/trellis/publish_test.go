package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// build --shard K/N with a K or N that names no part is a usage error:
// exit 2, the reason, nothing built.
func TestBuildBadShard(t *testing.T) {
	src := writeSite(t, goodSite())
	dest := filepath.Join(t.TempDir(), "public")
	for arg, want := range map[string]string{
		"0/3": "counted from 1 to 3",
		"4/3": "counted from 1 to 3",
		"x":   "write K/N",
		"2/0": "at least one part",
	} {
		r := runCmd("build", "--source", src, "--destination", dest, "--shard", arg)
		if r.code != 2 || !strings.Contains(r.stderr, want) {
			t.Errorf("--shard %s: want exit 2 saying %q, got %v", arg, want, r)
		}
	}
	for _, tc := range []struct{ args, want string }{
		{"--shard-index 3/3", "counted from 0 to 2"},
		{"--shard-index -1/3", "counted from 0 to 2"},
		{"--shard-index x", "write I/N"},
		{"--shard-index 0/0", "at least one part"},
		{"--shard 1/2 --shard-index 1/2", "one of --shard and --shard-index"},
		{"--shard 1/2 --shard 2/2", "one of --shard and --shard-index"},
	} {
		r := runCmd(append([]string{"build", "--source", src, "--destination", dest}, strings.Fields(tc.args)...)...)
		if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s: want exit 2 saying %q, got %v", tc.args, tc.want, r)
		}
	}
	if exists(dest) {
		t.Error("a bad --shard built the site")
	}
}

// Every part built with build --shard, merged by publish, is the site a
// whole build publishes; publish refuses a missing part with exit 1 and
// publishes nothing, and without folders is a usage error.
func TestBuildShardsAndPublish(t *testing.T) {
	src := writeSite(t, goodSite())
	dir := t.TempDir()
	if r := runCmd("build", "--source", src, "--destination", filepath.Join(dir, "whole"), "--quiet"); r.code != 0 {
		t.Fatal(r)
	}
	var parts []string
	for i, k := range []string{"1", "2"} {
		p := filepath.Join(dir, "part"+k)
		flag := []string{"--shard", k + "/2"}
		if i == 1 {
			flag = []string{"--shard-index", "1/2"} // the same part, counted from 0
		}
		r := runCmd(append([]string{"build", "--source", src, "--destination", p}, flag...)...)
		if r.code != 0 || !strings.Contains(r.stdout, "part "+k+"/2") {
			t.Fatalf("part %s: %v", k, r)
		}
		parts = append(parts, p)
	}
	dest := filepath.Join(dir, "public")
	if r := runCmd(append([]string{"publish", "--destination", dest}, parts[:1]...)...); r.code != 1 || !strings.Contains(r.stderr, "part 2 of 2 is missing") || !strings.Contains(r.stderr, "Nothing was published") {
		t.Errorf("publish of one part of two: %v", r)
	}
	if exists(dest) {
		t.Fatal("a refused publish wrote its destination")
	}
	if r := runCmd("publish", "--destination", dest); r.code != 2 {
		t.Errorf("publish without folders: %v", r)
	}
	if r := runCmd(append([]string{"publish", "--destination", dest}, parts...)...); r.code != 0 || !strings.Contains(r.stdout, "Published 2 parts") {
		t.Fatalf("publish: %v", r)
	}
	var n int
	filepath.WalkDir(filepath.Join(dir, "whole"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join(dir, "whole"), p)
		want, _ := os.ReadFile(p)
		got, err := os.ReadFile(filepath.Join(dest, rel))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s differs from the whole build's (%v)", rel, err)
		}
		n++
		return nil
	})
	if n < 10 {
		t.Errorf("the whole build has only %d files", n)
	}
	if exists(filepath.Join(dest, "trellis-shard.json")) {
		t.Error("publish published the manifest")
	}
}
