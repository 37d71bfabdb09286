#!/bin/sh
# version-refs: the synchronization references a binary records, one per
# line as "NAME@VERSION FILE", FILE being the library its version
# requirement names (readelf -V); unversioned references print "NAME - -".
#
#   version-refs.sh BINARY
set -eu
bin=${1:?usage: version-refs.sh BINARY}
sync_re='^((__)?pthread_(mutex|mutexattr|cond|condattr|rwlock|rwlockattr|barrier|barrierattr|spin)_.*|mtx_.*|cnd_.*)$'

# Version index -> file, from the "Version needs" section:
#   000000: Version: 1  File: libc.so.6  Cnt: 2
#   0x0010:   Name: GLIBC_2.2.5  Flags: none  Version: 3
LC_ALL=C readelf -V -W "$bin" | awk '
	/^Version needs section/ { inneed = 1; next }
	/^Version (symbols|definition) section/ { inneed = 0 }
	inneed && / File: / { for (i = 1; i <= NF; i++) if ($i == "File:") file = $(i + 1) }
	inneed && / Name: / {
		for (i = 1; i <= NF; i++) {
			if ($i == "Name:") name = $(i + 1)
			if ($i == "Version:") idx = $(i + 1)
		}
		print "V", idx, name, file
	}' >"${TMPDIR:-/tmp}/version-refs.$$"
trap 'rm -f "${TMPDIR:-/tmp}/version-refs.$$"' EXIT

# Undefined dynamic symbols:  N: 0 0 FUNC GLOBAL DEFAULT UND name@VER (idx)
LC_ALL=C readelf -W --dyn-syms "$bin" | awk '$7 == "UND" && NF >= 8 { print "S", $8, $9 }' |
	cat "${TMPDIR:-/tmp}/version-refs.$$" - | awk -v re="$sync_re" '
	$1 == "V" { file[$2] = $4; next }
	{
		sym = $2; idx = $3; gsub(/[()]/, "", idx)
		name = sym; sub(/@.*/, "", name)
		if (name !~ re) next
		if (sym ~ /@/) print sym, (idx in file ? file[idx] : "?")
		else print name, "-", "-"
	}' | sort -u
