#!/bin/sh
# Stand-in for grype writing something that is not its JSON report (a table, a log line on standard output).
cat > /dev/null
echo "NAME       INSTALLED  FIXED-IN  TYPE  VULNERABILITY   SEVERITY"
echo "libssl3    3.0.11     3.0.13    deb   CVE-2023-5678   Low"
