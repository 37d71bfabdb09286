#!/bin/sh
# Run one diagnostics scenario as its own process and judge it.
#
#   run-case.sh [OPTIONS] -- PROGRAM [ARGS...]
#
#   --env NAME=VALUE    set in PROGRAM's environment (repeatable)
#   --preload MODE      diag (default): LD_PRELOAD=diag:core
#                       alone: LD_PRELOAD=diag only (the core comes in
#                       through diag's DT_NEEDED)
#                       fxrun:OPTS: run through fxrun with OPTS
#   --exit N            expected exit status (default 0)
#   --abort             expected death by SIGABRT
#   --stderr ERE        stderr must match (repeatable)
#   --stderr-count N ERE  exactly N lines of stderr match
#   --no-stderr ERE     stderr must not match (repeatable)
#   --stderr-empty      stderr must be empty
#   --stdout ERE        stdout must match (repeatable)
#   --then CMD          run `CMD OUTDIR` afterwards; it must exit 0
#                       (OUTDIR holds stdout, stderr, and the files the
#                       case wrote there: FXPTHREAD_*=@OUT@/name)
#
# FXPTHREAD_LIB and FXPTHREAD_DIAG_LIB name the libraries (CTest sets
# them).  Every run is bounded: PROGRAM is killed after 60 seconds.
set -u

fail() {
	echo "FAIL: $*"
	for f in stdout stderr; do
		echo "---- $f"
		head -c 20000 "$out/$f"
	done
	exit 1
}

out=$(mktemp -d "${TMPDIR:-/tmp}/fxdiag.XXXXXX")
trap 'rm -rf "$out"' EXIT
envs=""
preload=diag
want_exit=0
checks=""
then_cmd=""
nl='
'
while [ $# -gt 0 ]; do
	case "$1" in
	--env) envs="$envs$nl$(printf '%s' "$2" | sed "s|@OUT@|$out|g")"; shift 2 ;;
	--preload) preload=$2; shift 2 ;;
	--exit) want_exit=$2; shift 2 ;;
	--abort) want_exit=134; shift ;;
	--stderr|--no-stderr|--stdout) checks="$checks$nl$1 $2"; shift 2 ;;
	--stderr-count) checks="$checks$nl$1 $2 $3"; shift 3 ;;
	--stderr-empty) checks="$checks$nl$1 -"; shift ;;
	--then) then_cmd=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "run-case.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ $# -ge 1 ] || { echo "run-case.sh: no program" >&2; exit 2; }
: "${FXPTHREAD_LIB:?}" "${FXPTHREAD_DIAG_LIB:?}"

ulimit -c 0 2>/dev/null
# Start from a clean slate: no diagnostics variable leaks in.
for v in $(env | sed -n 's/^\(FXPTHREAD_[A-Z_]*\)=.*/\1/p'); do
	case "$v" in FXPTHREAD_LIB|FXPTHREAD_DIAG_LIB) ;; *) unset "$v" ;; esac
done
IFS="$nl"
for e in $envs; do
	[ -n "$e" ] && export "$e"
done
unset IFS

case "$preload" in
diag)
	# env, not timeout, gets the preload: timeout would write a
	# report of its own.
	timeout -s KILL 60 env LD_PRELOAD="$FXPTHREAD_DIAG_LIB:$FXPTHREAD_LIB" "$@" \
		>"$out/stdout" 2>"$out/stderr"
	status=$? ;;
alone)
	timeout -s KILL 60 env LD_PRELOAD="$FXPTHREAD_DIAG_LIB" "$@" \
		>"$out/stdout" 2>"$out/stderr"
	status=$? ;;
fxrun:*)
	fxrun=$(dirname -- "$FXPTHREAD_LIB")/fxrun
	opts=${preload#fxrun:}
	# shellcheck disable=SC2086 # options are words
	timeout -s KILL 60 "$fxrun" $opts -- "$@" >"$out/stdout" 2>"$out/stderr"
	status=$? ;;
*) echo "run-case.sh: bad --preload $preload" >&2; exit 2 ;;
esac

case "$status" in 124|137) fail "killed after 60 s (hang)" ;; esac
[ "$status" -eq "$want_exit" ] || fail "exit status $status, expected $want_exit"

IFS="$nl"
for c in $checks; do
	unset IFS
	kind=${c%% *}
	arg=${c#* }
	case "$kind" in
	--stderr) grep -Eq -- "$arg" "$out/stderr" || fail "stderr lacks /$arg/" ;;
	--no-stderr) ! grep -Eq -- "$arg" "$out/stderr" || fail "stderr has /$arg/" ;;
	--stdout) grep -Eq -- "$arg" "$out/stdout" || fail "stdout lacks /$arg/" ;;
	--stderr-empty) [ ! -s "$out/stderr" ] || fail "stderr is not empty" ;;
	--stderr-count)
		n=${arg%% *}
		re=${arg#* }
		got=$(grep -Ec -- "$re" "$out/stderr")
		[ "$got" -eq "$n" ] || fail "stderr has $got lines /$re/, expected $n" ;;
	esac
	IFS="$nl"
done
unset IFS

if [ -n "$then_cmd" ]; then
	# shellcheck disable=SC2086 # a command with arguments
	$then_cmd "$out" >"$out/then" 2>&1 || { cat "$out/then"; fail "$then_cmd"; }
fi
echo "ok"
