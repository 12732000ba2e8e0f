package generator

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"

	"github.com/dustin/go-humanize"
)

// ErrMemoryLimit means the memory limit is below what the linked
// portfolio alone holds, so no build can stay under it.
var ErrMemoryLimit = errors.New("the memory limit is below what the linked portfolio holds")

// setMemoryLimit applies limit (bytes; 0 keeps the runtime's, which
// GOMEMLIMIT sets) as Go's soft memory limit: past it the collector runs
// more often, so a build under pressure is slower rather than killed.
// It returns the limit in force, math.MaxInt64 for none, and the function
// that puts the previous limit back.
func setMemoryLimit(limit int64) (int64, func()) {
	if limit <= 0 {
		return debug.SetMemoryLimit(-1), func() {}
	}
	prev := debug.SetMemoryLimit(limit)
	return limit, func() { debug.SetMemoryLimit(prev) }
}

// checkMemoryLimit measures the live heap once the portfolio is loaded and
// linked (after a collection): the pages and their link graph, which every
// build and every shard holds to the end. Rendering needs room on top of
// it; a limit below it cannot be met however slowly the build goes, so the
// build stops here and says what the portfolio needs.
func checkMemoryLimit(limit int64, pages int) error {
	if limit == math.MaxInt64 {
		return nil
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	held := ms.HeapAlloc
	if int64(held) < limit {
		return nil
	}
	per := ""
	if pages > 0 {
		per = fmt.Sprintf(" (%s a page)", humanize.IBytes(held/uint64(pages)))
	}
	return fmt.Errorf("%w: the %d loaded and linked pages hold %s%s, and the memory limit is %s. Raise --memory-limit (or GOMEMLIMIT) above %s; about twice that leaves rendering room to work without collecting constantly",
		ErrMemoryLimit, pages, humanize.IBytes(held), per, humanize.IBytes(uint64(limit)), humanize.IBytes(held))
}

// ParseMemoryLimit reads a size such as 1GiB, 512MiB or 2GB (SI and IEC
// units, as GOMEMLIMIT's users write them) into bytes.
func ParseMemoryLimit(s string) (int64, error) {
	n, err := humanize.ParseBytes(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a size: write it as 1GiB, 512MiB or 2GB", s)
	}
	if n == 0 {
		return 0, fmt.Errorf("%q is no memory at all: give a size such as 1GiB", s)
	}
	if n > math.MaxInt64 {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return int64(n), nil
}
