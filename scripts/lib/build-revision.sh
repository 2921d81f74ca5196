# Sourced by the before/after benchmark scripts (bench-before-after, bench-load-before-after,
# bench-queries with REF=): builds loopdb as it stands at a git revision, through a throwaway
# worktree under $work (which the caller creates and removes).
#
#   build_loopdb_at OUT [REV]   # static cmd/loopdb of REV into OUT; the working tree without REV

build_loopdb_at() {
	local out rev="${2:-}" src
	out="$(realpath -m "$1")"
	if [ -z "$rev" ]; then
		CGO_ENABLED=0 go build -o "$out" ./cmd/loopdb
		return
	fi
	src="$work/src-$(basename "$out")"
	git worktree add --detach "$src" "$rev" >/dev/null 2>&1
	(cd "$src" && CGO_ENABLED=0 go build -o "$out" ./cmd/loopdb)
	git worktree remove --force "$src" >/dev/null 2>&1 || true
}

# prune_build_worktrees forgets worktrees a cleanup removed with $work (an interrupted build).
prune_build_worktrees() { git worktree prune >/dev/null 2>&1 || true; }
