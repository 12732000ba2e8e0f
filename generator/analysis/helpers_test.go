package analysis_test

import "time"

var now = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
