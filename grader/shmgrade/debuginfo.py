"""What valgrind sees of the machine's separate debug symbols.

Valgrind reads the debug symbols of every library a program loads. On
Debian it needs those of the dynamic loader (libc6-dbg: ld.so's own copy
is stripped, and memcheck must find its strlen), but reading libc's too
costs it a third of its start-up: 345 ms against 231 ms for
`valgrind /bin/true` on this kit's 2-core test machine (hyperfine). Those
add nothing to a grade: feedback names the student's own frames, which
come from the subject, built with -g.

So where the judge has a mount namespace, it sees /usr/lib/debug with
only the loader's file in it (valgrind_debug_view). Every other level
shows valgrind the machine as it is: the same errors are found either
way, as the container test proves over the corpus of known-wrong files.
"""

from __future__ import annotations

import functools
import os
import struct

DEBUG_ROOT = "/usr/lib/debug"

PT_INTERP, PT_NOTE = 3, 4
NT_GNU_BUILD_ID = 3


def _program_headers(data: bytes) -> list[tuple[int, int, int]]:
    """(type, file offset, file size) of each program header of the ELF
    file `data`, 32- or 64-bit, either byte order; [] when not ELF."""
    if data[:4] != b"\x7fELF" or data[4] not in (1, 2) or data[5] not in (1, 2):
        return []
    order = "<" if data[5] == 1 else ">"
    wide = data[4] == 2
    phoff, phentsize, phnum = (struct.unpack_from(order + "Q", data, 0x20)[0] if wide
                               else struct.unpack_from(order + "I", data, 0x1C)[0],
                               *struct.unpack_from(order + "HH", data, 0x36 if wide else 0x2A))
    headers = []
    for index in range(phnum):
        at = phoff + index * phentsize
        if at + phentsize > len(data):
            break
        if wide:
            kind, _, offset, _, _, size = struct.unpack_from(order + "IIQQQQ", data, at)
        else:
            kind, offset, _, _, size = struct.unpack_from(order + "IIIII", data, at)
        headers.append((kind, offset, size))
    return headers


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read()
    except OSError:
        return b""


def loader_of(binary: str) -> str | None:
    """The dynamic loader `binary` asks for (its PT_INTERP), or None."""
    data = _read(binary)
    for kind, offset, size in _program_headers(data):
        if kind == PT_INTERP:
            return data[offset:offset + size].split(b"\0", 1)[0].decode(errors="replace") or None
    return None


def build_id(path: str) -> str | None:
    """The GNU build id of the ELF file at `path`, in hex, or None."""
    data = _read(path)
    order = "<" if data[5:6] == b"\x01" else ">"
    for kind, offset, size in _program_headers(data):
        at, end = offset, min(offset + size, len(data))
        while kind == PT_NOTE and at + 12 <= end:
            namesz, descsz, note_type = struct.unpack_from(order + "III", data, at)
            name_at = at + 12
            desc_at = name_at + (namesz + 3) // 4 * 4
            if note_type == NT_GNU_BUILD_ID and data[name_at:name_at + namesz] == b"GNU\0":
                return data[desc_at:desc_at + descsz].hex() or None
            at = desc_at + (descsz + 3) // 4 * 4
    return None


@functools.cache
def valgrind_debug_view(binary: str) -> tuple[str, ...]:
    """bubblewrap arguments that show the sandbox a /usr/lib/debug holding
    only the debug file of the loader of `binary` (a kit program, built as
    the subjects are), or none when the machine keeps no such file there
    (then valgrind either needs nothing of it, or finds it some way this
    function does not know, and the sandbox shows everything as it is)."""
    loader = loader_of(binary)
    ident = build_id(os.path.realpath(loader)) if loader else None
    if ident is None or len(ident) < 3:
        return ()
    folder = os.path.join(DEBUG_ROOT, ".build-id", ident[:2])
    path = os.path.join(folder, ident[2:] + ".debug")
    if not os.path.isfile(path):
        return ()
    # The subjects' user must pass through folders bubblewrap makes.
    return ("--perms", "0755", "--tmpfs", DEBUG_ROOT,
            "--perms", "0755", "--dir", os.path.dirname(folder),
            "--perms", "0755", "--dir", folder,
            "--ro-bind", path, path)
