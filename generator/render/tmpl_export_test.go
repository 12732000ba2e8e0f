package render

// SetFragmentCache turns the templates' fragment cache on or off, so that a
// test can compare a site rendered both ways. It returns the setting before.
func SetFragmentCache(on bool) bool {
	was := cacheFragments
	cacheFragments = on
	return was
}
