#!/usr/bin/env bash
# The project's test command: setup, format, vet, static build, all Go tests (unit + end-to-end
# against the built binary), then a short fuzzing pass over every fuzz target of every package.
# Every step runs even if an earlier one failed (except setup), so one run shows everything;
# the exit status is non-zero if any step failed.
#
# Environment: FUZZTIME (default 5s per target), GO_TEST_TIMEOUT (default 12m).
set -uo pipefail
cd "$(dirname "$0")/.."

FUZZTIME="${FUZZTIME:-5s}"
GO_TEST_TIMEOUT="${GO_TEST_TIMEOUT:-12m}"
export CGO_ENABLED=0 # the shipped binary is static; test what ships

results=()
failed=0
t_all=$SECONDS

# step NAME CMD...: runs CMD, records PASS/FAIL and the duration.
step() {
	local name="$1"
	shift
	local t0=$SECONDS
	echo
	echo "==> $name"
	if "$@"; then
		results+=("PASS  $(printf '%4ds' $((SECONDS - t0)))  $name")
	else
		results+=("FAIL  $(printf '%4ds' $((SECONDS - t0)))  $name")
		failed=1
	fi
}

summary() {
	echo
	echo "==================== summary ===================="
	printf '%s\n' "${results[@]}"
	echo "total: $((SECONDS - t_all))s"
	if [ "$failed" = 0 ]; then echo "RESULT: PASS"; else echo "RESULT: FAIL"; fi
}

gofmt_check() {
	local files
	files=$(find . -name '*.go' -not -path './vendor/*' -not -path '*/testdata/*' -not -path './.git/*' -print0 |
		xargs -0 gofmt -l)
	if [ -n "$files" ]; then
		echo "not gofmt-formatted (run gofmt -w):"
		echo "$files"
		return 1
	fi
}

build_static() {
	mkdir -p bin
	go build -o bin/loopdb ./cmd/loopdb || return 1
	# A cgo build would link libc dynamically; the build info records the setting.
	if ! go version -m bin/loopdb | grep -q 'CGO_ENABLED=0'; then
		echo "bin/loopdb was not built with CGO_ENABLED=0"
		return 1
	fi
	bin/loopdb --version
}

# A 1 GiB CSV through LOAD DATA LOCAL over zlib and zstd (about 4 minutes on 2 cores).
load_data_1g() {
	LOOPDB_E2E_BIN="$PWD/bin/loopdb" LOOPDB_E2E_1GB=1 go test -count=1 -timeout 30m -run '^TestLoadData1GBCompressed$' ./e2e
}

go_tests() {
	# The end-to-end tests use the binary built above when there is one (no second build).
	if [ -x bin/loopdb ]; then
		export LOOPDB_E2E_BIN="$PWD/bin/loopdb"
	fi
	go test -count=1 -timeout "$GO_TEST_TIMEOUT" ./...
}

# The race detector, as a step of its own (it needs cgo, which the shipped build does not use).
# 1. Every package's own tests under -race, except e2e: e2e's test binary is only clients; the
#    code that can race runs in the loopdb process it starts, which -race on the test binary
#    does not instrument. Running all of e2e again would double the longest step for nothing.
# 2. A race-built server (bin/loopdb-race) under the e2e tests that drive its concurrency
#    hardest: the protocol torture (thousands of connections, timeouts, sweeps, drains),
#    concurrent transactions, the SQL generator, TLS and compressed traffic, cursors and
#    shutdown. The harness fails any test whose server printed "WARNING: DATA RACE", and a
#    race-built server also exits 66 instead of 0, which the harness reports too.
race_e2e_tests='^(TestTorture|TestSQLNeverPanics|TestTxnConcurrentIncrement|TestTxnBankTransfers|TestTxnForUpdateBlocks|TestTLSHalfOpenFlood|TestTLSGoDriver|TestCompressedPipelinedCommands|TestCursorFetchStreams|TestShutdownGraceful|TestLimitMaxConnections|TestRawGarbageFlood|TestDriverKill)$'

race_tests() {
	local rc=0
	# -short skips only the two reactor tests that frame chains of 16 MB packets
	# (TestInboundContinuationChains, TestCompressedLargeReply): byte-for-byte copies and
	# compares of tens of MB that take 190 s under -race and 2 s without; the step before runs
	# them in full.
	# shellcheck disable=SC2046 # one package path per word
	CGO_ENABLED=1 go test -race -short -count=1 -timeout "$GO_TEST_TIMEOUT" $(go list ./... | grep -v '/e2e$') || rc=1
	CGO_ENABLED=1 go build -race -o bin/loopdb-race ./cmd/loopdb || return 1
	LOOPDB_E2E_BIN="$PWD/bin/loopdb-race" LOOPDB_SQLFUZZ_TIME=20s LOOPDB_CURSOR_ROWS=20000 \
		go test -count=1 -timeout "$GO_TEST_TIMEOUT" -run "$race_e2e_tests" ./e2e || rc=1
	return $rc
}

# fuzz_packages prints "./dir" for every package of the module whose tests may hold a fuzz
# target (a test file declaring func Fuzz...); go test -list then names the targets. The grep
# only spares compiling the test binaries of packages without any.
fuzz_packages() {
	local pkg dir files
	go list -f '{{.ImportPath}} {{.Dir}}{{range .TestGoFiles}} {{.}}{{end}}{{range .XTestGoFiles}} {{.}}{{end}}' ./... |
		while read -r pkg dir files; do
			[ -n "$files" ] || continue
			# shellcheck disable=SC2086 # $files is a list of file names without spaces
			if (cd "$dir" && grep -qs '^func Fuzz' $files); then
				echo "./${dir#"$PWD"/}"
			fi
		done
}

