package content

import (
	"fmt"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/trellis-ssg/trellis/generator/markdown"
)

// Page is one Markdown file (or bundle) of the portfolio, its front matter
// decoded and checked, its body converted once.
type Page struct {
	Kind Kind
	Slug string
	// File is the page's source, slash-separated and relative to the site folder.
	File string
	// Section is the folder under content/ for plain pages ("" at the top).
	Section string
	// Bundle is the folder of a bundle (slug/index.md), relative to the site
	// folder; "" for a single file.
	Bundle string
	// Resources are the files of a bundle other than index.md, relative to Bundle.
	Resources []string

	Meta
	// Params are the front matter keys of a plain page that trellis does
	// not know (a docs tool's `nav_order`, `layout`), kept for themes.
	Params map[string]any
	Body   *markdown.Document
	// Refs are the front matter references, with their positions.
	Refs []Ref
	// Lines gives the line of each top-level front matter key.
	Lines map[string]int
	// Withheld says why a page is loaded but must not be published
	// (consent withdrawn or expired); "" for a published page.
	Withheld string
	// Committed is when git last saw the file change; zero outside a
	// checkout or for uncommitted files.
	Committed Date
	// Commits are the public commits that changed the file, newest first,
	// followed through renames (git.go); nil outside a checkout.
	Commits []Commit
	// Unreadable marks the page of a file whose front matter could not be
	// read: only its place (kind, slug, file) is known. Load keeps such
	// pages in Set.Unreadable, never in Pages.
	Unreadable bool
	// Lang is the language this version of the page is in, on a site with
	// `languages:` (the default language for an original); "" otherwise.
	Lang string
	// Original is, for a translation, the page it translates; nil for an
	// original (translation.go).
	Original *Page

	path   string  // Path, worked out once by Load
	orig   string  // a translation's original file, while loading
	matter *matter // a translation's front matter and body, until its original is known
}

// Path is the page's site path, without the base path: "initiatives/bike-library/".
func (p *Page) Path() string {
	if p.path != "" {
		return p.path
	}
	return p.sitePath()
}

func (p *Page) sitePath() string {
	if p.Kind == KindPage {
		if p.Section != "" {
			return p.Section + "/" + p.Slug + "/"
		}
		return p.Slug + "/"
	}
	return p.Kind.Folder() + "/" + p.Slug + "/"
}

// Key is the page's unique key: "initiative/bike-library".
func (p *Page) Key() string { return string(p.Kind) + "/" + p.Slug }

// Line returns the line of a top-level front matter key, or 1.
func (p *Page) Line(key string) int {
	if l, ok := p.Lines[key]; ok {
		return l
	}
	return 1
}

// VideoID is the page's recording, from video_id or videoId, or the
// narrative's video media.
func (p *Page) VideoID() string {
	switch {
	case p.Meta.VideoID != "":
		return p.Meta.VideoID
	case p.Meta.VideoIDCamel != "":
		return p.Meta.VideoIDCamel
	case p.Media != nil && p.Media.Type == "video":
		return p.Media.VideoID
	}
	return ""
}

// LastUpdated is when the page last changed: its `updated` field, or else
// its last commit in git, or else its `date`.
func (p *Page) LastUpdated() Date {
	switch {
	case !p.Updated.IsZero():
		return p.Updated
	case !p.Committed.IsZero():
		return p.Committed
	}
	return p.Date
}

// Ref is a reference from front matter to another page.
type Ref struct {
	Field  string // "intents", "partners.org", "related.to", "evidence.narrative"
	Target string
	Kinds  []Kind
	// Relation qualifies the link: a partner's role or an initiative relation.
	Relation  string
	Line, Col int
}

// Meta holds every front matter field of every kind. Which of them a page may
// use is decided by its kind's schema (schema.go); the rest stay empty.
type Meta struct {
	ID       string   `yaml:"id"`
	Title    string   `yaml:"title"`
	SlugKey  string   `yaml:"slug"`
	KindKey  string   `yaml:"kind"`
	Summary  string   `yaml:"summary"`
	Date     Date     `yaml:"date"`
	Updated  Date     `yaml:"updated"`
	Draft    bool     `yaml:"draft"`
	Tags     []string `yaml:"tags"`
	Aliases  []string `yaml:"aliases"`
	Weight   int      `yaml:"weight"`
	Menu     []string `yaml:"menu"`
	Image    *Image   `yaml:"image"`
	Featured bool     `yaml:"featured"`

	// intent
	Parent  string   `yaml:"parent"`
	Horizon int      `yaml:"horizon"`
	Systems []string `yaml:"systems"`
	Signals []Signal `yaml:"signals"`
	Owners  []string `yaml:"owners"`
	Color   string   `yaml:"color"`

	// initiative
	Status        string         `yaml:"status"`
	Intents       []string       `yaml:"intents"`
	StatusHistory []StatusChange `yaml:"status_history"`
	Facet         string         `yaml:"facet"`
	Stage         string         `yaml:"stage"`
	Places        []string       `yaml:"places"`
	Lead          string         `yaml:"lead"`
	Partners      []Partner      `yaml:"partners"`
	Start         Date           `yaml:"start"`
	End           Date           `yaml:"end"`
	Funding       []Funding      `yaml:"funding"`
	Risks         []Risk         `yaml:"risks"`
	Related       []Relation     `yaml:"related"`
	Questions     []string       `yaml:"questions"`
	Contact       string         `yaml:"contact"`
	// RecipientCountry and RecipientRegion override site.yaml's for the
	// IATI export.
	RecipientCountry string `yaml:"recipient_country"`
	RecipientRegion  string `yaml:"recipient_region"`

	// learning (and decision, narrative)
	Initiatives []string   `yaml:"initiatives"`
	Type        string     `yaml:"type"`
	Confidence  string     `yaml:"confidence"`
	Evidence    []Evidence `yaml:"evidence"`
	Informs     []string   `yaml:"informs"`

	// decision
	Outcome    string   `yaml:"outcome"`
	Context    string   `yaml:"context"`
	Rationale  string   `yaml:"rationale"`
	Learnings  []string `yaml:"learnings"`
	Narratives []string `yaml:"narratives"`
	DecidedBy  string   `yaml:"decided_by"`
	Supersedes string   `yaml:"supersedes"`
	ReviewBy   Date     `yaml:"review_by"`

	// narrative
	Teller      string     `yaml:"teller"`
	Consent     Consent    `yaml:"consent"`
	Anonymity   string     `yaml:"anonymity"`
	Pseudonym   string     `yaml:"pseudonym"`
	TellerRole  string     `yaml:"teller_role"`
	Quote       string     `yaml:"quote"`
	Place       string     `yaml:"place"`
	Collected   *Collected `yaml:"collected"`
	Media       *Media     `yaml:"media"`
	Themes      []string   `yaml:"themes"`
	Source      string     `yaml:"source"`
	At          string     `yaml:"at"`
	ContentNote string     `yaml:"content_note"`
	Moderation  string     `yaml:"moderation"`

	// source
	VideoID      string `yaml:"video_id"`
	VideoIDCamel string `yaml:"videoId"`
	URL          string `yaml:"url"`
	Publisher    string `yaml:"publisher"`
	Transcript   string `yaml:"transcript"`

	// organisation
	OrgID   string `yaml:"org_id"`
	Website string `yaml:"website"`
}

