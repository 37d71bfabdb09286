#!/usr/bin/env bash
# cxx_sync (every std:: synchronization type) on glibc and on fxpthread:
# both runs must print exactly cxx_sync.expected.
#
#   cxx-sync.sh PATH-TO-cxx_sync
. "$(dirname -- "$0")/harness.sh"

prog=${1:?usage: $0 PATH-TO-cxx_sync}
run_glibc cxx 120 "$prog"
run_fx cxx 120 "$prog"
require_success cxx
cat "$(out cxx fx)"
for lib in glibc fx; do
	diff -u "$HERE/cxx_sync.expected" "$(out cxx $lib)" >&2 ||
		fail "cxx_sync on $lib: output differs from cxx_sync.expected"
done
check_bindings cxx
# The entry points libstdc++ and the program call for these types.
expect_bindings cxx pthread_mutex_lock pthread_mutex_trylock pthread_mutex_unlock \
	pthread_mutex_timedlock pthread_mutex_clocklock \
	pthread_cond_wait pthread_cond_timedwait pthread_cond_clockwait \
	pthread_cond_signal pthread_cond_broadcast pthread_cond_destroy \
	pthread_rwlock_rdlock pthread_rwlock_wrlock pthread_rwlock_unlock \
	pthread_rwlock_tryrdlock pthread_rwlock_trywrlock \
	pthread_rwlock_timedrdlock pthread_rwlock_timedwrlock \
	pthread_rwlock_clockrdlock pthread_rwlock_clockwrlock
finish
