package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/trellis-ssg/trellis/generator/codelist"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/opendata"
)

// IATIOptions say how to read an IATI activity file.
type IATIOptions struct {
	// Language is the site's language: of several narratives, the one in
	// it is imported.
	Language string
	// Languages are the site's other languages (site.yaml's languages,
	// after the first): an activity's title and description in one of them
	// become the initiative's translation in it.
	Languages []string
	// ReportingRef is the site's own IATI organisation identifier: its
	// activities' identifiers lose that prefix (our own export read back).
	ReportingRef string
	// Country and Region are the site's own recipient country and region
	// (site.yaml's iati.recipient_country and iati.recipient_region): every
	// initiative of the site is there, so they are not a place of their own.
	Country, Region string
	// BaseURL is the site's address: an activity's web page under it (our
	// own export's document-link) gives the initiative's slug.
	BaseURL string
	// Lenient imports the valid activities of a file that has invalid ones.
	Lenient bool
	// Statuses is the site's status vocabulary: the status word trellis's
	// own export keeps beside the IATI code is used when it is one of them.
	Statuses []string
	// XMLLint is libxml2's xmllint, which validates the file against the
	// IATI XML Schema of its version; "" when it is not installed (the
	// schema is then not checked, and a warning says so).
	XMLLint string
}

// IATIStatus maps IATI ActivityStatus codes to initiative statuses. A
// mapping file overrides it (`columns: {status: {field: status, values:
// {"2": scaling}}}`).
var IATIStatus = map[string]string{
	"1": "exploring", // Pipeline/identification
	"2": "piloting",  // Implementation
	"3": "completed", // Finalisation
	"4": "completed", // Closed
	"5": "stopped",   // Cancelled
	"6": "paused",    // Suspended
}

// IATIRole maps IATI OrganisationRole codes to partner roles.
var IATIRole = map[string]string{"1": "funding", "2": "accountable", "3": "extending", "4": "implementing"}

// IATIOrgType maps IATI OrganisationType codes to organisation types.
var IATIOrgType = map[string]string{
	"10": "ministry", "11": "municipality", "15": "agency",
	"21": "community", "22": "community", "23": "community", "24": "community",
	"30": "company", "40": "international", "60": "philanthropy",
	"70": "company", "71": "company", "72": "company", "73": "company", "80": "research", "90": "",
}

// The parts of an IATI 2.0x activity file that become pages; other
// elements are skipped. Attributes and elements in trellis's namespace
// (opendata.IATINamespace, spelt out in the tags) carry what IATI cannot
// say, in files trellis wrote.
type xActivities struct {
	Version    string
	Lang       string
	Ours       bool // the root declares trellis's namespace
	Activities []xActivity
	root       int // the line of the root element
}

type xNarrative struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Text string `xml:",chardata"`
}

type xText struct {
	Narratives []xNarrative `xml:"narrative"`
}

type xOrg struct {
	Ref  string `xml:"ref,attr"`
	Type string `xml:"type,attr"`
	// Attrs hold role and trellis:role, which encoding/xml cannot tell
	// apart by tag (an attribute tag without a namespace matches any).
	Attrs      []xml.Attr   `xml:",any,attr"`
	Narratives []xNarrative `xml:"narrative"`
}

// Role is the organisation's IATI role code.
func (o *xOrg) Role() string { return o.attr("", "role") }

// Trellis is trellis:role: what the organisation is to the initiative.
func (o *xOrg) Trellis() string { return o.attr(opendata.IATINamespace, "role") }

