#!/bin/sh
# Model-check the futex protocols of docs/models/ with spin.
#
#   conformance/models/check.sh [-v] [-t] [-j N] [FILTER]
#
#   -v      print pan's full output for every check
#   -t      print the counterexample trail of every check that found one
#   -j N    run N checks at a time (default: FX_MODELS_JOBS, or 2)
#   FILTER  run only the checks whose name contains FILTER
#
# Every check generates pan with `spin -a`, compiles it with gcc and runs
# it.  Five kinds of check:
#
#   verify    the model of the code as it is: errors: 0 required
#             (safety: assertions and invalid end states, pan -DSAFETY;
#              live: the model's LTL formula under weak fairness, pan -a -f)
#   mutant    the model with a known bug injected (-DMUT_*): spin must find
#             an error of the stated kind, which proves the check has teeth
#   reach     an assertion that a behaviour never happens (REACH=...) must
#             fail: the scenario really exercises that path
#   limit     a documented limit of the protocol (docs/models/README.md):
#             spin must find it
#   fix       a proposed fix of a protocol bug (docs/models/README.md),
#             switched on with -DFIX_*: errors: 0 required
#
# A verify that finds an error fails the script and prints the trail.
# Exit status: 0 when every check gave the expected answer, 1 otherwise,
# 2 when spin or gcc is missing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
models=$(cd "$here/../../docs/models" && pwd)
verbose=0
trails=0
jobs=${FX_MODELS_JOBS:-2}
filter=
while [ $# -gt 0 ]; do
	case $1 in
	-v) verbose=1 ;;
	-t) trails=1 ;;
	-j) jobs=$2; shift ;;
	-h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
	*) filter=$1 ;;
	esac
	shift
done

for tool in spin gcc; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "check.sh: $tool not found" >&2
		exit 2
	fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/fxmodels.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
