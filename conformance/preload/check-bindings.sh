#!/bin/sh
# check-bindings: run a program on fxpthread and prove that every
# synchronization symbol it (or any library it loads) bound went to
# fxpthread, using the dynamic linker's own record (LD_DEBUG=bindings).
#
#   check-bindings.sh [OPTIONS] LIB PROGRAM [ARGS...]
#   FXPTHREAD_LIB=LIB check-bindings.sh [OPTIONS] PROGRAM [ARGS...]
#
# A synchronization symbol is a name of the families fxpthread replaces:
#   (__)?pthread_(mutex|mutexattr|cond|condattr|rwlock|rwlockattr|
#                 barrier|barrierattr|spin)_*,  mtx_*,  cnd_*
#
# The program's output passes through.  Then: every binding of such a
# symbol to an object other than LIB is printed and the exit status is 1;
# no such binding at all is also a failure (the check would prove
# nothing); otherwise "ok: N bindings, all to fxpthread" is printed.  A
# program that fails makes the check fail with the program's status
# (124 if --timeout ended it), unless a binding went elsewhere (1).
#
# Options:
#   --linked            do not preload LIB: the program links it (-lfxpthread)
#   --expect SYM[@VER]  also require a binding of SYM (with version VER) to
#                       LIB; may be repeated
#   --expect-file FILE  the same, one SYM[@VER] per line
#   --timeout SECS      kill the program if it runs longer (needs timeout(1))
#   --list              print every synchronization binding seen
set -u

me=check-bindings
usage() {
	echo "usage: $me [--linked] [--expect SYM[@VER]]... [--expect-file FILE]" \
		"[--timeout SECS] [--list] LIB PROGRAM [ARGS...]" >&2
	echo "       FXPTHREAD_LIB=LIB $me [OPTIONS] PROGRAM [ARGS...]" >&2
	exit 2
}

linked=0
list=0
limit=""
expect=""
nl='
'
while [ $# -gt 0 ]; do
	case "$1" in
	--linked) linked=1; shift ;;
	--list) list=1; shift ;;
	--expect) [ $# -ge 2 ] || usage; expect="$expect$2$nl"; shift 2 ;;
	--expect-file)
		[ $# -ge 2 ] && [ -r "$2" ] || usage
		expect="$expect$(grep -v '^[[:space:]]*\(#\|$\)' "$2")$nl"
		shift 2 ;;
	--timeout) [ $# -ge 2 ] || usage; limit=$2; shift 2 ;;
	--help|-h) usage ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done

if [ -n "${FXPTHREAD_LIB:-}" ]; then
	lib=$FXPTHREAD_LIB
