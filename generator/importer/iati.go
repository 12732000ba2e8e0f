package importer

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/trellis-ssg/trellis/generator/diag"
)

// IATIOptions say how to read an IATI activity file.
type IATIOptions struct {
	// Language is the site's language: of several narratives, the one in
	// it is imported.
	Language string
	// ReportingRef is the site's own IATI organisation identifier: its
	// activities' identifiers lose that prefix (our own export read back).
	ReportingRef string
	// Lenient imports the valid activities of a file that has invalid ones.
	Lenient bool
	// Statuses is the site's status vocabulary, to check the default
	// mapping of IATI activity statuses against.
	Statuses []string
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

// IATIStage maps IATI TransactionType codes to funding stages; other
// transactions (expenditure, interest, …) are not funding lines.
var IATIStage = map[string]string{"2": "committed", "3": "disbursed", "11": "committed", "12": "disbursed"}

// The parts of an IATI 2.0x activity file that become pages. Elements not
// listed here are skipped.
type xActivities struct {
	Version    string      `xml:"version,attr"`
	Lang       string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Activities []xActivity `xml:"iati-activity"`
}

type xNarrative struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Text string `xml:",chardata"`
}

type xText struct {
	Narratives []xNarrative `xml:"narrative"`
}

type xOrg struct {
	Ref        string       `xml:"ref,attr"`
	Type       string       `xml:"type,attr"`
	Role       string       `xml:"role,attr"`
	Narratives []xNarrative `xml:"narrative"`
	line       int
}

type xCode struct {
	Code       string       `xml:"code,attr"`
	Vocabulary string       `xml:"vocabulary,attr"`
	Narratives []xNarrative `xml:"narrative"`
}

type xActivity struct {
	Lang         string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Currency     string `xml:"default-currency,attr"`
	Identifier   string `xml:"iati-identifier"`
	ReportingOrg *xOrg  `xml:"reporting-org"`
	Title        *xText `xml:"title"`
	Descriptions []struct {
		Type       string       `xml:"type,attr"`
		Narratives []xNarrative `xml:"narrative"`
	} `xml:"description"`
	Participants []xOrg `xml:"participating-org"`
	Status       *xCode `xml:"activity-status"`
	Dates        []struct {
		Date string `xml:"iso-date,attr"`
		Type string `xml:"type,attr"`
	} `xml:"activity-date"`
	Contact []struct {
		Email []string `xml:"email"`
	} `xml:"contact-info"`
	Countries []xCode `xml:"recipient-country"`
	Regions   []xCode `xml:"recipient-region"`
	Locations []struct {
		Name xText `xml:"name"`
	} `xml:"location"`
	Sectors      []xCode `xml:"sector"`
	Transactions []struct {
		Type xCode `xml:"transaction-type"`
		Date struct {
			Date string `xml:"iso-date,attr"`
		} `xml:"transaction-date"`
		Value struct {
			Currency  string `xml:"currency,attr"`
			ValueDate string `xml:"value-date,attr"`
			Amount    string `xml:",chardata"`
		} `xml:"value"`
		Provider *xOrg `xml:"provider-org"`
	} `xml:"transaction"`
	Related []struct {
		Ref  string `xml:"ref,attr"`
		Type string `xml:"type,attr"`
	} `xml:"related-activity"`
	line int
}

