package server

import (
	"cmp"
	"net/netip"
	"strconv"
	"strings"
)

// Host matching follows MySQL's account rules without name resolution: the
// client host is "localhost" (unix socket) or an IP address; account hosts are
// literals, "localhost", IP/netmask or IP/prefix, or patterns with % and _.

// normalizeAccountHost gives the stored form of an account's host: host names
// compare case-insensitively, and an empty host means any host.
func normalizeAccountHost(host string) string {
	if host == "" {
		return "%"
	}
	return strings.ToLower(host)
}

// normalizeClientHost canonicalises the connecting address: IPv4-mapped IPv6
// becomes plain IPv4 and IPv6 is written in its canonical form.
func normalizeClientHost(clientHost string) string {
	if addr, err := netip.ParseAddr(clientHost); err == nil {
		return addr.Unmap().WithZone("").String()
	}
	return strings.ToLower(clientHost)
}

// isLoopbackClient reports whether the client came over the unix socket or
// from a loopback address (127.0.0.0/8, ::1): what 'localhost' accounts allow.
func isLoopbackClient(clientHost string) bool {
	if clientHost == "localhost" {
		return true
	}
	addr, err := netip.ParseAddr(clientHost)
	return err == nil && addr.Unmap().IsLoopback()
}

func hasHostWildcard(host string) bool {
	return strings.ContainsAny(host, "%_")
}

// hostMatches reports whether an account host pattern admits clientHost
// (both normalised).
func hostMatches(pattern, clientHost string) bool {
	switch {
	case pattern == "localhost":
		return isLoopbackClient(clientHost)
	case strings.Contains(pattern, "/"):
		return netmaskMatches(pattern, clientHost)
	case hasHostWildcard(pattern):
		return wildcardMatch(pattern, clientHost)
	}
	if pattern == clientHost {
		return true
	}
	// Literal IPs written differently (e.g. 0:0:0:0:0:0:0:1 vs ::1).
	p, perr := netip.ParseAddr(pattern)
	c, cerr := netip.ParseAddr(clientHost)
	return perr == nil && cerr == nil && p.Unmap() == c.Unmap()
}

// netmaskMatches handles 'ip/netmask' (10.0.0.0/255.0.0.0) and 'ip/prefix'
// (10.0.0.0/8).
func netmaskMatches(pattern, clientHost string) bool {
	ipPart, maskPart, _ := strings.Cut(pattern, "/")
	network, err := netip.ParseAddr(ipPart)
	if err != nil {
		return false
	}
	client, err := netip.ParseAddr(clientHost)
	if err != nil {
		return false
	}
	network, client = network.Unmap(), client.Unmap()
	if network.BitLen() != client.BitLen() {
		return false
	}
	bits, err := strconv.Atoi(maskPart)
	if err != nil {
		mask, merr := netip.ParseAddr(maskPart)
		if merr != nil || !mask.Is4() || !network.Is4() {
			return false
		}
		n, m, c := network.As4(), mask.As4(), client.As4()
		for i := range n {
			if c[i]&m[i] != n[i] {
				return false
			}
		}
		return true
	}
	prefix, err := network.Prefix(bits)
	return err == nil && prefix.Addr() == network && prefix.Contains(client)
}

// wildcardMatch matches s against a LIKE-style pattern: % is any run of
// characters, _ exactly one, and a backslash makes the next one literal.
// Greedy with a single backtrack point: linear-ish and never recursive.
func wildcardMatch(pattern, s string) bool {
	p, i := 0, 0
	starP, starI := -1, 0
	for i < len(s) {
		if p < len(pattern) {
			switch c := pattern[p]; {
			case c == '%':
				starP, starI = p, i
				p++
				continue
			case c == '_':
				p++
				i++
				continue
			case c == '\\' && p+1 < len(pattern):
				if pattern[p+1] == s[i] {
					p += 2
					i++
					continue
				}
			case c == s[i]:
				p++
				i++
				continue
			}
		}
		if starP < 0 {
			return false
		}
		starI++
		p, i = starP+1, starI
	}
	for p < len(pattern) && pattern[p] == '%' {
		p++
	}
	return p == len(pattern)
}

// compareHostSpecificity orders account hosts most specific first, as MySQL sorts
// its account list: literals (including 'localhost'), then netmasks, then
// wildcard patterns by the length of their literal prefix and their number of
// literal characters; '%' matches everything and so comes last.
func compareHostSpecificity(a, b string) int {
	if c := cmp.Compare(hostClass(a), hostClass(b)); c != 0 {
		return c
	}
	if c := cmp.Compare(literalPrefixLen(b), literalPrefixLen(a)); c != 0 {
		return c
	}
	if c := cmp.Compare(literalCount(b), literalCount(a)); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func hostClass(host string) int {
	switch {
	case strings.Contains(host, "/"):
		return 1
	case hasHostWildcard(host):
		return 2
	}
	return 0
}

func literalPrefixLen(host string) int {
	if i := strings.IndexAny(host, "%_"); i >= 0 {
		return i
	}
	return len(host)
}

func literalCount(host string) int {
	return len(host) - strings.Count(host, "%") - strings.Count(host, "_")
}
