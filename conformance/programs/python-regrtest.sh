#!/usr/bin/env bash
# CPython's own regression tests for its threading machinery, run with
# Debian's interpreter on glibc and on fxpthread; per module, pass/fail
# must be the same (and a module failing on both must fail in the same
# test cases).
#
#   python-regrtest.sh threading   test_threading, test_thread, test_queue, ...
#   python-regrtest.sh futures     test_concurrent_futures: the future, thread
#                                  pool and fork process pool classes
#
# Why these exercise fxpthread: the interpreter lock is a pthread mutex
# plus a condition variable on CLOCK_MONOTONIC, waited on with a 5 ms
# timeout by every thread that wants to run, so every switch between
# Python threads is a contended mutex and a condvar signal / timed wait;
# fork() tests re-initialise those objects in the child.  (threading.Lock
# and queue are semaphores and do not reach fxpthread.)
#
# Both runs go at the same time (the tests mostly sleep).  A module whose
# result differs is run once more on both libraries; only a difference
# that repeats fails the test, a difference that does not is reported as
# a flake.  Needs the Debian package libpython3.11-testsuite.
. "$(dirname -- "$0")/harness.sh"

PY=${FX_PYTHON:-/usr/bin/python3}
if ! "$PY" -c 'import test.test_threading' 2>/dev/null; then
	echo "$PY has no test package (Debian: apt-get install libpython3.11-testsuite)" >&2
	exit 77
fi

filters=()
case "${1:-}" in
threading)
	modules=(test_threading test_thread test_queue test_threading_local
		test_threadsignals test_threadedtempfile test_fork1 test_sched
		test_importlib.test_threaded_import test_weakref test_sys
		test_context) ;;
futures)
	modules=(test_concurrent_futures)
	# The spawn and forkserver process pools add nothing for locks but
	# a minute each of process start-up.
	filters=(-m 'FutureTests' -m 'ThreadPool*' -m 'ProcessPoolFork[A-Z]*') ;;
*)
	echo "usage: $0 threading|futures" >&2
	exit 2 ;;
esac

# regrtest: -j2 runs modules in worker processes (they inherit LD_PRELOAD)
# and prints one result line per module; --timeout kills a hung module.
regrtest() { # NAME LIB MODULE...
	name=$1 lib=$2
	shift 2
	"run_$lib" "$name" 600 "$PY" -m test -j2 --timeout 240 \
		--junit-xml "$WORK/$name.$lib.xml" "${filters[@]}" "$@"
}

compare() { # NAME MODULE... -> modules that differ, on stdout
	name=$1
	shift
	"$PY" "$HERE/regrtest_compare.py" \
		"$(out "$name" glibc)" "$WORK/$name.glibc.xml" \
		"$(out "$name" fx)" "$WORK/$name.fx.xml" "$@" | sed -n 's/^DIFF //p'
}

echo "== ${#modules[@]} modules on glibc and on fxpthread: ${modules[*]}"
regrtest py glibc "${modules[@]}" &
regrtest py fx "${modules[@]}" &
wait
for lib in glibc fx; do
	s=$(rc py $lib)
	if [ "$s" -eq 124 ]; then
		fail "regrtest on $lib did not finish in 600 s"
		show_err py $lib
	fi
done
differ=$(compare py "${modules[@]}")
check_bindings py

if [ -n "$differ" ]; then
	# shellcheck disable=SC2086
	set -- $differ
	echo "== again, the modules whose result differed: $*"
	regrtest again glibc "$@" &
	regrtest again fx "$@" &
	wait
	again=$(compare again "$@")
	for mod in "$@"; do
		if printf '%s\n' $again | grep -qx "$mod"; then
			fail "$mod: result on fxpthread differs from glibc, twice"
			echo "---- fxpthread run's output for $mod:" >&2
			grep -E "^(FAIL|ERROR):|Error|Traceback" "$(out again fx)" | head -40 >&2
		else
			note "$mod: differed once, agreed when run again (flaky under load?)"
		fi
	done
	check_bindings again
fi
finish