cp "$models"/*.pml "$work"/

# pan's limits: search depth, and memory in MB (a run that needs more
# fails rather than swapping; the largest search, cond-bcast-handoff, has
# 66 M states and needs 3.1 GB with COLLAPSE).
depth=100000
memlim=${FX_MODELS_MEMLIM:-4096}

order=
# $jobs tokens in a pipe: a check takes one before it starts and gives it
# back when it ends, so that a long check does not hold up the next ones.
mkfifo "$work/tokens" || exit 2
exec 3<>"$work/tokens"
i=0
while [ $i -lt "$jobs" ]; do
	echo >&3
	i=$((i + 1))
done

# check KIND NAME MODEL "DEFINES" [EXPECTED-ERROR-PATTERN [GCC-OPT-LEVEL]]
# Runs in the background, $jobs at a time; the verdict goes to $dir/report.
check() {
	case $2 in *"$filter"*) ;; *) return ;; esac
	order="$order $2"
	mkdir -p "$work/$2"
	cp "$work"/*.pml "$work/$2"/
	read -r _ <&3
	{
		run_check "$@" >"$work/$2/report" 2>&1
		echo >&3
	} &
}

run_check() {
	kind=$1 name=$2 model=$3 defs=$4 want=${5:-} opt=${6:-0}
	dir="$work/$name"
	live=0
	case $defs in *-DLIVE*) live=1 ;; esac
	start=$(date +%s)
	# shellcheck disable=SC2086
	if ! (cd "$dir" && spin $defs -a "$model" >spin.out 2>&1); then
		report FAIL "$kind" "$name" "spin -a failed: $(tail -3 "$dir/spin.out")"
		return
	fi
	# COLLAPSE: the state vectors are compressed, so that the larger
	# searches (the condvar over the parked mutex: 20 M states) fit in
	# $memlim without approximation.
	if [ $live = 1 ]; then
		cflags="-DNFAIR=3 -DCOLLAPSE"
		runflags="-a -f"
	else
		cflags="-DSAFETY -DCOLLAPSE"
		runflags=""
	fi
	# Compiling pan with optimisation costs more than it saves at these
	# sizes (a few million states at most), except for the largest
	# fairness searches, which ask for it.
	opt=${FX_MODELS_OPT:-$opt}
	if ! (cd "$dir" && gcc -O$opt -w $cflags -DMEMLIM=$memlim -o pan pan.c 2>gcc.out); then
		report FAIL "$kind" "$name" "gcc failed: $(tail -3 "$dir/gcc.out")"
		return
	fi
	# shellcheck disable=SC2086
	(cd "$dir" && ./pan -m$depth $runflags >pan.out 2>&1)
	secs=$(( $(date +%s) - start ))
	out="$dir/pan.out"
	[ $verbose = 1 ] && cat "$out"
	errors=$(sed -n 's/.*errors: \([0-9][0-9]*\).*/\1/p' "$out" | tail -1)
	states=$(sed -n 's/^ *\([0-9.e+]*\) states, stored.*/\1/p' "$out" | tail -1)
	what=$(grep -m1 -E '^pan:1: ' "$out" | sed 's/^pan:1: //; s/ (at depth.*//')
	info="${states:-?} states, ${secs}s"
	# A search cut short by the depth or memory bound proves nothing.
	# (pan also prints "Search not completed" when it stops at the first
	# error, which is the expected outcome of reach and mutant checks.)
	if grep -q -E 'max search depth too small|out of memory|memory limit|MEMLIM bound' "$out"; then
		report FAIL "$kind" "$name" "incomplete search ($info): $(grep -m1 -E 'depth too small|memory|MEMLIM' "$out")"
		return
	fi
	if [ -z "$errors" ]; then
		report FAIL "$kind" "$name" "no verdict from pan: $(tail -3 "$out")"
		return
	fi
	case $kind in
	verify|fix)
		if [ "$errors" = 0 ]; then
			report ok "$kind" "$name" "errors: 0, $info"
		else
			report FAIL "$kind" "$name" "$what ($info)"
			show_trail "$dir" "$model" "$defs"
		fi ;;
	*)
		if [ "$errors" = 0 ]; then
			report FAIL "$kind" "$name" "spin found nothing ($info): the check has no teeth"
		elif [ -n "$want" ] && ! printf '%s\n' "$what" | grep -q -E "$want"; then
			report FAIL "$kind" "$name" "found '$what', expected /$want/"
			show_trail "$dir" "$model" "$defs"
		else
			report ok "$kind" "$name" "found: $what ($info)"
			[ $trails = 1 ] && show_trail "$dir" "$model" "$defs"
		fi ;;
	esac
}

report() {
	printf '%-4s %-6s %-44s %s\n' "$1" "$2" "$3" "$4"
}

# The trail as "thread: statement" lines, without spin's bookkeeping.
show_trail() {
	# shellcheck disable=SC2086
	(cd "$1" && spin $3 -t -p "$2" 2>/dev/null) |
		sed -n 's/^ *[0-9]*:[[:space:]]*proc *\([0-9]*\) (\([a-z0-9_:]*\)[^)]*) \([a-z0-9_.]*:[0-9]*\) (state [0-9]*)[[:space:]]*\[\(.*\)\]$/    p\1 \3  \4/p' |
		grep -v -E '  (\(1\)|else|goto|break|\.\(goto\))$' | tail -${FX_MODELS_TRAIL_LINES:-60}
}

echo "fxpthread protocol models: $(spin -V 2>/dev/null | head -1)"

# ---------------------------------------------------- mutex 0/1/2 + hand-off
check verify mutex012                      mutex012.pml ""
check verify mutex012-live                 mutex012.pml "-DITER=1 -DLIVE"
check verify mutex012-destroy              mutex012.pml "-DITER=1 -DDESTROY"
check reach  mutex012-timeout-reached      mutex012.pml "-DREACH=mtmo" "assertion"
check reach  mutex012-handoff-reached      mutex012.pml "-DREACH=nhanded" "assertion"
check mutant mutex012-unlock-no-wake       mutex012.pml "-DMUT_UNLOCK_NO_WAKE" "invalid end state"
check mutant mutex012-woken-takes-1        mutex012.pml "-DMUT_WOKEN_TAKES_1" "invalid end state"
check mutant mutex012-unlock-load-store    mutex012.pml "-DMUT_UNLOCK_LOAD_STORE" "invalid end state"
check mutant mutex012-newcomer-takes-handed mutex012.pml "-DMUT_NEWCOMER_TAKES_HANDED" "handing"
check mutant mutex012-old-handoff          mutex012.pml "-DITER=1 -DDESTROY -DMUT_OLD_HANDOFF" "assertion"

