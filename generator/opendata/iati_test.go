package opendata_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"testing"
)

// iatiOrder is the order of iati-activity's children in the IATI 2.03
// activity schema (the part trellis writes).
var iatiOrder = []string{"iati-identifier", "reporting-org", "title", "description", "participating-org", "other-identifier",
	"activity-status", "activity-date", "contact-info", "activity-scope", "recipient-country", "recipient-region", "location",
	"sector", "tag", "country-budget-items", "humanitarian-scope", "policy-marker", "collaboration-type", "default-flow-type",
	"default-finance-type", "default-aid-type", "default-tied-status", "budget", "planned-disbursement", "capital-spend",
	"transaction", "document-link", "related-activity", "legacy-data", "conditions", "result", "crs-add", "fss"}

var iatiRequired = []string{"iati-identifier", "reporting-org", "title", "description", "participating-org", "activity-status", "activity-date"}

func TestIATIActivities(t *testing.T) {
	pf, files := example(t)
	data, ok := files["data/iati-activities.xml"]
	if !ok {
		t.Fatal("the example site opts in to IATI but has no data/iati-activities.xml")
	}
	rank := map[string]int{}
	for i, n := range iatiOrder {
		rank[n] = i
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	depth, activities := 0, 0
	var seen map[string]int
	last := -1
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			switch {
			case depth == 1 && el.Name.Local != "iati-activities":
				t.Fatalf("root is %s", el.Name.Local)
			case depth == 2:
				activities++
				seen, last = map[string]int{}, -1
			case depth == 3:
				r, known := rank[el.Name.Local]
				if !known {
					t.Errorf("activity %d: unknown element %s", activities, el.Name.Local)
				}
				if r < last {
					t.Errorf("activity %d: %s out of the standard's order", activities, el.Name.Local)
				}
				last = r
				seen[el.Name.Local]++
			}
		case xml.EndElement:
			if depth == 2 {
				for _, req := range iatiRequired {
					if seen[req] == 0 {
						t.Errorf("activity %d lacks %s", activities, req)
					}
				}
			}
			depth--
		}
	}
	if want := len(pf.Of("initiative")); activities != want {
		t.Errorf("%d activities for %d initiatives", activities, want)
	}
	if !bytes.Contains(data, []byte(`role="1"`)) || !bytes.Contains(data, []byte("<related-activity")) || !bytes.Contains(data, []byte("<budget")) {
		t.Error("the example's funders, related initiatives and budgets are missing")
	}
	// Every committed or disbursed funding line is a commitment, every
	// disbursed one also a disbursement: none is lost as a budget only.
	var committed, disbursed int
	for _, p := range pf.Of("initiative") {
		for _, f := range p.Funding {
			switch f.Stage {
			case "disbursed":
				disbursed++
				committed++
			case "committed":
				committed++
			}
		}
	}
	var doc struct {
		Activities []struct {
			Transactions []struct {
				Type struct {
					Code string `xml:"code,attr"`
				} `xml:"transaction-type"`
				Value struct {
					Currency  string `xml:"currency,attr"`
					ValueDate string `xml:"value-date,attr"`
				} `xml:"value"`
				Provider *struct {
					Narrative string `xml:"narrative"`
				} `xml:"provider-org"`
			} `xml:"transaction"`
		} `xml:"iati-activity"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	types := map[string]int{}
	for _, a := range doc.Activities {
		for _, tr := range a.Transactions {
			types[tr.Type.Code]++
			if tr.Value.Currency == "" || tr.Value.ValueDate == "" || tr.Provider == nil || tr.Provider.Narrative == "" {
				t.Errorf("a transaction without currency, value date or provider: %+v", tr)
			}
		}
	}
	if types["2"]+types["11"] != committed || types["3"]+types["1"] != disbursed || disbursed < 30 {
		t.Errorf("transactions by type %v for %d committed and %d disbursed lines", types, committed, disbursed)
	}
}
