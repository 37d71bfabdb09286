#!/bin/sh
# docs/bad-input.md must be exactly what the bad-input table prints, and
# the table must cover exactly the names the library exports for glibc.
#
#   check-bad-input-doc.sh BAD_INPUT_EXE DOC LIBFXPTHREAD
set -u
exe=$1 doc=$2 lib=$3
status=0

if ! "$exe" --markdown | diff -u "$doc" - >/dev/null; then
	echo "FAIL: $doc is not the output of 'bad_input --markdown':"
	"$exe" --markdown | diff -u "$doc" - | head -40
	echo "regenerate: $exe --markdown > $doc"
	status=1
fi

exports=$(nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^fxpthread_' | sort)
covered=$("$exe" --names | sort)
if [ "$exports" != "$covered" ]; then
	echo "FAIL: the table's names and the library's exports differ:"
	printf '%s\n' "$exports" >"${TMPDIR:-/tmp}/bad-input-exports.$$"
	printf '%s\n' "$covered" | diff -u "${TMPDIR:-/tmp}/bad-input-exports.$$" - | grep '^[-+][^-+]'
	rm -f "${TMPDIR:-/tmp}/bad-input-exports.$$"
	status=1
fi

n=$(printf '%s\n' "$covered" | wc -l)
[ $status -eq 0 ] && echo "PASS: $doc is the table's output; the table covers all $n exports"
exit $status
