#!/usr/bin/env bash
# Sanitizers and memory checks for fxpthread (docs/stress.md#sanitizers).
#
#   bash cmake/sanitize.sh [OPTIONS]
#
# Builds two trees of its own and runs, in order:
#
#   ubsan-lib   -DFX_SANITIZE=ON: the library with UBSan only (what a
#               preloaded library can carry), and
#     1. the unit tests (Criterion; UBSan, linked to the library)
#     2. the stress scenarios built with ASan+UBSan and linked to the
#        library (FX_STRESS_ASAN), short form
#     3. the stress scenarios as shipped, preloaded onto the UBSan library,
#        short form
#   asan-all    ASan+UBSan in CMAKE_C_FLAGS, so the library is instrumented
#               too (usable only because every program here links it
#               directly; a preloaded ASan library refuses to start), and
#     4. the unit tests, ASan+UBSan throughout
#     5. the ASan stress scenarios, short form: here ASan also sees the
#        library's own accesses (a late touch of a destroyed object)
#   valgrind    6. the stress scenarios as shipped, preloaded, under
#               valgrind memcheck (--error-exitcode=1
#               --errors-for-leak-kinds=definite), with short counts
#
# The verdict is about what only these tools can see: a sanitizer report
# or a valgrind error anywhere fails the run (exit 1).  A test that fails
# on its own invariants is listed too, but it is the plain suite's job to
# fail on that (ctest -L stress); pass --strict to fail on it here as well.
#
# Options:
#   --work DIR            where the trees go (default: build-sanitize)
#   --valgrind-build DIR  a build tree whose preload-style stress programs
#                         and libfxpthread valgrind runs (default: the
#                         ubsan-lib tree); CTest passes its own build
#   --jobs N              parallel build and test jobs (default: nproc)
#   --seconds S           stress short form under the sanitizers (2)
#   --skip-unit, --skip-asan-all, --skip-valgrind
#   --strict              also fail on test failures that are no finding
set -u

src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$src/build-sanitize
vgbuild=""
jobs=$(nproc 2>/dev/null || echo 2)
seconds=2
skip_unit=0 skip_asan_all=0 skip_valgrind=0 strict=0

while [ $# -gt 0 ]; do
	case $1 in
	--work) work=$2; shift 2 ;;
	--valgrind-build) vgbuild=$2; shift 2 ;;
	--jobs) jobs=$2; shift 2 ;;
	--seconds) seconds=$2; shift 2 ;;
	--skip-unit) skip_unit=1; shift ;;
	--skip-asan-all) skip_asan_all=1; shift ;;
	--skip-valgrind) skip_valgrind=1; shift ;;
	--strict) strict=1; shift ;;
	*) sed -n '2,/^set -u/p' "$0" | sed -n 's/^# \{0,1\}//p' >&2; exit 2 ;;
	esac
done

mkdir -p "$work"
logs=$work/logs
rm -rf "$logs"
mkdir -p "$logs"
t_start=$(date +%s)

say() { printf '== %s\n' "$*"; }

# ------------------------------------------------------------ preflight
cc=${CC:-cc}
probe=$work/probe
printf 'int main(void) { return 0; }\n' >"$probe.c"
if ! "$cc" -fsanitize=address,undefined "$probe.c" -o "$probe" 2>/dev/null || ! "$probe"; then
	say "the compiler's ASan/UBSan runtimes do not work here; nothing to do"
	exit 77
fi
if [ $skip_valgrind -eq 0 ] && ! command -v valgrind >/dev/null; then
	say "valgrind not installed: skipping step 6"
	skip_valgrind=1
fi

# Sanitizer reports stop the program with an exit status of their own,
# and print a line the scan below recognizes.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:exitcode=86:detect_stack_use_after_return=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=87}
findings_re='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer|==[0-9]+== ERROR SUMMARY: [1-9]'

findings=0
failures=0
summary=()

