// Package codelist holds the code lists of the standards the open data
// follows: IATI's sectors (DAC 5-digit), countries, regions, currencies and
// organisation types, and the organisation identifier prefixes of the
// org-id.guide register. config checks site.yaml's IATI settings against
// them and opendata checks pages and writes codes from them. The lists are
// data (the .tsv files beside this one, embedded), made by
// scripts/codelists; README.md names their sources and licences.
package codelist

import (
	"embed"
	"sort"
	"strings"
	"sync"
)

//go:embed *.tsv
var files embed.FS

// List is a code list: codes and their English names.
type List struct {
	file  string
	once  sync.Once
	names map[string]string
	codes []string
}

// The lists.
var (
	Sector   = &List{file: "sector.tsv"}   // IATI Sector: DAC 5-digit purpose codes (vocabulary 1)
	Country  = &List{file: "country.tsv"}  // IATI Country: ISO 3166-1 alpha-2
	Region   = &List{file: "region.tsv"}   // IATI Region: OECD DAC regions (vocabulary 1)
	Currency = &List{file: "currency.tsv"} // IATI Currency: ISO 4217
	OrgType  = &List{file: "orgtype.tsv"}  // IATI OrganisationType
	OrgID    = &List{file: "orgid.tsv"}    // org-id.guide registration agencies, not deprecated
)

func (l *List) load() {
	l.once.Do(func() {
		l.names = map[string]string{}
		src, _ := files.ReadFile(l.file)
		for _, line := range strings.Split(string(src), "\n") {
			code, name, ok := strings.Cut(line, "\t")
			if ok {
				l.names[code] = name
				l.codes = append(l.codes, code)
			}
		}
		sort.Strings(l.codes)
	})
}

// Name returns the name of code, and whether the list has it.
func (l *List) Name(code string) (string, bool) {
	l.load()
	n, ok := l.names[code]
	return n, ok
}

// Has reports whether the list has code.
func (l *List) Has(code string) bool {
	_, ok := l.Name(code)
	return ok
}

// Codes returns the list's codes, sorted.
func (l *List) Codes() []string {
	l.load()
	return l.codes
}

// OrgIDPrefix returns the registration agency an organisation identifier
// starts with ("GB-COH" of "GB-COH-01234567"): the longest listed prefix
// that the identifier continues with "-" and something more. ok is false
// when none does.
func OrgIDPrefix(id string) (prefix string, ok bool) {
	OrgID.load()
	for i := len(id) - 1; i > 0; i-- {
		if id[i] == '-' && i+1 < len(id) && OrgID.Has(id[:i]) {
			return id[:i], true
		}
	}
	return "", false
}