# ------------------------------------------------ robust TID word, owner death
check verify robust                        robust.pml ""
check verify robust-live                   robust.pml "-DLIVE" "" 2
check reach  robust-eownerdead-reached     robust.pml "-DREACH=nodead" "assertion"
check reach  robust-notrecoverable-reached robust.pml "-DREACH=nnotrec" "assertion"
check mutant robust-no-list-op-pending     robust.pml "-DMUT_NO_PENDING" "invalid end state"
check mutant robust-woken-no-waiters-mark  robust.pml "-DMUT_MARK0" "invalid end state"
check mutant robust-private-futex-ops      robust.pml "-DMUT_PRIVATE_OPS" "invalid end state"
check limit  robust-death-with-wake-owed   robust.pml "-DDIE_ANYWHERE" "invalid end state"

# -------------------------------------- private mutex with parking (park.c)
check verify park                          park.pml ""
check verify park-live                     park.pml "-DITER=1 -DLIVE"
check verify park-destroy                  park.pml "-DITER=1 -DDESTROY"
check reach  park-parked-reached           park.pml "-DREACH=nparked" "assertion"
check reach  park-spared-reached           park.pml "-DREACH=nspared" "assertion"
check reach  park-handoff-reached          park.pml "-DREACH=nhanded" "assertion"
check reach  park-timeout-reached          park.pml "-DREACH=mtmo" "assertion"
check mutant park-no-mark                  park.pml "-DMUT_PARK_NO_MARK" "invalid end state"
check mutant park-woken-keeps-mark         park.pml "-DMUT_WOKEN_KEEPS_MARK" "invalid end state"
check mutant park-release-drops-parked     park.pml "-DMUT_RELEASE_DROPS_PARKED" "invalid end state"
check mutant park-release-stale-woken      park.pml "-DMUT_RELEASE_STALE_WOKEN" "invalid end state"
check mutant park-timeout-leaves-early     park.pml "-DMUT_TIMEOUT_LEAVES_EARLY" "ninside"

