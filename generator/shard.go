package generator

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"sync"

	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/render"
	"github.com/trellis-ssg/trellis/themes"
)

// buildShard renders one part of the site into out, with its manifest.
func buildShard(opt Options, pf *portfolio.Portfolio, r *render.Renderer, out render.Output, res *Result) error {
	if err := opt.Shard.Check(); err != nil {
		return err
	}
	sum, err := contentHash(opt, pf)
	if err != nil {
		return err
	}
	rec := &render.ShardOutput{Output: out}
	stats, err := r.RenderShard(pf, opt.Source, rec, opt.Shard)
	res.Stats = stats
	if err != nil {
		return err
	}
	res.Stats.Files++
	return rec.WriteManifest(render.Manifest{Trellis: opt.Version, Shard: opt.Shard.K, Of: opt.Shard.N, Content: sum})
}

// contentHash identifies what a shard built, so that `trellis publish`
// can refuse to merge shards built from different content: the trellis
// version, the options that change the output, every file the build reads
// (site.yaml, the content folder, the brand's files, the site's themes/
// and the embedded default theme) by its bytes, and what was judged from
// outside the files — every published page with its last-updated date,
// which git history and the moment of the build (consent expiring) decide.
// Two shards with the same hash write parts of the same site.
func contentHash(opt Options, pf *portfolio.Portfolio) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "trellis content v1\x00%s\x00%s\x00%t\x00%t\x00%s\x00", opt.Version, pf.Config.BaseURL, opt.Drafts, opt.Strict, pf.Config.Theme)

	var files []hashedFile
	add := func(root, rel string) {
		files = append(files, hashedFile{name: filepath.ToSlash(filepath.Join(root, rel)), path: filepath.Join(opt.Source, root, rel)})
	}
	add("", config.FileName)
	b := pf.Config.Brand
	for _, f := range append([]string{b.Logo, b.Favicon}, b.CSS...) {
		if f != "" {
			add("", filepath.FromSlash(f))
		}
	}
	for _, dir := range []string{pf.Config.ContentDir, "themes"} {
		base := filepath.Join(opt.Source, dir)
		err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == base && os.IsNotExist(err) {
					return nil // no themes/ of the site's own
				}
				return err
			}
			rel, _ := filepath.Rel(base, p)
			switch {
			case d.Type().IsRegular():
				add(dir, rel)
			case d.Type()&fs.ModeSymlink != 0:
				// Where it points, not what: content refuses links
				// that leave the folder, and one inside is hashed there.
				target, _ := os.Readlink(p)
				files = append(files, hashedFile{name: filepath.ToSlash(filepath.Join(dir, rel)), sum: sha256.Sum256([]byte("symlink " + target))})
			}
			return nil
		})
		if err != nil {
			return "", fmt.Errorf("content hash: %w", err)
		}
	}
	if err := hashFiles(files); err != nil {
		return "", fmt.Errorf("content hash: %w", err)
	}
	err := fs.WalkDir(themes.Default, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(themes.Default, p)
		if err == nil {
			files = append(files, hashedFile{name: "(default theme)/" + p, sum: sha256.Sum256(data)})
		}
		return err
	})
	if err != nil {
		return "", fmt.Errorf("content hash: %w", err)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].name < files[j].name })
	for _, f := range files {
		io.WriteString(h, f.name)
		h.Write([]byte{0})
		h.Write(f.sum[:])
	}
	for _, l := range pf.Languages() {
		io.WriteString(h, "\x00lang "+l.Lang+"\x00")
		for _, p := range l.Pages {
			io.WriteString(h, p.Path()+"\x00"+p.LastUpdated().String()+"\x00"+strconv.Quote(p.Lang)+"\x00")
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashedFile is one input file and the sha256 of its bytes.
type hashedFile struct {
	name string // as hashed: slash-separated, relative to the site folder
	path string // on disk
	sum  [32]byte
}

// hashFiles fills in the sums of files, reading them across the cores. A
// file that does not exist (a brand file the build reports missing) hashes
// as empty.
func hashFiles(files []hashedFile) error {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h := sha256.New()
			for i := range next {
				if files[i].path == "" {
					continue // hashed already
				}
				f, err := os.Open(files[i].path)
				if os.IsNotExist(err) {
					continue
				}
				if err == nil {
					h.Reset()
					_, err = io.Copy(h, f)
					f.Close()
					h.Sum(files[i].sum[:0])
				}
				if err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}
