package content

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Commit is one change to a page's file in git: when it was committed and
// the first line of its message, which the page's history shows as what
// changed.
type Commit struct {
	Hash    string    // the full hash
	Date    time.Time // the committer's date, UTC
	Subject string    // the first line of the message
}

// Git says how much of a site's git history was read.
type Git int

const (
	// GitNone: no history was read (not a git checkout, git is not
	// installed, or the build was asked not to read it).
	GitNone Git = iota
	// GitFull: the whole history of the content folder was read.
	GitFull
	// GitShallow: the checkout is a shallow clone, so the history read
	// stops at its oldest commit and is partial.
	GitShallow
)

// Private says which commits a page's public history leaves out: those
// whose subject begins with Prefix (compared without regard to case), and
// those whose message carries the trailer Trailer ("Private: yes") with
// any value but no, false or 0. Empty fields mark nothing.
type Private struct {
	Prefix  string
	Trailer string
}

// gitLog is what one walk over the content folder's history found.
type gitLog struct {
	state   Git
	dates   map[string]time.Time // the last commit of each file, by its path relative to the site
	commits map[string][]Commit  // each current file's public commits, newest first, renames followed
}

// datePages gives each page the date of the last commit that changed its
// file (Page.Committed) and its public commits (Page.Commits), and returns
// how much history there was. Through a Cache (the dev server), git is
// asked again only when its index or HEAD has changed since the last load,
// and a page whose git data changes is replaced by a copy, never changed
// in place: a cached page is shared with the build being served, and a new
// pointer is how later stages see that it changed.
func datePages(root, dir string, pages []*Page, private Private, cache *Cache) Git {
	var log *gitLog
	if cache != nil {
		log = cache.gitLog(root, dir, private)
	} else {
		log = readGitLog(root, dir, private)
	}
	for i, p := range pages {
		if p == nil || p.Unreadable {
			continue
		}
		var want Date
		if t, ok := log.dates[p.File]; ok {
			want = Date{t}
		}
		commits := log.commits[p.File]
		if p.Committed.Equal(want.Time) && slices.Equal(p.Commits, commits) {
			continue
		}
		if cache == nil {
			p.Committed, p.Commits = want, commits
			continue
		}
		cp := *p
		cp.Committed, cp.Commits = want, commits
		pages[i] = &cp
		cache.swapPage(p.File, p, &cp)
	}
	return log.state
}

// gitState is what a Cache knows of a site's git history.
type gitState struct {
	root, dir string
	private   Private
	gitDir    string // absolute; "" outside a checkout
	key       string // the state of gitDir's index and HEAD when the log was read
	log       *gitLog
}

// gitLog is readGitLog through the cache: git is asked again only when
// its index or HEAD changed (a commit, a checkout, a pull, git add).
func (c *Cache) gitLog(root, dir string, private Private) *gitLog {
	c.mu.Lock()
	g := c.git
	c.mu.Unlock()
	if g == nil || g.root != root || g.dir != dir || g.private != private {
		g = &gitState{root: root, dir: dir, private: private, key: "unread"}
		if out, err := exec.Command("git", "-C", root, "rev-parse", "--absolute-git-dir").Output(); err == nil {
			g.gitDir = strings.TrimSpace(string(out))
		}
	}
	if g.gitDir == "" {
		return &gitLog{}
	}
	key := gitKey(g.gitDir)
	if key == g.key {
		return g.log
	}
	next := &gitState{root: root, dir: dir, private: private, gitDir: g.gitDir, key: key, log: readGitLog(root, dir, private)}
	c.mu.Lock()
	c.git = next
	c.mu.Unlock()
	return next.log
}

