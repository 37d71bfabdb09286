#!/usr/bin/env bash
# Node.js: libuv's thread pool and worker_threads (node_threads.js) on
# glibc and on fxpthread.  The output depends only on the work, never on
# the thread timing: it must be identical on both libraries, with the
# gzip round trips exact and the ring's counter at its only value.
. "$(dirname -- "$0")/harness.sh"

node=$(command -v node || command -v nodejs) || { echo "node not installed" >&2; exit 77; }

run_glibc node 120 "$node" "$HERE/node_threads.js"
run_fx node 120 "$node" "$HERE/node_threads.js"
require_success node
sed 's/^/fxpthread: /' "$(out node fx)"
if ! cmp -s "$(out node glibc)" "$(out node fx)"; then
	fail "node: the output differs between glibc and fxpthread"
	diff "$(out node glibc)" "$(out node fx)" >&2
fi
grep -qx "pool: gzip round trips exact 12/12" "$(out node fx)" ||
	fail "node: a gzip round trip on fxpthread was not exact"
grep -qx "ring: 4 workers x 2000 laps, counter 20000" "$(out node fx)" ||
	fail "node: the worker ring on fxpthread lost or repeated a turn"
check_bindings node

# The diagnostics must stay silent on this correct program.
check_diag_silent node 180 "$node" "$HERE/node_threads.js"
expect_bindings node pthread_mutex_lock pthread_cond_wait pthread_cond_timedwait
finish
