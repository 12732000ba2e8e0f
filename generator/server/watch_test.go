package server

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// savePatterns are the ways editors save a file, done with real file
// operations: each must give exactly one build.
var savePatterns = map[string]func(t *testing.T, file string, data []byte){
	"write in place": func(t *testing.T, file string, data []byte) {
		must(t, os.WriteFile(file, data, 0o644))
	},
	"rename over": func(t *testing.T, file string, data []byte) {
		tmp := filepath.Join(filepath.Dir(file), "."+filepath.Base(file)+".tmp-81234")
		must(t, os.WriteFile(tmp, data, 0o644))
		must(t, os.Rename(tmp, file))
	},
	"delete and create": func(t *testing.T, file string, data []byte) {
		must(t, os.Remove(file))
		must(t, os.WriteFile(file, data, 0o644))
	},
	"vim": func(t *testing.T, file string, data []byte) {
		dir, base := filepath.Dir(file), filepath.Base(file)
		swp := filepath.Join(dir, "."+base+".swp")
		must(t, os.WriteFile(swp, []byte("swap"), 0o600))
		probe := filepath.Join(dir, "4913")
		must(t, os.WriteFile(probe, nil, 0o644))
		must(t, os.Remove(probe))
		must(t, os.Rename(file, file+"~"))
		must(t, os.WriteFile(file, data, 0o644))
		must(t, os.Remove(file+"~"))
		must(t, os.Remove(swp))
	},
	"emacs": func(t *testing.T, file string, data []byte) {
		dir, base := filepath.Dir(file), filepath.Base(file)
		lock := filepath.Join(dir, ".#"+base)
		must(t, os.Symlink("editor@host.1234:1700000000", lock))
		auto := filepath.Join(dir, "#"+base+"#")
		must(t, os.WriteFile(auto, data, 0o644))
		must(t, os.Rename(file, file+"~"))
		must(t, os.WriteFile(file, data, 0o644))
		must(t, os.Remove(auto))
		must(t, os.Remove(lock))
	},
	"jetbrains": func(t *testing.T, file string, data []byte) {
		tmp := file + "___jb_tmp___"
		old := file + "___jb_old___"
		must(t, os.WriteFile(tmp, data, 0o644))
		must(t, os.Rename(file, old))
		must(t, os.Rename(tmp, file))
		must(t, os.Remove(old))
	},
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// firstInitiative is a site's first initiative file and its URL path.
func firstInitiative(t *testing.T, dir string) (string, string) {
	t.Helper()
	for _, f := range pageFiles(t, dir) {
		if strings.HasPrefix(f, "content/initiatives/") {
			return filepath.Join(dir, filepath.FromSlash(f)), "initiatives/" + strings.TrimSuffix(filepath.Base(f), ".md") + "/index.html"
		}
	}
	t.Fatal("no initiative")
	return "", ""
}

func retitled(t *testing.T, file, title string) []byte {
	t.Helper()
	src, err := os.ReadFile(file)
	must(t, err)
	s, ok := replaceLine(string(src), "title", fmt.Sprintf("title: %q", title))
	if !ok {
		t.Fatal("no title line")
	}
	return []byte(s)
}

// copied is a new page made from file's: retitled, without its id, which
// only one page may have.
func copied(t *testing.T, file, title string) []byte {
	t.Helper()
	s, _ := replaceLine(string(retitled(t, file, title)), "id", "")
	return []byte(s)
}

func TestSavePatternsGiveOneBuild(t *testing.T) {
	for _, mode := range []string{"fsnotify", "poll"} {
		for name, save := range savePatterns {
			t.Run(mode+"/"+name, func(t *testing.T) {
				t.Parallel()
				dir := writeSite(t, 20, 3, "")
				opt := Options{Source: dir, Quiet: 100 * time.Millisecond}
				if mode == "poll" {
					opt.Poll = 50 * time.Millisecond
				}
				s, rec := startWatching(t, opt)
				file, page := firstInitiative(t, dir)
				title := "Saved by " + name
				data := retitled(t, file, title)
				whole(s, func() { save(t, file, data) })
				b := rec.next(t)
				if !b.OK {
					t.Fatalf("build failed: %v", b.Diags)
				}
				if !strings.Contains(string(s.Files()[page]), title) {
					t.Fatalf("the build after the save does not show the new title")
				}
				rec.none(t, opt.Quiet)
				if n := rec.count(); n != 1 {
					t.Fatalf("%d builds, want 1", n)
				}
			})
		}
	}
}

func TestIgnoredFilesGiveNoBuild(t *testing.T) {
	dir := writeSite(t, 20, 3, "")
	opt := Options{Source: dir, Quiet: 100 * time.Millisecond}
	_, rec := startWatching(t, opt)
	file, _ := firstInitiative(t, dir)
	d := filepath.Dir(file)
	for _, name := range []string{".x.md.swp", "x.md~", "#x.md#", "x.md___jb_tmp___", "4913", ".DS_Store"} {
		must(t, os.WriteFile(filepath.Join(d, name), []byte("x"), 0o644))
		must(t, os.Remove(filepath.Join(d, name)))
	}
	must(t, os.WriteFile(filepath.Join(dir, "README.md"), []byte("not content"), 0o644))
	rec.none(t, opt.Quiet)
}

func TestNewFoldersAreWatched(t *testing.T) {
	dir := writeSite(t, 20, 3, "")
	opt := Options{Source: dir, Quiet: 100 * time.Millisecond}
	s, rec := startWatching(t, opt)
	file, _ := firstInitiative(t, dir)
	bundle := filepath.Join(dir, "content", "initiatives", "new-bundle")
	must(t, os.MkdirAll(bundle, 0o755))
	index := filepath.Join(bundle, "index.md")
	must(t, os.WriteFile(index, copied(t, file, "Bundle one"), 0o644))
	for b := rec.next(t); !strings.Contains(string(s.Files()["initiatives/new-bundle/index.html"]), "Bundle one"); b = rec.next(t) {
		if !b.OK {
			t.Fatalf("build failed: %v", b.Diags)
		}
	}
	// A save in the new folder is seen.
	must(t, os.WriteFile(index, copied(t, file, "Bundle two"), 0o644))
	for rec.next(t); !strings.Contains(string(s.Files()["initiatives/new-bundle/index.html"]), "Bundle two"); rec.next(t) {
	}
}

// TestBrandFilesAreWatched: a stylesheet site.yaml's brand names, in a
// folder of its own, is watched; a save rebuilds the site with it, in both
// watch modes.
func TestBrandFilesAreWatched(t *testing.T) {
	for _, mode := range []string{"fsnotify", "poll"} {
		t.Run(mode, func(t *testing.T) {
			dir := writeSite(t, 20, 3, "")
			must(t, os.MkdirAll(filepath.Join(dir, "brand"), 0o755))
			css := filepath.Join(dir, "brand", "extra.css")
			must(t, os.WriteFile(css, []byte(".brand-name { letter-spacing: .01em }"), 0o644))
			f, err := os.OpenFile(filepath.Join(dir, "site.yaml"), os.O_APPEND|os.O_WRONLY, 0)
			must(t, err)
			_, err = f.WriteString("brand:\n  css: [brand/extra.css]\n")
			must(t, err)
			must(t, f.Close())
			opt := Options{Source: dir, Quiet: 100 * time.Millisecond}
			if mode == "poll" {
				opt.Poll = 50 * time.Millisecond
			}
			s, rec := startWatching(t, opt)
			whole(s, func() { must(t, os.WriteFile(css, []byte(".brand-name { letter-spacing: .05em }"), 0o644)) })
			for b := rec.next(t); ; b = rec.next(t) {
				if !b.OK {
					t.Fatalf("build failed: %v", b.Diags)
				}
				found := false
				for name, data := range s.Files() {
					if strings.HasPrefix(name, "assets/brand-1-extra.") && strings.Contains(string(data), ".05em") {
						found = true
					}
				}
				if found {
					break
				}
			}
		})
	}
}
