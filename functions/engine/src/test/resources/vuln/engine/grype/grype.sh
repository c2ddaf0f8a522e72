#!/bin/sh
# Stand-in for grype in GrypeEngineTest (not grype). It checks what the engine must do: the command line
# `grype -o json --quiet`, update checks turned off, a CycloneDX JSON SBOM on standard input. It keeps that SBOM next
# to itself for the test to read back, and prints the report in grype-report.json.
set -eu
here=$(dirname "$0")
if [ "$*" != "-o json --quiet" ]; then
    echo "stand-in: unexpected arguments: $*" >&2
    exit 2
fi
if [ "${GRYPE_CHECK_FOR_APP_UPDATE:-}" != "false" ]; then
    echo "stand-in: GRYPE_CHECK_FOR_APP_UPDATE is not false" >&2
    exit 2
fi
cat > "$here/stdin.cdx.json"
if ! grep -q '"bomFormat" *: *"CycloneDX"' "$here/stdin.cdx.json"; then
    echo "stand-in: standard input is not a CycloneDX JSON SBOM" >&2
    exit 2
fi
cat "$here/grype-report.json"
