#!/bin/sh
# mk/deps.sh: installs the Debian packages a make target needs, or says how.
#
#   sh mk/deps.sh grade   what `make grade` needs
#   sh mk/deps.sh test    what `make test` needs (also the slides' and bench's lists)
#   sh mk/deps.sh slides  what `make slides` needs (slides/packages.txt)
#   sh mk/deps.sh bench   what `make bench` needs (bench/packages.txt)
#
# As root, missing packages are installed with apt-get. Otherwise the script
# names the exact command to run and fails. Nothing is done when all are there.
set -eu

kit=$(cd "$(dirname "$0")/.." && pwd)
grade="gcc make pkg-config check valgrind bubblewrap python3 util-linux"
case "${1:-grade}" in
    grade) wanted="$grade" ;;
    test)  wanted="$grade clang $(cat "$kit"/slides/packages.txt "$kit"/bench/packages.txt 2>/dev/null | sed 's/#.*//')" ;;
    slides|bench) wanted="$(sed 's/#.*//' "$kit/$1/packages.txt")" ;;
    *)     echo "usage: $0 grade|test|slides|bench" >&2; exit 2 ;;
esac

missing=""
for pkg in $wanted; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "missing packages:$missing; install them with: sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
