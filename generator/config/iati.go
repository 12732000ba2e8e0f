package config

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/trellis-ssg/trellis/generator/codelist"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// IATISeverity is how an IATI problem that the standard's rules only warn
// about is reported: a warning, or an error when iati.strict is set.
func (c *Config) IATISeverity() diag.Severity {
	if c.IATI.Strict {
		return diag.Error
	}
	return diag.Warning
}

// validateIATI checks the IATI settings against the standard's code lists
// and the org-id.guide register, when the export is on.
func (c *Config) validateIATI(diags *diag.List) {
	x := c.IATI
	if !x.Enabled {
		return
	}
	line := func(key string) int { return c.lineOr("iati."+key, c.Line("iati")) }
	if ref := x.ReportingOrg.Ref; ref != "" {
		_, known := codelist.OrgIDPrefix(ref)
		switch {
		case strings.ContainsAny(ref, "/&|? \t"):
			diags.Errorf(FileName, line("reporting_org.ref"), "config-iati-org",
				"an organisation identifier holds no spaces and none of / & | ? (IATI rules 1.14.1 and 1.14.13)",
				"iati.reporting_org.ref %q is not an organisation identifier", ref)
		case !known:
			diags.Add(diag.Diagnostic{File: FileName, Line: line("reporting_org.ref"), Severity: c.IATISeverity(), Code: "config-iati-org",
				Message: "iati.reporting_org.ref " + strconv.Quote(ref) + " does not start with a registration agency's prefix from the org-id.guide register (IATI rule 1.14.8)",
				Hint: "write the identifier your organisation has in a register, prefix first, such as GB-COH-01234567 (Companies House) or NL-KVK-12345678; " +
					"org-id.guide finds the register for your country and kind of organisation, and XI-IATI-… is for identifiers IATI assigns"})
		}
	}
	if t := x.ReportingOrg.Type; t != "" && !codelist.OrgType.Has(t) {
		diags.Errorf(FileName, line("reporting_org.type"), "config-iati-code", "use a code of IATI's OrganisationType list: "+strings.Join(codelist.OrgType.Codes(), ", ")+" (10 is government)",
			"iati.reporting_org.type %q is not an IATI organisation type", t)
	}
	if cur := x.DefaultCurrency; cur != "" && !codelist.Currency.Has(cur) {
		diags.Errorf(FileName, line("default_currency"), "config-iati-code", "use an ISO 4217 code in capitals, such as EUR", "iati.default_currency %q is not a currency code", cur)
	}
	if cc := x.RecipientCountry; cc != "" && !codelist.Country.Has(cc) {
		diags.Errorf(FileName, line("recipient_country"), "config-iati-code", "use an ISO 3166-1 alpha-2 code in capitals, such as IE or NL", "iati.recipient_country %q is not a country code", cc)
	}
	if r := x.RecipientRegion; r != "" && !codelist.Region.Has(r) {
		diags.Errorf(FileName, line("recipient_region"), "config-iati-code", "use an OECD DAC region code, such as 89 (Europe, regional)", "iati.recipient_region %q is not a region code", r)
	}
	if x.RecipientCountry != "" && x.RecipientRegion != "" {
		diags.Errorf(FileName, line("recipient_region"), "config-iati", "set recipient_country or recipient_region, not both", "iati sets both a recipient country and a recipient region")
	}
	systems := make([]string, 0, len(x.Sectors))
	for s := range x.Sectors {
		systems = append(systems, s)
	}
	sort.Strings(systems)
	for _, s := range systems {
		if code := x.Sectors[s]; !codelist.Sector.Has(code) {
			diags.Errorf(FileName, line("sectors."+s), "config-iati-code", "use a DAC 5-digit sector code of IATI's Sector list, such as 21010 (transport policy)",
				"iati.sectors: %q maps to %q, which is not a sector code", s, code)
		}
	}
	if v := x.SectorVocabulary; v.Code != "" || v.URI != "" {
		if v.Code != "98" && v.Code != "99" {
			diags.Errorf(FileName, line("sector_vocabulary.code"), "config-iati", "a site's own sector vocabulary is 99 (the reporting organisation's) or 98 (a second one of it)",
				"iati.sector_vocabulary.code is %q", v.Code)
		}
		if u, err := url.Parse(v.URI); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			diags.Errorf(FileName, line("sector_vocabulary.uri"), "config-iati", "give the address where the vocabulary is described, such as the site's /systems/ page",
				"iati.sector_vocabulary.uri %q is not a web address", v.URI)
		}
	}
}