# Build TREE with extra cmake arguments; then the targets matching ERE.
build_tree() {
	local tree=$1 ere=$2
	shift 2
	say "configure $tree"
	if ! cmake -S "$src" -B "$work/$tree" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DFX_SANITIZE=ON -DFX_STRESS_ASAN=ON -DFX_STRESS_SANITIZE_TEST=OFF \
		-DFX_BUILD_PERF=OFF -DFX_STRESS_SHORT_SECONDS="$seconds" "$@" \
		>"$logs/$tree.configure.log" 2>&1; then
		say "configure $tree failed: $logs/$tree.configure.log"
		tail -20 "$logs/$tree.configure.log"
		exit 1
	fi
	local targets
	targets=$(cmake --build "$work/$tree" --target help | grep -oE "\b($ere)\b" | sort -u)
	say "build $tree: $(echo $targets | wc -w) targets"
	local t0=$SECONDS
	# shellcheck disable=SC2086
	if ! cmake --build "$work/$tree" -j "$jobs" --target fxpthread $targets \
		>"$logs/$tree.build.log" 2>&1; then
		say "build $tree failed: $logs/$tree.build.log"
		grep -E 'error' "$logs/$tree.build.log" | head -20
		exit 1
	fi
	summary+=("$(printf '%-34s %41s %3d s' "build $tree" "" $((SECONDS - t0)))")
}

# Run ctest in TREE with the given selection; scan everything it printed.
run_step() {
	local name=$1 tree=$2
	shift 2
	local log=$logs/$name.log
	say "$name"
	local t0=$SECONDS
	(cd "$work/$tree" && ctest -V -j "$jobs" --timeout 300 "$@") >"$log" 2>&1
	local rc=$?
	local dt=$((SECONDS - t0))
	local ran failed found
	ran=$(grep -cE '^ *[0-9]+/[0-9]+ Test +#' "$log")
	failed=$(grep -E '^ *[0-9]+/[0-9]+ Test +#' "$log" | grep -vc ' Passed ')
	found=$(grep -cE "$findings_re" "$log")
	if [ "$ran" -eq 0 ] && [ $rc -ne 0 ]; then
		failed=1
	fi
	if [ "$found" -gt 0 ]; then
		findings=$((findings + found))
		say "  $found sanitizer report line(s) -- $log"
		grep -E -A12 "$findings_re" "$log" | head -60 | sed 's/^/    /'
	fi
	if [ "$failed" -gt 0 ]; then
		failures=$((failures + failed))
		say "  $failed of $ran test(s) failed:"
		grep -E '^ *[0-9]+/[0-9]+ Test +#' "$log" | grep -v ' Passed ' | sed 's/^/    /'
	fi
	summary+=("$(printf '%-34s %3d tests, %2d failed, %2d sanitizer report lines, %3d s' "$name" "$ran" "$failed" "$found" "$dt")")
}

# ------------------------------------------------------------- tree one
unit_re='unit_[A-Za-z0-9_]+'
build_tree ubsan-lib "stress_[A-Za-z0-9_]+|replay_[A-Za-z0-9_]+|$unit_re"
if [ $skip_unit -eq 0 ]; then
	run_step "1 unit, UBSan" ubsan-lib -L '^unit$'
fi
run_step "2 stress ASan+UBSan, UBSan lib" ubsan-lib -L '^stress-asan$'
run_step "3 stress preload, UBSan lib" ubsan-lib -L '^stress$' -E 'bad_input_(glibc|doc|check)'

# ------------------------------------------------------------- tree two
if [ $skip_asan_all -eq 0 ]; then
	san="-fsanitize=address,undefined -fno-omit-frame-pointer"
	build_tree asan-all "stress_asan_[A-Za-z0-9_]+|$unit_re" \
		-DCMAKE_C_FLAGS="$san" -DCMAKE_CXX_FLAGS="$san" \
		-DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
		-DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined"
	if [ $skip_unit -eq 0 ]; then
		# unit.binding checks that each entry point's address lies in
		# libfxpthread; under ASan, libasan's interceptors (pthread_mutex_lock,
		# the attribute getters) come first and forward to fxpthread, so
		# that test cannot hold there.
		run_step "4 unit, ASan+UBSan everywhere" asan-all -L '^unit$' -E '^unit\.binding$'
	fi
	run_step "5 stress, ASan+UBSan everywhere" asan-all -L '^stress-asan$'
