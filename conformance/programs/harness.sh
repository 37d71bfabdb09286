# Shared by the program tests of this folder (sourced, not run).
#
# A program test runs an unmodified program twice, on glibc and on
# fxpthread (LD_PRELOAD), compares what must not depend on the library,
# and proves from the dynamic linker's own record (LD_DEBUG=bindings)
# that every synchronization symbol the fxpthread run bound went to
# fxpthread.
#
#   run_glibc NAME SECS CMD...   stdout, stderr and status of CMD on glibc
#   run_fx    NAME SECS CMD...   the same under LD_PRELOAD, with the
#                                linker's binding record in $WORK/NAME.ld/
#   out NAME LIB / err NAME LIB / rc NAME LIB
#                                paths of the captured results (LIB is
#                                glibc or fx)
#   require_success NAME         both runs must have exited with status 0
#   check_bindings NAME          verdict on the fxpthread run's bindings
#   expect_bindings NAME SYM...  each SYM was among them, bound to fxpthread
#   check_diag_silent NAME SECS CMD...
#                                CMD under the diagnostics library with its
#                                misuse checks and lock-order checker on
#                                prints what run_fx NAME printed, nothing
#                                on stderr, and exits 0
#   show_err NAME LIB            the end of a run's stderr, for the log
#   fail MSG / note MSG          record a failure / print a remark
#   finish                       exit 1 if anything failed, else 0
#
# The environment supplies FXPTHREAD_LIB (the library under test).
# Both runs may be started in the background and waited for together.

set -u

if [ -z "${FXPTHREAD_LIB:-}" ] || [ ! -f "$FXPTHREAD_LIB" ]; then
	echo "FXPTHREAD_LIB must name libfxpthread.so" >&2
	exit 2
