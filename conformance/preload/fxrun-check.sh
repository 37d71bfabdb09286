#!/usr/bin/env bash
# fxrun-check: the launcher's contract.
#
#   fxrun-check.sh launch  FXRUN LIB PROBE MARKER_LIB
#       fxrun -- PROG preloads LIB (found next to fxrun, or from --lib or
#       FXPTHREAD_LIB), keeps a preload already in LD_PRELOAD, passes the
#       arguments and the exit status through, and the dynamic linker's
#       log shows PROG's calls bound to LIB.
#   fxrun-check.sh libpath FXRUN LIB PROBE
#       a relative --lib or FXPTHREAD_LIB still reaches a child that
#       changed directory (LD_PRELOAD must carry an absolute path), and a
#       library that does not exist is an error, not a silent run on glibc.
#   fxrun-check.sh compare FXRUN LIB PROBE
#       fxrun --compare --repeat 3 -- PROG runs PROG three times on each
#       library, interleaved, discards its output and prints the timing
#       report on stderr in its documented format; a failing PROG fails it.
set -u
mode=$1 fxrun=$2 lib=$3 probe=$4 marker=${5:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fxrun-check.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}
same_file() { [ "$(readlink -f -- "$1")" = "$(readlink -f -- "$2")" ]; }
field() { sed -n "s/^$1: //p" "$2"; }

# Run the probe through fxrun with the given environment; check that it
# ran on LIB, with the marker loaded or not, and the given arguments.
launch_case() {
	local name=$1 want_marker=$2 want_args=$3
	shift 3
	local out=$tmp/$name.out
	env -u LD_PRELOAD -u FXPTHREAD_LIB "$@" >"$out" 2>&1
	local status=$?
	echo "== $name: status $status"
	cat "$out"
	[ "$status" -eq 0 ] || bad "$name: exit status $status"
	[ "$(field calls "$out")" = ok ] || bad "$name: the probe's calls failed"
	same_file "$(field "pthread_mutex_lock path" "$out")" "$lib" ||
		bad "$name: pthread_mutex_lock is not from $lib"
	[ "$(field fxpthread_active "$out")" = yes ] || bad "$name: fxpthread not loaded"
	[ "$(field "marker library" "$out")" = "$want_marker" ] ||
		bad "$name: marker library should be '$want_marker'"
	[ "$(sed -n 's/^args://p' "$out")" = "$want_args" ] ||
		bad "$name: arguments not passed through"
}

case "$mode" in
launch)
	# Control: the probe alone runs on glibc.
	env -u LD_PRELOAD "$probe" >"$tmp/plain.out" 2>&1
	[ "$(field fxpthread_active "$tmp/plain.out")" = no ] &&
		[ "$(field "pthread_mutex_lock from" "$tmp/plain.out")" = libc.so.6 ] ||
		bad "control: the probe alone should run on glibc"

	launch_case "library next to fxrun" no " [a] [b c]" "$fxrun" -- "$probe" a "b c"
	launch_case "existing LD_PRELOAD kept" yes " [x]" LD_PRELOAD="$marker" "$fxrun" -- "$probe" x
	launch_case "--lib" no "" FXPTHREAD_LIB=/nonexistent/libfxpthread.so.0 \
		"$fxrun" --lib "$lib" -- "$probe"
	launch_case "FXPTHREAD_LIB" yes "" LD_PRELOAD="$marker" FXPTHREAD_LIB="$lib" "$fxrun" -- "$probe"

	env -u LD_PRELOAD "$fxrun" -- "$probe" fail >/dev/null 2>&1
	status=$?
	echo "== exit status passed through: $status"
	[ "$status" -eq 3 ] || bad "fxrun -- PROG fail: want status 3, got $status"

	# The dynamic linker's own record: run fxrun itself under the check
	# (no preload from the check; fxrun provides it).
	env -u LD_PRELOAD "$here/check-bindings.sh" --linked --expect pthread_mutex_lock \
		--expect pthread_cond_timedwait --timeout 30 "$lib" "$fxrun" -- "$probe" >"$tmp/cb.out" 2>&1
	status=$?
	echo "== check-bindings over fxrun: status $status"
	tail -n 1 "$tmp/cb.out"
	[ "$status" -eq 0 ] && tail -n 1 "$tmp/cb.out" | grep -Eq '^ok: [1-9][0-9]* bindings, all to fxpthread$' ||
		{ cat "$tmp/cb.out"; bad "bindings under fxrun did not all go to $lib"; }
	;;
