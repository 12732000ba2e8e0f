package render

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// ManifestName is the file a shard's output holds beside the site's files,
// saying which part it is and of what. `trellis publish` reads it and does
// not publish it. It is not a dotfile, so that CI artifact uploads, which
// leave hidden files out, keep it.
const ManifestName = "trellis-shard.json"

// Manifest says what one shard's output is.
type Manifest struct {
	// Trellis is the version that built the shard.
	Trellis string `json:"trellis"`
	Shard   int    `json:"shard"`
	Of      int    `json:"of"`
	// Content identifies what was built: the input files, the options
	// and the trellis version (see generator). Shards merge only with the
	// same Content.
	Content string `json:"content"`
	// Files counts the files written; Digest is the sha256 of their names
	// and sizes, so a shard that lost files on its way is refused.
	Files  int    `json:"files"`
	Digest string `json:"digest"`
}

// ShardOutput is an Output that records the names and sizes of what a
// shard writes, for its manifest.
type ShardOutput struct {
	Output
	mu    sync.Mutex
	sizes map[string]int64
}

// WriteFile writes and records one file.
func (s *ShardOutput) WriteFile(name string, data []byte) error {
	if name == ManifestName {
		return fmt.Errorf("%s is the name of a shard's manifest; a site cannot have a file of that name", name)
	}
	s.mu.Lock()
	if s.sizes == nil {
		s.sizes = map[string]int64{}
	}
	s.sizes[name] = int64(len(data))
	s.mu.Unlock()
	return s.Output.WriteFile(name, data)
}

// WriteManifest writes the manifest of what was written, with its count
// and digest filled in from the files recorded.
func (s *ShardOutput) WriteManifest(m Manifest) error {
	s.mu.Lock()
	m.Files, m.Digest = len(s.sizes), digest(s.sizes)
	s.mu.Unlock()
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return s.Output.WriteFile(ManifestName, append(data, '\n'))
}

// digest is the sha256 of files' names and sizes, in name order.
func digest(sizes map[string]int64) string {
	names := make([]string, 0, len(sizes))
	for n := range sizes {
		names = append(names, n)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, n := range names {
		io.WriteString(h, n+"\x00"+strconv.FormatInt(sizes[n], 10)+"\n")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ReadManifest reads the manifest of the shard output in dir.
func ReadManifest(dir string) (Manifest, error) {
	var m Manifest
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		if _, err := os.Stat(dir); err != nil {
			return m, fmt.Errorf("%s: %w", dir, errors.Unwrap(err))
		}
		return m, fmt.Errorf("%s has no %s: it is not a shard's output (build one with trellis build --shard K/N)", dir, ManifestName)
	}
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("%s: %v", filepath.Join(dir, ManifestName), err)
	}
	if err := (Shard{K: m.Shard, N: m.Of}).Check(); err != nil || m.Content == "" {
		return m, fmt.Errorf("%s does not name a part of a build (shard %d of %d, content %q)", filepath.Join(dir, ManifestName), m.Shard, m.Of, m.Content)
	}
	return m, nil
}

// shardFiles lists the files of a shard's output (without its manifest)
// by site path, with their sizes.
func shardFiles(dir string) (map[string]int64, error) {
	sizes := map[string]int64{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == ManifestName {
			return nil
		}
		if !d.Type().IsRegular() {
			return fmt.Errorf("%s: not a regular file; a shard's output holds only files", p)
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		sizes[rel] = fi.Size()
		return nil
	})
	return sizes, err
}

// PublishShards merges the outputs of every shard of one build into dest,
// with Publish's lock and all-or-nothing swap. It refuses, publishing
// nothing, shards of different content or of builds split differently, a
// part given twice or missing, a file in two parts, and a part whose files
// are not those its manifest counted.
func PublishShards(dest string, dirs []string) error {
	if len(dirs) == 0 {
		return errors.New("no shard folders given")
	}
	type part struct {
		dir   string
		m     Manifest
		files map[string]int64
	}
	var parts []part
	var problems []error
	for _, d := range dirs {
		m, err := ReadManifest(d)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		parts = append(parts, part{dir: d, m: m})
	}
	if len(problems) > 0 {
		return errors.Join(problems...)
	}
	first := parts[0]
	byK := map[int]string{}
	for _, p := range parts {
		switch {
		case p.m.Of != first.m.Of:
			problems = append(problems, fmt.Errorf("%s is part %d of %d, but %s is part %d of %d: give the parts of one build", p.dir, p.m.Shard, p.m.Of, first.dir, first.m.Shard, first.m.Of))
			continue
		case p.m.Content != first.m.Content:
			problems = append(problems, fmt.Errorf("%s was built from other content than %s (content %.12s…, trellis %s, against %.12s…, trellis %s): build every part from the same commit, options and trellis",
				p.dir, first.dir, p.m.Content, p.m.Trellis, first.m.Content, first.m.Trellis))
			continue
		}
		if other, dup := byK[p.m.Shard]; dup {
			problems = append(problems, fmt.Errorf("part %d of %d is given twice: %s and %s", p.m.Shard, p.m.Of, other, p.dir))
			continue
		}
		byK[p.m.Shard] = p.dir
	}
	if len(problems) > 0 {
		return errors.Join(problems...)
	}
	var missing []string
	for k := 1; k <= first.m.Of; k++ {
		if _, ok := byK[k]; !ok {
			missing = append(missing, strconv.Itoa(k))
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("part %s of %d is missing: publish needs every part of the build", strings.Join(missing, ", "), first.m.Of)
	}
	owner := map[string]string{}
	for i := range parts {
		p := &parts[i]
		files, err := shardFiles(p.dir)
		if err != nil {
			return err
		}
		if len(files) != p.m.Files || digest(files) != p.m.Digest {
			problems = append(problems, fmt.Errorf("%s holds %d files, not the %d its manifest lists (or not the same ones): the part was changed or copied incompletely; build or download it again", p.dir, len(files), p.m.Files))
			continue
		}
		for name := range files {
			if other, ok := owner[name]; ok {
				problems = append(problems, fmt.Errorf("%s is in two parts, %s and %s", name, other, p.dir))
			}
			owner[name] = p.dir
		}
		p.files = files
	}
	if len(problems) > 0 {
		sort.Slice(problems, func(i, j int) bool { return problems[i].Error() < problems[j].Error() })
		return errors.Join(problems...)
	}
	return Publish(dest, func(out Output) error {
		d, ok := out.(*Dir)
		if !ok {
			return fmt.Errorf("publish: cannot merge into %T", out)
		}
		names := make([]string, 0, len(owner))
		for n := range owner {
			names = append(names, n)
		}
		sort.Strings(names)
		var failed errs
		next := make(chan string)
		var wg sync.WaitGroup
		for range 4 { // the file system, not the cores, is the limit
			wg.Add(1)
			go func() {
				defer wg.Done()
				for n := range next {
					failed.add(d.place(n, filepath.Join(owner[n], filepath.FromSlash(n))))
				}
			}()
		}
		for _, n := range names {
			next <- n
		}
		close(next)
		wg.Wait()
		return failed.err()
	})
}
