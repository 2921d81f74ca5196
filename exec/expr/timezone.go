package expr

import (
	_ "embed"
	"strings"
	"sync"
	"time"

	// Zone names resolve without the host's zoneinfo: MySQL needs its
	// mysql.time_zone* tables loaded (mysql_tzinfo_to_sql) before
	// SET time_zone = 'Europe/Paris' works; loopdb has the IANA
	// database built in, so names always work.
	_ "time/tzdata"
)

// ParseTimeZone resolves a time zone as SET time_zone and CONVERT_TZ
// read one: 'SYSTEM' (the host's zone), an offset '+HH:MM' / '-HH:MM'
// within MySQL 8.0.19's -13:59..+14:00, or an IANA name in any case
// ('europe/paris'), as MySQL's time zone tables match names.
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
	if loc, ok := zoneCache.Load(s); ok {
		return loc.(*time.Location), true // spelled as loaded: no case folding per call
	}
	name := s
	if canonical, ok := zoneNames()[strings.ToLower(s)]; ok {
		name = canonical
	}
	if loc, ok := zoneCache.Load(name); ok {
		return loc.(*time.Location), true
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	// Only names LoadLocation accepted are kept: they name zone files, so
	// the cache is bounded by the zone database.
	zoneCache.Store(name, loc)
	return loc, true
}

// zoneCache holds loaded zones by name: LoadLocation unpacks the zone from
// the embedded database on every call (tens of microseconds), and
// CONVERT_TZ may ask once per row.
var zoneCache sync.Map

// zoneNamesText is the IANA zone names of the database Go embeds, one per
// line (TestZoneNamesMatchGo keeps it in step with the Go release).
//
//go:embed zonenames.txt
var zoneNamesText string

// zoneNames maps each zone name in lower case to its proper spelling.
var zoneNames = sync.OnceValue(func() map[string]string {
	names := strings.Fields(zoneNamesText)
	m := make(map[string]string, len(names))
	for _, n := range names {
		m[strings.ToLower(n)] = n
	}
	return m
})

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

// TIMESTAMP's range, in UTC: '1970-01-01 00:00:01' to
// '2038-01-19 03:14:07.999999'.
const (
	timestampMinUnix = 1
	timestampMaxUnix = 1<<31 - 1
)

// TimestampToUTC turns a DATETIME value read as a wall clock in loc into
// the UTC wall clock a TIMESTAMP column stores. The zero value stays zero;
// ok is false for an instant outside TIMESTAMP's range.
func TimestampToUTC(v Value, loc *time.Location) (Value, bool) {
	out, ok, _ := TimestampToUTCGap(v, loc)
	return out, ok
}

// TimestampToUTCGap is TimestampToUTC that also reports a wall clock in a
// daylight-saving gap (converted to the gap's end).
func TimestampToUTCGap(v Value, loc *time.Location) (out Value, ok, gap bool) {
	if v.k != KindDatetime {
		return v, true, false
	}
	dt := UnpackDateTime(v.n)
	if dt.Month == 0 || dt.Day == 0 {
		return v, dt.Year == 0 && dt.Month == 0 && dt.Day == 0, false
	}
	t := LocalInstant(dt, loc)
	if u := t.Unix(); u < timestampMinUnix || u > timestampMaxUnix {
		return v, false, false
	}
	gap = fromGoTime(t, 6) != dt
	return DatetimeValue(t.UTC(), int(v.fsp)), true, gap
}

// TimestampFromUTC is the inverse: a stored TIMESTAMP (UTC) as loc's wall
// clock. The zero value, and anything that is not a DATETIME, is as is.
func TimestampFromUTC(v Value, loc *time.Location) Value {
	if v.k != KindDatetime || loc == time.UTC {
		return v
	}
	dt := UnpackDateTime(v.n)
	if dt.Month == 0 || dt.Day == 0 {
		return v
	}
	return DatetimeValue(toGoTime(dt, time.UTC).In(loc), int(v.fsp))
}