else
	[ $# -ge 1 ] || usage
	lib=$1
	shift
fi
[ $# -ge 1 ] || usage
prog=$1
if [ ! -f "$lib" ]; then
	echo "$me: no such library: $lib" >&2
	exit 2
fi
lib=$(readlink -f -- "$lib")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/check-bindings.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# Run the program.  The dynamic linker appends .PID to the output name,
# so every process the program starts leaves its own record.
if [ -n "$limit" ]; then
	set -- timeout -k 5 "$limit" "$@"
fi
if [ "$linked" -eq 1 ]; then
	LD_DEBUG=bindings LD_DEBUG_OUTPUT="$tmp/ld" "$@"
else
	LD_PRELOAD=$lib LD_DEBUG=bindings LD_DEBUG_OUTPUT="$tmp/ld" "$@"
fi
status=$?

# One line per binding of a synchronization symbol:
#   OBJECT <tab> TARGET <tab> SYMBOL <tab> VERSION (empty: unversioned)
# from the linker's lines
#   PID: binding file OBJECT [NS] to TARGET [NS]: normal symbol `SYM' [VER]
# The linker writes " [VER]" with a second write, so two threads binding
# at once can interleave: "...`SYM'   PID: binding ... [VER]" then a lone
# " [VER]" line.  A PID prefix inside a line therefore starts a new
# message, and a lone suffix completes the oldest message it cut short.
sync_re='^((__)?pthread_(mutex|mutexattr|cond|condattr|rwlock|rwlockattr|barrier|barrierattr|spin)_.*|mtx_.*|cnd_.*)$'
for f in "$tmp"/ld.*; do
	[ -f "$f" ] && cat -- "$f"
done | awk -v re="$sync_re" '
function handle(s, cut,    p, rest, obj, tgt, sym, ver) {
	if (s ~ /^ \[[^]]*\]$/) {
		if (qhead < qtail)
			version[queue[++qhead]] = substr(s, 3, length(s) - 3)
		return
	}
	p = index(s, "binding file ")
	if (p == 0)
		return
	rest = substr(s, p + 13)
	if (!match(rest, / \[[0-9]+\] to /))
		return
	obj = substr(rest, 1, RSTART - 1)
	rest = substr(rest, RSTART + RLENGTH)
	if (!match(rest, / \[[0-9]+\]: [a-z]+ symbol `/))
		return
	tgt = substr(rest, 1, RSTART - 1)
	rest = substr(rest, RSTART + RLENGTH)
	p = index(rest, "\047")
	if (p == 0)
		return
	sym = substr(rest, 1, p - 1)
	rest = substr(rest, p + 1)
	ver = ""
	if (match(rest, /^ \[[^]]*\]/))
		ver = substr(rest, 3, RLENGTH - 3)
	n++
	object[n] = obj; target[n] = tgt; symbol[n] = sym; version[n] = ver
	if (ver == "" && cut)
		queue[++qtail] = n
}
{
	line = $0
	nseg = 0
	while (match(line, /[^ \t][ \t]*[0-9]+:\t/)) {
		seg[++nseg] = substr(line, 1, RSTART)
		line = substr(line, RSTART + 1)
	}
	seg[++nseg] = line
	for (i = 1; i <= nseg; i++)
		handle(seg[i], i < nseg)
}
END {
	for (i = 1; i <= n; i++)
		if (symbol[i] ~ re)
			printf "%s\t%s\t%s\t%s\n", object[i], target[i], symbol[i], version[i]
}' >"$tmp/sync"

# Resolve each distinct target once; the linker prints the name it
# opened (as given in LD_PRELOAD, or as found on the search path).
cut -f2 "$tmp/sync" | sort -u | while IFS= read -r target; do
	printf '%s\t%s\n' "$target" "$(readlink -f -- "$target" 2>/dev/null || echo "$target")"
done >"$tmp/targets"

awk -F '\t' -v lib="$lib" -v tfile="$tmp/targets" -v list="$list" \
	-v expect="$expect" -v out="$tmp/verdict" '
BEGIN {
	while ((getline line < tfile) > 0) {
		split(line, t, "\t")
		real[t[1]] = t[2]
	}
	n = split(expect, e, "\n")
	for (i = 1; i <= n; i++)
		if (e[i] != "")
			want[e[i]] = 1
}
{
	sym = $3 ($4 != "" ? "@" $4 : "")
	total++
	if (list)
		printf "  %-44s %s -> %s\n", sym, $1, $2
	if (real[$2] == lib) {
		seen[$3] = 1
		seen[sym] = 1
	} else {
		key = sym "\t" $1 "\t" $2
		if (!(key in foreign)) {
			foreign[key] = 1
			nforeign++
		}
		nbad++
	}
}
END {
	for (k in foreign) {
		split(k, f, "\t")
		printf "FOREIGN: %s bound by %s to %s\n", f[1], f[2], f[3] > "/dev/stderr"
	}
	for (w in want)
		if (!(w in seen)) {
			printf "MISSING: no binding of %s to %s\n", w, lib > "/dev/stderr"
			nmissing++
		}
	printf "%d %d %d\n", total, nbad, nmissing > out
}' "$tmp/sync"

read -r total nbad nmissing <"$tmp/verdict"
if [ "$status" -ne 0 ]; then
	if [ "$status" -eq 124 ] && [ -n "$limit" ]; then
		echo "$me: $prog timed out after $limit s" >&2
	else
		echo "$me: $prog exited with status $status" >&2
	fi
fi
[ "$nbad" -gt 0 ] &&
	echo "$me: $nbad of $total synchronization bindings did not go to $lib" >&2
[ "$total" -eq 0 ] &&
	echo "$me: no synchronization symbol was bound at all; nothing proven" >&2
[ "$nmissing" -gt 0 ] &&
	echo "$me: $nmissing expected bindings missing" >&2

# A binding elsewhere is the verdict that matters most; then the
# program's own failure; then a check that proved too little.
[ "$nbad" -gt 0 ] && exit 1
[ "$status" -ne 0 ] && exit "$status"
[ "$total" -eq 0 ] || [ "$nmissing" -gt 0 ] && exit 1
echo "ok: $total bindings, all to fxpthread"
exit 0
