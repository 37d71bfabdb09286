#!/bin/sh
# check-exports: every synchronization entry point the system's glibc
# exports must be exported by libfxpthread, or calls to it stay in glibc
# under LD_PRELOAD (a future glibc with a new entry point fails here).
#
#   check-exports.sh LIB [LIBC]
#
# LIBC defaults to the libc.so.6 that LIB (or else /bin/sh) loads.  Also checked:
# each of our definitions is unversioned (a named version node would be
# skipped by references to glibc's versions, fxpthread.map), and nothing
# outside the replaced families and fxpthread_* is exported.
set -eu

lib=${1:?usage: check-exports.sh LIB [LIBC]}
libc=${2:-}
if [ -z "$libc" ]; then
	for obj in "$lib" /bin/sh; do
		libc=$(ldd "$obj" 2>/dev/null | awk '$1 == "libc.so.6" { print $3 }')
		[ -n "$libc" ] && break
	done
fi
[ -f "$libc" ] || { echo "check-exports: cannot find libc.so.6" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-exports.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

sync_re='^((__)?pthread_(mutex|mutexattr|cond|condattr|rwlock|rwlockattr|barrier|barrierattr|spin)_.*|mtx_.*|cnd_.*)$'

# glibc: defined function symbols, any version (hidden ones print the
# version in parentheses; the name is the last field either way).
objdump -T "$libc" | awk -v re="$sync_re" '
	$0 ~ /\*UND\*/ { next }
	NF >= 6 && $NF ~ re { v = $(NF-1); gsub(/[()]/, "", v); print $NF "@" v }' |
	sort -u >"$tmp/glibc-pairs"
sed 's/@.*//' "$tmp/glibc-pairs" | sort -u >"$tmp/glibc"

nm -D --defined-only "$lib" | awk '{ print $NF }' | sort -u >"$tmp/ours"

npairs=$(wc -l <"$tmp/glibc-pairs")
nnames=$(wc -l <"$tmp/glibc")
if [ "$nnames" -eq 0 ]; then
	echo "check-exports: found no synchronization symbols in $libc" >&2
	exit 2
fi

status=0
missing=$(comm -23 "$tmp/glibc" "$tmp/ours")
if [ -n "$missing" ]; then
	echo "FAIL: exported by $libc but not by $lib:"
	printf '%s\n' "$missing" | while IFS= read -r n; do
		printf '  %s (%s)\n' "$n" "$(grep "^$n@" "$tmp/glibc-pairs" | sed 's/.*@//' | tr '\n' ' ' | sed 's/ $//')"
	done
	status=1
fi

# Our definitions of those names: the version column must be Base.
objdump -T "$lib" | awk -v re="$sync_re" '
	$0 ~ /\*UND\*/ { next }
	NF >= 6 && $NF ~ re && $(NF-1) != "Base" { print $NF " " $(NF-1) }' >"$tmp/versioned"
if [ -s "$tmp/versioned" ]; then
	echo "FAIL: defined under a named version node (skipped by versioned references):"
	sed 's/^/  /' "$tmp/versioned"
	status=1
fi

# Anything else we export would interpose on some other library's name.
grep -Ev "$sync_re|^fxpthread_" "$tmp/ours" >"$tmp/stray" || true
if [ -s "$tmp/stray" ]; then
	echo "FAIL: exported outside the replaced families:"
	sed 's/^/  /' "$tmp/stray"
	status=1
fi

extra=$(comm -13 "$tmp/glibc" "$tmp/ours" | grep -E "$sync_re" | tr '\n' ' ' || true)
if [ -n "$extra" ]; then
	echo "note: exported by $lib, unknown to this glibc: $extra"
fi

[ "$status" -eq 0 ] &&
	echo "ok: all $nnames names ($npairs name@version pairs) of $libc are exported, unversioned, by $lib"
exit "$status"