# ------------------------------------------------------------------- condvar
check verify cond-order                    cond.pml "-DSCEN_ORDER"
check verify cond-signals                  cond.pml "-DSCEN_SIGNALS"
check verify cond-bcast                    cond.pml "-DSCEN_BCAST -DDESTROY=0" "" 2
check verify cond-bcast-destroy            cond.pml "-DSCEN_BCAST -DDESTROY=1" "" 2
check verify cond-bcast-destroy-locked     cond.pml "-DSCEN_BCAST -DDESTROY=2" "" 2
check verify cond-bcast-destroy-woken      cond.pml "-DSCEN_BCAST -DDESTROY=3"
check verify cond-bcast-timed              cond.pml "-DSCEN_BCAST -DDESTROY=0 -DBCAST_TIMED" "" 2
check verify cond-bcast-handoff            cond.pml "-DSCEN_BCAST -DDESTROY=0 -DCOND_HANDOFF" "" 2
check verify cond-order-live               cond.pml "-DSCEN_ORDER -DLIVE"
check verify cond-bcast-live               cond.pml "-DSCEN_BCAST -DDESTROY=0 -DLIVE" "" 2
check reach  cond-requeue-reached          cond.pml "-DSCEN_BCAST -DDESTROY=0 -DREACH=moved" "assertion"
check reach  cond-bcast-woke-two-reached   cond.pml "-DSCEN_BCAST -DDESTROY=0 -DREACH=woke2" "assertion"
check reach  cond-kick-requeued-reached    cond.pml "-DSCEN_BCAST -DDESTROY=2 -DREACH=moved" "assertion"
check reach  cond-timeout-reached          cond.pml "-DSCEN_SIGNALS -DREACH=ntmo" "assertion"
check reach  cond-handoff-reached          cond.pml "-DSCEN_BCAST -DDESTROY=0 -DCOND_HANDOFF -DREACH=nhanded" "assertion"
check reach  cond-timeout-requeued-reached cond.pml "-DSCEN_BCAST -DDESTROY=0 -DBCAST_TIMED -DREACH=tmo_requeued" "assertion"
check reach  cond-plain-reacquire-reached  cond.pml "-DSCEN_ORDER -DREACH=plain" "assertion"
check reach  cond-bcast-plain-wake-reached cond.pml "-DSCEN_BCAST -DDESTROY=0 -DREACH=bplain" "assertion"
check reach  cond-spin-exit-reached         cond.pml "-DSCEN_SIGNALS -DREACH=spun" "assertion"
check mutant cond-park-unlock-xchg         cond.pml "-DSCEN_BCAST -DDESTROY=0 -DMUT_UNLOCK_XCHG" "invalid end state"
check mutant cond-reacquire-drops-parked   cond.pml "-DSCEN_BCAST -DDESTROY=0 -DMUT_REACQUIRE_DROPS_PARKED" "invalid end state"
check mutant cond-reacquire-cas01          cond.pml "-DSCEN_BCAST -DDESTROY=0 -DMUT_REACQUIRE_CAS01" "invalid end state"
check mutant cond-requeues-late           cond.pml "-DSCEN_BCAST -DDESTROY=0 -DMUT_REQUEUES_LATE" "invalid end state"
check mutant cond-seq-after-release        cond.pml "-DSCEN_SIGNALS -DMUT_SEQ_AFTER_RELEASE" "invalid end state"
check mutant cond-defer-wake               cond.pml "-DSCEN_ORDER -DMUT_DEFER_WAKE" "myseq"
check mutant cond-bcast-wake-one           cond.pml "-DSCEN_BCAST -DDESTROY=0 -DMUT_BCAST_WAKE_ONE" "fq\["
check mutant cond-destroy-no-kick          cond.pml "-DSCEN_BCAST -DDESTROY=2 -DMUT_DESTROY_NO_KICK" "invalid end state"
check mutant cond-destroy-no-wait          cond.pml "-DSCEN_BCAST -DDESTROY=1 -DMUT_DESTROY_NO_WAIT" "destroyed"
check mutant cond-sleepers-always-self     cond.pml "-DSCEN_SIGNALS -DMUT_SLEEPERS_ALWAYS_SELF" "assertion"
check mutant cond-waker-uncounted        cond.pml "-DSCEN_BCAST -DDESTROY=3 -DMUT_WAKER_UNCOUNTED" "destroyed"
check mutant cond-sleepers-after-wait     cond.pml "-DSCEN_SIGNALS -DMUT_SLEEPERS_AFTER_WAIT" "assertion|invalid end state"

