package importer

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/trellis-ssg/trellis/generator/codelist"
	"github.com/trellis-ssg/trellis/generator/diag"
)

// How an IATI file is checked before anything is read from it:
//
//   - always: well-formed XML without a DTD, UTF-8, the root
//     <iati-activities> with version 2.01, 2.02 or 2.03 (decodeIATI,
//     ReadIATI); and of each activity what import relies on: an
//     identifier, codes from IATI's codelists for the activity status,
//     organisation roles and types, ISO 4217 currencies, and transactions
//     and planned disbursements with a number and a date (importChecks);
//   - when libxml2's xmllint is installed: the whole file against the IATI
//     XML Schema of the version it declares (xsdErrors), every error with
//     its XML line;
//   - when it is not: instead of the schema, what the schema requires of
//     the elements import reads (schemaChecks), and a warning that the
//     rest of the file was not checked.
//
// An activity with a problem is invalid: an error, or with --lenient a
// warning, and the activity is left out. docs/import.md says the same.

// maxReported is how many problems a file reports one by one; the rest
// are counted in one more.
const maxReported = 20

// problem is one thing wrong with an activity, where it is.
type problem struct {
	at  pos
	msg string
}

// validateIATI checks the file and reports what is wrong, returning which
// activities may be imported.
func validateIATI(name string, data []byte, doc *xActivities, opt IATIOptions, diags *diag.List) []bool {
	valid := make([]bool, len(doc.Activities))
	for i := range valid {
		valid[i] = true
	}
	reported := 0
	report := func(d diag.Diagnostic) {
		if d.Severity == diag.Error {
			reported++
			if reported > maxReported {
				return
			}
		}
		diags.Add(d)
	}
	schema := fmt.Sprintf("IATI %s XML Schema", doc.Version)
	var byActivity map[int][]problem
	ran := false
	var errs []schemaError
	var err error
	if opt.XMLLint != "" {
		errs, err = xsdErrors(opt.XMLLint, doc.Version, data)
	}
	switch {
	case opt.XMLLint == "":
		diags.Add(diag.Diagnostic{File: name, Severity: diag.Warning, Code: "iati-schema-not-checked",
			Message: fmt.Sprintf("the file was not validated against the %s: xmllint is not installed; only trellis's checks of the elements it imports ran", schema),
			Hint:    "install libxml2's xmllint (Debian and Ubuntu: apt-get install libxml2-utils; macOS has it) and import again to check the whole file"})
	case err != nil:
		diags.Add(diag.Diagnostic{File: name, Severity: diag.Warning, Code: "iati-schema-not-checked",
			Message: fmt.Sprintf("the file was not validated against the %s: %v; only trellis's checks of the elements it imports ran", schema, err),
			Hint:    "check that xmllint (libxml2-utils) works: xmllint --version"})
	default:
		ran = true
		byActivity = map[int][]problem{}
		for _, e := range errs {
			msg := "breaks the " + schema + ": " + strings.TrimSuffix(e.msg, ".")
			switch i, n := activityAt(doc, e.line); {
			case n == 1:
				byActivity[i] = append(byActivity[i], problem{pos{line: e.line}, msg})
			case n > 1:
				report(diag.Diagnostic{File: name, Line: e.line, Severity: diag.Error, Code: "iati-invalid", Message: "the file " + msg,
					Hint: "this line holds several activities, so the error names none of them: format the file (xmllint --format) to import the valid ones with --lenient"})
			default:
				report(diag.Diagnostic{File: name, Line: e.line, Severity: diag.Error, Code: "iati-invalid", Message: "the file " + msg,
					Hint: "fix the file at its source; this is outside any activity, so --lenient cannot leave it out"})
			}
		}
	}
	for i := range doc.Activities {
		a := &doc.Activities[i]
		probs := byActivity[i]
		if !ran {
			probs = schemaChecks(a)
		}
		if len(probs) == 0 {
			probs = importChecks(a)
		}
		if len(probs) == 0 {
			continue
		}
		valid[i] = false
		who := "activity " + activityName(a)
		if opt.Lenient {
			more := ""
			if len(probs) > 1 {
				more = fmt.Sprintf(" (and %d more %s)", len(probs)-1, plural(len(probs)-1, "problem", "problems"))
			}
			diags.Add(diag.Diagnostic{File: name, Line: probs[0].at.line, Col: probs[0].at.col, Severity: diag.Warning, Code: "iati-invalid",
				Message: fmt.Sprintf("%s %s%s; the activity is skipped", who, probs[0].msg, more),
				Hint:    "the activity is not valid IATI; fix it at its source"})
			continue
		}
		for _, p := range probs {
			report(diag.Diagnostic{File: name, Line: p.at.line, Col: p.at.col, Severity: diag.Error, Code: "iati-invalid",
				Message: who + " " + p.msg, Hint: "fix the activity at its source, or add --lenient to import the valid activities only"})
		}
	}
	if reported > maxReported {
		diags.Add(diag.Diagnostic{File: name, Severity: diag.Error, Code: "iati-invalid",
			Message: fmt.Sprintf("and %d more problems; only the first %d are listed", reported-maxReported, maxReported),
			Hint:    "fix those above and import again"})
	}
	if opt.Lenient && len(doc.Activities) > 0 {
		any := false
		for _, v := range valid {
			any = any || v
		}
		if !any {
			diags.Add(diag.Diagnostic{File: name, Line: doc.root, Severity: diag.Error, Code: "iati-invalid",
				Message: fmt.Sprintf("none of the file's %d activities is valid", len(doc.Activities)), Hint: "fix the activities at their source"})
		}
	}
	return valid
}