# fuzz_one PKG TARGET fuzzes one target for FUZZTIME. It fails when the target fails with a
# reason of its own: a new failing input written under PKG/testdata/fuzz/TARGET, or any
# failure other than the one below.
#
# Go 1.26's fuzzing coordinator can end a duration-bounded run with a bare "context deadline
# exceeded" and no failing input when -fuzztime expires while a worker is mid-call, most often
# on a loaded machine (golang/go#75804, fixed in Go 1.27). That says nothing about our code, so
# it is retried once and, if it recurs without an input, reported as a toolchain flake.
fuzz_one() {
	local pkg="$1" t="$2" dir before after out attempt
	dir="$pkg/testdata/fuzz/$t"
	for attempt in 1 2; do
		before=$(ls "$dir" 2>/dev/null | wc -l)
		out=$(mktemp)
		# Bounded twice: -fuzztime for the fuzzing itself, timeout for a hung build or minimizer.
		if timeout 300 go test -run '^$' -fuzz "^${t}\$" -fuzztime "$FUZZTIME" "$pkg" 2>&1 | tee "$out"; then
			rm -f "$out"
			return 0
		fi
		after=$(ls "$dir" 2>/dev/null | wc -l)
		if [ "$after" -gt "$before" ] || ! grep -q '^    context deadline exceeded$' "$out" ||
			grep -q 'Failing input written to' "$out"; then
			rm -f "$out"
			echo "FAIL: fuzz $pkg $t (a failing input, if any, is in $dir/)"
			return 1
		fi
		rm -f "$out"
		echo "fuzz $pkg $t: 'context deadline exceeded' with no failing input (Go toolchain race, golang/go#75804), attempt $attempt"
	done
	echo "fuzz $pkg $t: toolchain flake twice in a row; not counted as a failure"
	return 0
}

# Every fuzz target of every package, each for FUZZTIME: new targets are picked up as they land.
fuzz_decoders() {
	local pkg pkgs targets t rc=0
	pkgs=$(fuzz_packages) || return 1
	if [ -z "$pkgs" ]; then
		echo "no package with fuzz targets found"
		return 1
	fi
	for pkg in $pkgs; do
		targets=$(go test -list 'Fuzz.*' "$pkg" | grep '^Fuzz') || true
		for t in $targets; do
			echo "--- fuzz $pkg $t ($FUZZTIME)"
			fuzz_one "$pkg" "$t" || rc=1
		done
	done
	return $rc
}

# sysbench smoke run: every workload, small, against a fresh bin/loopdb (scripts/sysbench.sh
# starts and stops it); fails on any error sysbench does not retry (1213/1205 are retried).
sysbench_smoke() {
	TABLES=4 TABLE_SIZE=2000 THREADS=16 TIME=3 LOOPDB_BIN=bin/loopdb bash scripts/sysbench.sh --target loopdb
}

# sysbench's default mode: server-side prepared statements, binary protocol.
sysbench_smoke_ps() {
	PS_MODE=auto TABLES=2 TABLE_SIZE=1000 THREADS=16 TIME=2 LOOPDB_BIN=bin/loopdb bash scripts/sysbench.sh --target loopdb
}

# TLS with the certificates loopdb generated; sysbench presents the generated client certificate.
sysbench_smoke_tls() {
	WORKLOADS="oltp_read_write oltp_point_select" TABLES=2 TABLE_SIZE=1000 THREADS=16 TIME=3 LOOPDB_BIN=bin/loopdb \
		bash scripts/sysbench.sh --target loopdb --sysbench-args "--mysql-ssl=on"
}

# Every workload over the compressed protocol (libmariadb's zlib, which
# TestMariadbCLICompress shows is negotiated): many connections, framing
# under real concurrency.
sysbench_smoke_compressed() {
	TABLES=2 TABLE_SIZE=1000 THREADS=16 TIME=2 LOOPDB_BIN=bin/loopdb bash scripts/sysbench.sh --target loopdb --sysbench-args "--mysql-compression=on"
}

rm -f bin/loopdb bin/loopdb-race # never test a stale binary from an earlier run

step "setup (scripts/setup.sh)" bash scripts/setup.sh
if [ "$failed" != 0 ]; then
	summary
	exit 1
fi
step "gofmt -l" gofmt_check
step "go vet ./..." go vet ./...
step "build static bin/loopdb" build_static
step "go test ./... (unit + e2e)" go_tests
step "go test -race (every package but e2e; e2e's concurrency tests against a -race server)" race_tests
step "fuzz every package with fuzz targets (${FUZZTIME} each)" fuzz_decoders
step "sysbench smoke (scripts/sysbench.sh, small)" sysbench_smoke
step "sysbench smoke, prepared statements (PS_MODE=auto)" sysbench_smoke_ps
step "sysbench smoke, compressed protocol (zlib)" sysbench_smoke_compressed
step "sysbench smoke, TLS (oltp_read_write, --mysql-ssl=on)" sysbench_smoke_tls
step "LOAD DATA LOCAL of a 1 GiB CSV over zlib and zstd" load_data_1g
step "ARM builds under qemu-user (arm64, armv7: serve, restart; armv7 unit tests)" bash scripts/edge-smoke.sh
summary
exit $failed