// Image is an illustration with its alternative text.
type Image struct {
	Src     string `yaml:"src"`
	Alt     string `yaml:"alt"`
	Caption string `yaml:"caption"`
}

// Signal is a sign that an intent is being reached.
type Signal struct {
	Text         string        `yaml:"text"`
	Indicator    string        `yaml:"indicator"`
	Baseline     string        `yaml:"baseline"`
	Target       string        `yaml:"target"`
	Direction    string        `yaml:"direction"`
	Unit         string        `yaml:"unit"`
	Observations []Observation `yaml:"observations"`
}

// Observation is one measurement of a signal.
type Observation struct {
	Date   Date   `yaml:"date"`
	Value  string `yaml:"value"`
	Source string `yaml:"source"`
	Note   string `yaml:"note"`
}

// StatusChange is one step of an initiative's status history.
type StatusChange struct {
	Status   string `yaml:"status"`
	Date     Date   `yaml:"date"`
	Decision string `yaml:"decision"`
}

// Partner is an organisation working on an initiative, and its role.
type Partner struct {
	Org  string `yaml:"org"`
	Role string `yaml:"role"`
}

// Funding is one funding line of an initiative.
type Funding struct {
	Source     string  `yaml:"source"`
	Amount     float64 `yaml:"amount"`
	Currency   string  `yaml:"currency"`
	Year       int     `yaml:"year"`
	Instrument string  `yaml:"instrument"`
	Stage      string  `yaml:"stage"`
	Pool       string  `yaml:"pool"`
}

// Risk is a risk an initiative carries.
type Risk struct {
	Type  string `yaml:"type"`
	Level string `yaml:"level"`
	Note  string `yaml:"note"`
}

// Relation links an initiative to another.
type Relation struct {
	To       string `yaml:"to"`
	Relation string `yaml:"relation"`
}

// Evidence is what a learning rests on: a story, a moment of a source, or a link.
type Evidence struct {
	Narrative string `yaml:"narrative"`
	Source    string `yaml:"source"`
	At        string `yaml:"at"`
	URL       string `yaml:"url"`
	Title     string `yaml:"title"`
}

// Consent is a storyteller's consent to publication.
type Consent struct {
	Scope     []string `yaml:"scope"`
	Given     Date     `yaml:"given"`
	Expires   Date     `yaml:"expires"`
	Withdrawn Date     `yaml:"withdrawn"`
	// Record is where the signed form is kept; it is never published.
	Record string `yaml:"record"`
}

// Allows reports whether the consent covers scope ("site", "quote", "media", "data-export").
func (c Consent) Allows(scope string) bool {
	for _, s := range c.Scope {
		if s == scope {
			return true
		}
	}
	return false
}

// Collected says how a story was gathered.
type Collected struct {
	Method string `yaml:"method"`
	Date   Date   `yaml:"date"`
	By     string `yaml:"by"`
}

// Media is a story's picture, audio or video.
type Media struct {
	Type       string `yaml:"type"`
	Src        string `yaml:"src"`
	VideoID    string `yaml:"video_id"`
	Alt        string `yaml:"alt"`
	Transcript string `yaml:"transcript"`
	Caption    string `yaml:"caption"`
}

// Date is a calendar date or a time from front matter. The zero Date means
// the field was not set.
type Date struct{ time.Time }

// dateLayouts are the forms a date may be written in.
var dateLayouts = []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05.999999999 -0700 MST"}

// ParseDate reads a date in one of the accepted forms.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return Date{t}, nil
		}
	}
	return Date{}, fmt.Errorf("%q is not a date", s)
}

// UnmarshalYAML reads a date scalar.
func (d *Date) UnmarshalYAML(n *yaml.Node) error {
	if n.Value == "" {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(n.Value)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// String formats the date as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2006-01-02")
}

// MarshalText writes the date as YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
