#!/usr/bin/env bash
# install-consumer: install the build into a fresh prefix and link a
# program against it the way users do, then prove, without LD_PRELOAD,
# that its calls bind to the installed libfxpthread and that
# fxpthread_version() answers.
#
#   install-consumer.sh pkg-config|cmake BUILD_DIR
#
# Environment: CMAKE (cmake to use), CC (compiler), PKG_CONFIG.
set -u
mode=$1
build=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cmake=${CMAKE:-cmake}
cc=${CC:-cc}
pkg_config=${PKG_CONFIG:-pkg-config}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/install-consumer.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
fail=0
bad() {
	echo "FAIL: $*"
	fail=1
}

# ------------------------------------------------------------- install
if ! "$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1; then
	cat "$tmp/install.log"
	echo "FAIL: cmake --install failed"
	exit 1
fi
lib=$(find "$prefix" -name 'libfxpthread.so.0' | head -n 1)
if [ -z "$lib" ]; then
	cat "$tmp/install.log"
	echo "FAIL: no libfxpthread.so.0 under $prefix"
	exit 1
fi
libdir=$(dirname "$lib")
echo "installed: ${lib#"$prefix"/}"
for f in include/fxpthread.h bin/fxrun; do
	[ -e "$prefix/$f" ] || bad "not installed: $f"
done

# ------------------------------------------------------------ link it
app=$tmp/probe_linked
case "$mode" in
pkg-config)
	pcdir=$(dirname "$(find "$prefix" -name fxpthread.pc | head -n 1)")
	[ -f "$pcdir/fxpthread.pc" ] || { echo "FAIL: no fxpthread.pc installed"; exit 1; }
	flags=$(PKG_CONFIG_PATH=$pcdir "$pkg_config" --cflags --libs fxpthread) ||
		{ echo "FAIL: pkg-config --cflags --libs fxpthread failed"; exit 1; }
	echo "pkg-config --cflags --libs fxpthread: $flags"
	# The flags must point into the prefix it was installed to.
	for f in $flags; do
		case "$f" in
		-I*|-L*)
			d=${f#-?}
			case "$(readlink -m -- "$d")" in
			"$(readlink -m -- "$prefix")"/*) ;;
			*) bad "pkg-config gives $f, outside the install prefix $prefix" ;;
			esac ;;
		esac
	done
	# shellcheck disable=SC2086
	if ! "$cc" -DPROBE_LINKED "$here/probe.c" $flags -ldl -o "$app" 2>"$tmp/cc.err"; then
		cat "$tmp/cc.err"
		bad "gcc probe.c \$(pkg-config --cflags --libs fxpthread) failed"
		# Go on with explicit flags, to report on the rest as well.
		"$cc" -DPROBE_LINKED "$here/probe.c" -I"$prefix/include" -L"$libdir" \
			-Wl,--no-as-needed -lfxpthread -ldl -o "$app" ||
			{ echo "FAIL: cannot link against $libdir either"; exit 1; }
		echo "(continuing with -I$prefix/include -L$libdir -lfxpthread)"
	fi
	;;
cmake)
	if ! "$cmake" -S "$here/consumer" -B "$tmp/consumer" -DCMAKE_PREFIX_PATH="$prefix" \
		-DCMAKE_C_COMPILER="$cc" -DPROBE_SOURCE="$here/probe.c" \
		-DCMAKE_BUILD_TYPE=Release >"$tmp/cmake.log" 2>&1 ||
		! "$cmake" --build "$tmp/consumer" >>"$tmp/cmake.log" 2>&1; then
		cat "$tmp/cmake.log"
		echo "FAIL: find_package(fxpthread) + fxpthread::fxpthread project did not build"
		exit 1
	fi
	cp "$tmp/consumer/probe_linked" "$app"
	echo "built with find_package(fxpthread) and fxpthread::fxpthread"
	;;
*)
	echo "usage: install-consumer.sh pkg-config|cmake BUILD_DIR" >&2
	exit 2
	;;
esac

needed=$(readelf -d "$app" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
echo "NEEDED: $needed"
case " $needed" in
*" libfxpthread.so.0 "*"libc.so.6 "*) ;;
*) bad "libfxpthread.so.0 must be NEEDED, ahead of libc.so.6" ;;
esac

# ---------------------------------------------- run it, no LD_PRELOAD
env -u LD_PRELOAD LD_LIBRARY_PATH="$libdir" "$here/check-bindings.sh" --linked \
	--expect pthread_mutex_lock --expect pthread_mutex_unlock \
	--expect pthread_cond_timedwait --expect pthread_cond_signal \
	--timeout 30 "$lib" "$app" x >"$tmp/run.out" 2>"$tmp/run.err"
status=$?
cat "$tmp/run.out" "$tmp/run.err"
[ "$status" -eq 0 ] || bad "check-bindings --linked: status $status"
tail -n 1 "$tmp/run.out" | grep -Eq '^ok: [1-9][0-9]* bindings, all to fxpthread$' ||
	bad "no ok verdict from check-bindings"
field() { sed -n "s/^$1: //p" "$tmp/run.out"; }
[ "$(field calls)" = ok ] || bad "the probe's pthread calls failed"
where=$(field "pthread_mutex_lock path")
[ "$(readlink -f -- "$where")" = "$(readlink -f -- "$lib")" ] ||
	bad "dladdr(pthread_mutex_lock) is $where, not the installed $lib"
[ "$(field "fxpthread_active()")" = 1 ] || bad "fxpthread_active() is not 1"
version=$(field fxpthread_version)
header=$(field "header version")
[[ "$version" == "fxpthread $header ("*")" ]] ||
	bad "fxpthread_version() is \"$version\", header says $header"

# The installed launcher finds the installed library next to it.
if [ "$mode" = cmake ]; then
	"$cc" "$here/probe.c" -ldl -o "$tmp/probe_plain" || bad "cannot build probe"
	env -u LD_PRELOAD -u FXPTHREAD_LIB "$prefix/bin/fxrun" -- "$tmp/probe_plain" >"$tmp/fxrun.out" 2>&1
	cat "$tmp/fxrun.out"
	where=$(sed -n 's/^pthread_mutex_lock path: //p' "$tmp/fxrun.out")
	[ "$(readlink -f -- "$where")" = "$(readlink -f -- "$lib")" ] ||
		bad "installed fxrun did not preload the installed library (got $where)"
fi

[ "$fail" -eq 0 ] && echo PASS || echo FAILED
exit "$fail"
