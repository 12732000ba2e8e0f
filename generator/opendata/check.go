package opendata

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/trellis-ssg/trellis/generator/codelist"
	"github.com/trellis-ssg/trellis/generator/config"
	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/diag"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// Check reports what in the content the open data cannot say as written:
// a list item holding the CSV list separator, and, when the site publishes
// IATI, what the IATI standard's rules would reject (a system without a
// sector, an initiative without a recipient country or region, a funding
// line without a year or with an unknown currency). The IATI problems that
// the standard's rules only warn about are warnings, or errors with
// iati.strict.
func Check(pf *portfolio.Portfolio) diag.List {
	var diags diag.List
	for _, p := range pf.Pages {
		if Exported(p) {
			checkSeparators(p, &diags)
		}
	}
	if pf.Config.IATI.Enabled {
		checkIATI(pf, &diags)
	}
	return diags
}

// checkSeparators warns about a text item of a list that holds the
// separator the CSV files join list items with.
func checkSeparators(p *content.Page, diags *diag.List) {
	mv := reflect.ValueOf(p.Meta)
	for _, f := range dataFields(p.Kind) {
		if f.Type.Kind != content.TList || f.Type.Elem.Kind != content.TString {
			continue
		}
		v, ok := fieldByTag(mv, f.Name)
		if !ok {
			continue
		}
		items, _ := v.Interface().([]string)
		for _, it := range items {
			if strings.Contains(it, Separator) {
				diags.Warnf(p.File, p.Line(f.Name), "data-separator",
					"use a comma or a full stop instead, or split it into two items",
					"an item of `%s` holds %q, which separates list items in the CSV open data: %q will read as several items", f.Name, Separator, it)
			}
		}
	}
}

func checkIATI(pf *portfolio.Portfolio, diags *diag.List) {
	cfg := pf.Config.IATI
	sev := pf.Config.IATISeverity()
	x := newIATIExport(pf)
	ids := map[string]*content.Page{}
	var nowhere []string
	defer func() {
		if len(nowhere) > 0 {
			diags.Add(diag.Diagnostic{File: config.FileName, Line: pf.Config.Line("iati"), Severity: sev, Code: "iati-recipient",
				Message: fmt.Sprintf("%d IATI activities have no recipient country or region (IATI rule 3.7.1), such as %s's", len(nowhere), nowhere[0]),
				Hint:    "set iati.recipient_country (or recipient_region) in site.yaml, or recipient_country on each initiative"})
		}
	}()
	for _, p := range pf.Of(content.KindInitiative) {
		id := x.identifier(p)
		if first := ids[id]; first != nil {
			diags.Errorf(p.File, p.Line("id"), "iati-identifier", "give one of them another `id:`",
				"the IATI identifier %q is also %s's", id, first.File)
		}
		ids[id] = p

		// Sector (rule 6.2.2).
		own := cfg.SectorVocabulary.Code != ""
		mapped := 0
		for _, s := range p.Systems {
			if x.sectors[content.Slugify(s)] != "" {
				mapped++
			} else if !own {
				diags.Add(diag.Diagnostic{File: p.File, Line: p.Line("systems"), Severity: sev, Code: "iati-sector",
					Message: fmt.Sprintf("the system %q has no IATI sector", s),
					Hint:    fmt.Sprintf("map it to a DAC 5-digit sector code in site.yaml, under iati.sectors (such as `%s: \"43030\"`), or declare the site's own vocabulary in iati.sector_vocabulary", s)})
			}
		}
		if len(p.Systems) == 0 {
			diags.Add(diag.Diagnostic{File: p.File, Line: p.Line("title"), Severity: sev, Code: "iati-sector",
				Message: "the initiative has no systems, so its IATI activity has no sector (IATI rule 6.2.2)",
				Hint:    "add `systems:` with the systems it works in, such as [transport, health]"})
		}

		// Recipient country or region (rules 3.7.1 and 3.7.2).
		if c := p.RecipientCountry; c != "" && !codelist.Country.Has(c) {
			diags.Errorf(p.File, p.Line("recipient_country"), "iati-recipient", "use an ISO 3166-1 alpha-2 code in capitals, such as IE or NL", "recipient_country %q is not a country code", c)
		}
		if r := p.RecipientRegion; r != "" && !codelist.Region.Has(r) {
			diags.Errorf(p.File, p.Line("recipient_region"), "iati-recipient", "use an OECD DAC region code, such as 89 (Europe, regional)", "recipient_region %q is not a region code", r)
		}
		if c, r := recipient(pf, p); c == "" && r == "" {
			nowhere = append(nowhere, p.File)
		}

		// Funding lines: a year and a currency for budgets and transactions.
		var lines []int
		for _, r := range p.Refs {
			if r.Field == "funding.source" {
				lines = append(lines, r.Line)
			}
		}
		for i, f := range p.Funding {
			line := p.Line("funding")
			if len(lines) == len(p.Funding) {
				line = lines[i]
			}
			c := strings.ToUpper(f.Currency)
			if c == "" {
				c = cfg.DefaultCurrency
			}
			if f.Year == 0 {
				diags.Add(diag.Diagnostic{File: p.File, Line: line, Severity: sev, Code: "iati-funding",
					Message: fmt.Sprintf("funding line %d has no year, so the IATI export leaves it out of budgets and transactions", i+1),
					Hint:    "add `year:` with the budget year, such as 2025"})
			}
			if f.Stage == "" && f.Year != 0 {
				diags.Add(diag.Diagnostic{File: p.File, Line: line, Severity: sev, Code: "iati-funding",
					Message: fmt.Sprintf("funding line %d has no stage, so the IATI export has it only in a budget, which names no funder", i+1),
					Hint:    "add `stage:` planned, committed or disbursed, so that it is a planned disbursement or a transaction from its funder"})
			}
			if !codelist.Currency.Has(c) {
				diags.Add(diag.Diagnostic{File: p.File, Line: line, Severity: sev, Code: "iati-funding",
					Message: fmt.Sprintf("funding line %d's currency %q is not an ISO 4217 code, so the IATI export leaves it out", i+1, f.Currency),
					Hint:    "write the currency as a three-letter code, such as EUR"})
			}
		}
	}
}
