#!/usr/bin/env bash
# Soak: the e2e TestSoak mix (transfers in transactions over plain, TLS, zlib and unix-socket
# clients; connection churn and abandoned handshakes; large streaming results read whole or cut
# off; KILL QUERY) against a real loopdb for the given duration, then the checks that the server
# is back where it started (money adds up, one connection, goroutines, open files, RSS bound).
# CI runs it for 15 s as part of the e2e suite.
#
#   scripts/soak.sh 10m
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10m}"
# The test bounds itself (its context ends 3 minutes after the soak); -timeout only has to exceed that.
LOOPDB_SOAK_TIME="$duration" go test ./e2e -run '^TestSoak$' -count=1 -v -timeout 48h 2>&1 |
	grep -E '^(---|PASS|FAIL|ok)|e2e_soak_test.go'
