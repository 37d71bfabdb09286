#!/usr/bin/env bash
# run-case: one preload-suite case.  Runs PROGRAM on fxpthread under
# check-bindings and requires (1) the "ok: N bindings, all to fxpthread"
# verdict, (2) the program's output to equal EXPECTED exactly, plus the
# checks the options ask for.
#
#   run-case.sh [OPTIONS] --expected FILE LIB PROGRAM [ARGS...]
#
#   --linked            PROGRAM links LIB itself: run it without LD_PRELOAD
#   --expect SYM[@V]    a binding check-bindings must see (repeatable)
#   --all-refs          every synchronization reference PROGRAM records
#                       must show up as a binding to LIB, at its version
#   --ref "SYM@V FILE"  PROGRAM must record this reference, its version
#                       requirement naming FILE (repeatable)
#   --glibc-control     also run PROGRAM without LIB: the output must be
#                       the same EXPECTED and the bindings must go to
#                       libc.so.6 (so it is the preload that moves them)
#   --not-loaded PATH   PATH must not be among PROGRAM's loaded objects
#   --timeout SECS      per run (default 60)
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
checker=$here/check-bindings.sh

linked=0 all_refs=0 glibc_control=0 expected="" timeout=60 not_loaded=""
refs_wanted=() expects=()
while [ $# -gt 0 ]; do
	case "$1" in
	--linked) linked=1; shift ;;
	--all-refs) all_refs=1; shift ;;
	--glibc-control) glibc_control=1; shift ;;
	--expected) expected=$2; shift 2 ;;
	--expect) expects+=(--expect "$2"); shift 2 ;;
	--ref) refs_wanted+=("$2"); shift 2 ;;
	--not-loaded) not_loaded=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "run-case: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
if [ $# -lt 2 ] || [ -z "$expected" ]; then
	echo "usage: run-case.sh [OPTIONS] --expected FILE LIB PROGRAM [ARGS...]" >&2
	exit 2
fi
lib=$1
shift
prog=$1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/run-case.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}

# ------------------------------------------------ what the binary records
if [ ${#refs_wanted[@]} -gt 0 ] || [ "$all_refs" -eq 1 ]; then
	"$here/version-refs.sh" "$prog" >"$tmp/refs" || bad "version-refs.sh $prog failed"
	echo "$prog records $(wc -l <"$tmp/refs") synchronization references"
	for want in "${refs_wanted[@]}"; do
		if grep -qxF -- "$want" "$tmp/refs"; then
			echo "  records $want"
		else
			bad "$prog does not record the reference $want"
		fi
	done
fi
if [ -n "$not_loaded" ]; then
	avoid=$(readlink -f -- "$not_loaded")
	env -u LD_PRELOAD LD_TRACE_LOADED_OBJECTS=1 "$prog" >"$tmp/loaded" 2>&1
	while read -r soname arrow path _; do
		[ "$arrow" = "=>" ] && [ -e "$path" ] || continue
		if [ "$(readlink -f -- "$path")" = "$avoid" ]; then
			bad "$prog loads $soname from $path at run time"
		fi
		case "$soname" in
		libpthread.so.*) echo "  at run time $soname is $path" ;;
		esac
	done <"$tmp/loaded"
fi

# ------------------------------------------------------ the run on glibc
if [ "$glibc_control" -eq 1 ]; then
	env -u LD_PRELOAD "$checker" --linked --timeout "$timeout" "$lib" "$@" \
		>"$tmp/glibc.out" 2>"$tmp/glibc.err" </dev/null
	status=$?
	if [ "$status" -ne 1 ] || ! grep -q '^FOREIGN: .* to .*/libc\.so\.6$' "$tmp/glibc.err"; then
		cat "$tmp/glibc.err"
		bad "without preload the bindings should go to libc.so.6 (status $status)"
	else
		echo "glibc control: $(grep -c '^FOREIGN: ' "$tmp/glibc.err") distinct references bound to libc.so.6 without preload"
	fi
	if ! diff -u "$expected" "$tmp/glibc.out"; then
		grep -v '^FOREIGN: ' "$tmp/glibc.err"
		bad "output on glibc differs from $expected"
	else
		echo "glibc control: output matches $(basename -- "$expected")"
	fi
fi

# -------------------------------------------------- the run on fxpthread
opts=(--timeout "$timeout" "${expects[@]}")
if [ "$all_refs" -eq 1 ]; then
	sed 's/ .*//' "$tmp/refs" >"$tmp/expect-refs"
	opts+=(--expect-file "$tmp/expect-refs")
fi
[ "$linked" -eq 1 ] && opts+=(--linked)
env -u LD_PRELOAD "$checker" "${opts[@]}" "$lib" "$@" >"$tmp/fx.out" 2>"$tmp/fx.err" </dev/null
status=$?
cat "$tmp/fx.err"
verdict=$(tail -n 1 "$tmp/fx.out")
head -n -1 "$tmp/fx.out" >"$tmp/fx.prog"
if [ "$status" -ne 0 ]; then
	cat "$tmp/fx.out"
	bad "check-bindings exited with status $status"
elif ! [[ "$verdict" =~ ^ok:\ [1-9][0-9]*\ bindings,\ all\ to\ fxpthread$ ]]; then
	bad "no verdict line from check-bindings (got: $verdict)"
else
	echo "fxpthread$([ "$linked" -eq 1 ] && echo ", linked" || echo ", preloaded"): $verdict"
fi
if [ "$status" -eq 0 ]; then
	if ! diff -u "$expected" "$tmp/fx.prog"; then
		bad "output on fxpthread differs from $expected"
	else
		echo "fxpthread: output matches $(basename -- "$expected") ($(wc -l <"$expected") lines)"
	fi
fi

[ "$fail" -eq 0 ] && echo "PASS" || echo "FAILED"
exit "$fail"