fi

# ------------------------------------------------------------- valgrind
# Short counts: valgrind runs one thread at a time.  --fair-sched=yes hands
# the CPU round-robin: otherwise threads looping on uncontended locks keep
# it for long slices and a 2 s scenario takes minutes.
valgrind_cases=(
	"robust_killed_owners_keep_total_exact -d 2 -n 3"
	"robust_dead_threads_wake_every_waiter -d 2 -n 3"
	"signal_storm_never_interrupts_or_loses_waits -d 2 -n 200"
	"cancel_storm_keeps_mutex_and_tokens -d 2 -n 4"
	"fork_under_traffic_keeps_totals_and_child_objects -d 2 -n 1"
	"timeouts_past_now_future_invalid_under_contention -d 2 -n 3"
	"thousands_of_threads_on_one_mutex_and_condvar -d 1 -n 200"
	"churn_destroys_after_last_use_and_reuses_memory -d 2"
)
if [ $skip_valgrind -eq 0 ]; then
	vg=${vgbuild:-$work/ubsan-lib}
	lib=$vg/libfxpthread.so
	say "6 valgrind memcheck, preloaded $lib"
	vg_ran=0 vg_errors=0 vg_failed=0 t0=$SECONDS
	for c in "${valgrind_cases[@]}"; do
		set -- $c
		prog=$vg/conformance/stress/stress_$1
		shift
		log=$logs/valgrind.$(basename "$prog").log
		if [ ! -x "$prog" ]; then
			say "  missing $prog"
			vg_failed=$((vg_failed + 1))
			continue
		fi
		LD_PRELOAD=$lib timeout 600 valgrind --error-exitcode=1 --fair-sched=yes \
			--errors-for-leak-kinds=definite --leak-check=full \
			--max-threads=1000 --child-silent-after-fork=no \
			"$prog" "$@" -w 400 >"$log" 2>&1
		rc=$?
		vg_ran=$((vg_ran + 1))
		errs=$(grep -E '== ERROR SUMMARY: [0-9]+' "$log" | grep -vc 'ERROR SUMMARY: 0 errors')
		if [ "$errs" -gt 0 ]; then
			vg_errors=$((vg_errors + errs))
			say "  $(basename "$prog"): valgrind errors -- $log"
			grep -E -B2 -A14 'Invalid|uninitialised|definitely lost|Syscall param' "$log" | head -50 | sed 's/^/    /'
		elif [ $rc -ne 0 ]; then
			vg_failed=$((vg_failed + 1))
			say "  $(basename "$prog"): exit $rc without a valgrind error -- $log"
			grep -E '^FAIL' "$log" | head -5 | sed 's/^/    /'
		else
			say "  $(basename "$prog"): clean ($(grep -E '^PASS' "$log" | head -1 | cut -c1-100))"
		fi
	done
	findings=$((findings + vg_errors))
	failures=$((failures + vg_failed))
	summary+=("$(printf '%-34s %3d runs,  %2d failed, %2d with valgrind errors,  %3d s' "6 valgrind memcheck" "$vg_ran" "$vg_failed" "$vg_errors" $((SECONDS - t0)))")
fi

echo
say "summary ($(( $(date +%s) - t_start )) s; logs in $logs)"
for s in "${summary[@]}"; do
	echo "   $s"
done
if [ $findings -gt 0 ]; then
	say "FAIL: $findings sanitizer or valgrind finding(s)"
	exit 1
fi
if [ $failures -gt 0 ]; then
	if [ $strict -eq 1 ]; then
		say "FAIL: $failures test failure(s) (--strict)"
		exit 1
	fi
	say "PASS: no sanitizer or valgrind finding; $failures test failure(s) that are no finding (the plain suites report them)"
	exit 0
fi
say "PASS: no sanitizer or valgrind finding, every test passed"
