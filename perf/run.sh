#!/usr/bin/env bash
# Build and run the benchmark suite on glibc, fxpthread and musl,
# interleaved; write CSV files and a chart (docs/performance.md).
#
#   perf/run.sh [--quick] [--out DIR] [--build-dir DIR] [--no-build]
#               [--reps N] [--ms MS] [--futex-reps N] [--cases PREFIX,...]
#               [--no-callgrind] [--no-sysbench] [--futex-counter strace]
#
#   --quick      short form (1-2 minutes): 3 repetitions of 50 ms runs,
#                one futex-counting run per cell, callgrind on 3 pairs
#   --out        results directory (default perf/results; with --quick,
#                BUILD/perf/results-quick so the committed results stay)
#   --build-dir  build tree (default: $FX_BUILD_DIR or build-perf)
#   --no-build   use the binaries already in the build tree
#
# Exit status: 0 unless a benchmark run failed or an uncontended
# fxpthread path made a futex system call.  Timings are reported, never
# asserted.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
build=${FX_BUILD_DIR:-$root/build-perf}
do_build=1
pass=()
while [ $# -gt 0 ]; do
	case "$1" in
	--build-dir) build=$2; shift 2 ;;
	--no-build) do_build=0; shift ;;
	-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
	*) pass+=("$1"); shift ;;
	esac
done

if [ "$do_build" -eq 1 ]; then
	echo "== building in $build"
	if [ -f "$build/CMakeCache.txt" ]; then
		cmake -S "$root" -B "$build" >/dev/null
	else
		# A tree of our own: the benchmarks need none of the test suites.
		cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFX_BUILD_TESTS=OFF >/dev/null
	fi
	targets=(fxpthread fxbench fxdemo)
	command -v musl-gcc >/dev/null && targets+=(fxbench-musl)
	cmake --build "$build" -j "$(nproc 2>/dev/null || echo 2)" --target "${targets[@]}" >/dev/null
fi

exec python3 "$here/run.py" --build-dir "$build" ${pass[@]+"${pass[@]}"}
