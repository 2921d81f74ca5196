package expr

import (
	"strings"
	"time"

	// Zone names resolve without the host's zoneinfo: MySQL needs its
	// mysql.time_zone* tables loaded (mysql_tzinfo_to_sql) before
	// SET time_zone = 'Europe/Paris' works; loopdb has the IANA
	// database built in, so names always work.
	_ "time/tzdata"
)

// ParseTimeZone resolves a time zone as SET time_zone and CONVERT_TZ
// read one: 'SYSTEM' (the host's zone), an offset '+HH:MM' / '-HH:MM'
// within MySQL 8.0.19's -13:59..+14:00, or an IANA name.
func ParseTimeZone(s string) (*time.Location, bool) {
	if strings.EqualFold(s, "SYSTEM") {
		return time.Local, true
	}
	if len(s) >= 4 && (s[0] == '+' || s[0] == '-') {
		h, m, ok := strings.Cut(s[1:], ":")
		if !ok || len(m) != 2 || !allDigits(h) || !allDigits(m) || h == "" || len(h) > 2 {
			return nil, false
		}
		hh, mm := atoiN(h), atoiN(m)
		off := hh*60 + mm
		if s[0] == '-' {
			off = -off
		}
		if mm > 59 || off > 14*60 || off < -(13*60+59) {
			return nil, false
		}
		return time.FixedZone(s, off*60), true
	}
	if strings.EqualFold(s, "UTC") {
		return time.UTC, true
	}
	// "Local" is Go's name for the host zone, not a zone MySQL knows;
	// LoadLocation also reads paths, so spaces and backslashes are out.
	if s == "" || s == "Local" || strings.ContainsAny(s, " \\") {
		return nil, false
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, false
	}
	return loc, true
}

// SystemZoneName is @@system_time_zone: the host zone's abbreviation now,
// as MySQL reads it at start ('UTC', 'CET', ...).
func SystemZoneName() string {
	name, _ := time.Now().Zone()
	return name
}

// LocalInstant reads the wall-clock dt in loc as an instant. A wall
// clock inside a daylight-saving gap (it never happened) becomes the
// instant the gap ends, as MySQL does: in MET both '2005-03-27 02:00:00'
// and '02:30:00' map to 03:00:00's instant. A wall clock in an overlap
// (it happened twice) takes Go's choice, one of the two.
func LocalInstant(dt DateTime, loc *time.Location) time.Time {
	t := toGoTime(dt, loc)
	if got := fromGoTime(t, 6); got == dt {
		return t
	}
	// time.Date normalised into the gap's far side (or its near side);
	// the zone boundary between them is the gap's end.
	wall := fromGoTime(t, 6)
	shift := toGoTime(wall, time.UTC).Sub(toGoTime(dt, time.UTC))
	if shift > 24*time.Hour || shift < -24*time.Hour {
		return t // not a gap: dt was no calendar date (callers check)
	}
	start, end := t.ZoneBounds()
	if shift > 0 {
		if !start.IsZero() {
			return start.In(loc)
		}
	} else if !end.IsZero() {
		return end.In(loc)
	}
	return t
}