// gitKey sums up the files a commit, checkout, reset, fetch or pull rewrites.
func gitKey(gitDir string) string {
	var b strings.Builder
	for _, f := range []string{"index", "HEAD", filepath.Join("logs", "HEAD"), "shallow"} {
		if fi, err := os.Stat(filepath.Join(gitDir, f)); err == nil {
			fmt.Fprintf(&b, "%s %d %d;", f, fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return b.String()
}

// The separators of gitFormat's fields: git's output of a commit is
// rs, hash, us, parents, us, date, us, subject, us, the private trailer's
// values, gs, then the files it changed.
const (
	gitRS = "\x1e"
	gitUS = "\x1f"
	gitGS = "\x1d"
)

func gitFormat(trailer string) string {
	tr := ""
	if trailer != "" {
		tr = "%(trailers:key=" + trailer + ",valueonly,separator=%x2C)"
	}
	return "--format=%x1e%H%x1f%P%x1f%cI%x1f%s%x1f" + tr + "%x1d"
}

// readGitLog walks the history of dir in the git checkout holding root,
// once, newest commit first: the first date seen for a file is its last
// change, and its public commits are collected along the way, following
// the file back through renames. Outside a checkout, or without git, it
// returns an empty log: history is a convenience, never a requirement.
func readGitLog(root, dir string, private Private) *gitLog {
	log := &gitLog{}
	top, err := exec.Command("git", "-C", root, "rev-parse", "--show-toplevel", "--is-shallow-repository").Output()
	if err != nil {
		return log
	}
	lines := strings.Split(strings.TrimSpace(string(top)), "\n")
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return log
	}
	absRoot, _ = filepath.EvalSymlinks(absRoot)
	topDir, _ := filepath.EvalSymlinks(strings.TrimSpace(lines[0]))
	prefix, err := filepath.Rel(topDir, absRoot)
	if err != nil || strings.HasPrefix(prefix, "..") {
		return log
	}
	state := GitFull
	if len(lines) > 1 && strings.TrimSpace(lines[1]) == "true" {
		state = GitShallow
	}
	if strings.ContainsAny(private.Trailer, ",)%:= \t\n") {
		private.Trailer = "" // config refuses it; it would break git's format
	}
	// -M follows renames; merge commits list no files without -m, and are
	// left out of the history by their parents.
	out, err := exec.Command("git", "-C", root, "-c", "core.quotePath=false", "log", "-M", "--name-status", gitFormat(private.Trailer), "--", dir).Output()
	if err != nil {
		return log
	}
	log.state = state
	log.dates = map[string]time.Time{}
	log.commits = map[string][]Commit{}
	rel := func(p string) (string, bool) {
		if prefix == "." {
			return filepath.ToSlash(p), true
		}
		r, err := filepath.Rel(prefix, p)
		if err != nil || strings.HasPrefix(r, "..") {
			return "", false
		}
		return filepath.ToSlash(r), true
	}
	// now maps a path in the commit being read to the path its file has
	// today; "" marks a path whose older commits belong to another file
	// (one added there later, or renamed away).
	now := map[string]string{}
	current := func(p string) string {
		if n, ok := now[p]; ok {
			return n
		}
		return p
	}
	for _, rec := range strings.Split(string(out), gitRS) {
		head, files, ok := strings.Cut(rec, gitGS)
		if !ok {
			continue
		}
		f := strings.Split(head, gitUS)
		if len(f) < 5 {
			continue
		}
		when, err := time.Parse(time.RFC3339, f[2])
		if err != nil {
			continue
		}
		when = when.UTC()
		merge := strings.Contains(strings.TrimSpace(f[1]), " ")
		public := !merge && !private.marks(f[3], f[4])
		c := Commit{Hash: f[0], Date: when, Subject: cleanSubject(f[3])}
		touch := func(file string) {
			if file == "" {
				return
			}
			if _, seen := log.dates[file]; !seen {
				log.dates[file] = when
			}
			if public {
				if cs := log.commits[file]; len(cs) == 0 || cs[len(cs)-1].Hash != c.Hash {
					log.commits[file] = append(cs, c)
				}
			}
		}
		sc := bufio.NewScanner(strings.NewReader(files))
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			parts := strings.Split(sc.Text(), "\t")
			if len(parts) < 2 || parts[0] == "" {
				continue
			}
			switch parts[0][0] {
			case 'R':
				if len(parts) < 3 {
					continue
				}
				from, ok1 := rel(parts[1])
				to, ok2 := rel(parts[2])
				if !ok2 {
					continue
				}
				file := current(to)
				touch(file)
				now[to] = "" // before the rename, another file (or none) was there
				if ok1 {
					now[from] = file
				}
			default:
				p, ok := rel(parts[1])
				if !ok {
					continue
				}
				touch(current(p))
				if parts[0][0] == 'A' {
					now[p] = "" // before it was added, the path held another file (or none)
				}
			}
		}
	}
	return log
}

// marks reports whether a commit with this subject and these values of
// the private trailer is left out of the public history.
func (pr Private) marks(subject, trailers string) bool {
	if pr.Prefix != "" && len(subject) >= len(pr.Prefix) && strings.EqualFold(subject[:len(pr.Prefix)], pr.Prefix) {
		return true
	}
	for _, v := range strings.Split(trailers, ",") {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "", "no", "false", "0":
		default:
			return true
		}
	}
	return false
}

// cleanSubject makes a commit's first line fit for a page and a feed:
// valid UTF-8, control characters (which HTML and XML refuse) as spaces,
// spaces collapsed.
func cleanSubject(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0 {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.Fields(s), " ")
}
