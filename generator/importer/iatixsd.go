package importer

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// The IATI activity schemas, 2.01 to 2.03, as IATI released them (see
// iatischema/README.md).
//
//go:embed iatischema/2.01/*.xsd iatischema/2.02/*.xsd iatischema/2.03/*.xsd
var iatiSchemas embed.FS

// schemaError is one error xmllint reports, at its XML line.
type schemaError struct {
	line int
	msg  string
}

// xmllintLine is a line of xmllint's report: "-:12: element transaction:
// Schemas validity error : Element 'transaction': Missing child
// element(s). Expected is ( transaction-type )."
var xmllintLine = regexp.MustCompile(`^-:(\d+): (?:element [^:]*: )?(?:Schemas validity error|Schemas parser error|parser error|validity error)\s*:\s*(.*)$`)

// xsdErrors validates data against the IATI activity schema of version
// with xmllint (never reaching the network), and returns its errors. An
// error is returned when xmllint cannot be run at all.
func xsdErrors(xmllint, version string, data []byte) ([]schemaError, error) {
	dir, err := os.MkdirTemp("", "trellis-iati-schema-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	src := "iatischema/" + version
	files, err := fs.ReadDir(iatiSchemas, src)
	if err != nil {
		return nil, fmt.Errorf("no IATI %s schema: %v", version, err)
	}
	for _, f := range files {
		b, err := iatiSchemas.ReadFile(src + "/" + f.Name())
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name()), b, 0o644); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command(xmllint, "--noout", "--nonet", "--schema", filepath.Join(dir, "iati-activities-schema.xsd"), "-")
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err = cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		return nil, err
	}
	var out []schemaError
	for _, l := range strings.Split(stderr.String(), "\n") {
		if m := xmllintLine.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
			n, _ := strconv.Atoi(m[1])
			out = append(out, schemaError{line: n, msg: strings.TrimSpace(m[2])})
		}
	}
	if err != nil && len(out) == 0 {
		// xmllint failed without saying where: its schema could not be read,
		// or the file not parsed.
		return nil, fmt.Errorf("xmllint failed (%v): %s", err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
