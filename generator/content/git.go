package content

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// datePages gives each page the date of the last commit that changed its
// file (Page.Committed). Through a Cache (the dev server), the dates are
// read from git again only when git's index or HEAD has changed since the
// last load, and a page whose date changes is replaced by a copy, never
// changed in place: a cached page is shared with the build being served,
// and a new pointer is how later stages see that it changed.
func datePages(root, dir string, pages []*Page, cache *Cache) {
	var dates map[string]time.Time
	if cache != nil {
		dates = cache.gitDates(root, dir)
	} else {
		dates = gitDates(root, dir)
	}
	for i, p := range pages {
		if p == nil || p.Unreadable {
			continue
		}
		var want Date
		if t, ok := dates[p.File]; ok {
			want = Date{t}
		}
		if p.Committed.Equal(want.Time) {
			continue
		}
		if cache == nil {
			p.Committed = want
			continue
		}
		cp := *p
		cp.Committed = want
		pages[i] = &cp
		cache.swapPage(p.File, p, &cp)
	}
}

// gitState is what a Cache knows of a site's git history.
type gitState struct {
	root, dir string
	gitDir    string // absolute; "" outside a checkout
	key       string // the state of gitDir's index and HEAD when dates were read
	dates     map[string]time.Time
}

// gitDates is gitDates through the cache: git is asked again only when
// its index or HEAD changed (a commit, a checkout, a pull, git add).
func (c *Cache) gitDates(root, dir string) map[string]time.Time {
	c.mu.Lock()
	g := c.git
	c.mu.Unlock()
	if g == nil || g.root != root || g.dir != dir {
		g = &gitState{root: root, dir: dir, key: "unread"}
		if out, err := exec.Command("git", "-C", root, "rev-parse", "--absolute-git-dir").Output(); err == nil {
			g.gitDir = strings.TrimSpace(string(out))
		}
	}
	if g.gitDir == "" {
		return nil
	}
	key := gitKey(g.gitDir)
	if key == g.key {
		return g.dates
	}
	next := &gitState{root: root, dir: dir, gitDir: g.gitDir, key: key, dates: gitDates(root, dir)}
	c.mu.Lock()
	c.git = next
	c.mu.Unlock()
	return next.dates
}

// gitKey sums up the files a commit, checkout, reset or pull rewrites.
func gitKey(gitDir string) string {
	var b strings.Builder
	for _, f := range []string{"index", "HEAD", filepath.Join("logs", "HEAD")} {
		if fi, err := os.Stat(filepath.Join(gitDir, f)); err == nil {
			fmt.Fprintf(&b, "%s %d %d;", f, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return b.String()
}

// gitDates returns, for each file under dir in the git checkout holding
// root, the date of the last commit that changed it, keyed by its path
// relative to root. Outside a checkout, or without git, it returns nil: the
// dates are a convenience, never a requirement.
func gitDates(root, dir string) map[string]time.Time {
	top, err := exec.Command("git", "-C", root, "rev-parse", "--show-toplevel").Output()
	if err != nil {
		return nil
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil
	}
	absRoot, _ = filepath.EvalSymlinks(absRoot)
	topDir, _ := filepath.EvalSymlinks(strings.TrimSpace(string(top)))
	prefix, err := filepath.Rel(topDir, absRoot)
	if err != nil || strings.HasPrefix(prefix, "..") {
		return nil
	}
	// One walk over the history, newest first: the first date seen for a
	// file is its last change. --no-renames keeps paths as they are now.
	cmd := exec.Command("git", "-C", root, "log", "--no-renames", "--format=%x00%cI", "--name-only", "--", dir)
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	dates := map[string]time.Time{}
	var current time.Time
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "\x00") {
			current, _ = time.Parse(time.RFC3339, line[1:])
			continue
		}
		if line == "" || current.IsZero() {
			continue
		}
		rel := filepath.ToSlash(line)
		if prefix != "." {
			r, err := filepath.Rel(prefix, line)
			if err != nil {
				continue
			}
			rel = filepath.ToSlash(r)
		}
		if _, seen := dates[rel]; !seen {
			dates[rel] = current.UTC()
		}
	}
	return dates
}
