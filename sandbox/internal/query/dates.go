package query

import (
	"cmp"
	"strconv"
	"strings"
	"time"
)

// dateLayouts are the absolute date formats Jira and Confluence accept, read
// in the searcher's time zone.
var dateLayouts = []struct {
	layout  string
	dayOnly bool
}{
	{"2006/1/2 15:04", false},
	{"2006-1-2 15:04", false},
	{"2006/1/2", true},
	{"2006-1-2", true},
}

// ParseDate reads an absolute date ("2026-11-01", "2026/11/01 10:00") in
// now's location, or a period relative to now ("-7d", "4w 2d"). dayOnly
// reports a date without a time of day.
func ParseDate(s string, now time.Time) (t time.Time, dayOnly, ok bool) {
	s = strings.TrimSpace(s)
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l.layout, s, now.Location()); err == nil {
			return t, l.dayOnly, true
		}
	}
	if p, ok := ParsePeriod(s, 0); ok {
		return p.AddTo(now), false, true
	}
	return time.Time{}, false, false
}

// Period is a signed span of calendar and clock time, such as "-1w 2d". The
// zero Period adds nothing.
type Period struct {
	years, months, days int
	clock               time.Duration
}

// maxPeriodNumber bounds each number of a period, so that a hostile query
// cannot overflow the arithmetic.
const maxPeriodNumber = 1_000_000

// ParsePeriod reads (+|-)n unit [n unit …] with units y, M, w, d, h and m.
// When unit is not zero, a bare number ("-1") counts in that unit, as the
// date functions of both products allow.
func ParsePeriod(s string, unit byte) (Period, bool) {
	s = strings.TrimSpace(s)
	sign := 1
	if s != "" && (s[0] == '-' || s[0] == '+') {
		if s[0] == '-' {
			sign = -1
		}
		s = strings.TrimSpace(s[1:])
	}
	if unit != 0 {
		if _, err := strconv.Atoi(s); err == nil {
			s += string(unit)
		}
	}
	var p Period
	groups := 0
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i > 7 || i == len(s) {
			return Period{}, false
		}
		n, _ := strconv.Atoi(s[:i])
		if n > maxPeriodNumber {
			return Period{}, false
		}
		n *= sign
		switch s[i] {
		case 'y', 'Y':
			p.years += n
		case 'M':
			p.months += n
		case 'w', 'W':
			p.days += 7 * n
		case 'd', 'D':
			p.days += n
		case 'h', 'H':
			p.clock += time.Duration(n) * time.Hour
		case 'm':
			p.clock += time.Duration(n) * time.Minute
		default:
			return Period{}, false
		}
		groups++
		s = strings.TrimLeft(s[i+1:], " ")
	}
	return p, groups > 0
}

// AddTo adds the period to t. Months and years keep the day of the month
// where they can and clamp it to the month's last day where they cannot, as
// Java's Calendar does.
func (p Period) AddTo(t time.Time) time.Time {
	if p.years != 0 || p.months != 0 {
		y, m, d := t.Date()
		total := int(m) - 1 + p.months + 12*p.years
		y += total / 12
		mm := total % 12
		if mm < 0 {
			mm += 12
			y--
		}
		last := time.Date(y, time.Month(mm+2), 0, 0, 0, 0, 0, t.Location()).Day()
		hh, mi, ss := t.Clock()
		t = time.Date(y, time.Month(mm+1), min(d, last), hh, mi, ss, t.Nanosecond(), t.Location())
	}
	return t.AddDate(0, 0, p.days).Add(p.clock)
}

// BoundaryUnit reports whether fn, in lower case, is one of startOfDay()
// and its siblings, and returns the default unit of its increment.
func BoundaryUnit(fn string) (unit byte, ok bool) {
	switch fn {
	case "startofday", "endofday":
		return 'd', true
	case "startofweek", "endofweek":
		return 'w', true
	case "startofmonth", "endofmonth":
		return 'M', true
	case "startofyear", "endofyear":
		return 'y', true
	}
	return 0, false
}

// Boundary computes startOfDay() and its siblings (fn in lower case, one
// that BoundaryUnit accepts) for now, then applies the increment. Weeks
// start on Sunday, as in the products' default (en-US) locale; an end is the
// last millisecond before the next start.
func Boundary(fn string, now time.Time, inc Period) time.Time {
	y, m, d := now.Date()
	loc := now.Location()
	var start, next time.Time
	switch strings.TrimPrefix(strings.TrimPrefix(fn, "start"), "end") {
	case "ofday":
		start = time.Date(y, m, d, 0, 0, 0, 0, loc)
		next = start.AddDate(0, 0, 1)
	case "ofweek":
		start = time.Date(y, m, d-int(now.Weekday()), 0, 0, 0, 0, loc)
		next = start.AddDate(0, 0, 7)
	case "ofmonth":
		start = time.Date(y, m, 1, 0, 0, 0, 0, loc)
		next = start.AddDate(0, 1, 0)
	default:
		start = time.Date(y, 1, 1, 0, 0, 0, 0, loc)
		next = start.AddDate(1, 0, 0)
	}
	t := start
	if strings.HasPrefix(fn, "end") {
		t = next.Add(-time.Millisecond)
	}
	return inc.AddTo(t)
}

// sameDayValue reports whether t is midnight in its own zone: a date
// without a time of day, such as a due date.
func sameDayValue(t time.Time) bool {
	h, m, s := t.Clock()
	return h == 0 && m == 0 && s == 0 && t.Nanosecond() == 0
}

// CompareTimes compares a record's time v with an operand's time o (-1, 0
// or +1). When the operand is a bare date (dayOnly) and v is midnight in its
// own zone, it compares calendar days; otherwise it compares instants.
func CompareTimes(v, o time.Time, dayOnly bool) int {
	if dayOnly && sameDayValue(v) {
		vy, vm, vd := v.Date()
		oy, om, od := o.Date()
		return cmp.Compare(vy*10000+int(vm)*100+vd, oy*10000+int(om)*100+od)
	}
	return v.Compare(o)
}
