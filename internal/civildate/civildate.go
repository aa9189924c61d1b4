// Package civildate reads and writes calendar dates as Bureau stores them,
// "YYYY-MM-DD", and as French users write them, "JJ/MM/AAAA". It imports
// only the standard library.
package civildate

import (
	"strconv"
	"strings"
	"time"
)

// Parse reads "YYYY-MM-DD" or "DD/MM/YYYY" (day and month on one or two
// digits), followed or not by a time ("09/10/2025 21:59", as spreadsheet
// exports write it), and returns "YYYY-MM-DD". Impossible dates such as
// 31/02/2026 are refused rather than rolled over.
func Parse(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if d, _, ok := strings.Cut(s, " "); ok {
		s = d
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t.Format(time.DateOnly), true
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 || len(parts[2]) != 4 {
		return "", false
	}
	d, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	y, err3 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || err3 != nil {
		return "", false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m || t.Year() != y {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// French writes a stored date "2026-07-14" as "14/07/2026"; anything
// else is returned unchanged.
func French(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}
