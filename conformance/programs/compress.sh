#!/usr/bin/env bash
# Multithreaded compressors, round trip on glibc and on fxpthread.
#
#   compress.sh xz     xz -T2, 128 KiB blocks: ~60 blocks handed between
#                      the reader and the encoder threads (liblzma's
#                      mutex + condvar on CLOCK_MONOTONIC, timed waits);
#                      decompressed with xz -T2 (threaded since xz 5.4)
#   compress.sh zstd   zstd -T2 with 512 KiB jobs (its job pool: mutex +
#                      condvars) and its asynchronous I/O pool
#   compress.sh pigz   pigz -p 2 with 128 KiB blocks (yarn: a mutex +
#                      condvar per pool, buffer and sequence "twist")
#
# The compressed stream must be byte-identical on both libraries (these
# tools produce the same output whatever the thread timing), and it must
# decompress, on fxpthread, to the input.
. "$(dirname -- "$0")/harness.sh"

tool=${1:-}
case "$tool" in
xz)
	comp=(xz -T2 -0 --block-size=128KiB -c)
	decomp=(xz -T2 -d -c) ;;
zstd)
	comp=(zstd -q -T2 -3 -B524288 -c)
	decomp=(zstd -q -T2 -d -c) ;;
pigz)
	comp=(pigz -p 2 -b 128 -c)
	decomp=(pigz -p 2 -d -c) ;;
*)
	echo "usage: $0 xz|zstd|pigz" >&2
	exit 2 ;;
esac
command -v "$tool" >/dev/null || { echo "$tool not installed" >&2; exit 77; }

/usr/bin/python3 "$HERE/gen_text.py" 300000 >"$WORK/input" || exit 2

run_glibc comp 120 "${comp[@]}" "$WORK/input"
run_fx comp 120 "${comp[@]}" "$WORK/input"
require_success comp
g=$(sha256sum <"$(out comp glibc)" | cut -c1-16)
f=$(sha256sum <"$(out comp fx)" | cut -c1-16)
echo "$tool: $(wc -c <"$WORK/input") bytes -> $(wc -c <"$(out comp fx)") bytes, sha256 $f (glibc: $g)"
[ "$g" = "$f" ] || fail "$tool: the compressed stream differs between glibc and fxpthread"

run_fx decomp 120 "${decomp[@]}" "$(out comp fx)"
if [ "$(rc decomp fx)" -ne 0 ]; then
	fail "$tool -d on fxpthread: exit status $(rc decomp fx)"
	show_err decomp fx
elif ! cmp -s "$WORK/input" "$(out decomp fx)"; then
	fail "$tool -d on fxpthread: the round trip changed the data"
else
	echo "$tool -d: round trip exact"
fi
check_bindings comp
check_bindings decomp
finish
