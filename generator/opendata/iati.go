package opendata

import (
	"bytes"
	"encoding/xml"
	"sort"
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/codelist"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// IATI activity standard 2.03: initiatives become activities. The element
// order of iatiActivity follows the standard's schema, which requires it;
// what goes into each element follows the standard's rules (the IATI
// ruleset), checked by the tests.

type iatiActivities struct {
	XMLName    xml.Name       `xml:"iati-activities"`
	Version    string         `xml:"version,attr"`
	Extension  string         `xml:"xmlns:trellis,attr"` // IATINamespace (iatiext.go)
	Generated  string         `xml:"generated-datetime,attr"`
	Activities []iatiActivity `xml:"iati-activity"`
}

type iatiActivity struct {
	LastUpdated  string            `xml:"last-updated-datetime,attr,omitempty"`
	Lang         string            `xml:"xml:lang,attr"`
	Currency     string            `xml:"default-currency,attr"`
	Identifier   string            `xml:"iati-identifier"`
	ReportingOrg iatiOrg           `xml:"reporting-org"`
	Title        iatiText          `xml:"title"`
	Description  iatiDesc          `xml:"description"`
	Participants []iatiOrg         `xml:"participating-org"`
	Status       iatiStatusCode    `xml:"activity-status"`
	Dates        []iatiDate        `xml:"activity-date"`
	Contact      *iatiContact      `xml:"contact-info,omitempty"`
	Scope        *iatiCode         `xml:"activity-scope,omitempty"`
	Country      *iatiRecipient    `xml:"recipient-country,omitempty"`
	Region       *iatiRecipient    `xml:"recipient-region,omitempty"`
	Locations    []iatiLocation    `xml:"location"`
	Sectors      []iatiSector      `xml:"sector"`
	Budgets      []iatiBudget      `xml:"budget"`
	Planned      []iatiPlanned     `xml:"planned-disbursement"`
	Transactions []iatiTransaction `xml:"transaction"`
	Documents    []iatiDocument    `xml:"document-link"`
	Related      []iatiRelated     `xml:"related-activity"`
	Results      []iatiResult      `xml:"result"`
}

type iatiNarrative struct {
	Text string `xml:",chardata"`
}

type iatiText struct {
	Narrative iatiNarrative `xml:"narrative"`
}

type iatiDesc struct {
	Type      string        `xml:"type,attr"`
	Narrative iatiNarrative `xml:"narrative"`
}

type iatiOrg struct {
	Ref       string         `xml:"ref,attr,omitempty"`
	Type      string         `xml:"type,attr,omitempty"`
	Role      string         `xml:"role,attr,omitempty"`
	Trellis   string         `xml:"trellis:role,attr,omitempty"`
	Narrative *iatiNarrative `xml:"narrative,omitempty"`
}

type iatiCode struct {
	Code string `xml:"code,attr"`
}

type iatiDate struct {
	Date string `xml:"iso-date,attr"`
	Type string `xml:"type,attr"`
	From string `xml:"trellis:from,attr,omitempty"` // a start the initiative does not have: the field the date is
}

type iatiContact struct {
	Email string `xml:"email"`
}

type iatiRecipient struct {
	Code       string `xml:"code,attr"`
	Vocabulary string `xml:"vocabulary,attr,omitempty"`
}

type iatiSector struct {
	Vocabulary    string         `xml:"vocabulary,attr"`
	VocabularyURI string         `xml:"vocabulary-uri,attr,omitempty"`
	Code          string         `xml:"code,attr"`
	Percentage    string         `xml:"percentage,attr,omitempty"`
	Narrative     *iatiNarrative `xml:"narrative,omitempty"`
}

type iatiBudget struct {
	Type   string     `xml:"type,attr"`
	Status string     `xml:"status,attr"`
	Start  iatiISO    `xml:"period-start"`
	End    iatiISO    `xml:"period-end"`
	Value  iatiAmount `xml:"value"`
}

type iatiTransaction struct {
	iatiLineExtension
	Type        iatiCode   `xml:"transaction-type"`
	Date        iatiISO    `xml:"transaction-date"`
	Value       iatiAmount `xml:"value"`
	Description *iatiText  `xml:"description,omitempty"`
	Provider    *iatiOrg   `xml:"provider-org,omitempty"`
	Receiver    *iatiOrg   `xml:"receiver-org,omitempty"`
}

type iatiISO struct {
	Date string `xml:"iso-date,attr"`
}

type iatiAmount struct {
	Currency  string `xml:"currency,attr"`
	ValueDate string `xml:"value-date,attr"`
	Amount    string `xml:",chardata"`
}

type iatiDocument struct {
	Format   string   `xml:"format,attr"`
	URL      string   `xml:"url,attr"`
	Title    iatiText `xml:"title"`
	Category iatiCode `xml:"category"`
}

type iatiRelated struct {
	Ref      string `xml:"ref,attr"`
	Type     string `xml:"type,attr"`
	Relation string `xml:"trellis:relation,omitempty"` // an element: the schema allows no other attribute here
}

// iatiStatus maps the site's statuses to IATI ActivityStatus codes.
var iatiStatus = map[string]string{
	"idea": "1", "exploring": "1", "prototyping": "2", "piloting": "2", "scaling": "2", "embedded": "2",
	"paused": "6", "stopped": "5", "completed": "4",
}

// iatiRole maps partner roles to IATI OrganisationRole codes.
var iatiRole = map[string]string{"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}

// iatiOrgType maps organisation types to IATI OrganisationType codes.
var iatiOrgType = map[string]string{
	"ministry": "10", "municipality": "11", "agency": "15", "community": "22", "philanthropy": "60",
	"company": "70", "research": "80", "international": "40",
}

// DefaultSectors maps systems, as portfolios commonly name them, to DAC
// 5-digit sector codes (IATI sector vocabulary 1). site.yaml's iati.sectors
// extends and overrides it; a system is matched whatever its case and
// spacing.
var DefaultSectors = map[string]string{
	"agriculture": "31110", "air quality": "41010", "biodiversity": "41030", "buildings": "16030", "business": "25010",
	"climate": "41010", "community": "15150", "culture": "16061", "cycling": "21010", "data": "22040", "digital": "22040",
	"disaster risk": "43060", "economy": "25010", "education": "11110", "employment": "16020", "energy": "23110",
	"environment": "41010", "finance": "24010", "food": "43071", "governance": "15110", "health": "12110",
	"health care": "12110", "heat": "43060", "housing": "16030", "justice": "15130", "mobility": "21010",
	"public space": "43030", "recreation": "16061", "research": "43082", "resilience": "43060", "social care": "16010",
	"social protection": "16010", "sport": "16061", "technology": "22040", "tourism": "33210", "transport": "21010",
	"urban development": "43030", "walking": "21010", "waste": "14050", "water": "14010",
}

// iatiExport holds what every activity of a site shares.
type iatiExport struct {
	pf        *portfolio.Portfolio
	prefix    string
	asOf      string            // the newest content date: no transaction is dated after it
	sectors   map[string]string // system slug → DAC code
	us        *content.Page     // the organisation page of the reporting organisation, if any
	reporting iatiOrg
}

func newIATIExport(pf *portfolio.Portfolio) *iatiExport {
	cfg := pf.Config.IATI
	x := &iatiExport{pf: pf, prefix: cfg.ReportingOrg.Ref + "-", asOf: generated(pf), sectors: map[string]string{},
		reporting: iatiOrg{Ref: cfg.ReportingOrg.Ref, Type: cfg.ReportingOrg.Type, Narrative: &iatiNarrative{cfg.ReportingOrg.Name}}}
	for s, code := range DefaultSectors {
		x.sectors[content.Slugify(s)] = code
	}
	for s, code := range cfg.Sectors {
		x.sectors[content.Slugify(s)] = code
	}
	for _, o := range pf.Of(content.KindOrganisation) {
		if o.OrgID != "" && o.OrgID == cfg.ReportingOrg.Ref {
			x.us = o
		}
	}
	return x
}

// Identifier is the IATI identifier of an initiative: the reporting
// organisation's identifier, "-" and the initiative's id, whose "/" (in a
// generated id) IATI does not allow (rule 1.3.13).
func (x *iatiExport) identifier(p *content.Page) string {
	return x.prefix + strings.ReplaceAll(p.StableID(), "/", "-")
}

// IATI returns the IATI activity file of pf's initiatives, when the site
// opts in; nil otherwise.
func IATI(pf *portfolio.Portfolio) ([]byte, error) {
	cfg := pf.Config.IATI
	if !cfg.Enabled {
		return nil, nil
	}
	x := newIATIExport(pf)
	doc := iatiActivities{Version: "2.03", Extension: IATINamespace, Generated: x.asOf + "T00:00:00Z"}
	if x.asOf == "" {
		doc.Generated = "1970-01-01T00:00:00Z"
	}
	for _, p := range pf.Of(content.KindInitiative) {
		doc.Activities = append(doc.Activities, x.activity(p))
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", " ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func (x *iatiExport) activity(p *content.Page) iatiActivity {
	pf, cfg := x.pf, x.pf.Config.IATI
	a := iatiActivity{
		Lang: pf.Config.Language, Currency: cfg.DefaultCurrency,
		Identifier:   x.identifier(p),
		ReportingOrg: x.reporting,
		Title:        iatiText{iatiNarrative{p.Title}},
		Description:  iatiDesc{Type: "1", Narrative: iatiNarrative{pf.Summary(p)}},
		Status:       iatiStatusCode{Code: iatiStatus[p.Status], Trellis: p.Status},
	}
	if a.Status.Code == "" {
		a.Status.Code = "2"
	}
	if u := p.LastUpdated(); !u.IsZero() {
		a.LastUpdated = u.String() + "T00:00:00Z"
	}
	a.Participants = participants(pf, p)
	if len(a.Participants) == 0 {
		// IATI requires a participating organisation: the reporting
		// organisation is accountable for what it reports (without
		// trellis:role, so that import makes it no partner).
		org := x.reporting
		if x.us != nil {
			org = iatiOrg{Ref: x.us.OrgID, Type: iatiOrgType[x.us.Type], Narrative: &iatiNarrative{x.us.Title}}
		}
		org.Role = "2"
		a.Participants = []iatiOrg{org}
	}
	now := x.now(p)
	if !p.Start.IsZero() {
		typ := "2" // actual start
		if p.Status == "idea" || p.Status == "exploring" || p.Start.String() > now {
			typ = "1"
		}
		a.Dates = append(a.Dates, iatiDate{Date: p.Start.String(), Type: typ})
	}
	if !p.End.IsZero() {
		typ := "3" // planned end
		if (p.Status == "completed" || p.Status == "stopped") && p.End.String() <= now {
			typ = "4"
		}
		a.Dates = append(a.Dates, iatiDate{Date: p.End.String(), Type: typ})
	}
	if p.Start.IsZero() {
		// A planned or actual start is required (rule 6.11.1); the page's
		// date is the best we know, and trellis:from says it is no start.
		d, from := p.Date, "date"
		if d.IsZero() {
			d, from = p.LastUpdated(), "updated"
		}
		if !d.IsZero() {
			a.Dates = append([]iatiDate{{Date: d.String(), Type: "1", From: from}}, a.Dates...)
		}
	}
	if p.Contact != "" {
		a.Contact = &iatiContact{Email: p.Contact}
	}
	a.Scope = &iatiCode{"7"} // sub-national: a city's portfolio
	if c, r := recipient(pf, p); c != "" {
		a.Country = &iatiRecipient{Code: c}
	} else if r != "" {
		a.Region = &iatiRecipient{Code: r, Vocabulary: "1"}
	}
	a.Locations = locations(p)
	a.Sectors = x.sectorsOf(p)
	a.Budgets = budgets(p, cfg.DefaultCurrency)
	a.Planned = x.planned(p)
	a.Transactions = x.transactions(p)
	a.Documents = []iatiDocument{{Format: "text/html", URL: pf.Config.AbsURL(p.Path()), Title: iatiText{iatiNarrative{p.Title}}, Category: iatiCode{"A12"}}}
	for _, r := range pf.RelatedOf(p) {
		typ := "3" // sibling
		if r.Relation == "part-of" && !r.Inverse {
			typ = "1"
		} else if r.Relation == "part-of" {
			typ = "2"
		}
		a.Related = append(a.Related, iatiRelated{Ref: x.identifier(r.Page), Type: typ, Relation: declared(r)})
	}
	a.Results = x.results(p)
	return a
}

// recipient is where an initiative takes place: its own recipient
// country or region, or else the site's.
func recipient(pf *portfolio.Portfolio, p *content.Page) (country, region string) {
	switch {
	case p.RecipientCountry != "":
		return p.RecipientCountry, ""
	case p.RecipientRegion != "":
		return "", p.RecipientRegion
	}
	return pf.Config.IATI.RecipientCountry, pf.Config.IATI.RecipientRegion
}

// sectorsOf maps an initiative's systems to DAC sectors and, when the site
// declares its own vocabulary, to sectors of that vocabulary, each set
// with percentages that add up to 100 (rules 2.1.1, 2.1.2 and 2.1.4).
func (x *iatiExport) sectorsOf(p *content.Page) []iatiSector {
	var dac []iatiSector
	seen := map[string]bool{}
	for _, s := range p.Systems {
		if code := x.sectors[content.Slugify(s)]; code != "" && !seen[code] {
			seen[code] = true
			dac = append(dac, iatiSector{Vocabulary: "1", Code: code})
		}
	}
	out := share(dac)
	if v := x.pf.Config.IATI.SectorVocabulary; v.Code != "" {
		var own []iatiSector
		seen := map[string]bool{}
		for _, s := range p.Systems {
			if code := content.Slugify(s); code != "" && !seen[code] {
				seen[code] = true
				own = append(own, iatiSector{Vocabulary: v.Code, VocabularyURI: v.URI, Code: code, Narrative: &iatiNarrative{s}})
			}
		}
		out = append(out, share(own)...)
	}
	return out
}

// share gives sectors of one vocabulary equal percentages adding up to
// exactly 100, the last one taking what rounding leaves; one sector needs
// none.
func share(ss []iatiSector) []iatiSector {
	if len(ss) < 2 {
		return ss
	}
	each := 10000 / len(ss) // hundredths of a percent
	for i := range ss {
		n := each
		if i == len(ss)-1 {
			n = 10000 - each*(len(ss)-1)
		}
		ss[i].Percentage = strconv.FormatFloat(float64(n)/100, 'f', -1, 64)
	}
	return ss
}

// participants are the organisations of an initiative: its lead (as
// accountable), its partners by role (implementing when the role is not
// IATI's), its funders (funding). Each IATI role of an organisation is one
// element, whose trellis:role says what the organisation is to the
// initiative (see iatiext.go).
func participants(pf *portfolio.Portfolio, p *content.Page) []iatiOrg {
	type key struct{ org, role string }
	at := map[key]int{}
	var out []iatiOrg
	add := func(o *content.Page, role, word string) {
		i, ok := at[key{o.Slug, role}]
		if !ok {
			i = len(out)
			at[key{o.Slug, role}] = i
			out = append(out, iatiOrg{Ref: o.OrgID, Type: iatiOrgType[o.Type], Role: role, Narrative: &iatiNarrative{o.Title}})
		}
		out[i].Trellis = addWord(out[i].Trellis, word)
	}
	for _, e := range pf.Out(p) {
		switch e.Field {
		case "lead":
			add(e.To, "2", "lead")
		case "partners.org":
			if r := iatiRole[e.Relation]; r != "" {
				add(e.To, r, e.Relation)
			} else {
				add(e.To, "4", "partner")
			}
		case "funding.source":
			add(e.To, "1", "")
		}
	}
	return out
}

// fundingLine is a funding line the IATI export can use: with a year and a
// currency of the ISO 4217 list. Check reports the others.
func fundingLine(f content.Funding, currency string) (string, bool) {
	c := strings.ToUpper(f.Currency)
	if c == "" {
		c = currency
	}
	return c, f.Year != 0 && codelist.Currency.Has(c)
}

// budgets sums funding per year and currency: committed or disbursed money
// is a committed budget, planned money an indicative one.
func budgets(p *content.Page, currency string) []iatiBudget {
	type key struct {
		year     int
		currency string
		status   string
	}
	sums := map[key]float64{}
	for _, f := range p.Funding {
		c, ok := fundingLine(f, currency)
		if !ok {
			continue
		}
		status := "2"
		if f.Stage == "planned" {
			status = "1"
		}
		sums[key{f.Year, c, status}] += f.Amount
	}
	keys := make([]key, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].year != keys[j].year {
			return keys[i].year < keys[j].year
		}
		if keys[i].currency != keys[j].currency {
			return keys[i].currency < keys[j].currency
		}
		return keys[i].status < keys[j].status
	})
	var out []iatiBudget
	for _, k := range keys {
		y := strconv.Itoa(k.year)
		out = append(out, iatiBudget{Type: "1", Status: k.status, Start: iatiISO{y + "-01-01"}, End: iatiISO{y + "-12-31"},
			Value: iatiAmount{Currency: k.currency, ValueDate: y + "-01-01", Amount: strconv.FormatFloat(sums[k], 'f', 2, 64)}})
	}
	return out
}

// transactions records the money that has moved or been promised: a
// committed funding line is a commitment, a disbursed one a commitment and
// its disbursement; planned money is a planned disbursement (planned).
// Money from the
// reporting organisation itself goes out (outgoing commitment 2,
// disbursement 3); money from anyone else comes in (incoming commitment
// 11, incoming funds 1), with the funder as provider. A line is dated the
// first day of its year, or the initiative's last change (else the
// portfolio's) when that is earlier: a transaction may not be dated in the
// future (rules 11.2.1 and 11.2.2), and trellis:year keeps the line's year.
func (x *iatiExport) transactions(p *content.Page) []iatiTransaction {
	cfg := x.pf.Config.IATI
	sources := x.sources(p)
	var out []iatiTransaction
	for _, f := range p.Funding {
		c, ok := fundingLine(f, cfg.DefaultCurrency)
		if !ok || (f.Stage != "committed" && f.Stage != "disbursed") {
			continue
		}
		date := strconv.Itoa(f.Year) + "-01-01"
		ext := lineExtension(f)
		if now := x.now(p); now != "" && date > now {
			date = now
			ext.Year = strconv.Itoa(f.Year)
		}
		src := sources[strings.TrimSpace(f.Source)]
		commit, pay := "11", "1"
		provider := x.provider(f, src)
		if src != nil && src == x.us {
			commit, pay = "2", "3"
		}
		var desc *iatiText
		if f.Pool != "" {
			desc = &iatiText{iatiNarrative{f.Pool}}
		}
		value := iatiAmount{Currency: c, ValueDate: date, Amount: strconv.FormatFloat(f.Amount, 'f', 2, 64)}
		out = append(out, iatiTransaction{iatiLineExtension: ext, Type: iatiCode{commit}, Date: iatiISO{date}, Value: value, Description: desc, Provider: provider})
		if f.Stage == "disbursed" {
			out = append(out, iatiTransaction{iatiLineExtension: ext, Type: iatiCode{pay}, Date: iatiISO{date}, Value: value, Description: desc, Provider: provider})
		}
	}
	return out
}
