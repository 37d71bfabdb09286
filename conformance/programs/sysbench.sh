#!/usr/bin/env bash
# sysbench's lock workloads on glibc and on fxpthread.
#
#   sysbench.sh mutex     every thread takes one of 2 mutexes 300000 times
#                         (one event per thread)
#   sysbench.sh threads   3000 events of lock / sched_yield / unlock over
#                         2 mutexes shared by 8 threads
#
# Timings differ by nature; what must not: the run completes, the event
# count is the one asked for, and the average per thread follows from it.
. "$(dirname -- "$0")/harness.sh"

command -v sysbench >/dev/null || { echo "sysbench not installed" >&2; exit 77; }

case "${1:-}" in
mutex)
	set -- sysbench mutex --threads=4 --mutex-num=2 --mutex-locks=300000 \
		--mutex-loops=0 run
	want_events=4 ;;
threads)
	set -- sysbench threads --threads=8 --thread-yields=100 --thread-locks=2 \
		--events=3000 --time=0 run
	want_events=3000 ;;
*)
	echo "usage: $0 mutex|threads" >&2
	exit 2 ;;
esac

# Sequential: each run should have both CPUs for itself.
run_glibc sb 60 "$@"
run_fx sb 60 "$@"
require_success sb

# The deterministic lines of the report.
summary() {
	sed -nE 's/^[[:space:]]*(total number of events:)[[:space:]]+([0-9]+)$/\1 \2/p;
		s/^[[:space:]]*(events \(avg\/stddev\):)[[:space:]]+([0-9.]+)\/.*$/\1 \2/p;
		/^Threads started!$/p' "$1"
}
summary "$(out sb glibc)" >"$WORK/sb.glibc.summary"
summary "$(out sb fx)" >"$WORK/sb.fx.summary"
cat "$WORK/sb.fx.summary"

grep -qx "total number of events: $want_events" "$WORK/sb.glibc.summary" ||
	fail "glibc run: not $want_events events"
grep -qx "Threads started!" "$WORK/sb.fx.summary" ||
	fail "fxpthread run: no 'Threads started!'"
if ! diff -u "$WORK/sb.glibc.summary" "$WORK/sb.fx.summary" >&2; then
	fail "sysbench $1: fxpthread's report differs from glibc's"
fi
check_bindings sb
finish
