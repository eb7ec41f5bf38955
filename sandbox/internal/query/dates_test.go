package query

import (
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skipf("no time zone database: %v", err)
	}
	now := time.Date(2026, 11, 10, 12, 0, 0, 0, berlin)
	cases := []struct {
		in      string
		want    time.Time
		dayOnly bool
		ok      bool
	}{
		{"2026-11-01", time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), true, true},
		{"2026/11/01", time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), true, true},
		{"2026/1/5", time.Date(2026, 1, 5, 0, 0, 0, 0, berlin), true, true},
		{"2026/11/01 10:00", time.Date(2026, 11, 1, 10, 0, 0, 0, berlin), false, true},
		{"2026-11-01 9:05", time.Date(2026, 11, 1, 9, 5, 0, 0, berlin), false, true},
		{"-7d", now.AddDate(0, 0, -7), false, true},
		{"-2w", now.AddDate(0, 0, -14), false, true},
		{"-1h", now.Add(-time.Hour), false, true},
		{"30m", now.Add(30 * time.Minute), false, true},
		{"+1M", time.Date(2026, 12, 10, 12, 0, 0, 0, berlin), false, true},
		{"-1y", time.Date(2025, 11, 10, 12, 0, 0, 0, berlin), false, true},
		{"4w 2d", now.AddDate(0, 0, 30), false, true},
		{"-1w 2d", now.AddDate(0, 0, -9), false, true},
		{"yesterday", time.Time{}, false, false},
		{"2026-02-30", time.Time{}, false, false},
		{"-7", time.Time{}, false, false},
		{"-7x", time.Time{}, false, false},
		{"-99999999d", time.Time{}, false, false},
		{"", time.Time{}, false, false},
	}
	for _, tc := range cases {
		got, dayOnly, ok := ParseDate(tc.in, now)
		if ok != tc.ok || !got.Equal(tc.want) || dayOnly != tc.dayOnly {
			t.Errorf("ParseDate(%q) = %v, %v, %v; want %v, %v, %v", tc.in, got, dayOnly, ok, tc.want, tc.dayOnly, tc.ok)
		}
	}
}

func TestBoundary(t *testing.T) {
	now := time.Date(2026, 3, 31, 15, 30, 0, 0, time.UTC) // a Tuesday
	end := func(y int, m time.Month, d int) time.Time {
		return time.Date(y, m, d, 23, 59, 59, int(999*time.Millisecond), time.UTC)
	}
	cases := []struct {
		fn, inc string
		want    time.Time
	}{
		{"startofday", "", time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)},
		{"startofday", "-1", time.Date(2026, 3, 30, 0, 0, 0, 0, time.UTC)},
		{"startofday", "+2d", time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)},
		{"endofday", "", end(2026, 3, 31)},
		{"startofweek", "", time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)},
		{"startofweek", "1", time.Date(2026, 4, 5, 0, 0, 0, 0, time.UTC)},
		{"endofweek", "", end(2026, 4, 4)},
		{"startofmonth", "", time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		{"startofmonth", "+14d", time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)},
		{"endofmonth", "", end(2026, 3, 31)},
		{"endofmonth", "-1", end(2026, 2, 28)}, // clamped, as Java's Calendar does
		{"startofyear", "", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"endofyear", "-1", end(2025, 12, 31)},
	}
	for _, tc := range cases {
		unit, ok := BoundaryUnit(tc.fn)
		if !ok {
			t.Fatalf("BoundaryUnit(%q) is not a boundary function", tc.fn)
		}
		var inc Period
		if tc.inc != "" {
			if inc, ok = ParsePeriod(tc.inc, unit); !ok {
				t.Fatalf("ParsePeriod(%q) failed", tc.inc)
			}
		}
		if got := Boundary(tc.fn, now, inc); !got.Equal(tc.want) {
			t.Errorf("%s(%s) = %v, want %v", tc.fn, tc.inc, got, tc.want)
		}
	}
}

func TestPeriodAddClampsMonths(t *testing.T) {
	jan31 := time.Date(2024, 1, 31, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		p    Period
		want time.Time
	}{
		{Period{months: 1}, time.Date(2024, 2, 29, 8, 0, 0, 0, time.UTC)},
		{Period{months: -2}, time.Date(2023, 11, 30, 8, 0, 0, 0, time.UTC)},
		{Period{years: 1, months: 1}, time.Date(2025, 2, 28, 8, 0, 0, 0, time.UTC)},
		{Period{months: -13}, time.Date(2022, 12, 31, 8, 0, 0, 0, time.UTC)},
	} {
		if got := tc.p.AddTo(jan31); !got.Equal(tc.want) {
			t.Errorf("%+v after 2024-01-31 = %v, want %v", tc.p, got, tc.want)
		}
	}
}

func TestBoundaryUnitRefusesOtherNames(t *testing.T) {
	for _, fn := range []string{"now", "startOfDay", "startofhour", "endof", ""} {
		if unit, ok := BoundaryUnit(fn); ok {
			t.Errorf("BoundaryUnit(%q) = %q, true; want false (only lower-case boundary functions)", fn, unit)
		}
	}
}

func TestCompareTimes(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name    string
		v, o    time.Time
		dayOnly bool
		want    int
	}{
		{"same day in another zone, by calendar day", time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), day, true, 0},
		{"same day in another zone, as instants", time.Date(2026, 11, 1, 0, 0, 0, 0, berlin), day, false, -1},
		{"an earlier day", time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC), day, true, -1},
		{"a later day", time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), day, true, 1},
		{"a time of day compares as an instant", day.Add(time.Second), day, true, 1},
		{"equal instants", day, day, false, 0},
	}
	for _, tc := range cases {
		if got := CompareTimes(tc.v, tc.o, tc.dayOnly); got != tc.want {
			t.Errorf("%s: CompareTimes(%v, %v, %v) = %d, want %d", tc.name, tc.v, tc.o, tc.dayOnly, got, tc.want)
		}
	}
}