fi
FX_LIB=$(readlink -f -- "$FXPTHREAD_LIB")
HERE=$(cd "$(dirname -- "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fxprograms.XXXXXX") || exit 2
if [ -n "${FX_KEEP_WORK:-}" ]; then
	trap 'echo "work files kept in $WORK" >&2' EXIT
else
	trap 'rm -rf "$WORK"' EXIT
fi
trap 'exit 130' INT TERM
FAILED=0

# The families fxpthread replaces (docs/interposition.md).
SYNC_RE='^((__)?pthread_(mutex|mutexattr|cond|condattr|rwlock|rwlockattr|barrier|barrierattr|spin)_.*|mtx_.*|cnd_.*)$'

out() { echo "$WORK/$1.$2.out"; }
err() { echo "$WORK/$1.$2.err"; }
rc() { cat "$WORK/$1.$2.rc"; }

fail() {
	echo "FAIL: $*" >&2
	FAILED=1
}

note() {
	echo "note: $*" >&2
}

finish() {
	if [ "$FAILED" -ne 0 ]; then
		exit 1
	fi
	echo "PASS"
	exit 0
}

# run_one NAME LIB SECS CMD... (LIB: glibc or fx).  A run that times out
# leaves status 124 (timeout(1)); its processes are killed 5 s later.
run_one() {
	name=$1 lib=$2 secs=$3
	shift 3
	if [ "$lib" = fx ]; then
		mkdir -p "$WORK/$name.ld"
		timeout -k 5 "$secs" env LD_PRELOAD="$FX_LIB" \
			LD_DEBUG=bindings LD_DEBUG_OUTPUT="$WORK/$name.ld/ld" "$@" \
			>"$WORK/$name.$lib.out" 2>"$WORK/$name.$lib.err" </dev/null
	else
		timeout -k 5 "$secs" "$@" \
			>"$WORK/$name.$lib.out" 2>"$WORK/$name.$lib.err" </dev/null
	fi
	echo $? >"$WORK/$name.$lib.rc"
}

run_glibc() { run_one "$1" glibc "$2" "${@:3}"; }
run_fx() { run_one "$1" fx "$2" "${@:3}"; }

# Every "binding file A to B: normal symbol `S' [V]" line of every process
# of the fxpthread run: a synchronization symbol S must have B = fxpthread.
# At least one such binding must exist, or nothing was proven.
check_bindings() {
	name=$1
	ld="$WORK/$name.ld"
	# Threads binding at the same moment interleave their log lines: the
	# loader writes " [VERSION]" separately, so split at every PID prefix.
	cat "$ld"/ld.* 2>/dev/null |
		sed -E 's/([^[:space:]])[[:space:]]+([0-9]+:[[:space:]]+binding file )/\1\n\2/g' |
		sed -nE "s/^[[:space:]]*[0-9]+:[[:space:]]+binding file (.*) \[[0-9]+\] to (.*) \[[0-9]+\]: [a-z]+ symbol \`([^']*)'( \[([^]]*)\])?.*\$/\1	\2	\3	\5/p" |
		awk -F '\t' -v re="$SYNC_RE" '$3 ~ re' >"$WORK/$name.sync"
	: >"$WORK/$name.foreign"
	good=0
	cut -f2 "$WORK/$name.sync" | sort -u >"$WORK/$name.targets"
	while IFS= read -r target; do
		if [ "$(readlink -f -- "$target" 2>/dev/null)" = "$FX_LIB" ]; then
			good=$((good + $(awk -F '\t' -v t="$target" '$2 == t' "$WORK/$name.sync" | wc -l)))
		else
			awk -F '\t' -v t="$target" '$2 == t { print $3 "@" $4 " bound by " $1 " to " $2 }' \
				"$WORK/$name.sync" | sort -u >>"$WORK/$name.foreign"
		fi
	done <"$WORK/$name.targets"
	nproc=$(find "$ld" -type f | wc -l)
	if [ -s "$WORK/$name.foreign" ]; then
		fail "$name: synchronization symbols bound outside fxpthread:"
		sed 's/^/    /' "$WORK/$name.foreign" >&2
	elif [ "$good" -eq 0 ]; then
		fail "$name: no synchronization symbol was bound at all; nothing proven"
	else
		echo "bindings: $good synchronization bindings in $nproc processes, all to fxpthread"
	fi
}

# Show the end of a run's stderr, for the log of a failing test.
show_err() {
	echo "---- $1 on $2: status $(rc "$1" "$2"), last lines of stderr:" >&2
	tail -n "${3:-20}" "$(err "$1" "$2")" >&2
}

# Both runs must have exited with status 0.
require_success() {
	name=$1
	for lib in glibc fx; do
		s=$(rc "$name" $lib)
		if [ "$s" -ne 0 ]; then
			if [ "$s" -eq 124 ]; then
				fail "$name on $lib: timed out"
			else
				fail "$name on $lib: exit status $s"
			fi
			show_err "$name" $lib
		fi
	done
}

# expect_bindings NAME SYM... : each SYM (no version) must have been bound
# to fxpthread in the fxpthread run (call after check_bindings).
expect_bindings() {
	name=$1
	shift
	for sym in "$@"; do
		awk -F '\t' -v s="$sym" '$3 == s { print $2 }' "$WORK/$name.sync" | sort -u |
			while IFS= read -r t; do readlink -f -- "$t"; done | grep -qxF "$FX_LIB" ||
			fail "$name: $sym was never bound to fxpthread"
	done
}

# check_diag_silent NAME SECS CMD... : the diagnostics library (beside
# FX_LIB) must stay silent on a correct program and leave its output
# alone.  Skipped when the diagnostics library was not built.
check_diag_silent() {
	name=$1 secs=$2
	shift 2
	diag=$(dirname -- "$FX_LIB")/libfxpthread-diag.so.0
	if [ ! -f "$diag" ]; then
		note "$diag not built: diagnostics run skipped"
		return 0
	fi
	timeout -k 5 "$secs" env LD_PRELOAD="$diag:$FX_LIB" FXPTHREAD_CHECK=1 \
		FXPTHREAD_LOCKDEP=1 "$@" >"$WORK/$name.diag.out" 2>"$WORK/$name.diag.err" </dev/null
	s=$?
	if [ $s -ne 0 ] || [ -s "$WORK/$name.diag.err" ] ||
		! cmp -s "$(out "$name" fx)" "$WORK/$name.diag.out"; then
		fail "$name with FXPTHREAD_CHECK=1 FXPTHREAD_LOCKDEP=1: status $s, output or stderr changed"
		head -n 20 "$WORK/$name.diag.err" >&2
	else
		echo "diagnostics (check, lockdep): silent, same output"
	fi
}
