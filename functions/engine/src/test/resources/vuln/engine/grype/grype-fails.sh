#!/bin/sh
# Stand-in for grype failing as it does without a usable database: a message on standard error, exit code 1.
cat > /dev/null
echo "[0000]  INFO grype version: 0.87.0" >&2
echo "failed to load vulnerability db: vulnerability database is invalid (run db update to correct): database metadata not found" >&2
exit 1
