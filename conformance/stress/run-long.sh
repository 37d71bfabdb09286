#!/usr/bin/env bash
# The long form of the stress suite (docs/stress.md).
#
#   run-long.sh [OPTIONS] MINUTES
#
# Runs every scenario in rotation, each run for a slice of SECONDS with a
# fresh seed, a varying size and, per rotation, one setting of
# fxpthread's tunables, until MINUTES have passed; then reports
# runs, failures and each scenario's own summary.  A failed run's output
# is kept, with the command line (seed included) that reproduces it;
# every passing run's summary line goes to LOGS/passes.txt.
#
#   -b DIR     build directory (default: $FX_BUILD_DIR, else build-stress
#              beside this repository's top, else build)
#   -d SEC     seconds per run (default 60)
#   -o DIR     where logs go (default: a new directory under $TMPDIR)
#   -g         run on glibc instead of fxpthread (for comparison)
#   -t SETTING one setting of the tunables for every rotation instead of
#              the list below, e.g. -t "FXPTHREAD_SPIN=2000"
#   -k         stop at the first failure
#
# Exit status: 0 when every run passed.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=${FX_BUILD_DIR:-}
slice=60
logs=""
glibc=0
stop_on_fail=0
pinned=""

usage() {
	sed -n '2,/^set -u/p' "${BASH_SOURCE[0]}" | sed -n 's/^# \{0,1\}//p' >&2
	exit 2
}

while getopts "b:d:o:t:gkh" opt; do
	case $opt in
	b) build=$OPTARG ;;
	d) slice=$OPTARG ;;
	o) logs=$OPTARG ;;
	g) glibc=1 ;;
	k) stop_on_fail=1 ;;
	t) pinned=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
minutes=$1

if [ -z "$build" ]; then
	for d in "$top/build-stress" "$top/build"; do
		if [ -x "$d/conformance/stress/stress_bad_input" ]; then
			build=$d
			break
		fi
	done
fi
bin=$build/conformance/stress
lib=$build/libfxpthread.so
[ -x "$bin/stress_bad_input" ] || {
	echo "run-long.sh: no stress programs in $bin (build the project first, or pass -b)" >&2
	exit 2
}
[ $glibc -eq 1 ] || [ -e "$lib" ] || {
	echo "run-long.sh: $lib not found" >&2
	exit 2
}
logs=${logs:-$(mktemp -d "${TMPDIR:-/tmp}/fxstress.XXXXXX")}
mkdir -p "$logs"

# fxpthread's tunables (docs/tuning.md), one setting per rotation: the
# defaults, then the settings that push the most traffic through the
# mutex's slow paths (no spinning; hand-off at the first fruitless wakeup),
# and long spins (a condvar waiter then mostly leaves through its spin).
tunables=("" "FXPTHREAD_HANDOFF_US=0" "FXPTHREAD_SPIN=0" "FXPTHREAD_SPIN=2000" "FXPTHREAD_MUTEX_SPIN=100" "FXPTHREAD_MUTEX_SPIN=100 FXPTHREAD_HANDOFF_US=0" "FXPTHREAD_BROADCAST_WAKE=1" "FXPTHREAD_BROADCAST_WAKE=1000 FXPTHREAD_HANDOFF_US=0")

# scenario|size values to rotate through (-n); empty: the default
variants=(
	"robust_killed_owners_keep_total_exact|6 12 3"
	"robust_dead_threads_wake_every_waiter|4 8 2"
	"signal_storm_never_interrupts_or_loses_waits|1 50 1000"
	"cancel_storm_keeps_mutex_and_tokens|8 24 4"
	"fork_under_traffic_keeps_totals_and_child_objects|2 4 1"
	"timeouts_past_now_future_invalid_under_contention|6 16 2"
	"thousands_of_threads_on_one_mutex_and_condvar|2000 4000 1000"
	"churn_destroys_after_last_use_and_reuses_memory|1"
)

declare -A runs fails secs last
total_runs=0
total_fails=0
start=$(date +%s)
end=$((start + minutes * 60))
round=0

echo "== stress long form: $minutes min, $slice s per run, on $([ $glibc -eq 1 ] && echo glibc || echo "fxpthread ($lib)")"
echo "== machine: $(nproc) CPUs, $(uname -r), $(ldd --version | head -1)"
echo "== logs: $logs"