libpath)
	dir=$(dirname -- "$(readlink -f -- "$lib")")
	base=$(basename -- "$lib")
	probe_abs=$(readlink -f -- "$probe")
	(cd "$dir" && env -u LD_PRELOAD "$fxrun" --lib "./$base" -- sh -c 'cd / && exec "$0"' "$probe_abs") \
		>"$tmp/rel.out" 2>&1
	echo "== fxrun --lib ./$base -- sh -c 'cd / && exec PROBE'"
	cat "$tmp/rel.out"
	[ "$(field fxpthread_active "$tmp/rel.out")" = yes ] ||
		bad "relative --lib: the child that changed directory ran without fxpthread"
	(cd "$dir" && env -u LD_PRELOAD FXPTHREAD_LIB="./$base" "$fxrun" -- sh -c 'cd / && exec "$0"' "$probe_abs") \
		>"$tmp/relenv.out" 2>&1
	echo "== FXPTHREAD_LIB=./$base fxrun -- sh -c 'cd / && exec PROBE'"
	cat "$tmp/relenv.out"
	[ "$(field fxpthread_active "$tmp/relenv.out")" = yes ] ||
		bad "relative FXPTHREAD_LIB: the child that changed directory ran without fxpthread"

	env -u LD_PRELOAD "$fxrun" --lib "$tmp/no-such-dir/libfxpthread.so.0" -- "$probe" >"$tmp/missing.out" 2>&1
	status=$?
	echo "== fxrun --lib MISSING -- PROBE: status $status"
	cat "$tmp/missing.out"
	[ "$status" -ne 0 ] && ! grep -q '^calls:' "$tmp/missing.out" ||
		bad "a missing library must be an error; the program ran on glibc instead"
	;;
compare)
	env -u LD_PRELOAD PROBE_LOG="$tmp/log" "$fxrun" --lib "$lib" --compare --repeat 3 -- "$probe" q \
		>"$tmp/out" 2>"$tmp/err"
	status=$?
	echo "== fxrun --compare --repeat 3: status $status"
	echo "-- stderr:"
	cat "$tmp/err"
	[ "$status" -eq 0 ] || bad "exit status $status"
	[ -s "$tmp/out" ] && bad "the program's output should be discarded, got: $(head -c 200 "$tmp/out")"
	mapfile -t lines <"$tmp/err"
	patterns=(
		"^command:   .*$(basename "$probe") q\$"
		'^runs:      3 each, interleaved, median wall time$'
		'^glibc: +[0-9]+\.[0-9]{3} ms$'
		'^fxpthread: +[0-9]+\.[0-9]{3} ms$'
		'^ratio: +[0-9]+\.[0-9]{3} \(fxpthread / glibc; below 1 is faster\)$'
	)
	[ "${#lines[@]}" -eq "${#patterns[@]}" ] ||
		bad "want ${#patterns[@]} report lines on stderr, got ${#lines[@]}"
	for i in "${!patterns[@]}"; do
		[[ "${lines[$i]:-}" =~ ${patterns[$i]} ]] || bad "line $((i + 1)) does not match ${patterns[$i]}"
	done
	# The ratio is the two medians' quotient (to the printed precision).
	g=$(sed -n 's/^glibc: *\([0-9.]*\) ms$/\1/p' "$tmp/err")
	f=$(sed -n 's/^fxpthread: *\([0-9.]*\) ms$/\1/p' "$tmp/err")
	r=$(sed -n 's/^ratio: *\([0-9.]*\) .*/\1/p' "$tmp/err")
	awk -v g="$g" -v f="$f" -v r="$r" 'BEGIN { d = f / g - r; exit !(g > 0 && d < 0.01 * r + 0.002 && d > -0.01 * r - 0.002) }' ||
		bad "ratio $r is not fxpthread/glibc = $f/$g"
	echo "-- runs, in order:"
	tr '\n' ' ' <"$tmp/log"
	echo
	[ "$(tr '\n' ' ' <"$tmp/log")" = "glibc fxpthread glibc fxpthread glibc fxpthread " ] ||
		bad "want 3 glibc and 3 fxpthread runs, interleaved"

	env -u LD_PRELOAD "$fxrun" --lib "$lib" --compare --repeat 3 -- "$probe" fail >/dev/null 2>"$tmp/err2"
	status=$?
	echo "== failing program: status $status: $(cat "$tmp/err2")"
	[ "$status" -ne 0 ] && grep -q 'program failed' "$tmp/err2" ||
		bad "a failing program must fail --compare"
	;;
*)
	echo "usage: fxrun-check.sh launch|libpath|compare FXRUN LIB PROBE [MARKER_LIB]" >&2
	exit 2
	;;
esac
[ "$fail" -eq 0 ] && echo PASS || echo FAILED
exit "$fail"
