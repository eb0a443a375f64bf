#!/bin/sh
# mk/deps.sh: installs the Debian packages a make target needs, or says how.
#
#   sh mk/deps.sh grade        what `make grade` needs (mk/packages/grade.txt)
#   sh mk/deps.sh test         what `make test` needs: grade.txt, test.txt and
#                              every part's packages.txt (slides/, bench/, ...)
#   sh mk/deps.sh PART         what one part needs (PART/packages.txt, else
#                              mk/packages/PART.txt: watch)
#   sh mk/deps.sh list WHAT    prints the package names of WHAT, one a line
#
# Package lists are text files, one name a line, `#` starts a comment: each
# list is the one place its packages are named. As root, missing packages are
# installed with apt-get. Otherwise the script names the exact command to run
# and fails. Nothing is done when all are there.
set -eu

kit=$(cd "$(dirname "$0")/.." && pwd)

# The package names of one target, from its lists.
names() {
    case "$1" in
        grade) files="$kit/mk/packages/grade.txt" ;;
        test)  files="$kit/mk/packages/grade.txt $kit/mk/packages/test.txt"
               for part in "$kit"/*/packages.txt "$kit"/tests/*/packages.txt; do
                   [ -f "$part" ] && files="$files $part"
               done ;;
        *)     files="$kit/$1/packages.txt"
               [ -f "$files" ] || files="$kit/mk/packages/$1.txt"
               [ -f "$files" ] || { echo "usage: $0 grade|test|PART|list WHAT (no $1/packages.txt)" >&2; exit 2; } ;;
    esac
    # shellcheck disable=SC2086
    sed 's/#.*//' $files | tr -s ' \t' '\n\n' | sed '/^$/d' | sort -u
}

if [ "${1:-}" = list ]; then
    names "${2:-grade}"
    exit 0
fi
wanted=$(names "${1:-grade}")

# One dpkg-query for the whole list (it runs on every `make grade`): the
# installed ones come back as "NAME install ok installed"; unknown names
# only complain on stderr.
# shellcheck disable=SC2086
installed=$(dpkg-query -W -f='${Package} ${Status}\n' $wanted 2>/dev/null |
            sed -n 's/ install ok installed$//p' | tr '\n' ' ')
missing=""
for pkg in $wanted; do
    case " $installed " in
        *" $pkg "*) ;;
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
