#!/usr/bin/env bash
# The JVM (JavaThreads.java): monitors, wait/notify, java.util.concurrent
# (LockSupport.park), executors, a parallel stream and the collector's
# threads, on glibc and on fxpthread.  Every line of its output is fixed
# by the work alone: it must be identical on both libraries and equal to
# the expected values below.  A lost wakeup hangs a run (no timed waits
# in the hand-offs) and fails it by timeout.
. "$(dirname -- "$0")/harness.sh"

command -v java >/dev/null && command -v javac >/dev/null ||
	{ echo "java/javac not installed (Debian: openjdk-17-jdk-headless)" >&2; exit 77; }

# Compile on glibc, outside the comparison.
javac -d "$WORK/classes" "$HERE/JavaThreads.java" || exit 2
jvm=(java -Xmx256m -XX:+UseG1GC -XX:ParallelGCThreads=2 -cp "$WORK/classes" JavaThreads)

run_glibc java 180 "${jvm[@]}"
run_fx java 180 "${jvm[@]}"
require_success java
sed 's/^/fxpthread: /' "$(out java fx)"
if ! cmp -s "$(out java glibc)" "$(out java fx)"; then
	fail "java: the output differs between glibc and fxpthread"
	diff "$(out java glibc)" "$(out java fx)" >&2
fi
cat >"$WORK/expected" <<'END'
synchronized: 800000
wait/notify: 20000 hand-offs
queue: sum 10000100000
barrier: every thread saw every round whole: true
latch: true
rwlock: 10000 writes
executor: 1443750000 true
parallel stream: 14999995
garbage: 100000 arrays dropped
END
cmp -s "$WORK/expected" "$(out java fx)" ||
	fail "java: the output on fxpthread is not the expected one"
check_bindings java

# The diagnostics must stay silent on this correct program.
check_diag_silent java 180 "${jvm[@]}"
expect_bindings java pthread_mutex_lock pthread_mutex_unlock pthread_cond_wait \
	pthread_cond_timedwait pthread_cond_signal pthread_condattr_setclock
finish
