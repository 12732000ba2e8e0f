// Package visual is the build-time drawing stage between portfolio and
// render: it lays out deterministic SVG pictures of the portfolio and their
// text equivalents; it never writes files.
package visual
