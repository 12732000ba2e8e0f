package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/analysis"
)

// suggestionJSON is one suggestion as `trellis suggest --format json`
// prints it: the two pages by their files, relative to the site folder.
type suggestionJSON struct {
	From   string  `json:"from"`
	To     string  `json:"to"`
	Score  float64 `json:"score"`
	Reason string  `json:"reason"`
	Field  string  `json:"field,omitempty"`
	Accept string  `json:"accept"`
}

func suggest(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("suggest", "List, for each page, the pages it does not link to but probably should, and why: for editors,\n"+
		"never published. Accept one by adding the reference it names; dismiss it by adding the pair to\n"+
		"suggestions.yaml beside site.yaml:\n\n"+
		"  dismissed:\n    - from: content/learnings/benches-change-who-walks.md\n      to: content/initiatives/car-free-sundays.md\n      note: different streets", stderr)
	var sf siteFlags
	sf.register(fs)
	format := fs.String("format", "text", "output format: text or json (one object per suggestion: from, to, score, reason)")
	top := fs.Int("top", 3, "the most suggestions each page asks for (a page may be listed in more, asked for by others)")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	switch *format {
	case "text", "json":
	default:
		fmt.Fprintf(stderr, "trellis suggest: unknown format %q: use text or json\n", *format)
		return 2
	}
	if *top < 1 {
		fmt.Fprintf(stderr, "trellis suggest: --top %d: give at least 1\n", *top)
		return 2
	}
	// Suggestions come from the pages' text and links: git's dates add nothing.
	pf, diags := generator.Load(generator.Options{Source: sf.source, BaseURL: sf.baseURL, Drafts: sf.drafts, NoGitDates: true})
	if diags.HasErrors() {
		printDiags(stderr, diags)
		e, _ := diags.Count()
		fmt.Fprintf(stderr, "\ntrellis suggest: the site has %d %s; fix %s first (trellis check)\n", e, plural(e, "error", "errors"), plural(e, "it", "them"))
		return 1
	}
	dismissed, _ := analysis.LoadDismissed(sf.source, pf) // its warnings are among diags
	for _, d := range diags {
		if d.File == analysis.DismissedFile {
			fmt.Fprintln(stderr, d.String())
		}
	}
	all := analysis.Suggest(pf, analysis.Options{Top: *top, Dismissed: dismissed}).All()
	if *format == "json" {
		out := make([]suggestionJSON, 0, len(all))
		for _, s := range all {
			out = append(out, suggestionJSON{From: s.From.File, To: s.To.File, Score: s.Score, Reason: s.Why.String(), Field: s.Field, Accept: s.Accept()})
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(out)
		return 0
	}
	from := ""
	for _, s := range all {
		if s.From.File != from {
			if from != "" {
				fmt.Fprintln(stdout)
			}
			from = s.From.File
			fmt.Fprintf(stdout, "%s (%s)\n", from, s.From.Title)
		}
		fmt.Fprintf(stdout, "  → %s (%s)  score %.3f\n", s.To.File, s.To.Title, s.Score)
		if r := s.Why.String(); r != "" {
			fmt.Fprintf(stdout, "    %s\n", r)
		}
		fmt.Fprintf(stdout, "    accept: %s\n", s.Accept())
	}
	if len(all) > 0 {
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stdout, "%d %s", len(all), plural(len(all), "suggestion", "suggestions"))
	if n := dismissed.Len(); n > 0 {
		fmt.Fprintf(stdout, " (%d dismissed in %s)", n, analysis.DismissedFile)
	}
	fmt.Fprintln(stdout)
	return 0
}
