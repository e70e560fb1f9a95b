"""Zero every device-code entry of a shared library's .nv_fatbin section but the ones named.

`python fatbin_keep.py libfaiss.so elf_90` writes libfaiss.so.pruned: offsets unchanged, so the
library loads as before, and the zeroed entries (other GPU architectures, PTX) compress to
nothing. Used to carry faiss-gpu's 200 MB library to a machine reached through a 64 MiB limit.
Without names it lists the entries (kind_arch, count, bytes).
"""

from __future__ import annotations

import collections
import struct
import sys

FATBIN_MAGIC = 0xBA55ED50


def fatbin_section(data: bytes) -> tuple[int, int]:
    """Offset and size of the ELF64 file's .nv_fatbin section."""
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names = headers[shstrndx][4]
    for name_off, _type, _flags, _addr, offset, size in headers:
        if data[names + name_off: data.index(0, names + name_off)] == b".nv_fatbin":
            return offset, size
    raise SystemExit("no .nv_fatbin section")


def main(path: str, keep: set[str] | None) -> None:
    """List the entries, or zero those not in ``keep`` into ``path``.pruned."""
    data = bytearray(open(path, "rb").read())
    pos, size = fatbin_section(data)
    end = pos + size
    count: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    while pos < end:
        magic, _version, header, fat_size = struct.unpack_from("<IHHQ", data, pos)
        if magic != FATBIN_MAGIC:  # alignment padding between containers
            pos += 8
            continue
        entry, stop = pos + header, pos + header + fat_size
        while entry < stop:
            kind, _v, entry_header, payload = struct.unpack_from("<HHIQ", data, entry)
            arch = struct.unpack_from("<I", data, entry + 28)[0]
            key = {1: "ptx", 2: "elf"}.get(kind, str(kind)) + f"_{arch}"
            count[key] += 1
            total[key] += payload
            if keep is not None and key not in keep:
                data[entry + entry_header: entry + entry_header + payload] = bytes(payload)
            entry += entry_header + payload
        pos = stop
    for key in sorted(total):
        print(key, count[key], total[key])
    if keep is not None:
        open(path + ".pruned", "wb").write(data)


if __name__ == "__main__":
    main(sys.argv[1], set(sys.argv[2].split(",")) if len(sys.argv) > 2 else None)
