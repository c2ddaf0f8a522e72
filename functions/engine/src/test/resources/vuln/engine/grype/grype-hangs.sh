#!/bin/sh
# Stand-in for grype stuck (a database download that never ends): a child process that outlives any timeout. Its pid
# is written next to the script so the test can check that the whole process tree was killed.
sleep 300 &
echo $! > "$(dirname "$0")/child.pid"
wait
