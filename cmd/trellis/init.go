package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/trellis-ssg/trellis/generator/starter"
)

// initSite is trellis init [DIR]: a new site, ready to build and publish.
func initSite(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("init", "Start a new site in DIR (default: the current folder): a commented site.yaml, one example page\nof each kind, archetypes, JSON Schemas with VS Code settings, a .gitignore and CI workflows for\nGitHub Pages and GitLab Pages that install this version of trellis. DIR must be empty or new.\n\n  trellis init [flags] [DIR]", stderr)
	empty := fs.Bool("empty", false, "make the content folders without example pages")
	force := fs.Bool("force", false, "write into a folder that already has files; files that exist are kept, never overwritten")
	title := fs.String("title", "", "the site's title (default \"Innovation portfolio\"; change it in site.yaml later)")
	baseURL := fs.String("base-url", "", "where the site will be served, e.g. https://portfolio.example.gov/ (default \"/\")")
	dir, code := parseWithArg(fs, args)
	if code >= 0 {
		return code
	}
	bv := readBuildVersion()
	opt := starter.Options{
		Title:   *title,
		BaseURL: *baseURL,
		Empty:   *empty,
		Force:   *force,
		Trellis: bv.pin(),
		Now:     time.Now(),
	}
	res, err := starter.Write(dir, opt)
	switch {
	case errors.Is(err, starter.ErrNotEmpty):
		fmt.Fprintf(stderr, "trellis init: %v.\nNothing was written: choose a new or empty folder, or add --force to write beside what is there (files that exist are kept).\n", err)
		return 2
	case errors.Is(err, starter.ErrInvalid):
		fmt.Fprintf(stderr, "trellis init: %v\nNothing was written.\n", err)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "trellis init: %v\nNothing was written.\n", err)
		return 1
	}
	for _, f := range res.Kept {
		fmt.Fprintf(stderr, "kept %s: it exists already\n", filepath.Join(dir, filepath.FromSlash(f)))
	}
	fmt.Fprintf(stdout, "Started a new site in %s: %d files.\n\n", dir, len(res.Written))
	if dir != "." {
		fmt.Fprintf(stdout, "  cd %s\n", dir)
	}
	pages := "content/         one example page of each kind: make them yours"
	if *empty {
		pages = "trellis new      write a page: trellis new initiative \"Bike library\""
	}
	fmt.Fprintf(stdout, `  trellis serve    preview it at http://127.0.0.1:1313/ while you edit
  site.yaml        set the title and base_url, the address it will have
  %s
  trellis build    publish it into public/
`, pages)
	pin := opt.Trellis
	if pin.Pinned() {
		fmt.Fprintf(stdout, "\n.github/workflows/pages.yml (GitHub Pages) and .gitlab-ci.yml (GitLab Pages) publish it\nwith trellis %s.\n", pin.Module)
	} else {
		fmt.Fprintf(stdout, "\n.github/workflows/pages.yml (GitHub Pages) and .gitlab-ci.yml (GitLab Pages) publish it.\nThis trellis (%s) is not a release: pin one in both files before you publish.\n", bv)
	}
	return 0
}

// parseWithArg parses flags around at most one argument, so that both
// trellis init --empty site and trellis init site --empty work. It returns
// the argument ("." when there is none) and an exit code, or -1 to go on.
func parseWithArg(fs *flag.FlagSet, args []string) (string, int) {
	if code := parseFlags(fs, args); code >= 0 {
		return "", code
	}
	if fs.NArg() == 0 {
		return ".", -1
	}
	arg := fs.Arg(0)
	if code := parse(fs, fs.Args()[1:]); code >= 0 {
		return "", code
	}
	return arg, -1
}

// parseFlags is parse without the check for arguments.
func parseFlags(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	return -1
}
