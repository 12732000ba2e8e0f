package opendata

import (
	"bytes"
	"encoding/xml"
	"sort"
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// IATI activity standard 2.03: initiatives become activities. The element
// order of iatiActivity follows the standard's schema, which requires it.

type iatiActivities struct {
	XMLName    xml.Name       `xml:"iati-activities"`
	Version    string         `xml:"version,attr"`
	Generated  string         `xml:"generated-datetime,attr"`
	Activities []iatiActivity `xml:"iati-activity"`
}

type iatiActivity struct {
	LastUpdated  string         `xml:"last-updated-datetime,attr,omitempty"`
	Lang         string         `xml:"xml:lang,attr"`
	Currency     string         `xml:"default-currency,attr"`
	Identifier   string         `xml:"iati-identifier"`
	ReportingOrg iatiOrg        `xml:"reporting-org"`
	Title        iatiText       `xml:"title"`
	Description  iatiDesc       `xml:"description"`
	Participants []iatiOrg      `xml:"participating-org"`
	Status       iatiCode       `xml:"activity-status"`
	Dates        []iatiDate     `xml:"activity-date"`
	Contact      *iatiContact   `xml:"contact-info,omitempty"`
	Scope        *iatiCode      `xml:"activity-scope,omitempty"`
	Budgets      []iatiBudget   `xml:"budget"`
	Documents    []iatiDocument `xml:"document-link"`
	Related      []iatiRelated  `xml:"related-activity"`
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
	Narrative *iatiNarrative `xml:"narrative,omitempty"`
}

type iatiCode struct {
	Code string `xml:"code,attr"`
}

type iatiDate struct {
	Date string `xml:"iso-date,attr"`
	Type string `xml:"type,attr"`
}

type iatiContact struct {
	Email string `xml:"email"`
}

type iatiBudget struct {
	Type   string     `xml:"type,attr"`
	Status string     `xml:"status,attr"`
	Start  iatiISO    `xml:"period-start"`
	End    iatiISO    `xml:"period-end"`
	Value  iatiAmount `xml:"value"`
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
	Ref  string `xml:"ref,attr"`
	Type string `xml:"type,attr"`
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
	"ministry": "10", "municipality": "10", "agency": "10", "community": "22", "philanthropy": "60",
	"company": "70", "research": "80", "international": "40",
}

// IATI returns the IATI activity file of pf's initiatives, when the site
// opts in; nil otherwise.
func IATI(pf *portfolio.Portfolio) ([]byte, error) {
	cfg := pf.Config.IATI
	if !cfg.Enabled {
		return nil, nil
	}
	prefix := cfg.ReportingOrg.Ref + "-"
	doc := iatiActivities{Version: "2.03", Generated: generated(pf) + "T00:00:00Z"}
	if doc.Generated == "T00:00:00Z" {
		doc.Generated = "1970-01-01T00:00:00Z"
	}
	reporting := iatiOrg{Ref: cfg.ReportingOrg.Ref, Type: cfg.ReportingOrg.Type, Narrative: &iatiNarrative{cfg.ReportingOrg.Name}}
	for _, p := range pf.Of(content.KindInitiative) {
		a := iatiActivity{
			Lang: pf.Config.Language, Currency: cfg.DefaultCurrency,
			Identifier:   prefix + p.StableID(),
			ReportingOrg: reporting,
			Title:        iatiText{iatiNarrative{p.Title}},
			Description:  iatiDesc{Type: "1", Narrative: iatiNarrative{pf.Summary(p)}},
			Status:       iatiCode{iatiStatus[p.Status]},
		}
		if a.Status.Code == "" {
			a.Status.Code = "2"
		}
		if u := p.LastUpdated(); !u.IsZero() {
			a.LastUpdated = u.String() + "T00:00:00Z"
		}
		a.Participants = participants(pf, p)
		if !p.Start.IsZero() {
			typ := "2" // actual start
			if p.Status == "idea" || p.Status == "exploring" {
				typ = "1"
			}
			a.Dates = append(a.Dates, iatiDate{Date: p.Start.String(), Type: typ})
		}
		if !p.End.IsZero() {
			typ := "3" // planned end
			if p.Status == "completed" || p.Status == "stopped" {
				typ = "4"
			}
			a.Dates = append(a.Dates, iatiDate{Date: p.End.String(), Type: typ})
		}
		if len(a.Dates) == 0 {
			// activity-date is required; the page's date is the best we know.
			d := p.Date
			if d.IsZero() {
				d = p.LastUpdated()
			}
			if !d.IsZero() {
				a.Dates = append(a.Dates, iatiDate{Date: d.String(), Type: "1"})
			}
		}
		if p.Contact != "" {
			a.Contact = &iatiContact{Email: p.Contact}
		}
		a.Scope = &iatiCode{"7"} // sub-national: a city's portfolio
		a.Budgets = budgets(p, cfg.DefaultCurrency)
		a.Documents = []iatiDocument{{Format: "text/html", URL: pf.Config.AbsURL(p.Path()), Title: iatiText{iatiNarrative{p.Title}}, Category: iatiCode{"A01"}}}
		for _, r := range pf.RelatedOf(p) {
			typ := "3" // sibling
			if r.Relation == "part-of" && !r.Inverse {
				typ = "1"
			} else if r.Relation == "part-of" {
				typ = "2"
			}
			a.Related = append(a.Related, iatiRelated{Ref: prefix + r.Page.StableID(), Type: typ})
		}
		doc.Activities = append(doc.Activities, a)
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

func participants(pf *portfolio.Portfolio, p *content.Page) []iatiOrg {
	type key struct{ org, role string }
	seen := map[key]bool{}
	var out []iatiOrg
	add := func(o *content.Page, role string) {
		if seen[key{o.Slug, role}] {
			return
		}
		seen[key{o.Slug, role}] = true
		out = append(out, iatiOrg{Ref: o.OrgID, Type: iatiOrgType[o.Type], Role: role, Narrative: &iatiNarrative{o.Title}})
	}
	for _, e := range pf.Out(p) {
		switch e.Field {
		case "lead":
			add(e.To, "2")
		case "partners.org":
			if r := iatiRole[e.Relation]; r != "" {
				add(e.To, r)
			} else {
				add(e.To, "4")
			}
		case "funding.source":
			add(e.To, "1")
		}
	}
	return out
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
		if f.Year == 0 {
			continue
		}
		status := "2"
		if f.Stage == "planned" {
			status = "1"
		}
		c := f.Currency
		if c == "" {
			c = currency
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
			Value: iatiAmount{Currency: strings.ToUpper(k.currency), ValueDate: y + "-01-01", Amount: strconv.FormatFloat(sums[k], 'f', 2, 64)}})
	}
	return out
}
