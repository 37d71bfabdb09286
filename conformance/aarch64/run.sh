#!/bin/sh
# Cross-build fxpthread for aarch64 and run stress programs on it under
# qemu-aarch64 (docs/aarch64.md).
#
#   conformance/aarch64/run.sh [WORK_DIR]        (default: build-aarch64/)
#
# 1. configures a separate CMake build with toolchain-aarch64.cmake
#    (FX_ARCH=aarch64, tests and benchmarks off) and builds libfxpthread.so;
# 2. cross-compiles the plain C programs of this folder;
# 3. runs each under qemu-aarch64 with LD_PRELOAD of the aarch64 library,
#    once per emulated CPU in FX_AARCH64_CPUS (default "cortex-a53 max":
#    ARMv8.0 without LSE, so the outline atomics take the LDAXR/STLXR
#    path, and a CPU with LSE, so they take CASAL/SWPAL/LDADDAL; the
#    first CPU's run also sets FXPTHREAD_SPIN=0 so that every contended
#    lock sleeps in the kernel); a program must exit 0 and print its
#    "ok:" lines;
# 4. checks with LD_DEBUG=bindings that every pthread_mutex/cond/rwlock/
#    barrier symbol each program imports binds to libfxpthread.
#
# Environment: FX_AARCH64_CC (aarch64-linux-gnu-gcc), FX_QEMU
# (qemu-aarch64; "none" runs the programs directly, on arm64 hardware),
# FX_AARCH64_SYSROOT (/usr/aarch64-linux-gnu),
# FX_AARCH64_CPUS, FX_STRESS_SCALE (iteration multiplier, default 4),
# FX_AARCH64_TIMEOUT (seconds per program run, default 150).
# Exit status: 0 all passed, 1 a failure, 77 toolchain or qemu missing.
set -u

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${1:-$repo/build-aarch64}
cc=${FX_AARCH64_CC:-aarch64-linux-gnu-gcc}
qemu=${FX_QEMU:-qemu-aarch64}
sysroot=${FX_AARCH64_SYSROOT:-/usr/aarch64-linux-gnu}
cpus=${FX_AARCH64_CPUS:-cortex-a53 max}
limit=${FX_AARCH64_TIMEOUT:-150}
export FX_STRESS_SCALE="${FX_STRESS_SCALE:-4}"
triple=${cc%-gcc}
progs="mutex_counter cond_prodcons rwlock_invariant barrier_rounds robust_death pshared_fork"

# FX_QEMU=none runs the programs directly: on an arm64 machine, where the
# hardware's weak memory ordering is real (docs/aarch64.md).
native=0
[ "$qemu" = none ] && native=1
tools="$cc cmake"
[ $native = 1 ] || tools="$tools $qemu"
for tool in $tools; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "run.sh: $tool not found: skipped"
		exit 77
	fi
done
if [ $native = 0 ] && [ ! -d "$sysroot" ]; then
	echo "run.sh: no aarch64 sysroot at $sysroot: skipped"
	exit 77
fi

fails=0
fail() {
	echo "FAIL $*"
	fails=$((fails + 1))
}

mkdir -p "$work/bin" "$work/log" "$work/pkgconfig"
started=$(date +%s)

# ------------------------------------------------------------ library
# The top-level project configures the diagnostics library whenever its
# folder exists, and that asks pkg-config for libunwind and libbsd and
# checks <sys/sdt.h>.  Only the fxpthread target is built here, so the
# configure step gets stand-in answers: stub .pc files (the host's would
# describe x86_64 libraries anyway) and a cached FX_DIAG_HAVE_SDT.
for pc in libunwind libbsd; do
	cat >"$work/pkgconfig/$pc.pc" <<EOF
Name: $pc
Description: stand-in for the aarch64 configure (diagnostics not built)
Version: 99
Libs:
Cflags:
EOF
done
echo "== configure and build libfxpthread.so for aarch64"
if ! PKG_CONFIG_LIBDIR="$work/pkgconfig" PKG_CONFIG_PATH= \
	cmake -S "$repo" -B "$work/lib" \
	-DCMAKE_TOOLCHAIN_FILE="$here/toolchain-aarch64.cmake" \
	-DFX_AARCH64_TRIPLE="$triple" \
	-DFX_ARCH=aarch64 -DFX_BUILD_TESTS=OFF -DFX_BUILD_PERF=OFF \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo -DFX_DIAG_HAVE_SDT=1 \
	>"$work/log/configure.log" 2>&1; then
	tail -20 "$work/log/configure.log"
	fail "configure (log: $work/log/configure.log)"
	exit 1
fi
if ! cmake --build "$work/lib" --target fxpthread -j2 \
	>"$work/log/build.log" 2>&1; then
	grep -E "error|Error" "$work/log/build.log" | head -20
	fail "build (log: $work/log/build.log)"
	exit 1
