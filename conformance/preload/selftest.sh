#!/usr/bin/env bash
# selftest: the suite's own checkers must fail when they should, or a
# green run proves nothing.
#
#   selftest.sh LIB PROBE EMPTY_LIB
#
# PROBE makes a few mutex and condvar calls; EMPTY_LIB defines no
# synchronization symbol, so preloading it leaves every binding in glibc.
set -u
lib=$1 probe=$2 empty=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cb=$here/check-bindings.sh
tmp=$(mktemp -d "${TMPDIR:-/tmp}/selftest.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}

# run NAME WANT_STATUS COMMAND...: output in $tmp/NAME.{out,err}
run() {
	local name=$1 want=$2
	shift 2
	env -u LD_PRELOAD "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	local status=$?
	echo "== $name: status $status (want $want)"
	sed 's/^/   /' "$tmp/$name.out" "$tmp/$name.err"
	[ "$status" -eq "$want" ] || bad "$name: status $status, want $want"
}

run positive 0 "$cb" --expect pthread_mutex_lock --expect pthread_cond_timedwait "$lib" "$probe" a
tail -n 1 "$tmp/positive.out" | grep -Eq '^ok: [1-9][0-9]* bindings, all to fxpthread$' ||
	bad "positive: no ok verdict"
grep -q '^calls: ok$' "$tmp/positive.out" || bad "positive: program output not passed through"

run env-form 0 env FXPTHREAD_LIB="$lib" "$cb" "$probe"
tail -n 1 "$tmp/env-form.out" | grep -q '^ok: ' || bad "env-form: FXPTHREAD_LIB form did not work"

run foreign 1 "$cb" "$empty" "$probe"
grep -Eq '^FOREIGN: pthread_mutex_lock(@[A-Z0-9_.]+)? bound by .* to .*/libc\.so\.6$' "$tmp/foreign.err" ||
	bad "foreign: the binding to libc.so.6 was not listed"
grep -q '^ok: ' "$tmp/foreign.out" && bad "foreign: printed ok"

run nothing 1 "$cb" "$lib" true
grep -q 'nothing proven' "$tmp/nothing.err" || bad "nothing: N == 0 not reported"

run missing 1 "$cb" --expect pthread_barrier_wait --expect pthread_mutex_lock@GLIBC_9.9 "$lib" "$probe"
[ "$(grep -c '^MISSING: ' "$tmp/missing.err")" -eq 2 ] || bad "missing: want two MISSING lines"

run program-fails 3 "$cb" "$lib" "$probe" fail

run timeout 124 "$cb" --timeout 1 "$lib" sleep 30
grep -q 'timed out' "$tmp/timeout.err" || bad "timeout: not reported"

run usage 2 "$cb"

# Two threads binding at once interleave the linker's messages (it writes
# the " [VERSION]" suffix separately); a stand-in program writes such a
# log: every binding must still be counted, with its version.
real=$(readlink -f -- "$lib")
cat >"$tmp/interleaved.sh" <<EOS
#!/bin/sh
q="'"
{
printf '     27491:\tbinding file ./p [0] to %s [0]: normal symbol \`mtx_lock%s     27491:\tbinding file ./p [0] to %s [0]: normal symbol \`pthread_mutex_lock%s [GLIBC_2.2.5]\n [GLIBC_2.34]\n' "$real" "\$q" "$real" "\$q"
printf '123456:\tbinding file ./p [0] to %s [0]: normal symbol \`cnd_wait%s123456:\tbinding file ./p [0] to %s [0]: normal symbol \`cnd_signal%s [GLIBC_2.34]\n [GLIBC_2.28]\n' "$real" "\$q" "$real" "\$q"
} >"\$LD_DEBUG_OUTPUT.99999"
EOS
chmod +x "$tmp/interleaved.sh"
run interleaved 0 "$cb" --expect mtx_lock@GLIBC_2.34 --expect pthread_mutex_lock@GLIBC_2.2.5 \
	--expect cnd_wait@GLIBC_2.28 --expect cnd_signal@GLIBC_2.34 "$lib" "$tmp/interleaved.sh"
grep -qx 'ok: 4 bindings, all to fxpthread' "$tmp/interleaved.out" ||
	bad "interleaved: want exactly 4 bindings"

# check-exports against a library that exports none of the names.
run exports-negative 1 "$here/check-exports.sh" "$empty"
grep -q '^FAIL: exported by .*libc\.so\.6 but not by' "$tmp/exports-negative.out" ||
	bad "exports-negative: missing names not reported"
grep -q '^  pthread_mutex_lock (GLIBC_2.2.5)$' "$tmp/exports-negative.out" ||
	bad "exports-negative: pthread_mutex_lock not listed"

[ "$fail" -eq 0 ] && echo PASS || echo FAILED
exit "$fail"
