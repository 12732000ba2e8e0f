package opendata

import (
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// What IATI cannot say of a portfolio, the export says in attributes of
// trellis's own namespace, as the IATI schema allows ("This document type
// may be extended with additional elements and attributes, but they must
// belong to an explicit XML namespace"), so that `trellis import iati`
// reads back the same initiatives: IATI readers ignore them. Everything
// IATI can say goes into its own elements (places as locations, planned
// money as planned disbursements). docs/opendata.md lists them.

// IATINamespace is the namespace of trellis's attributes in the IATI file.
const IATINamespace = "https://github.com/trellis-ssg/trellis/blob/main/docs/opendata.md#iati-extension"

// iatiStatusCode is activity-status with the site's own status word
// (IATI has six statuses; a site has its own, nine by default).
type iatiStatusCode struct {
	Code    string `xml:"code,attr"`
	Trellis string `xml:"trellis:status,attr,omitempty"`
}

// iatiLineExtension is what a funding line has and IATI does not: the
// instrument, the pooled fund, and the line's year when its transaction is
// dated earlier (a transaction may not be dated in the future).
type iatiLineExtension struct {
	Instrument string `xml:"trellis:instrument,attr,omitempty"`
	Pool       string `xml:"trellis:pool,attr,omitempty"`
	Year       string `xml:"trellis:year,attr,omitempty"`
}

func lineExtension(f content.Funding) iatiLineExtension {
	return iatiLineExtension{Instrument: f.Instrument, Pool: f.Pool}
}

// iatiLocation is a place, by name.
type iatiLocation struct {
	Name iatiText `xml:"name"`
}

// iatiPlanned is a planned funding line: a planned disbursement of its
// year, from its funder.
type iatiPlanned struct {
	iatiLineExtension
	Start    iatiISO    `xml:"period-start"`
	End      iatiISO    `xml:"period-end"`
	Value    iatiAmount `xml:"value"`
	Provider *iatiOrg   `xml:"provider-org,omitempty"`
}

// now is the date an activity's facts are as of: the initiative's last
// change, or else the portfolio's. Whether a start or end has happened,
// and how late a transaction may be dated, depend on it, and on nothing
// the activity does not itself say (its last-updated-datetime).
func (x *iatiExport) now(p *content.Page) string {
	if u := p.LastUpdated(); !u.IsZero() && (x.asOf == "" || u.String() <= x.asOf) {
		return u.String()
	}
	return x.asOf
}

// sources are the organisation pages an initiative's funding lines name,
// by the reference as written.
func (x *iatiExport) sources(p *content.Page) map[string]*content.Page {
	out := map[string]*content.Page{}
	for _, e := range x.pf.Out(p) {
		if e.Field == "funding.source" {
			out[e.Target] = e.To
		}
	}
	return out
}

// provider is the organisation a funding line's money comes from.
func (x *iatiExport) provider(f content.Funding, src *content.Page) *iatiOrg {
	if src == nil {
		return &iatiOrg{Narrative: &iatiNarrative{f.Source}}
	}
	return &iatiOrg{Ref: src.OrgID, Type: iatiOrgType[src.Type], Narrative: &iatiNarrative{src.Title}}
}

// planned writes the planned funding lines that have a year and an ISO
// 4217 currency as planned disbursements of that year.
func (x *iatiExport) planned(p *content.Page) []iatiPlanned {
	sources := x.sources(p)
	var out []iatiPlanned
	for _, f := range p.Funding {
		c, ok := fundingLine(f, x.pf.Config.IATI.DefaultCurrency)
		if !ok || f.Stage != "planned" {
			continue
		}
		y := strconv.Itoa(f.Year)
		out = append(out, iatiPlanned{iatiLineExtension: lineExtension(f), Start: iatiISO{y + "-01-01"}, End: iatiISO{y + "-12-31"},
			Value:    iatiAmount{Currency: c, ValueDate: y + "-01-01", Amount: strconv.FormatFloat(f.Amount, 'f', 2, 64)},
			Provider: x.provider(f, sources[strings.TrimSpace(f.Source)])})
	}
	return out
}

// locations are the initiative's places, by name.
func locations(p *content.Page) []iatiLocation {
	var out []iatiLocation
	for _, pl := range p.Places {
		if pl = strings.TrimSpace(pl); pl != "" {
			out = append(out, iatiLocation{Name: iatiText{iatiNarrative{pl}}})
		}
	}
	return out
}

// declared is trellis:relation of a related activity: the relation as this
// initiative declares it ("related" when it names none), or "" when only
// the other initiative declares it.
func declared(r portfolio.Related) string {
	switch {
	case r.Inverse:
		return ""
	case r.Relation == "":
		return "related"
	}
	return r.Relation
}

// addWord adds a word to a space-separated list, once.
func addWord(list, word string) string {
	if word == "" || strings.Contains(" "+list+" ", " "+word+" ") {
		return list
	}
	return strings.TrimSpace(list + " " + word)
}