// ReadIATI reads an IATI activity file (versions 2.01 to 2.03) into three
// tables: initiatives, organisations, and the partners and funding lines
// of the initiatives. The XML parser reads no DTD: a file that declares
// one is refused, so no entity is expanded (billion laughs) and no
// external entity is fetched (XXE).
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
	doc, lines, err := decodeIATI(data)
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
		errAt(1, "iati-version", "IATI files say their version: <iati-activities version=\"2.03\">", "the file does not say which IATI version it follows")
		return nil, diags
	default:
		errAt(1, "iati-version", "export the file as IATI 2.03 (or 2.01, 2.02)", "IATI version %q is not supported; trellis reads 2.01 to 2.03", doc.Version)
		return nil, diags
	}
	fileLang := firstOf(doc.Lang, "en")
	acts := &Table{File: name, Kind: "initiative"}
	orgs := &Table{File: name, Kind: "organisation"}
	partners := &Table{File: name, Kind: "initiative", Into: "partners", Owner: "activity"}
	funding := &Table{File: name, Kind: "initiative", Into: "funding", Owner: "activity"}
	acts.Header = header("id", "title", "summary", "status", "start", "end", "contact", "systems", "places", "related.to", "related.relation")
	acts.Values = map[string]map[string]string{"status": IATIStatus}
	orgs.Header = header("title", "org_id", "type")
	orgs.Values = map[string]map[string]string{"type": IATIOrgType}
	partners.Header = header("activity", "org", "role")
	partners.Values = map[string]map[string]string{"role": IATIRole}
	funding.Header = header("activity", "source", "amount", "currency", "year", "stage")
	funding.Values = map[string]map[string]string{"stage": IATIStage}
	seenOrg := map[string]bool{}
	addOrg := func(o *xOrg, lang string) string {
		nameText := pickNarrative(o.Narratives, opt.Language, lang)
		key := o.Ref
		if key == "" {
			key = norm(nameText)
		}
		if key == "" {
			return ""
		}
		ref := firstOf(o.Ref, nameText)
		if !seenOrg[key] {
			seenOrg[key] = true
			orgs.Rows = append(orgs.Rows, row(o.line, firstOf(nameText, o.Ref), o.Ref, o.Type))
		}
		return ref
	}
	prefix := ""
	if opt.ReportingRef != "" {
		prefix = opt.ReportingRef + "-"
	}
	pairs := map[[2]string]bool{}
	for i, a := range doc.Activities {
		line := lines[i]
		lang := firstOf(a.Lang, fileLang)
		bad := validateActivity(a)
		if len(bad) > 0 {
			for _, b := range bad {
				if opt.Lenient {
					diags.Add(diag.Diagnostic{File: name, Line: line, Severity: diag.Warning, Code: "iati-invalid", Message: b + "; the activity is skipped",
						Hint: "the activity breaks the IATI schema; fix it at its source"})
				} else {
					errAt(line, "iati-invalid", "fix the activity at its source, or add --lenient to import the valid activities only", "%s", b)
				}
			}
			continue
		}
		id := strings.TrimSpace(a.Identifier)
		local := id
		if prefix != "" && a.ReportingOrg != nil && a.ReportingOrg.Ref == opt.ReportingRef {
			local = strings.TrimPrefix(id, prefix)
		}
		if a.ReportingOrg != nil {
			a.ReportingOrg.line = line
			addOrg(a.ReportingOrg, lang)
		}
		summary := ""
		for _, d := range a.Descriptions {
			if d.Type == "" || d.Type == "1" {
				summary = pickNarrative(d.Narratives, opt.Language, lang)
				break
			}
		}
		var start, end, startPlanned, endPlanned string
		for _, d := range a.Dates {
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
			if len(c.Email) > 0 {
				contact = c.Email[0]
			}
		}
		var systems, places []string
		for _, s := range a.Sectors {
			if n := pickNarrative(s.Narratives, opt.Language, lang); n != "" {
				systems = append(systems, n)
			} else if s.Code != "" {
				systems = append(systems, s.Code)
			}
		}
		for _, c := range a.Countries {
			places = append(places, countryName(c, opt.Language, lang))
		}
		for _, r := range a.Regions {
			if n := pickNarrative(r.Narratives, opt.Language, lang); n != "" {
				places = append(places, n)
			} else {
				places = append(places, "IATI region "+r.Code)
			}
		}
		for _, l := range a.Locations {
			if n := pickNarrative(l.Name.Narratives, opt.Language, lang); n != "" {
				places = append(places, n)
			}
		}
		var relTo, relType []string
		for _, r := range a.Related {
			other := r.Ref
			if prefix != "" {
				other = strings.TrimPrefix(other, prefix)
			}
			pair := [2]string{min(local, other), max(local, other)}
			switch r.Type {
			case "1": // the other is this one's parent
				relTo, relType = append(relTo, other), append(relType, "part-of")
			case "3", "4", "5": // sibling, co-funded, third party: said once per pair
				if !pairs[pair] {
					relTo, relType = append(relTo, other), append(relType, "complements")
				}
			}
			pairs[pair] = true
		}
		rel := strings.Join(relType, ";")
		acts.Rows = append(acts.Rows, row(line, local, pickNarrative(a.Title.Narratives, opt.Language, lang), summary, a.Status.Code,
			firstOf(start, startPlanned), firstOf(end, endPlanned), contact, joinList(systems), joinList(places), strings.Join(relTo, ";"), rel))
		for _, p := range a.Participants {
			p.line = line
			ref := addOrg(&p, lang)
			if ref != "" && p.Role != "" {
				partners.Rows = append(partners.Rows, row(line, local, strings.ReplaceAll(ref, ";", ","), p.Role))
			}
		}
		for _, t := range a.Transactions {
			if IATIStage[t.Type.Code] == "" || t.Provider == nil {
				continue
			}
			t.Provider.line = line
			src := addOrg(t.Provider, lang)
			date := firstOf(t.Value.ValueDate, t.Date.Date)
			year := ""
			if len(date) >= 4 {
				year = date[:4]
			}
			funding.Rows = append(funding.Rows, row(line, local, strings.ReplaceAll(src, ";", ","), strings.TrimSpace(t.Value.Amount), firstOf(t.Value.Currency, a.Currency), year, t.Type.Code))
		}
	}
	var out []*Table
	for _, t := range []*Table{orgs, acts, partners, funding} {
		if len(t.Rows) > 0 {
			out = append(out, t)
		}
	}
	return out, diags
}

