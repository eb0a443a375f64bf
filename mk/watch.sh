#!/bin/sh
# mk/watch.sh LAB [SUBMISSION]: regrades one lab every time a file of its
# folder is saved, compactly: the table, then the first failed test and its
# message. SUBMISSION is a folder holding NN-topic/ (default: the kit's labs/).
# `make watch LAB=NN-topic`; Ctrl-C stops it. Uses inotifywait (inotify-tools).
set -u
lab=${1:-}
root=${2:-labs}
[ -n "$lab" ] || { echo "usage: make watch LAB=NN-topic [SUBMISSION=DIR]" >&2; exit 2; }
dir=$(ls -d "$root/$lab"* 2>/dev/null | head -n 1)
[ -n "$dir" ] && [ -d "$dir" ] || { echo "make watch: no lab $lab in $root/" >&2; exit 2; }
while :; do
    [ -t 1 ] && printf '\033[2J\033[H'
    ./grader/grade --lab "$(basename "$dir")" "$root" 2>/dev/null |
        awk '/^total/ { print; table = 1; next }
             !table { print; next }
             /^  [0-9]+\.[0-9A-Z]+ / && !shown { print ""; print; shown = 1 }'
    printf '\n(watching %s: save a file to grade again; Ctrl-C stops)\n' "$dir"
    inotifywait -qq -e close_write -e moved_to -e create "$dir" || exit 1
done
