#!/usr/bin/env bash
# setup.sh: run once by Gradescope, as root, when it builds the autograder's
# image from autograder.zip (unpacked in /autograder/source). Installs what
# grading needs with apt-get (the kit's mk/packages/grade.txt) and builds the
# kit's own objects once, so that each submission only builds student code.
set -euo pipefail
kit="$(cd "$(dirname "$0")" && pwd)/shm-labs"
export DEBIAN_FRONTEND=noninteractive
sh "$kit/mk/deps.sh" grade
make -s -C "$kit" kit
echo "shm-labs: kit ready in $kit"
