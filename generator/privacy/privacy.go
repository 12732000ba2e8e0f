// Package privacy checks the files beside the pages for what they would
// tell about the people in the portfolio: a photograph's GPS position, a
// PDF's author, a recording's tags, a file type a story may not publish.
// It sits beside visual, search and opendata: it reads the linked
// portfolio (and the files it names), never writes, and gives diagnostics
// that `trellis check` and `trellis build` report. What it warns about is
// what render does: images are published re-encoded without metadata, a
// story's other files only when media.Publishable.
package privacy

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/media"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Check reads every file of the content that is not a page (bundle files
// and loose files, of published and withheld pages alike) and reports:
//   - a warning for an image that holds a GPS position, so that editors
//     learn where it came from (the published copy holds none);
//   - a warning for a file in a story's bundle whose type a story may not
//     publish: it stays in git and is not published;
//   - a warning for a file a story publishes as it is that carries
//     metadata trellis cannot remove (a PDF's author, a recording's tags);
//   - an error for an image that cannot be published without its metadata
//     (unreadable, or a WebP stored turned).
func Check(pf *portfolio.Portfolio, siteDir string) diag.List {
	var diags diag.List
	pages := slices.Concat(pf.Pages, pf.Withheld)
	for _, p := range pages {
		for _, res := range p.Resources {
			if strings.HasSuffix(res, ".md") {
				continue
			}
			rel := path.Join(p.Bundle, res)
			checkFile(&diags, siteDir, rel, p.Kind == content.KindNarrative)
		}
	}
	for _, f := range pf.Files {
		checkFile(&diags, siteDir, path.Join(filepath.ToSlash(pf.Config.ContentDir), f), false)
	}
	diags.Sort()
	return diags
}

// checkFile judges one file; rel is relative to the site folder.
func checkFile(diags *diag.List, siteDir, rel string, story bool) {
	data, err := os.ReadFile(filepath.Join(siteDir, filepath.FromSlash(rel)))
	if err != nil {
		diags.Errorf(rel, 0, "read", "check the file's permissions", "cannot read: %v", err)
		return
	}
	t := media.Type(data)
	cleaned := slices.Contains(media.Cleaned, t)
	if story && !cleaned && !media.Publishable(t) {
		diags.Warnf(rel, 0, "media-type", "a story publishes only photographs (JPEG, PNG, GIF, WebP, TIFF), recordings (MP3, Ogg, M4A, WAV, FLAC, MP4, WebM), captions (WebVTT) and PDFs; convert the file, or leave it in git unpublished",
			"not published: a story may not publish a file of type %s", t)
		return
	}
	f := media.Inspect(data)
	if cleaned {
		if f.GPS {
			diags.Warnf(rel, 0, "media-gps", "the published copy holds no position, but this file in the repository does; remove it from the file (or its history) if the place must stay private",
				"the image holds the GPS position where it was taken")
		}
		if err := media.CanClean(data); err != nil {
			diags.Errorf(rel, 0, "media-clean", "save the image again as JPEG or PNG", "cannot be published without its metadata: %v", err)
		}
		return
	}
	if len(f.Carries) > 0 && (story || t == "application/pdf" || strings.HasPrefix(t, "audio/") || strings.HasPrefix(t, "video/")) {
		diags.Warnf(rel, 0, "media-metadata", "trellis cannot remove it from this type of file: remove it with the program that made the file (for a PDF, its document properties)",
			"published with what it carries: %s", strings.Join(f.Carries, "; "))
	}
}