// activityAt finds the activity a line belongs to, and how many activities
// share that line (a file written on one line has them all on it).
func activityAt(doc *xActivities, line int) (int, int) {
	at, n := -1, 0
	for i, a := range doc.Activities {
		if a.line <= line && line <= a.end {
			at, n = i, n+1
		}
	}
	return at, n
}

func activityName(a *xActivity) string {
	if id := strings.TrimSpace(a.Identifier); id != "" {
		return id
	}
	return "(no identifier)"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// schemaChecks are what the IATI 2.0x schema requires of the elements
// import reads, for when xmllint cannot check the whole schema: the
// activity's required elements, their required parts, dates and numbers.
func schemaChecks(a *xActivity) []problem {
	var out []problem
	add := func(at pos, format string, args ...any) { out = append(out, problem{at, fmt.Sprintf(format, args...)}) }
	for _, el := range []string{"iati-identifier", "reporting-org", "title", "description", "participating-org", "activity-status", "activity-date"} {
		if len(a.at[el]) == 0 {
			add(pos{line: a.line}, "has no <%s>, which the IATI schema requires", el)
		}
	}
	if a.Title != nil && len(a.Title.Narratives) == 0 {
		add(a.where("title", 0), "has a <title> without a <narrative>")
	}
	for j, d := range a.Descriptions {
		if len(d.Narratives) == 0 {
			add(a.where("description", j), "has a <description> without a <narrative>")
		}
	}
	for j, p := range a.Participants {
		if p.Role() == "" {
			add(a.where("participating-org", j), "has a <participating-org> without a role")
		}
	}
	if a.Status != nil && a.Status.Code == "" {
		add(a.where("activity-status", 0), "has an <activity-status> without a code")
	}
	for j, d := range a.Dates {
		if !isoDate(d.Date) {
			add(a.where("activity-date", j), "has an activity-date %q that is not an ISO date (YYYY-MM-DD)", d.Date)
		}
		if d.Type == "" {
			add(a.where("activity-date", j), "has an <activity-date> without a type")
		}
	}
	for j, t := range a.Transactions {
		at := a.where("transaction", j)
		switch {
		case t.Type == nil:
			add(at, "has a <transaction> without a <transaction-type>")
		case t.Date == nil:
			add(at, "has a <transaction> without a <transaction-date>")
		case t.Value == nil:
			add(at, "has a <transaction> without a <value>")
		default:
			if !isoDate(t.Date.date()) {
				add(at, "has a transaction-date %q that is not an ISO date", t.Date.date())
			}
			if !isoDate(t.Value.ValueDate) {
				add(at, "has a transaction whose value-date %q is not an ISO date", t.Value.ValueDate)
			}
		}
	}
	for j, p := range a.Planned {
		at := a.where("planned-disbursement", j)
		if !isoDate(p.Start.date()) {
			add(at, "has a <planned-disbursement> without a <period-start> date")
		}
		if p.Value == nil {
			add(at, "has a <planned-disbursement> without a <value>")
		} else if !isoDate(p.Value.ValueDate) {
			add(at, "has a planned disbursement whose value-date %q is not an ISO date", p.Value.ValueDate)
		}
	}
	return out
}

// importChecks are what import relies on beyond the schema: an
// identifier, and codes, currencies, numbers and dates it can map.
func importChecks(a *xActivity) []problem {
	var out []problem
	add := func(at pos, format string, args ...any) { out = append(out, problem{at, fmt.Sprintf(format, args...)}) }
	if strings.TrimSpace(a.Identifier) == "" {
		add(a.where("iati-identifier", 0), "has no <iati-identifier>")
	}
	if a.Title == nil || strings.TrimSpace(pickNarrative(a.Title.Narratives, "", "")) == "" {
		add(a.where("title", 0), "has no <title> with a <narrative>")
	}
	if a.ReportingOrg == nil {
		add(pos{line: a.line}, "has no <reporting-org>")
	}
	if a.Status == nil {
		add(pos{line: a.line}, "has no <activity-status>")
	} else if IATIStatus[a.Status.Code] == "" {
		add(a.where("activity-status", 0), "has an activity-status code %q that is not in the ActivityStatus codelist (1 to 6)", a.Status.Code)
	}
	orgType := func(o *xOrg, at pos, what string) {
		if t := strings.TrimSpace(o.Type); t != "" && !codelist.OrgType.Has(t) {
			add(at, "has a %s type %q that is not in the OrganisationType codelist", what, t)
		}
	}
	if a.ReportingOrg != nil {
		orgType(a.ReportingOrg, a.where("reporting-org", 0), "reporting-org")
	}
	for j, p := range a.Participants {
		at := a.where("participating-org", j)
		if r := p.Role(); r != "" && IATIRole[r] == "" {
			add(at, "has a participating-org role %q that is not in the OrganisationRole codelist (1 to 4)", r)
		}
		orgType(&a.Participants[j], at, "participating-org")
	}
	money := func(at pos, what string, m xMoney, date string) {
		if m.Provider != nil {
			orgType(m.Provider, at, "provider-org")
		}
		v := m.Value
		if v == nil {
			return
		}
		if _, err := strconv.ParseFloat(strings.TrimSpace(v.Amount), 64); err != nil {
			add(at, "has a %s value %q that is not a number", what, strings.TrimSpace(v.Amount))
		}
		if c := firstOf(strings.TrimSpace(v.Currency), a.Currency); c == "" {
			add(at, "has a %s without a currency, and no default-currency", what)
		} else if !codelist.Currency.Has(strings.ToUpper(c)) {
			add(at, "has a %s currency %q that is not an ISO 4217 code", what, c)
		}
		if d := firstOf(strings.TrimSpace(v.ValueDate), date); !isoDate(d) {
			add(at, "has a %s without a value-date", what)
		}
	}
	for j, t := range a.Transactions {
		if _, ok := t.flow(); ok { // other transactions are not funding, and not imported
			money(a.where("transaction", j), "transaction", t.xMoney, t.Date.date())
		}
	}
	for j, p := range a.Planned {
		money(a.where("planned-disbursement", j), "planned disbursement", p.xMoney, p.Start.date())
	}
	return out
}

// isoDate says whether s is an xsd:date: YYYY-MM-DD, with an optional
// time zone.
func isoDate(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return false
	}
	if _, err := time.Parse("2006-01-02", s[:10]); err != nil {
		return false
	}
	z := s[10:]
	return z == "" || z == "Z" || len(z) == 6 && (z[0] == '+' || z[0] == '-') && z[3] == ':'
}