// lineError is an XML error at a line of the file.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }

// decodeIATI decodes the file token by token, refusing any DTD, and
// returns the line of each activity.
func decodeIATI(data []byte) (*xActivities, []int, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.Entity = nil // only XML's five predefined entities
	dec.CharsetReader = nil
	doc := &xActivities{}
	var lines []int
	at := func() int { l, _ := dec.InputPos(); return l }
	rootSeen := false
	for {
		line := at()
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, &lineError{line: at(), err: fmt.Errorf("not well-formed XML: %v", err)}
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, nil, &lineError{line: line, err: errors.New("the file declares a DTD (<!DOCTYPE …>); IATI files have none, and trellis never reads entity declarations")}
		case xml.ProcInst:
			if t.Target == "xml" && bytes.Contains(bytes.ToLower(t.Inst), []byte("encoding")) && !bytes.Contains(bytes.ToLower(t.Inst), []byte("utf-8")) {
				return nil, nil, &lineError{line: line, err: errors.New("the file is not UTF-8; IATI files are UTF-8")}
			}
		case xml.StartElement:
			if !rootSeen {
				rootSeen = true
				if t.Name.Local != "iati-activities" {
					return nil, nil, &lineError{line: line, err: fmt.Errorf("the root element is <%s>, not <iati-activities>", t.Name.Local)}
				}
				for _, a := range t.Attr {
					switch {
					case a.Name.Local == "version":
						doc.Version = a.Value
					case a.Name.Local == "lang" && a.Name.Space == "http://www.w3.org/XML/1998/namespace":
						doc.Lang = a.Value
					}
				}
				continue
			}
			if t.Name.Local == "iati-activity" {
				var a xActivity
				if err := dec.DecodeElement(&a, &t); err != nil {
					return nil, nil, &lineError{line: at(), err: fmt.Errorf("not well-formed XML: %v", err)}
				}
				lines = append(lines, line)
				doc.Activities = append(doc.Activities, a)
			} else if err := dec.Skip(); err != nil {
				return nil, nil, &lineError{line: at(), err: fmt.Errorf("not well-formed XML: %v", err)}
			}
		}
	}
	if !rootSeen {
		return nil, nil, &lineError{line: 1, err: errors.New("the file has no XML element")}
	}
	return doc, lines, nil
}

// validateActivity checks what the IATI 2.0x schema requires of the parts
// trellis reads, and the codes it maps.
func validateActivity(a xActivity) []string {
	var bad []string
	id := strings.TrimSpace(a.Identifier)
	if id == "" {
		bad = append(bad, "an activity has no <iati-identifier>")
		id = "(no identifier)"
	}
	if a.ReportingOrg == nil {
		bad = append(bad, fmt.Sprintf("activity %s has no <reporting-org>", id))
	}
	if a.Title == nil || len(a.Title.Narratives) == 0 || strings.TrimSpace(a.Title.Narratives[0].Text) == "" {
		bad = append(bad, fmt.Sprintf("activity %s has no <title> with a <narrative>", id))
	}
	if a.Status == nil {
		bad = append(bad, fmt.Sprintf("activity %s has no <activity-status>", id))
	} else if IATIStatus[a.Status.Code] == "" {
		bad = append(bad, fmt.Sprintf("activity %s: activity-status code %q is not in the ActivityStatus codelist (1 to 6)", id, a.Status.Code))
	}
	for _, d := range a.Dates {
		if _, err := ParseDate(d.Date, DateUnknown); err != nil || len(d.Date) < 10 {
			bad = append(bad, fmt.Sprintf("activity %s: activity-date %q is not an ISO date", id, d.Date))
		}
	}
	for _, p := range a.Participants {
		if p.Role != "" && IATIRole[p.Role] == "" {
			bad = append(bad, fmt.Sprintf("activity %s: participating-org role %q is not in the OrganisationRole codelist (1 to 4)", id, p.Role))
		}
	}
	for _, t := range a.Transactions {
		if _, err := strconv.ParseFloat(strings.TrimSpace(t.Value.Amount), 64); err != nil {
			bad = append(bad, fmt.Sprintf("activity %s: transaction value %q is not a number", id, t.Value.Amount))
		}
		if c := firstOf(t.Value.Currency, a.Currency); c == "" {
			bad = append(bad, fmt.Sprintf("activity %s: a transaction has no currency and the activity no default-currency", id))
		} else if _, err := ParseCurrency(c); err != nil {
			bad = append(bad, fmt.Sprintf("activity %s: %v", id, err))
		}
		if d := firstOf(t.Value.ValueDate, t.Date.Date); d == "" {
			bad = append(bad, fmt.Sprintf("activity %s: a transaction has no value-date", id))
		}
	}
	return bad
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