fi
lib="$work/lib/libfxpthread.so.0"
if ! "$triple-readelf" -h "$lib" 2>/dev/null | grep -q "AArch64"; then
	fail "$lib is not an AArch64 object"
	exit 1
fi
nwarn=$(grep -c "warning:" "$work/log/build.log")
atomics=$("$triple-objdump" -d "$lib" | grep -c -E "bl.*<__aarch64_(cas|swp|ldadd|ldclr|ldset)")
echo "   $lib: AArch64, $nwarn compiler warnings, $atomics outline-atomic call sites"
[ "$nwarn" = 0 ] || grep "warning:" "$work/log/build.log" | head -10

# ----------------------------------------------------------- programs
echo "== cross-compile the programs"
for p in $progs; do
	if ! "$cc" -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE -pthread \
		-o "$work/bin/$p" "$here/$p.c" 2>"$work/log/$p.cc.log"; then
		cat "$work/log/$p.cc.log"
		fail "compile $p"
	fi
done

# --------------------------------------------------------------- runs
# qemu itself is an x86_64 program: the preload goes to the guest only
# (-E), and any LD_PRELOAD of the caller is kept away from both.
# The first CPU runs without spinning (FXPTHREAD_SPIN=0: every contended
# lock goes to sleep in the kernel), the others with the default spin.
guest() {
	cpu=$1
	shift
	if [ $native = 1 ]; then
		# the same -E VAR=VALUE arguments, for env
		set -- $(printf '%s\n' "$@" | sed -n 's/^-E$//; t; p')
		timeout -k 5 "$limit" env LD_PRELOAD="$lib" "$@"
		return
	fi
	env -u LD_PRELOAD timeout -k 5 "$limit" \
		"$qemu" -cpu "$cpu" -L "$sysroot" -E LD_PRELOAD="$lib" "$@"
}
[ $native = 1 ] && cpus=native

first=1
for cpu in $cpus; do
	spin=
	[ $first = 1 ] && spin=0
	first=0
	if [ $native = 1 ]; then
		echo "== run natively${spin:+, FXPTHREAD_SPIN=$spin}"
	else
		echo "== run under $qemu -cpu $cpu${spin:+, FXPTHREAD_SPIN=$spin}"
	fi
	for p in $progs; do
		[ -x "$work/bin/$p" ] || continue
		t0=$(date +%s)
		(cd "$work/bin" && guest "$cpu" ${spin:+-E FXPTHREAD_SPIN=$spin} "./$p") \
			>"$work/log/$p.$cpu.out" 2>&1
		rc=$?
		dt=$(( $(date +%s) - t0 ))
		sed -n 's/^\(ok\|skip\): /   \1: /p' "$work/log/$p.$cpu.out"
		if [ $rc = 0 ] && grep -q "^ok: " "$work/log/$p.$cpu.out"; then
			echo "PASS $p ($cpu, ${dt}s)"
		else
			tail -5 "$work/log/$p.$cpu.out"
			case $rc in
			124|137) fail "$p ($cpu): killed after ${limit}s" ;;
			*) fail "$p ($cpu): exit status $rc" ;;
			esac
		fi
	done
done

# ----------------------------------------------------------- bindings
# Bind everything at startup (LD_BIND_NOW) and let the dynamic linker say
# where each of the program's pthread sync symbols went.
echo "== symbol bindings (LD_DEBUG=bindings)"
cpu1=${cpus%% *}
for p in $progs; do
	[ -x "$work/bin/$p" ] || continue
	syms=$("$triple-nm" -D --undefined-only "$work/bin/$p" |
		sed -n 's/^ *U \(pthread_\(mutex\|cond\|rwlock\|barrier\|spin\)\(attr\)\{0,1\}_[a-z_]*\).*/\1/p' |
		sort -u)
	(cd "$work/bin" && FX_STRESS_SCALE=1 guest "$cpu1" \
		-E LD_BIND_NOW=1 -E LD_DEBUG=bindings "./$p") \
		>"$work/log/$p.bindings" 2>&1
	missing=
	n=0
	for s in $syms; do
		n=$((n + 1))
		grep -q "binding file \./$p \[0\] to .*libfxpthread\.so\.0 \[0\]: normal symbol \`$s'" \
			"$work/log/$p.bindings" || missing="$missing $s"
	done
	if [ -z "$missing" ] && [ $n -gt 0 ]; then
		echo "PASS $p: all $n pthread sync symbols bind to libfxpthread"
	else
		fail "$p: not bound to libfxpthread:${missing:- (no symbols found)}"
		grep -E "binding file \./$p .*pthread_" "$work/log/$p.bindings" | head -5
	fi
done

total=$(( $(date +%s) - started ))
if [ $fails = 0 ]; then
	echo "aarch64: all passed in ${total}s (logs: $work/log)"
	exit 0
fi
echo "aarch64: $fails failure(s) in ${total}s (logs: $work/log)"
exit 1
