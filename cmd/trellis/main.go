// Command trellis builds, checks and previews innovation-portfolio sites.
//
//	trellis build    publish the site to public/
//	trellis check    report every content problem, writing nothing
//	trellis version  print the version
//
// Exit codes: 0 success, 1 content errors, 2 usage errors.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/trellis-ssg/trellis/generator"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/portfolio"
	"github.com/trellis-ssg/trellis/generator/render"
)

// version is set at link time (-ldflags "-X main.version=v1.2.3"); otherwise
// it comes from the module's build information.
var version = ""

const usage = `trellis publishes an innovation portfolio kept as Markdown as a static website.

Usage:
  trellis <command> [flags]

Commands:
  init      start a new site in a folder: trellis init my-portfolio
  build     build the site into public/
  check     report every content problem without writing anything
  serve     preview the site at http://127.0.0.1:1313/, rebuilding and reloading on every save
  new       write a new page from its kind's archetype: trellis new initiative "Bike library"
  schema    write the JSON Schema of every kind's front matter, for editors' tooling
  import    write pages from a spreadsheet or an IATI file: trellis import csv projects.csv --kind initiative
  suggest   list the links between pages that editors have not made but probably should
  publish   merge the parts of a build split with build --shard: trellis publish shard-1 shard-2
  version   print the version
  help      show this help, or a command's: trellis help build

Run 'trellis <command> --help' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return build(args[1:], stdout, stderr)
	case "init":
		return initSite(args[1:], stdout, stderr)
	case "check":
		return check(args[1:], stdout, stderr)
	case "serve":
		return serve(args[1:], stdout, stderr)
	case "new":
		return newPage(args[1:], stdout, stderr)
	case "schema":
		return schema(args[1:], stdout, stderr)
	case "import":
		return importCmd(args[1:], stdout, stderr)
	case "suggest":
		return suggest(args[1:], stdout, stderr)
	case "publish":
		return publish(args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "trellis", versionString())
		return 0
	case "help", "--help", "-h":
		if len(args) > 1 {
			return run([]string{args[1], "--help"}, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "trellis: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// siteFlags are the flags build and check share.
type siteFlags struct {
	source  string
	baseURL string
	drafts  bool
}

func (f *siteFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.source, "source", ".", "the site folder, holding site.yaml and content/")
	fs.StringVar(&f.baseURL, "base-url", "", "the site's URL, overriding site.yaml's base_url (e.g. https://example.org/portfolio/)")
	fs.BoolVar(&f.drafts, "drafts", false, "include pages marked draft")
}

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: trellis %s [flags]\n\n%s\n\nFlags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags; it returns an exit code, or -1 to go on.
func parse(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "trellis %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return 2
	}
	return -1
}

func build(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "Build the site and publish it to the destination folder. A build with errors publishes nothing\nand leaves the destination as it was.", stderr)
	var sf siteFlags
	sf.register(fs)
	dest := fs.String("destination", "", "where to publish (default <source>/public)")
	quiet := fs.Bool("quiet", false, "print only problems")
	var sh shardFlag
	fs.Var(&sh, "shard", "build only part `K/N` of the site (such as 2/3, counted from 1), for trellis publish to merge")
	fs.Var(&shardIndexFlag{&sh}, "shard-index", "the same part counted from 0, `I/N`, as Kubernetes' $(JOB_COMPLETION_INDEX) counts")
	var mem memoryFlag
	fs.Var(&mem, "memory-limit", "keep the build's memory near `SIZE` (such as 1GiB), building slower rather than more; sets GOMEMLIMIT")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	res, err := generator.Build(generator.Options{Source: sf.source, Destination: *dest, BaseURL: sf.baseURL, Drafts: sf.drafts, Shard: sh.shard, Version: versionString(), MemoryLimit: mem.bytes})
	printDiags(stderr, res.Diags)
	if err != nil {
		if errors.Is(err, generator.ErrContent) {
			e, w := res.Diags.Count()
			fmt.Fprintf(stderr, "\nBuild failed: %d %s, %d %s. Nothing was published.\n", e, plural(e, "error", "errors"), w, plural(w, "warning", "warnings"))
			return 1
		}
		fmt.Fprintf(stderr, "trellis build: %v\nNothing was published.\n", err)
		return 1
	}
	if !*quiet {
		printSummary(stdout, res)
		if sh.shard != (render.Shard{}) {
			fmt.Fprintf(stdout, "This is part %s of the site: merge every part with trellis publish.\n", sh.shard)
		}
	}
	return 0
}

func check(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "Check every page as build does, writing nothing. Exits 1 when there are errors.", stderr)
	var sf siteFlags
	sf.register(fs)
	format := fs.String("format", "text", "output format: text, json (machine-readable) or github (GitHub Actions annotations)")
	strict := fs.Bool("strict", false, "also warn about front matter keys that plain pages keep quietly")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	switch *format {
	case "text", "json", "github":
	default:
		fmt.Fprintf(stderr, "trellis check: unknown format %q: use text, json or github\n", *format)
		return 2
	}
	pf, diags := generator.Load(generator.Options{Source: sf.source, BaseURL: sf.baseURL, Drafts: sf.drafts, Strict: *strict})
	e, w := diags.Count()
	switch *format {
	case "json":
		if diags == nil {
			diags = diag.List{}
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.Encode(diags)
	case "github":
		for _, d := range diags {
			fmt.Fprintln(stdout, githubAnnotation(d))
		}
		fmt.Fprintf(stdout, "%d %s, %d %s\n", e, plural(e, "error", "errors"), w, plural(w, "warning", "warnings"))
	default:
		printDiags(stdout, diags)
		printTranslated(stdout, pf)
		fmt.Fprintf(stdout, "%d %s, %d %s\n", e, plural(e, "error", "errors"), w, plural(w, "warning", "warnings"))
	}
	if e > 0 {
		return 1
	}
	return 0
}

// printTranslated says, for each of a multilingual site's other languages,
// how many of its pages are translated into it and how many are not yet.
func printTranslated(w io.Writer, pf *portfolio.Portfolio) {
	if pf == nil || !pf.Config.Multilingual() {
		return
	}
	all := len(pf.Pages)
	for _, l := range pf.Config.Languages[1:] {
		n := len(pf.Untranslated(l.Code))
		fmt.Fprintf(w, "%s (%s): %d of %d %s translated, %d not yet\n", l.Code, l.Name, all-n, all, plural(all, "page", "pages"), n)
	}
}

// githubAnnotation formats a diagnostic as a GitHub Actions workflow command,
// which the pull request view shows on the line it is about.
func githubAnnotation(d diag.Diagnostic) string {
	esc := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	prop := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(d.Severity.String())
	b.WriteString(" file=" + prop.Replace(d.File))
	if d.Line > 0 {
		fmt.Fprintf(&b, ",line=%d", d.Line)
	}
	if d.Col > 0 {
		fmt.Fprintf(&b, ",col=%d", d.Col)
	}
	b.WriteString(",title=" + prop.Replace("trellis "+d.Code))
	b.WriteString("::")
	msg := d.Message
	if d.Hint != "" {
		msg += "\nhint: " + d.Hint
	}
	b.WriteString(esc.Replace(msg))
	return b.String()
}

func newPage(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new", "Write a new page: trellis new KIND \"Title\". KIND is one of page, intent, initiative, learning,\ndecision, narrative, source, organisation, or a plain word for one (story, project, org, lesson, goal).\nThe page gets the kind's required fields from archetypes/KIND.md in the site folder, or from the\nbuilt-in archetype. Flags go before KIND.\nOn a site in several languages, trellis new --lang cy initiatives/bike-library starts the page's\ntranslation into cy beside it (bike-library.cy.md), with the original's text to translate.", stderr)
	source := fs.String("source", ".", "the site folder, holding site.yaml and content/")
	bundle := fs.Bool("bundle", false, "make the page a folder (slug/index.md), to put its pictures beside it")
	lang := fs.String("lang", "", "start a translation into this language of the page named, e.g. --lang cy initiatives/bike-library")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *lang != "" {
		if fs.NArg() != 1 {
			fmt.Fprintln(stderr, "trellis new --lang: name the page to translate, e.g. trellis new --lang cy initiatives/bike-library")
			return 2
		}
		path, err := generator.NewTranslation(*source, fs.Arg(0), *lang)
		if err != nil {
			fmt.Fprintf(stderr, "trellis new: %v\n", err)
			return 1
		}
		fmt.Fprintln(stdout, path)
		return 0
	}
	if fs.NArg() != 2 {
		fmt.Fprintln(stderr, "trellis new: give a kind and a title, e.g. trellis new initiative \"Bike library\"")
		return 2
	}
	kind, ok := content.KindOfWord(fs.Arg(0))
	if !ok {
		fmt.Fprintf(stderr, "trellis new: unknown kind %q: use page, intent, initiative, learning, decision, narrative, source or organisation\n", fs.Arg(0))
		return 2
	}
	if k, _ := content.ParseKind(fs.Arg(0)); k != kind {
		fmt.Fprintf(stderr, "trellis new: kind %s (for %q)\n", kind, fs.Arg(0))
	}
	path, err := generator.NewPageWith(*source, kind, fs.Arg(1), time.Now(), generator.NewOptions{Bundle: *bundle})
	if err != nil {
		fmt.Fprintf(stderr, "trellis new: %v\n", err)
		if errors.Is(err, os.ErrExist) {
			return 1
		}
		return 2
	}
	fmt.Fprintln(stdout, path)
	return 0
}

func schema(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("schema", "Write the JSON Schema of each kind's front matter into a folder, for editors' YAML tooling.", stderr)
	source := fs.String("source", ".", "the site folder, holding site.yaml")
	out := fs.String("out", "schemas", "the folder to write into, relative to the site folder")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	files, err := generator.WriteSchemas(*source, *out)
	if err != nil {
		fmt.Fprintf(stderr, "trellis schema: %v\n", err)
		return 1
	}
	for _, f := range files {
		fmt.Fprintln(stdout, f)
	}
	return 0
}

func printDiags(w io.Writer, diags diag.List) {
	for _, d := range diags {
		fmt.Fprintln(w, d.String())
	}
}

func printSummary(w io.Writer, res generator.Result) {
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "                  | pages")
	fmt.Fprintln(w, "------------------+-------")
	total := 0
	for _, k := range append(content.Kinds, content.KindPage) {
		n := res.Stats.Pages[k]
		total += n
		fmt.Fprintf(w, "  %-16s| %5d\n", label(k), n)
	}
	fmt.Fprintf(w, "  %-16s| %5d\n", "total", total)
	_, warnings := res.Diags.Count()
	fmt.Fprintf(w, "\nWrote %d files in %d ms", res.Stats.Files, res.Duration.Milliseconds())
	if warnings > 0 {
		fmt.Fprintf(w, " (%d %s)", warnings, plural(warnings, "warning", "warnings"))
	}
	fmt.Fprintln(w)
}

func label(k content.Kind) string {
	if k == content.KindPage {
		return "pages"
	}
	return k.Folder()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
