#!/usr/bin/env bash
# release.sh builds static loopdb binaries for the targets gateways run:
# linux/amd64, linux/arm64 and linux/armv7 (32-bit ARM, GOARM=7), into
# dist/ (or $OUT), with a SHA256SUMS file. Each binary reports its version,
# commit and target with --version.
#
#   scripts/release.sh                  # all three
#   TARGETS="arm/7" scripts/release.sh  # one
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-dist}
targets=${TARGETS:-"amd64 arm64 arm/7"}
version=$(sed -n 's/^\tVersion *= *"\(.*\)"$/\1/p' server/server.go)
mkdir -p "$out"
for t in $targets; do
	arch=${t%/*}
	arm=""
	name="loopdb-$version-linux-$arch"
	if [[ $t == */* ]]; then
		arm=${t#*/}
		name="loopdb-$version-linux-armv$arm"
	fi
	echo "release.sh: $name"
	# -trimpath: no build paths in the binary; -s -w: no symbol tables
	# (a third smaller, which matters on a gateway's flash). The commit is
	# stamped by the go command itself (vcs build info).
	CGO_ENABLED=0 GOOS=linux GOARCH=$arch GOARM=$arm \
		go build -buildvcs=auto -trimpath -ldflags "-s -w" -o "$out/$name" ./cmd/loopdb
done
(cd "$out" && sha256sum loopdb-"$version"-linux-* >SHA256SUMS && ls -l loopdb-"$version"-linux-*)