# -------------------------------------------------------------------- rwlock
check verify rwlock-2r1w                   rwlock.pml "-DRW_CONF=1 -DTIMED -DTIMED_READER"
check verify rwlock-1r2w                   rwlock.pml "-DRW_CONF=2 -DTIMED -DTIMED_READER"
check verify rwlock-1r2w-timed-writer      rwlock.pml "-DRW_CONF=2 -DTIMED"
check verify rwlock-destroy                rwlock.pml "-DRW_CONF=1 -DDESTROY"
check verify rwlock-2r1w-live              rwlock.pml "-DRW_CONF=1 -DTIMED -DLIVE"
check verify rwlock-pw-2r1w                rwlock.pml "-DPREFER_WRITER -DRW_CONF=1 -DTIMED -DTIMED_READER"
check verify rwlock-pw-1r2w                rwlock.pml "-DPREFER_WRITER -DRW_CONF=2 -DTIMED -DTIMED_READER"
check verify rwlock-pw-1r2w-timed-writer   rwlock.pml "-DPREFER_WRITER -DRW_CONF=2 -DTIMED"
check verify rwlock-pw-destroy             rwlock.pml "-DPREFER_WRITER -DRW_CONF=2 -DDESTROY"
check reach  rwlock-writer-left-reached    rwlock.pml "-DRW_CONF=2 -DTIMED -DREACH=nleft" "assertion"
check reach  rwlock-backout-reached        rwlock.pml "-DRW_CONF=1 -DREACH=nbackout" "assertion"
check reach  rwlock-pw-keep-reached        rwlock.pml "-DPREFER_WRITER -DRW_CONF=2 -DREACH=nkeep" "assertion"
check mutant rwlock-writer-no-mark         rwlock.pml "-DRW_CONF=2 -DMUT_W_NO_MARK" "invalid end state"
check mutant rwlock-pw-reader-no-recheck   rwlock.pml "-DPREFER_WRITER -DRW_CONF=1 -DMUT_R_NO_RECHECK" "invalid end state"
check mutant rwlock-pw-no-writer-left      rwlock.pml "-DPREFER_WRITER -DRW_CONF=1 -DTIMED -DMUT_NO_WRITER_LEFT" "invalid end state"
check mutant rwlock-wunlock-no-reader-wake rwlock.pml "-DRW_CONF=1 -DMUT_WUNLOCK_NO_RWAKE" "invalid end state"
check mutant rwlock-pw-old-writer-left     rwlock.pml "-DPREFER_WRITER -DRW_CONF=2 -DTIMED -DMUT_OLD_WRITER_LEFT" "invalid end state"
check mutant rwlock-backout-no-wake        rwlock.pml "-DRW_CONF=3 -DITER=1 -DMUT_BACKOUT_NO_WAKE" "invalid end state"
check mutant rwlock-wunlock-drops-count     rwlock.pml "-DRW_CONF=1 -DMUT_WUNLOCK_DROPS_COUNT" "assertion|invalid end state"
check mutant rwlock-nwwait-after-release   rwlock.pml "-DRW_CONF=1 -DDESTROY -DMUT_NWWAIT_AFTER_RELEASE" "destroyed"

# ------------------------------------------------------------------- barrier
check verify barrier                       barrier.pml ""
check verify barrier-destroy               barrier.pml "-DDESTROY"
check verify barrier-live                  barrier.pml "-DLIVE"
check reach  barrier-destroy-waits-reached barrier.pml "-DDESTROY -DREACH=dslept" "assertion"
check reach  barrier-no-wake-reached       barrier.pml "-DREACH=nowake" "assertion"
check mutant barrier-reset-after-unlock    barrier.pml "-DMUT_RESET_AFTER_UNLOCK" "arrived"
check mutant barrier-round-after-unlock    barrier.pml "-DMUT_ROUND_AFTER_UNLOCK" "invalid end state"
check mutant barrier-destroy-no-wait       barrier.pml "-DDESTROY -DMUT_DESTROY_NO_WAIT" "destroyed"
check mutant barrier-count-after-unlock    barrier.pml "-DDESTROY -DMUT_COUNT_AFTER_UNLOCK" "destroyed"
check mutant barrier-register-unlocked     barrier.pml "-DMUT_REGISTER_UNLOCKED" "invalid end state"

wait
npass=0
nfail=0
failed=
for name in $order; do
	cat "$work/$name/report"
	if head -1 "$work/$name/report" | grep -q '^ok '; then
		npass=$((npass + 1))
	else
		nfail=$((nfail + 1))
		failed="$failed $name"
	fi
done
echo "$npass passed, $nfail failed"
if [ $nfail -gt 0 ]; then
	echo "failed:$failed"
	echo "known protocol bugs and limits: docs/models/README.md"
	exit 1
fi
exit 0
