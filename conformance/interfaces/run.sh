#!/usr/bin/env bash
# Build every interface conformance program in four configurations (glibc,
# glibc + LD_PRELOAD=libfxpthread, relinked against libfxpthread, musl), run
# them, print the table and write docs/conformance.md.  Options: run.py -h.
set -euo pipefail
exec "${PYTHON:-python3}" "$(dirname "${BASH_SOURCE[0]}")/run.py" "$@"
