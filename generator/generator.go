// Package generator orchestrates the pipeline:
//
//	files → content.Set → portfolio.Portfolio → render → public/
//
// config reads site.yaml; content loads and checks every page; portfolio
// resolves every reference; render writes the site, and Publish swaps it in
// only when all of that succeeded. Each stage takes the previous stage's
// value and returns its own plus diagnostics; none reaches back.
package generator

import (
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/trellis-ssg/trellis/generator/analysis"
	"github.com/trellis-ssg/trellis/generator/brand"
	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/locale"
	"github.com/trellis-ssg/trellis/generator/markdown"
	"github.com/trellis-ssg/trellis/generator/opendata"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/privacy"
	"github.com/trellis-ssg/trellis/generator/render"
)

// Options say what to build.
type Options struct {
	Source      string // the site folder, holding site.yaml and content/
	Destination string // where to publish; default Source/public
	BaseURL     string // overrides site.yaml's base_url when set
	Drafts      bool
	// Now is the moment consent expiry and staleness are judged against;
	// the zero value means the current time.
	Now time.Time
	// NoGitDates leaves git history out of "last updated" dates.
	NoGitDates bool
	// Strict also warns about front matter keys that plain pages keep quietly.
	Strict bool
	// Shard, when set (1/1 included), builds one part of the site (see
	// render.Shard) with a manifest for `trellis publish` to merge.
	Shard render.Shard
	// Version is the trellis version building, recorded in a shard's
	// manifest and its content hash.
	Version string
	// MemoryLimit, in bytes, is the build's soft memory limit (Go's
	// GOMEMLIMIT); 0 keeps the process's. A build under it is slower, not
	// failed; one whose linked portfolio alone exceeds it stops with
	// ErrMemoryLimit, saying what it holds.
	MemoryLimit int64
}

// ErrContent means the content has errors; the diagnostics say which.
var ErrContent = errors.New("the content has errors")

// Result is what a build did.
type Result struct {
	Diags    diag.List
	Stats    render.Stats
	Duration time.Duration
}

// Load runs the pipeline up to the linked portfolio, writing nothing.
func Load(opt Options) (*portfolio.Portfolio, diag.List) {
	pf, _, diags := load(opt, nil)
	return pf, diags
}

// load is Load that also returns the site's brand. With spill, the pages'
// body HTML is kept there, not in memory, until they are rendered.
func load(opt Options, spill *markdown.Spill) (*portfolio.Portfolio, *brand.Brand, diag.List) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if d := config.NotASite(opt.Source); d != nil {
		// Nothing to load: saying so is the one useful message.
		return &portfolio.Portfolio{Config: config.Default()}, nil, diag.List{*d}
	}
	cfg, diags := config.Load(opt.Source)
	if opt.BaseURL != "" {
		if msg, hint := config.CheckBaseURL(opt.BaseURL); msg != "" {
			diags.Errorf("--base-url", 0, "config-base-url", hint, "--base-url %s", msg)
		} else {
			_ = cfg.SetBaseURL(opt.BaseURL) // checked above
		}
	}
	b, d := brand.Load(cfg, opt.Source, render.ThemeFS(opt.Source, cfg.Theme))
	diags = append(diags, d...)
	diags = append(diags, locale.Check(render.ThemeFS(opt.Source, cfg.Theme), cfg)...)
	set, d := content.Load(opt.Source, cfg.ContentDir, content.Options{Drafts: opt.Drafts, Statuses: cfg.Statuses, Now: opt.Now, GitDates: !opt.NoGitDates, Private: content.Private{Prefix: cfg.History.PrivatePrefix, Trailer: cfg.History.PrivateTrailer}, Strict: opt.Strict, Languages: cfg.Languages.Codes(), Spill: spill})
	diags = append(diags, d...)
	pf, d := portfolio.Resolve(cfg, set, opt.Now)
	diags = append(diags, d...)
	diags = append(diags, privacy.Check(pf, opt.Source)...)
	diags = append(diags, opendata.Check(pf)...)
	_, d = analysis.LoadDismissed(opt.Source, pf)
	diags = append(diags, d...)
	diags.Sort()
	return pf, b, diags
}

// Build checks the site and, when it has no errors, publishes it to the
// destination. On any error the destination is left exactly as it was.
func Build(opt Options) (Result, error) {
	start := time.Now()
	if opt.Shard != (render.Shard{}) {
		if err := opt.Shard.Check(); err != nil {
			return Result{}, err
		}
	}
	if opt.Destination == "" {
		opt.Destination = filepath.Join(opt.Source, "public")
	}
	limit, restore := setMemoryLimit(opt.MemoryLimit)
	defer restore()
	// Pages' HTML waits on disk beside the output until rendered, on the
	// destination's file system (a temporary folder may be memory); a
	// build that cannot make the file there (no such folder yet) keeps the
	// HTML in memory instead.
	var spill *markdown.Spill
	if s, err := markdown.NewSpill(filepath.Dir(opt.Destination)); err == nil {
		spill = s
		defer spill.Close()
	}
	pf, b, diags := load(opt, spill)
	res := Result{Diags: diags}
	if diags.HasErrors() {
		res.Duration = time.Since(start)
		return res, ErrContent
	}
	if err := checkMemoryLimit(limit, len(pf.Pages)); err != nil {
		return res, err
	}
	theme, err := render.LoadTheme(render.ThemeFS(opt.Source, pf.Config.Theme), pf.Config.LanguageCodes()...)
	if err != nil {
		return res, err
	}
	r := render.New(theme)
	r.SetBrand(b)
	err = render.Publish(opt.Destination, func(out render.Output) error {
		if opt.Shard == (render.Shard{}) {
			stats, err := r.Render(pf, opt.Source, out)
			res.Stats = stats
			return err
		}
		return buildShard(opt, pf, r, out, &res)
	})
	res.Duration = time.Since(start)
	if err != nil {
		return res, fmt.Errorf("publish: %w", err)
	}
	return res, nil
}
