// Package releasetest holds the tests of how trellis is released and
// deployed: the GitHub workflows and the composite action (action.yml),
// linted with actionlint; the workflows in docs/deploy, kept equal to what
// trellis init writes; the GoReleaser configuration; the Dockerfiles; and a
// static release build that reports its own version. It has no code of its
// own: the files it tests are at the repository's root.
package releasetest