func (o *xOrg) attr(space, local string) string {
	for _, a := range o.Attrs {
		if a.Name.Space == space && a.Name.Local == local {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

type xCode struct {
	Code       string       `xml:"code,attr"`
	Vocabulary string       `xml:"vocabulary,attr"`
	Narratives []xNarrative `xml:"narrative"`
}

type xDate struct {
	Date string `xml:"iso-date,attr"`
	Type string `xml:"type,attr"`
	// From says the date is a page's date or last change, which trellis's
	// export writes when the initiative has no start (IATI needs one).
	From string `xml:"https://github.com/trellis-ssg/trellis/blob/main/docs/opendata.md#iati-extension from,attr"`
}

type xValue struct {
	Currency  string `xml:"currency,attr"`
	ValueDate string `xml:"value-date,attr"`
	Amount    string `xml:",chardata"`
}

// xLine is what trellis's export adds to a transaction or planned
// disbursement: the funding line's instrument, pool and year.
type xLine struct {
	Instrument string `xml:"https://github.com/trellis-ssg/trellis/blob/main/docs/opendata.md#iati-extension instrument,attr"`
	Pool       string `xml:"https://github.com/trellis-ssg/trellis/blob/main/docs/opendata.md#iati-extension pool,attr"`
	Year       string `xml:"https://github.com/trellis-ssg/trellis/blob/main/docs/opendata.md#iati-extension year,attr"`
}

// xISO is an element whose iso-date attribute is its date.
type xISO struct {
	Date string `xml:"iso-date,attr"`
}

// date is the element's date, or "" when there is no element.
func (d *xISO) date() string {
	if d == nil {
		return ""
	}
	return strings.TrimSpace(d.Date)
}

// xMoney is a transaction or a planned disbursement.
type xMoney struct {
	xLine
	Value    *xValue `xml:"value"`
	Provider *xOrg   `xml:"provider-org"`
}

type xTransaction struct {
	xMoney
	Type *xCode `xml:"transaction-type"`
	Date *xISO  `xml:"transaction-date"`
}

type xPlanned struct {
	xMoney
	Start *xISO `xml:"period-start"`
}

type xActivity struct {
	Lang         string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Currency     string `xml:"default-currency,attr"`
	Updated      string `xml:"last-updated-datetime,attr"`
	Identifier   string `xml:"iati-identifier"`
	ReportingOrg *xOrg  `xml:"reporting-org"`
	Title        *xText `xml:"title"`
	Descriptions []struct {
		Type       string       `xml:"type,attr"`
		Narratives []xNarrative `xml:"narrative"`
	} `xml:"description"`
	Participants []xOrg `xml:"participating-org"`
	Status       *struct {
		Code    string `xml:"code,attr"`
		Trellis string `xml:"https://github.com/trellis-ssg/trellis/blob/main/docs/opendata.md#iati-extension status,attr"`
	} `xml:"activity-status"`
	Dates   []xDate `xml:"activity-date"`
	Contact []struct {
		Email []string `xml:"email"`
	} `xml:"contact-info"`
	Countries []xCode `xml:"recipient-country"`
	Regions   []xCode `xml:"recipient-region"`
	Locations []struct {
		Name xText `xml:"name"`
	} `xml:"location"`
	Sectors      []xCode        `xml:"sector"`
	Planned      []xPlanned     `xml:"planned-disbursement"`
	Transactions []xTransaction `xml:"transaction"`
	Documents    []struct {
		URL      string  `xml:"url,attr"`
		Category []xCode `xml:"category"`
	} `xml:"document-link"`
	Related []struct {
		Ref      string  `xml:"ref,attr"`
		Type     string  `xml:"type,attr"`
		Relation *string `xml:"https://github.com/trellis-ssg/trellis/blob/main/docs/opendata.md#iati-extension relation"`
	} `xml:"related-activity"`

	line, end int
	// at is where each child element starts, by name, in order.
	at map[string][]pos
}

// pos is a place in the XML file.
type pos struct{ line, col int }

// where returns the place of the i-th child element called name, or of
// the activity.
func (a *xActivity) where(name string, i int) pos {
	if ps := a.at[name]; i < len(ps) {
		return ps[i]
	}
	return pos{line: a.line}
}

// ReadIATI reads an IATI activity file (versions 2.01 to 2.03) into
// tables: organisations, initiatives, and the partners, funding lines and
// relations of the initiatives. It checks the file first (see
// validateIATI); an invalid activity is an error, or with Lenient a
// warning and the activity is left out. The XML parser reads no DTD: a
// file that declares one is refused, so no entity is expanded (billion
// laughs) and no external entity is fetched (XXE).
func ReadIATI(name string, data []byte, opt IATIOptions) ([]*Table, diag.List) {
	var diags diag.List
	errAt := func(line int, code, hint, format string, args ...any) {
		diags.Add(diag.Diagnostic{File: name, Line: line, Severity: diag.Error, Code: code, Message: fmt.Sprintf(format, args...), Hint: hint})
	}
	if len(bytes.TrimSpace(data)) == 0 {
		errAt(0, "import-empty", "export the activity file again", "the file is empty")
		return nil, diags
	}
	if len(data) > MaxInput {
		errAt(0, "import-too-large", "split the file by activity", "the file is %d MB; import reads at most %d MB", len(data)>>20, MaxInput>>20)
		return nil, diags
	}
	if enc := declaredEncoding(data); enc != "" && !strings.EqualFold(enc, "utf-8") && !strings.EqualFold(enc, "utf8") {
		errAt(1, "import-not-iati", "export the file as UTF-8, as IATI requires", "the file declares the encoding %s; IATI files are UTF-8", enc)
		return nil, diags
	}
	doc, err := decodeIATI(data)
	if err != nil {
		var le *lineError
		line := 0
		if errors.As(err, &le) {
			line = le.line
		}
		errAt(line, "import-not-iati", "give an IATI activity file (XML whose root is <iati-activities>)", "%v", err)
		return nil, diags
	}
	switch doc.Version {
	case "2.01", "2.02", "2.03":
	case "":
		errAt(doc.root, "iati-version", "IATI files say their version: <iati-activities version=\"2.03\">", "the file does not say which IATI version it follows")
		return nil, diags
	default:
		errAt(doc.root, "iati-version", "export the file as IATI 2.03 (or 2.01, 2.02)", "IATI version %q is not supported; trellis reads 2.01 to 2.03", doc.Version)
		return nil, diags
	}
	valid := validateIATI(name, data, doc, opt, &diags)
	r := newIATIReader(name, doc, opt)
	for i := range doc.Activities {
		if valid[i] {
			r.owners[r.local(&doc.Activities[i])] = r.owner(&doc.Activities[i])
		}
	}
	for i := range doc.Activities {
		if valid[i] {
			r.activity(&doc.Activities[i], &diags)
		}
	}
	return r.tables(), diags
}

// iatiReader turns activities into rows of its tables.
type iatiReader struct {
	opt                                      IATIOptions
	doc                                      *xActivities
	prefix                                   string
	acts, orgs, partners, funding, relations *Table
	translations                             *Table
	owners                                   map[string]string // local identifier → how rows name the initiative
	org                                      map[string]*iatiOrg
	orgOrder                                 []*iatiOrg
	pairs                                    map[[2]string]bool
}

// iatiOrg is an organisation the file names, with the name and type it
// has where it says most: as a participant, else as a provider of money,
// else as the reporting organisation.
type iatiOrg struct {
	ref, title, typ        string
	titleRank, typRank, ln int
}

const (
	rankParticipant = iota
	rankProvider
	rankReporting
)

func newIATIReader(name string, doc *xActivities, opt IATIOptions) *iatiReader {
	r := &iatiReader{opt: opt, doc: doc, owners: map[string]string{}, org: map[string]*iatiOrg{}, pairs: map[[2]string]bool{}}
	if opt.ReportingRef != "" {
		r.prefix = opt.ReportingRef + "-"
	}
	r.acts = &Table{File: name, Kind: "initiative",
		Header: header("id", "slug", "title", "summary", "status", "start", "end", "date", "updated", "contact", "systems", "places", "lead",
			"recipient_country", "recipient_region"),
		Values: map[string]map[string]string{"status": IATIStatus}}
	r.orgs = &Table{File: name, Kind: "organisation", Header: header("title", "org_id", "type"), Reuse: true,
		Values: map[string]map[string]string{"type": IATIOrgType}}
	r.partners = &Table{File: name, Kind: "initiative", Into: "partners", Owner: "activity", Whole: true, Header: header("activity", "org", "role"),
		Values: map[string]map[string]string{"role": IATIRole}}
	r.funding = &Table{File: name, Kind: "initiative", Into: "funding", Owner: "activity", Whole: true,
		Header: header("activity", "source", "amount", "currency", "year", "stage", "instrument", "pool")}
	r.relations = &Table{File: name, Kind: "initiative", Into: "related", Owner: "activity", Whole: true, Header: header("activity", "to", "relation")}
	r.translations = &Table{File: name, Kind: "initiative", Translations: true, Owner: "activity", Header: header("activity", "lang", "title", "summary")}
	return r
}

func (r *iatiReader) tables() []*Table {
	for _, o := range r.orgOrder {
		r.orgs.Rows = append(r.orgs.Rows, row(o.ln, firstOf(o.title, o.ref), o.ref, o.typ))
	}
	var out []*Table
	for _, t := range []*Table{r.orgs, r.acts, r.partners, r.funding, r.relations, r.translations} {
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// lang is the language of an activity's narratives that say none.
func (r *iatiReader) lang(a *xActivity) string { return firstOf(a.Lang, r.doc.Lang, "en") }

func (r *iatiReader) text(ns []xNarrative, a *xActivity) string {
	return pickNarrative(ns, r.opt.Language, r.lang(a))
}

// local is an activity's identifier without the site's own prefix, when
// the site reported it (our own export read back).
func (r *iatiReader) local(a *xActivity) string {
	id := strings.TrimSpace(a.Identifier)
	if r.prefix != "" && a.ReportingOrg != nil && a.ReportingOrg.Ref == r.opt.ReportingRef {
		return strings.TrimPrefix(id, r.prefix)
	}
	return id
}

// slug is the initiative's slug when the activity's web page (document
// category A12) is a page of this site.
func (r *iatiReader) slug(a *xActivity) string {
	base := strings.TrimSuffix(r.opt.BaseURL, "/") + "/" + content.KindInitiative.Folder() + "/"
	if r.opt.BaseURL == "" {
		return ""
	}
	for _, d := range a.Documents {
		if !slices.ContainsFunc(d.Category, func(c xCode) bool { return c.Code == "A12" }) {
			continue
		}
		if s, ok := strings.CutPrefix(strings.TrimSpace(d.URL), base); ok {
			s = strings.TrimSuffix(s, "/")
			if s != "" && content.Slugify(s) == s {
				return s
			}
		}
	}
	return ""
}

// owner is how the rows of an activity's partners, funding lines and
// relations name its initiative: its id, or kind/slug when the id is the
// one trellis makes itself (kind/first-slug, written kind-first-slug in
// IATI, which allows no "/").
func (r *iatiReader) owner(a *xActivity) string {
	local := r.local(a)
	if s := r.slug(a); s != "" && local == string(content.KindInitiative)+"-"+s {
		return string(content.KindInitiative) + "/" + s
	}
	return local
}

// addOrg records an organisation and returns how rows refer to it: its
// ref, else its name.
func (r *iatiReader) addOrg(o *xOrg, a *xActivity, rank int, at pos) string {
	name := r.text(o.Narratives, a)
	key := strings.TrimSpace(o.Ref)
	if key == "" {
		key = "name:" + norm(name)
	}
	if key == "name:" {
		return ""
	}
	e := r.org[key]
	if e == nil {
		e = &iatiOrg{ref: strings.TrimSpace(o.Ref), titleRank: rankReporting + 1, typRank: rankReporting + 1, ln: at.line}
		r.org[key] = e
		r.orgOrder = append(r.orgOrder, e)
	}
	if name != "" && rank < e.titleRank {
		e.title, e.titleRank = name, rank
	}
	if t := strings.TrimSpace(o.Type); t != "" && rank < e.typRank {
		e.typ, e.typRank = t, rank
	}
	return firstOf(e.ref, name)
}

func (r *iatiReader) activity(a *xActivity, diags *diag.List) {
	line := a.line
	local, owner := r.local(a), r.owner(a)
	id := local
	if strings.HasPrefix(owner, string(content.KindInitiative)+"/") {
		id = owner // trellis's own default id, which the import leaves out
	}
	if a.ReportingOrg != nil {
		r.addOrg(a.ReportingOrg, a, rankReporting, a.where("reporting-org", 0))
	}
	summary := ""
	var description []xNarrative
	for _, d := range a.Descriptions {
		if d.Type == "" || d.Type == "1" {
			summary, description = r.text(d.Narratives, a), d.Narratives
			break
		}
	}
	var start, end, startPlanned, endPlanned, date string
	for _, d := range a.Dates {
		switch strings.TrimSpace(d.From) {
		case "date":
			date = d.Date
			continue
		case "":
		default:
			continue
		}
		switch d.Type {
		case "1":
			startPlanned = d.Date
		case "2":
			start = d.Date
		case "3":
			endPlanned = d.Date
		case "4":
			end = d.Date
		}
	}
	contact := ""
	for _, c := range a.Contact {
		if len(c.Email) > 0 && contact == "" {
			contact = c.Email[0]
		}
	}
	status := a.Status.Code
	if w := strings.TrimSpace(a.Status.Trellis); w != "" && slices.Contains(r.opt.Statuses, w) {
		status = w
	}
	country, region := r.recipient(a)
	lead := ""
	for j := range a.Participants {
		p := &a.Participants[j]
		ref := r.addOrg(p, a, rankParticipant, a.where("participating-org", j))
		if ref == "" {
			continue
		}
		if !r.doc.Ours {
			if p.Role() != "" {
				r.partners.Rows = append(r.partners.Rows, row(line, owner, ref, p.Role()))
			}
			continue
		}
		// In trellis's own file, trellis:role says what the organisation
		// is to the initiative; without it, it is only a funder.
		for _, w := range strings.Fields(p.Trellis()) {
			switch {
			case w == "lead" && lead == "":
				lead = ref
			case w == "partner":
				r.partners.Rows = append(r.partners.Rows, row(line, owner, ref, ""))
			case slices.Contains(content.PartnerRoles, w):
				r.partners.Rows = append(r.partners.Rows, row(line, owner, ref, w))
			}
		}
	}
	r.acts.Rows = append(r.acts.Rows, row(line, id, r.slug(a), r.text(a.Title.Narratives, a), summary, status,
		firstOf(start, startPlanned), firstOf(end, endPlanned), date, dateOf(a.Updated), contact,
		joinList(r.systems(a)), joinList(r.places(a)), lead, country, region))
	r.fundingLines(a, owner, diags)
	r.related(a, local, owner)
	r.translate(a, owner, description)
}

// translate adds the activity's title and description in each of the
// site's other languages, where the file has them, as the initiative's
// translation in that language. A narrative that is the one the page
// already has (the file's only text) is no translation.
func (r *iatiReader) translate(a *xActivity, owner string, description []xNarrative) {
	title, summary := r.text(a.Title.Narratives, a), r.text(description, a)
	for _, lang := range r.opt.Languages {
		t := narrativeIn(a.Title.Narratives, lang, r.lang(a))
		d := narrativeIn(description, lang, r.lang(a))
		if t == title {
			t = ""
		}
		if d == summary {
			d = ""
		}
		if t != "" || d != "" {
			r.translations.Rows = append(r.translations.Rows, row(a.line, owner, lang, t, d))
		}
	}
}

// systems are the activity's sectors: those of the reporting
// organisation's own vocabulary (98, 99), which name its systems, or else
// the others, by their narrative or their DAC name.
func (r *iatiReader) systems(a *xActivity) []string {
	var own, other []string
	for _, s := range a.Sectors {
		n := r.text(s.Narratives, a)
		switch s.Vocabulary {
		case "98", "99":
			own = append(own, firstOf(n, s.Code))
		case "", "1":
			if n == "" {
				n, _ = codelist.Sector.Name(s.Code)
			}
			other = append(other, firstOf(n, s.Code))
		default:
			other = append(other, firstOf(n, s.Code))
		}
	}
	if len(own) > 0 {
		return own
	}
	return other
}

// places are the activity's recipient countries and regions other than
// the site's own, and its locations by name.
func (r *iatiReader) places(a *xActivity) []string {
	var out []string
	countries, regions := r.elsewhere(a)
	if r.doc.Ours {
		countries, regions = nil, nil // trellis's own file has the places as locations
	}
	for _, c := range countries {
		out = append(out, countryName(c, r.opt.Language, r.lang(a)))
	}
	for _, g := range regions {
		n := r.text(g.Narratives, a)
		if n == "" && (g.Vocabulary == "" || g.Vocabulary == "1") {
			n, _ = codelist.Region.Name(g.Code)
		}
		out = append(out, firstOf(n, "IATI region "+g.Code))
	}
	for _, l := range a.Locations {
		if n := r.text(l.Name.Narratives, a); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// elsewhere are the activity's recipient countries and regions other than
// the site's own.
func (r *iatiReader) elsewhere(a *xActivity) (countries, regions []xCode) {
	for _, c := range a.Countries {
		if r.opt.Country == "" || !strings.EqualFold(strings.TrimSpace(c.Code), r.opt.Country) {
			countries = append(countries, c)
		}
	}
	for _, g := range a.Regions {
		if r.opt.Region == "" || strings.TrimSpace(g.Code) != r.opt.Region {
			regions = append(regions, g)
		}
	}
	return countries, regions
}

// recipient is the initiative's recipient_country or recipient_region:
// the one country, or else the one region, where the activity takes place,
// when it is not the site's own (several, with their percentages, have no
// field).
func (r *iatiReader) recipient(a *xActivity) (country, region string) {
	countries, regions := r.elsewhere(a)
	switch {
	case len(countries) == 1 && len(regions) == 0:
		return strings.ToUpper(strings.TrimSpace(countries[0].Code)), ""
	case len(countries) == 0 && len(regions) == 1 && (regions[0].Vocabulary == "" || regions[0].Vocabulary == "1"):
		return "", strings.TrimSpace(regions[0].Code)
	}
	return "", ""
}

// related adds the activity's relations. In trellis's own file each
// relation is written where it was declared, with its kind; in another
// publisher's, a parent (type 1) is part-of, and siblings, co-funded and
// third-party activities (3, 4, 5) complement each other, once per pair
// (a child, type 2, is the other side's parent).
func (r *iatiReader) related(a *xActivity, local, owner string) {
	for _, rel := range a.Related {
		other := strings.TrimSpace(rel.Ref)
		if r.prefix != "" {
			other = strings.TrimPrefix(other, r.prefix)
		}
		to := other
		if o, ok := r.owners[other]; ok {
			to = o
		}
		if r.doc.Ours {
			if rel.Relation != nil {
				w := strings.TrimSpace(*rel.Relation)
				if w == "related" {
					w = ""
				}
				r.relations.Rows = append(r.relations.Rows, row(a.line, owner, to, w))
			}
			continue
		}
		pair := [2]string{min(local, other), max(local, other)}
		switch rel.Type {
		case "1":
			r.relations.Rows = append(r.relations.Rows, row(a.line, owner, to, "part-of"))
		case "3", "4", "5":
			if !r.pairs[pair] {
				r.relations.Rows = append(r.relations.Rows, row(a.line, owner, to, "complements"))
			}
		}
		r.pairs[pair] = true
	}
}

// dateOf is the date of an ISO date-time.
func dateOf(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

// xmlDecl is the encoding an XML declaration names.
var xmlDecl = regexp.MustCompile(`^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)["']`)

// declaredEncoding is the encoding the file's XML declaration names, or "".
func declaredEncoding(data []byte) string {
	if m := xmlDecl.FindSubmatch(bytes.TrimPrefix(data[:min(len(data), 512)], []byte("\xef\xbb\xbf"))); m != nil {
		return string(m[1])
	}
	return ""
}

// lineError is an XML error at a line of the file.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }

// tokenList replays tokens to a decoder.
type tokenList struct {
	toks []xml.Token
	i    int
}

func (t *tokenList) Token() (xml.Token, error) {
	if t.i >= len(t.toks) {
		return nil, io.EOF
	}
	t.i++
	return t.toks[t.i-1], nil
}

// decodeIATI decodes the file token by token, refusing any DTD, and
// records where each activity and each of its child elements starts.
func decodeIATI(data []byte) (*xActivities, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.Entity = nil // only XML's five predefined entities
	dec.CharsetReader = nil
	doc := &xActivities{}
	at := func() pos { l, c := dec.InputPos(); return pos{l, c} }
	notWellFormed := func(err error) error {
		return &lineError{line: at().line, err: fmt.Errorf("not well-formed XML: %v", err)}
	}
	depth := 0
	var act *xActivity
	var toks []xml.Token
	for {
		here := at()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, notWellFormed(err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, &lineError{line: here.line, err: errors.New("the file declares a DTD (<!DOCTYPE …>); IATI files have none, and trellis never reads entity declarations")}
		case xml.StartElement:
			depth++
			switch {
			case depth == 1:
				if t.Name.Local != "iati-activities" {
					return nil, &lineError{line: here.line, err: fmt.Errorf("the root element is <%s>, not <iati-activities>", t.Name.Local)}
				}
				doc.root = here.line
				for _, a := range t.Attr {
					switch {
					case a.Name.Space == "" && a.Name.Local == "version":
						doc.Version = a.Value
					case a.Name.Local == "lang" && a.Name.Space == "http://www.w3.org/XML/1998/namespace":
						doc.Lang = a.Value
					case a.Name.Space == "xmlns" && a.Value == opendata.IATINamespace:
						doc.Ours = true
					}
				}
			case depth == 2 && t.Name.Local == "iati-activity":
				act = &xActivity{line: here.line, at: map[string][]pos{}}
				toks = []xml.Token{t.Copy()}
			case depth == 3 && act != nil:
				act.at[t.Name.Local] = append(act.at[t.Name.Local], here)
			}
			if act != nil && depth > 2 {
				toks = append(toks, t.Copy())
			}
		case xml.EndElement:
			if act != nil {
				toks = append(toks, t)
			}
			if depth == 2 && act != nil {
				act.end = at().line
				if err := xml.NewTokenDecoder(&tokenList{toks: toks}).Decode(act); err != nil {
					return nil, notWellFormed(err)
				}
				doc.Activities = append(doc.Activities, *act)
				act, toks = nil, nil
			}
			depth--
		default:
			if act != nil {
				toks = append(toks, xml.CopyToken(t))
			}
		}
	}
	if doc.root == 0 {
		return nil, &lineError{line: 1, err: errors.New("the file has no XML element")}
	}
	return doc, nil
}

// pickNarrative returns the narrative in the site's language, else the one
// in the activity's default language, else the first.
func pickNarrative(ns []xNarrative, site, def string) string {
	for _, want := range []string{site, def} {
		for _, n := range ns {
			if langIs(firstOf(n.Lang, def), want) {
				return strings.TrimSpace(n.Text)
			}
		}
	}
	if len(ns) > 0 {
		return strings.TrimSpace(ns[0].Text)
	}
	return ""
}

// narrativeIn returns the narrative in lang only ("" when there is none);
// def is the language of narratives that say none.
func narrativeIn(ns []xNarrative, lang, def string) string {
	for _, n := range ns {
		if langIs(firstOf(n.Lang, def), lang) {
			return strings.TrimSpace(n.Text)
		}
	}
	return ""
}

func langIs(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	if a == b {
		return true
	}
	ba, _, _ := strings.Cut(a, "-")
	bb, _, _ := strings.Cut(b, "-")
	return ba != "" && ba == bb
}

// countryName names an ISO 3166 country in the site's language.
func countryName(c xCode, site, def string) string {
	if n := pickNarrative(c.Narratives, site, def); n != "" {
		return n
	}
	r, err := language.ParseRegion(c.Code)
	if err != nil {
		return c.Code
	}
	tag, err := language.Parse(firstOf(site, "en"))
	if err != nil {
		tag = language.English
	}
	if n := display.Regions(tag).Name(r); n != "" {
		return n
	}
	return c.Code
}

func header(names ...string) []Cell {
	out := make([]Cell, len(names))
	for i, n := range names {
		out[i] = Cell{Text: n, Line: 1, Col: i + 1}
	}
	return out
}

func row(line int, values ...string) Row {
	r := Row{Line: line}
	for i, v := range values {
		r.Cells = append(r.Cells, Cell{Text: v, Line: line, Col: i + 1})
	}
	return r
}

// joinList joins values with the list separator, leaving out values that
// hold it (a place named "A; B" would read as two).
func joinList(vs []string) string {
	var out []string
	for _, v := range vs {
		out = append(out, strings.ReplaceAll(v, ";", ","))
	}
	return strings.Join(out, ";")
}
