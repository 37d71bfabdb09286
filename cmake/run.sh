#!/usr/bin/env bash
# The project's two entry points (see README.md):
#
#   bash cmake/run.sh demo [-- PROGRAM ARGS...]   build, then run a program
#                                                 on glibc and on fxpthread
#                                                 side by side (default: the
#                                                 bundled demo workload)
#   bash cmake/run.sh test                        build and run every suite
#
# Both first install the Debian packages they need (as root, or via sudo).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${FX_BUILD_DIR:-$here/build}
jobs=$(nproc 2>/dev/null || echo 2)

packages=(
	build-essential g++ cmake pkg-config git python3
	libcriterion-dev libunwind-dev libbsd-dev systemtap-sdt-dev
	musl-tools sysbench strace valgrind spin gnuplot-nox
	libpython3.11-testsuite pigz zstd xz-utils nodejs openjdk-17-jdk-headless perl
	qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross
)

install_packages() {
	local missing=()
	for p in "${packages[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "== installing: ${missing[*]}"
	# A minimal image may lack the man directory that the JDK's
	# update-alternatives links into.
	$sudo mkdir -p /usr/share/man/man1
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

configure_and_build() {
	cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$build" -j "$jobs"
}

cmd=${1:-test}
shift || true
case "$cmd" in
demo)
	install_packages
	configure_and_build >/dev/null
	[ "${1:-}" = "--" ] && shift
	if [ $# -eq 0 ]; then
		set -- "$build/perf/fxdemo"
	fi
	echo "== $* on glibc and on fxpthread (LD_PRELOAD), interleaved"
	"$build/fxrun" --compare --repeat 5 -- "$@"
	echo "== bindings: every sync call of the program reached fxpthread"
	FXPTHREAD_LIB="$build/libfxpthread.so.0" "$here/conformance/preload/check-bindings.sh" "$@"
	;;
test)
	install_packages
	configure_and_build
	cd "$build"
	# Everything, including the Promela model checks (label models) and
	# the sanitizer and valgrind run (label sanitize, cmake/sanitize.sh,
	# alone at the end).
	ctest --output-on-failure -j "$jobs" --timeout 900
	;;
*)
	echo "usage: bash cmake/run.sh demo|test" >&2
	exit 2
	;;
esac
