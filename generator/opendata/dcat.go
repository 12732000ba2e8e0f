package opendata

import (
	"path"
	"sort"
	"strings"

	"github.com/trellis-ssg/trellis/generator/content"
	"github.com/trellis-ssg/trellis/generator/portfolio"
)

// The DCAT catalogue (catalog.jsonld) follows DCAT-AP 3.0.1, and so 2.1.1:
// every node that a shape constrains by class is typed, dates are typed
// literals, media types and formats are IRIs of the vocabularies DCAT-AP
// names, e-mail addresses are mailto: IRIs.

const (
	euFileType = "http://publications.europa.eu/resource/authority/file-type/"
	euLanguage = "http://publications.europa.eu/resource/authority/language/"
	euTheme    = "http://publications.europa.eu/resource/authority/data-theme/"
	ianaMedia  = "https://www.iana.org/assignments/media-types/"
)

var dcatContext = map[string]any{
	"dcat":    "http://www.w3.org/ns/dcat#",
	"dct":     "http://purl.org/dc/terms/",
	"foaf":    "http://xmlns.com/foaf/0.1/",
	"vcard":   "http://www.w3.org/2006/vcard/ns#",
	"skos":    "http://www.w3.org/2004/02/skos/core#",
	"xsd":     "http://www.w3.org/2001/XMLSchema#",
	"dcatap":  "http://data.europa.eu/r5r/",
	"rdfs":    "http://www.w3.org/2000/01/rdf-schema#",
	"adms":    "http://www.w3.org/ns/adms#",
	"licence": "http://purl.org/adms/licencetype/",
}

// fileType is the EU file type of a media type (dct:format).
var fileType = map[string]string{
	"application/json": "JSON", "application/schema+json": "JSON", "text/csv": "CSV", "application/csvm+json": "JSON",
	"application/xml": "XML", "application/ld+json": "JSON_LD", "application/atom+xml": "ATOM",
}

// euLanguages maps ISO 639-1 codes to the EU language authority table.
var euLanguages = map[string]string{
	"bg": "BUL", "ca": "CAT", "cs": "CES", "cy": "CYM", "da": "DAN", "de": "DEU", "el": "ELL", "en": "ENG", "es": "SPA",
	"et": "EST", "eu": "EUS", "fi": "FIN", "fr": "FRA", "ga": "GLE", "gl": "GLG", "hr": "HRV", "hu": "HUN", "is": "ISL",
	"it": "ITA", "lb": "LTZ", "lt": "LIT", "lv": "LAV", "mt": "MLT", "nb": "NOB", "nl": "NLD", "nn": "NNO", "no": "NOR",
	"pl": "POL", "pt": "POR", "ro": "RON", "sk": "SLK", "sl": "SLV", "sq": "SQI", "sr": "SRP", "sv": "SWE", "tr": "TUR", "uk": "UKR",
}

// licenceTypes are the ADMS licence types of well-known licences.
var licenceTypes = map[string]string{
	"https://creativecommons.org/publicdomain/zero/1.0/": "PublicDomain",
	"https://creativecommons.org/licenses/by/4.0/":       "Attribution",
	"https://creativecommons.org/licenses/by-sa/4.0/":    "ShareAlike",
	"https://opendatacommons.org/licenses/odbl/1-0/":     "ShareAlike",
	"https://opendatacommons.org/licenses/by/1-0/":       "Attribution",
	"https://opendatacommons.org/licenses/pddl/1-0/":     "PublicDomain",
}

// licenceTypeLabels are the ADMS licence types' labels (skos:prefLabel).
var licenceTypeLabels = map[string]string{"PublicDomain": "Public domain", "Attribution": "Attribution", "ShareAlike": "Share-alike"}

// concept is a SKOS concept of a controlled vocabulary, with its label.
func concept(iri, label string) map[string]any {
	return map[string]any{"@id": iri, "@type": "skos:Concept", "skos:prefLabel": literal(label, "en")}
}

// registered is the IANA-registered media type of a file's type:
// application/schema+json is not registered (yet), so it is JSON.
func registered(mediaType string) string {
	if mediaType == "application/schema+json" {
		return "application/json"
	}
	return mediaType
}

// conformsTo names the standard a data file follows, by its name.
func conformsTo(pf *portfolio.Portfolio, name string) string {
	switch {
	case name == "data/portfolio.json":
		return pf.Config.AbsURL("data/portfolio.schema.json")
	case name == "data/portfolio.schema.json":
		return "https://json-schema.org/draft/2020-12/schema"
	case name == "data/csv-metadata.json", strings.HasSuffix(name, ".csv"):
		return "https://www.w3.org/TR/tabular-data-model/"
	case name == "data/iati-activities.xml":
		return "http://reference.iatistandard.org/203/"
	}
	return ""
}

func typedDate(d string) map[string]any {
	return map[string]any{"@value": d, "@type": "xsd:date"}
}

func literal(s, lang string) map[string]any {
	return map[string]any{"@value": s, "@language": lang}
}

