#!/usr/bin/env bash
# Perl's ithreads (perl_threads.pl): threads::shared locks and condition
# variables, Thread::Queue, on glibc and on fxpthread.  The output is
# fixed by the work alone: identical on both libraries and equal to the
# expected lines below.  The hand-offs wait without a timeout, so a lost
# wakeup hangs a run and fails it by timeout.
. "$(dirname -- "$0")/harness.sh"

perl -Mthreads -e 1 2>/dev/null || { echo "perl without ithreads" >&2; exit 77; }

run_glibc perl 120 perl "$HERE/perl_threads.pl"
run_fx perl 120 perl "$HERE/perl_threads.pl"
require_success perl
sed 's/^/fxpthread: /' "$(out perl fx)"
if ! cmp -s "$(out perl glibc)" "$(out perl fx)"; then
	fail "perl: the output differs between glibc and fxpthread"
	diff "$(out perl glibc)" "$(out perl fx)" >&2
fi
cat >"$WORK/expected" <<'END'
queue: 20000 items, sum 200010000
barrier: every thread saw every round whole: yes
hand-off: 6000
timed waits: 5 expired, signalled 1
END
cmp -s "$WORK/expected" "$(out perl fx)" ||
	fail "perl: the output on fxpthread is not the expected one"
check_bindings perl
check_diag_silent perl 120 perl "$HERE/perl_threads.pl"
expect_bindings perl pthread_mutex_lock pthread_cond_wait pthread_cond_timedwait \
	pthread_cond_signal pthread_cond_broadcast
finish
