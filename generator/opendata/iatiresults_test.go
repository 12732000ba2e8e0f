package opendata_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/antchfx/xmlquery"
)

// TestIATIResultsCarryTheSignals: with IATI on, an initiative's activity
// reports the signals of the intents it serves as results: one outcome per
// intent (not to be added up across activities, the intent named), one
// indicator per signal, its baseline, its target as a period up to the
// target's year, and each observation as an actual value.
func TestIATIResultsCarryTheSignals(t *testing.T) {
	_, files := example(t)
	doc, err := xmlquery.Parse(bytes.NewReader(files["data/iati-activities.xml"]))
	if err != nil {
		t.Fatal(err)
	}
	// The bike library serves "Walking and cycling as the easy choice",
	// whose signal "Children who travel to school actively" was 47% (2023),
	// aims at 70% by 2030 and was measured at 61% on 2025-05-23.
	act := xmlquery.FindOne(doc, `//iati-activity[iati-identifier='XI-IATI-RVF-INI-0001']`)
	if act == nil {
		t.Fatal("no activity for the bike library")
	}
	res := xmlquery.FindOne(act, `result[title/narrative='Walking and cycling as the easy choice']`)
	if res == nil {
		t.Fatalf("the bike library reports no result for the intent it serves; results: %d", len(xmlquery.Find(act, "result")))
	}
	if res.SelectAttr("type") != "2" || res.SelectAttr("aggregation-status") != "0" || res.SelectAttr("trellis:intent") != "INT-0002" {
		t.Errorf("result attributes: type %q, aggregation-status %q, trellis:intent %q; want an outcome of INT-0002 not to be added up",
			res.SelectAttr("type"), res.SelectAttr("aggregation-status"), res.SelectAttr("trellis:intent"))
	}
	ind := xmlquery.FindOne(res, `indicator[title/narrative='Children who travel to school actively']`)
	if ind == nil {
		t.Fatal("no indicator for the signal 'Children who travel to school actively'")
	}
	var got []string
	got = append(got, "measure="+ind.SelectAttr("measure")+" ascending="+ind.SelectAttr("ascending"))
	if b := xmlquery.FindOne(ind, "baseline"); b != nil {
		got = append(got, "baseline "+b.SelectAttr("year")+" "+b.SelectAttr("value"))
	}
	for _, p := range xmlquery.Find(ind, "period") {
		line := "period " + xmlquery.FindOne(p, "period-start").SelectAttr("iso-date") + ".." + xmlquery.FindOne(p, "period-end").SelectAttr("iso-date")
		if v := xmlquery.FindOne(p, "target"); v != nil {
			line += " target " + v.SelectAttr("value")
		}
		if v := xmlquery.FindOne(p, "actual"); v != nil {
			line += " actual " + v.SelectAttr("value")
		}
		got = append(got, line)
	}
	want := []string{
		"measure=2 ascending=1",
		"baseline 2023 47",
		"period 2023-01-01..2030-12-31 target 70",
		"period 2023-01-01..2023-07-14 actual 47",
		"period 2023-07-14..2025-05-23 actual 61",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the indicator reads\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	// Every initiative serving an intent with signals reports it; one
	// serving none reports no result.
	for _, a := range xmlquery.Find(doc, "//iati-activity") {
		if len(xmlquery.Find(a, "result")) == 0 {
			t.Errorf("%s reports no result, though every initiative of the example serves an intent with signals",
				xmlquery.FindOne(a, "iati-identifier").InnerText())
		}
	}
}

// TestSignalObservationsInCSV: the observations of a signal are a CSV file
// of their own, each row naming its intent and its signal.
func TestSignalObservationsInCSV(t *testing.T) {
	_, files := example(t)
	rows := csvFiles(t, files)["signals_observations.csv"]
	want := [][]string{
		{"intent", "signals.text", "date", "value", "source", "note"},
		{"INT-0002", "Children who travel to school actively", "2023-07-14", "47%", "school-streets-air-quality-report-2025", "before School Streets"},
		{"INT-0002", "Children who travel to school actively", "2025-05-23", "61%", "school-streets-air-quality-report-2025", "at School Streets schools"},
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("signals_observations.csv is\n%v\nwant\n%v", rows, want)
	}
}
