#!/bin/sh
# emulated-container.sh: the inside half of the container emulation
# (runners.py's EmulatedRunner). Run as root by `unshare --mount --pid --ipc
# --net --uts --fork`, so as process 1 of fresh namespaces:
#
#   sh emulated-container.sh ROOT FILTER [HOST:PATH[:ro]]... -- COMMAND [ARG]...
#
# makes ROOT (an empty folder) the root of a small container: the host's
# system folders read-only (/usr, /etc, /var and the links into /usr), fresh
# /tmp, /run, /root, /dev (the usual devices) and /proc, each HOST folder at
# its PATH, and FILTER at /run/no-namespaces; then pivots into it, lets go of
# the host's tree and execs COMMAND. Nothing here is seen outside the mount
# namespace, and everything goes with it.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 ROOT FILTER [HOST:PATH[:ro]]... -- COMMAND [ARG]..." >&2; exit 2; }
root=$1 filter=$2
shift 2

# bind FROM TO [ro]: FROM seen at TO, read-only when asked.
bind() {
    if [ -d "$1" ]; then mkdir -p "$2"; else touch "$2"; fi
    mount --bind "$1" "$2"
    if [ "${3:-}" = ro ]; then mount -o remount,bind,ro "$2"; fi
}

mount --make-rprivate /
mount -t tmpfs -o mode=0755 shmlabs-root "$root"
for dir in usr etc var; do bind "/$dir" "$root/$dir" ro; done
for link in /bin /sbin /lib /lib32 /lib64 /libx32; do
    if [ -L "$link" ]; then ln -s "$(readlink "$link")" "$root$link"; fi
done
for dir in tmp run root var/tmp; do
    mkdir -p "$root/$dir"
    mount -t tmpfs -o mode=1777 "shmlabs-$(echo "$dir" | tr / -)" "$root/$dir"
done
chmod 0700 "$root/root"
mkdir "$root/dev" "$root/proc" "$root/sys"
mount -t tmpfs -o mode=0755,nosuid shmlabs-dev "$root/dev"
for dev in null zero full random urandom tty; do bind "/dev/$dev" "$root/dev/$dev"; done
mkdir "$root/dev/shm" "$root/dev/pts"
mount -t tmpfs -o mode=1777,nosuid,nodev shmlabs-shm "$root/dev/shm"
ln -s /proc/self/fd "$root/dev/fd"
ln -s /proc/self/fd/0 "$root/dev/stdin"
ln -s /proc/self/fd/1 "$root/dev/stdout"
ln -s /proc/self/fd/2 "$root/dev/stderr"
mount -t proc proc "$root/proc"
mount -t sysfs -o ro sysfs "$root/sys" 2>/dev/null || true
cp "$filter" "$root/run/no-namespaces"

while [ $# -gt 0 ] && [ "$1" != -- ]; do
    host=${1%%:*} rest=${1#*:}
    inside=${rest%%:*} mode=${rest#"$inside"}
    bind "$host" "$root$inside" "${mode#:}"
    shift
done
[ "${1:-}" = -- ] || { echo "$0: no -- before the command" >&2; exit 2; }
shift

cd "$root"
mkdir .host
pivot_root . .host
cd /
umount -l /.host
rmdir /.host
exec "$@"