// languageIRI is the EU language authority's IRI of a language tag, or
// the Library of Congress's ISO 639-1 IRI for a language it does not list.
func languageIRI(tag string) string {
	base, _, _ := strings.Cut(strings.ToLower(tag), "-")
	if c, ok := euLanguages[base]; ok {
		return euLanguage + c
	}
	return "http://id.loc.gov/vocabulary/iso639-1/" + base
}

func catalog(pf *portfolio.Portfolio, files []File) map[string]any {
	cfg := pf.Config
	lang := cfg.Language
	modified := generated(pf)
	licence := map[string]any{"@id": cfg.Licence.DataURL, "@type": "dct:LicenseDocument"}
	if t, ok := licenceTypes[cfg.Licence.DataURL]; ok {
		licence["dct:type"] = concept(dcatContext["licence"].(string)+t, licenceTypeLabels[t])
	}
	if cfg.Licence.Data != "" {
		licence["rdfs:label"] = cfg.Licence.Data
	}
	language := map[string]any{"@id": languageIRI(lang), "@type": "dct:LinguisticSystem"}
	steward := cfg.Steward
	if steward.Name == "" {
		steward.Name = cfg.Title
	}
	publisher := map[string]any{"@id": cfg.AbsURL("") + "#publisher", "@type": "foaf:Agent", "foaf:name": literal(steward.Name, lang)}
	if steward.URL != "" {
		publisher["foaf:homepage"] = map[string]any{"@id": steward.URL, "@type": "foaf:Document"}
	}
	if steward.Email != "" {
		publisher["foaf:mbox"] = map[string]any{"@id": "mailto:" + steward.Email}
	}
	contact := cfg.Contact
	if contact.Name == "" && contact.Email == "" {
		contact = steward
	}
	point := map[string]any{"@type": []any{"vcard:Organization", "vcard:Kind"}, "vcard:fn": literal(contact.Name, lang)}
	if contact.Email != "" {
		point["vcard:hasEmail"] = map[string]any{"@id": "mailto:" + contact.Email}
	}
	if contact.URL != "" {
		point["vcard:hasURL"] = map[string]any{"@id": contact.URL}
	}
	var dists []any
	for _, f := range files {
		u := cfg.AbsURL(f.Name)
		d := map[string]any{
			"@id": u, "@type": "dcat:Distribution",
			"dct:title": literal(path.Base(f.Name)+": "+f.Title, lang), "dct:description": literal(f.About, lang),
			"dcat:accessURL": map[string]any{"@id": u}, "dcat:downloadURL": map[string]any{"@id": u},
			"dcat:mediaType": map[string]any{"@id": ianaMedia + registered(f.MediaType), "@type": "dct:MediaType"},
			"dct:license":    licence, "dct:language": language,
		}
		if ft, ok := fileType[f.MediaType]; ok {
			d["dct:format"] = map[string]any{"@id": euFileType + ft, "@type": "dct:MediaTypeOrExtent"}
		}
		if modified != "" {
			d["dct:modified"] = typedDate(modified)
		}
		if std := conformsTo(pf, f.Name); std != "" {
			d["dct:conformsTo"] = map[string]any{"@id": std, "@type": "dct:Standard"}
		}
		dists = append(dists, d)
	}
	var keywords []any
	for _, t := range pf.Terms("systems") {
		keywords = append(keywords, literal(pf.TermLabel("systems", t), lang))
	}
	description := cfg.Description
	if description == "" {
		description = cfg.Title
	}
	var kinds []string
	for _, k := range content.Kinds {
		if len(pf.Of(k)) > 0 {
			kinds = append(kinds, k.Folder())
		}
	}
	sort.Strings(kinds)
	dataset := map[string]any{
		"@id": cfg.AbsURL("data/") + "#dataset", "@type": "dcat:Dataset",
		"dct:title": literal(cfg.Title, lang),
		"dct:description": literal("The portfolio as open data: its "+strings.Join(kinds, ", ")+
			", each with a stable id, their fields and the links between them.", lang),
		"dct:identifier":    cfg.AbsURL("data/") + "#dataset",
		"dct:license":       licence,
		"dct:language":      language,
		"dct:publisher":     publisher,
		"dcat:contactPoint": point,
		"dcat:theme":        concept(euTheme+"GOVE", "Government and public sector"),
		"dcat:landingPage":  map[string]any{"@id": cfg.AbsURL("data/"), "@type": "foaf:Document"},
		"dcat:distribution": dists,
	}
	if len(keywords) > 0 {
		dataset["dcat:keyword"] = keywords
	}
	cat := map[string]any{
		"@context":        dcatContext,
		"@id":             cfg.AbsURL("data/catalog.jsonld"),
		"@type":           "dcat:Catalog",
		"dct:title":       literal(cfg.Title+" — open data", lang),
		"dct:description": literal(description, lang),
		"dct:license":     licence,
		"dct:language":    language,
		"dct:publisher":   publisher,
		"foaf:homepage":   map[string]any{"@id": cfg.AbsURL(""), "@type": "foaf:Document"},
		"dcat:dataset":    []any{dataset},
	}
	if modified != "" {
		cat["dct:modified"] = typedDate(modified)
		dataset["dct:modified"] = typedDate(modified)
	}
	return cat
}
