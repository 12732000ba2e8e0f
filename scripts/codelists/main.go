// Command codelists writes the code lists in generator/codelist from the
// standards' own repositories, checked out beside each other:
//
//	go run ./scripts/codelists -iati DIR -orgid DIR
//
// where -iati is a checkout of github.com/IATI/IATI-Codelists-NonEmbedded
// (its xml/ folder) and -orgid one of github.com/org-id/register (its lists/
// folder). Each list is written as code, a tab and the English name, one a
// line, sorted by code; withdrawn IATI codes and deprecated org-id prefixes
// are left out. See generator/codelist/README.md for sources and licences.
package main

import (
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	iati := flag.String("iati", "", "checkout of IATI-Codelists-NonEmbedded")
	orgid := flag.String("orgid", "", "checkout of org-id/register")
	out := flag.String("out", "generator/codelist", "where to write")
	flag.Parse()
	if *iati == "" || *orgid == "" {
		flag.Usage()
		os.Exit(2)
	}
	for file, list := range map[string]string{"sector.tsv": "Sector", "country.tsv": "Country", "region.tsv": "Region",
		"currency.tsv": "Currency", "orgtype.tsv": "OrganisationType"} {
		rows, err := iatiList(filepath.Join(*iati, "xml", list+".xml"))
		if err != nil {
			log.Fatal(err)
		}
		write(filepath.Join(*out, file), rows)
	}
	rows, err := orgIDPrefixes(filepath.Join(*orgid, "lists"))
	if err != nil {
		log.Fatal(err)
	}
	write(filepath.Join(*out, "orgid.tsv"), rows)
}

type row struct{ code, name string }

func iatiList(file string) ([]row, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var cl struct {
		Items []struct {
			Status string `xml:"status,attr"`
			Code   string `xml:"code"`
			Names  []struct {
				Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
				Text string `xml:",chardata"`
			} `xml:"name>narrative"`
		} `xml:"codelist-items>codelist-item"`
	}
	if err := xml.Unmarshal(src, &cl); err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	var out []row
	for _, it := range cl.Items {
		if it.Status == "withdrawn" {
			continue
		}
		name := ""
		for _, n := range it.Names {
			if n.Lang == "" || n.Lang == "en" {
				name = n.Text
				break
			}
		}
		out = append(out, row{strings.TrimSpace(it.Code), strings.Join(strings.Fields(name), " ")})
	}
	return out, nil
}

func orgIDPrefixes(dir string) ([]row, error) {
	var out []row
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var l struct {
			Code       string `json:"code"`
			Deprecated bool   `json:"deprecated"`
			Name       struct {
				En string `json:"en"`
			} `json:"name"`
		}
		if json.Unmarshal(src, &l) != nil || l.Code == "" || l.Deprecated {
			return nil // a file that is no list, or a list no longer to be used
		}
		out = append(out, row{l.Code, strings.Join(strings.Fields(l.Name.En), " ")})
		return nil
	})
	return out, err
}

func write(file string, rows []row) {
	sort.Slice(rows, func(i, j int) bool { return rows[i].code < rows[j].code })
	var b strings.Builder
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.code] {
			continue
		}
		seen[r.code] = true
		fmt.Fprintf(&b, "%s\t%s\n", r.code, r.name)
	}
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d codes\n", file, len(seen))
}