while [ "$(date +%s)" -lt "$end" ]; do
	tune=${tunables[$((round % ${#tunables[@]}))]}
	[ -n "$pinned" ] && tune=$pinned
	[ $glibc -eq 1 ] && tune=""
	[ -n "$tune" ] && echo "== rotation $round with $tune"
	for v in "${variants[@]}"; do
		[ "$(date +%s)" -lt "$end" ] || break
		name=${v%%|*}
		sizes=(${v#*|})
		n=${sizes[$((round % ${#sizes[@]}))]}
		left=$((end - $(date +%s)))
		d=$slice
		[ "$left" -lt "$d" ] && d=$((left > 5 ? left : 5))
		seed=$(od -An -N6 -tu8 /dev/urandom | tr -d ' ')
		log=$logs/$name.$round.log
		cmd=("$bin/stress_$name" -d "$d" -n "$n" -s "$seed" -w $((3 * d + 120)))
		[ $glibc -eq 1 ] && cmd+=(-g)
		t0=$(date +%s)
		if [ $glibc -eq 1 ]; then
			env -u LD_PRELOAD "${cmd[@]}" >"$log" 2>&1
		else
			env $tune LD_PRELOAD="$lib" "${cmd[@]}" >"$log" 2>&1
		fi
		rc=$?
		t=$(($(date +%s) - t0))
		runs[$name]=$((${runs[$name]:-0} + 1))
		secs[$name]=$((${secs[$name]:-0} + t))
		total_runs=$((total_runs + 1))
		if [ $rc -eq 0 ]; then
			last[$name]=$(grep '^PASS' "$log" | tail -1)
			grep '^PASS' "$log" >>"$logs/passes.txt"
			printf '%5ds  pass  %-52s n=%-5s %3ds\n' $(($(date +%s) - start)) "$name" "$n" "$t"
			rm -f "$log"
		else
			fails[$name]=$((${fails[$name]:-0} + 1))
			total_fails=$((total_fails + 1))
			printf '%5ds  FAIL  %-52s n=%-5s %3ds  exit %d, log %s\n' $(($(date +%s) - start)) "$name" "$n" "$t" "$rc" "$log"
			grep -E '^FAIL|hang|  [a-z ]+ = ' "$log" | head -8 | sed 's/^/        /'
			echo "        reproduce: $([ $glibc -eq 1 ] || echo "$tune LD_PRELOAD=$lib ")${cmd[*]}"
			[ $stop_on_fail -eq 1 ] && break 2
		fi
	done
	# The bad-input table once per rotation: quick, and it runs every
	# entry point's error paths in fresh processes.
	log=$logs/bad_input.$round.log
	if [ $glibc -eq 1 ]; then
		env -u LD_PRELOAD "$bin/stress_bad_input" >"$log" 2>&1
	else
		env $tune LD_PRELOAD="$lib" "$bin/stress_bad_input" >"$log" 2>&1
	fi
	rc=$?
	runs[bad_input]=$((${runs[bad_input]:-0} + 1))
	total_runs=$((total_runs + 1))
	if [ $rc -eq 0 ]; then
		rm -f "$log"
	else
		fails[bad_input]=$((${fails[bad_input]:-0} + 1))
		total_fails=$((total_fails + 1))
		printf '%5ds  FAIL  %-52s        log %s\n' $(($(date +%s) - start)) bad_input "$log"
		grep '^FAIL' "$log" | head -5 | sed 's/^/        /'
	fi
	round=$((round + 1))
done

echo
echo "== report: $total_runs runs in $(( ($(date +%s) - start) / 60 )) min, $total_fails failed"
printf '%-52s %5s %6s %7s\n' scenario runs failed seconds
for v in "${variants[@]}" "bad_input|"; do
	name=${v%%|*}
	printf '%-52s %5d %6d %7d\n' "$name" "${runs[$name]:-0}" "${fails[$name]:-0}" "${secs[$name]:-0}"
done
echo
echo "== passing runs' summaries, numbers summed per scenario"
if [ -s "$logs/passes.txt" ]; then
	# Same sentence, different numbers: add them up position by position;
	# a "slowest" figure shows the largest, a size in KiB stays as it is.
	awk '
	{
		line = $0; tmpl = ""; n = 0
		while (match(line, /[0-9]+(\.[0-9]+)?/)) {
			before = substr(line, 1, RSTART - 1)
			tmpl = tmpl before "#"
			v = substr(line, RSTART, RLENGTH) + 0
			slow[n + 1] = before ~ /slowest[^#]*$/
			line = substr(line, RSTART + RLENGTH)
			if (line ~ /^ KiB/) slow[n + 1] = 1
			vals[++n] = v
		}
		tmpl = tmpl line
		if (!(tmpl in runs)) order[++k] = tmpl
		runs[tmpl]++
		for (i = 1; i <= n; i++) {
			sum[tmpl, i] += vals[i]
			if (runs[tmpl] == 1 || vals[i] > max[tmpl, i]) max[tmpl, i] = vals[i]
			if (runs[tmpl] == 1 || vals[i] < min[tmpl, i]) min[tmpl, i] = vals[i]
			isslow[tmpl, i] = slow[i]
		}
	}
	END {
		for (j = 1; j <= k; j++) {
			t = order[j]; out = ""; i = 0; rest = t
			while ((p = index(rest, "#")) > 0) {
				i++
				x = isslow[t, i] ? max[t, i] : sum[t, i]
				out = out substr(rest, 1, p - 1) (x == int(x) ? sprintf("%d", x) : sprintf("%.1f", x))
				rest = substr(rest, p + 1)
			}
			printf "%d runs: %s%s\n", runs[t], out, rest
		}
	}' "$logs/passes.txt"
fi
[ $total_fails -eq 0 ] || echo "== failed runs' logs are in $logs"
[ $total_fails -eq 0 ]
