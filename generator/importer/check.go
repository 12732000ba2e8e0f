package importer

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// Check runs `trellis check` on the site as it would be with files written,
// in a copy beside it (hard links where the file system allows), and
// returns what it says about those files, each pointed back at the row it
// came from. The site itself is not touched.
func Check(dir string, files []File) (diag.List, error) {
	cfg, _ := config.Load(dir)
	stage, err := os.MkdirTemp(dir, ".trellis-import-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(stage)
	if err := copyFile(filepath.Join(dir, config.FileName), filepath.Join(stage, config.FileName)); err != nil && !os.IsNotExist(err) {
		return nil, err
	}
	src := filepath.Join(dir, filepath.FromSlash(cfg.ContentDir))
	dst := filepath.Join(stage, filepath.FromSlash(cfg.ContentDir))
	if err := copyTree(src, dst); err != nil {
		return nil, err
	}
	from := map[string]File{}
	for _, f := range files {
		p := filepath.Join(stage, filepath.FromSlash(f.Path))
		if rel, err := filepath.Rel(dst, p); err != nil || strings.HasPrefix(rel, "..") {
			return nil, fmt.Errorf("refusing to write %s: it is not inside the content folder", f.Path)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		os.Remove(p) // a hard link to the site's own file must not be written through
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return nil, err
		}
		from[f.Path] = f
	}
	_, all := generator.Load(generator.Options{Source: stage, NoGitDates: true})
	var out diag.List
	for _, d := range all {
		f, ok := from[d.File]
		if !ok {
			continue
		}
		file, line := f.From, 0
		if i := strings.LastIndexByte(f.From, ':'); i > 0 {
			file = f.From[:i]
			fmt.Sscan(f.From[i+1:], &line)
		}
		where := d.File
		if d.Line > 0 {
			where = fmt.Sprintf("%s line %d", d.File, d.Line)
		}
		out.Add(diag.Diagnostic{File: file, Line: line, Severity: d.Severity, Code: d.Code,
			Message: fmt.Sprintf("%s (in %s, which row %d makes)", d.Message, where, line), Hint: d.Hint})
	}
	return out, nil
}

// copyTree mirrors a folder, hard-linking files where it can.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == src {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			return nil // the loader would refuse a link out of content/ anyway
		case d.Type().IsRegular():
			if os.Link(p, target) == nil {
				return nil
			}
			return copyFile(p, target)
		}
		return nil
	})
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
