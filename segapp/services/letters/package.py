"""The one way this app opens a Word package (.docx): every part is inflated by hand, in small
chunks, and counted while it inflates, so that no document - uploaded now or stored long ago -
can make the server hold more than a letter's worth of memory.

``zipfile`` (and python-docx, which uses it) trusts the sizes a zip declares: reading a part in
one call inflates its whole compressed stream before cutting it to the declared size, so a part
declaring 1 KB whose stream inflates to 1 GB costs 1 GB. Here a part is refused as soon as it
inflates beyond its declared size, and the declared sizes are limited in total. The package is
also refused when it misses a part Word needs, carries a DOCTYPE (entity declarations, XXE),
or holds macros (VBA) or ActiveX controls, whatever its content types say.

Callers hand python-docx :meth:`Package.repack`, a zip rebuilt from the checked parts, never the
stored bytes.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass

from ..core.errors import UserError

MAX_PARTS = 2000
MAX_INFLATED_BYTES = 64 * 1024 * 1024  # every part together, once inflated
MAX_PART_RATIO = 200  # declared inflated / compressed size, for parts above RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REQUIRED_PARTS = (
    "[Content_Types].xml",
    "_rels/.rels",
    "word/document.xml",
    "word/_rels/document.xml.rels",
)
_LOCAL_HEADER = struct.Struct("<4s22xHH")
_ACTIVE_NAME = re.compile(r"(^|/)(vbaproject\.bin|vbadata\.xml)$|(^|/)activex/", re.IGNORECASE)
_ACTIVE_TEXT = (b"vbaproject", b"activex", b"macroenabled", b"/relationships/control")
_DTD_TEXT = (b"<!doctype", b"<!entity")


@dataclass(frozen=True)
class Package:
    """The parts of a checked package, inflated, in the package's order."""

    parts: dict[str, bytes]

    def read(self, name: str) -> bytes:
        return self.parts[name]

    def names(self) -> list[str]:
        return list(self.parts)

    def repack(self) -> bytes:
        """A zip of the checked parts with honest sizes (stored, python-docx re-compresses)."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
            for name, data in self.parts.items():
                target.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), data)
        return out.getvalue()


def open_docx(data: bytes, name: str = "") -> Package:
    """The checked parts of a .docx, or a :class:`UserError` saying why it is refused."""
    name = name or "document.docx"
    infos = _entries(data, name)
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        part = _inflate(data, info, name, MAX_INFLATED_BYTES - total)
        total += len(part)
        parts[info.filename] = part
    if "[Content_Types].xml" not in parts and "word/document.xml" not in parts:
        raise UserError("document.not_docx", name=name)
    missing = [part for part in REQUIRED_PARTS if part not in parts]
    if missing:
        raise UserError("document.missing_part", name=name, part=missing[0])
    for part_name, part in parts.items():
        _check_part(part_name, part)
    return Package(parts)


def _entries(data: bytes, name: str) -> list[zipfile.ZipInfo]:
    """The package's entries from its central directory, with the declared sizes checked."""
    if not data.startswith(b"PK\x03\x04"):
        raise UserError("document.not_docx", name=name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise UserError("document.broken", name=name) from None
    if len(infos) > MAX_PARTS:
        raise UserError("document.zip_bomb")
    declared = 0
    seen: set[str] = set()
    for info in infos:
        if info.flag_bits & 0x1:
            raise UserError("document.encrypted")
        if info.filename in seen or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise UserError("document.broken", name=name)
        seen.add(info.filename)
        declared += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_PART_RATIO * max(
            info.compress_size, 1
        ):
            raise UserError("document.zip_bomb")
    if declared > MAX_INFLATED_BYTES:
        raise UserError("document.zip_bomb")
    return infos


def _inflate(data: bytes, info: zipfile.ZipInfo, name: str, room: int) -> bytes:
    """One part, inflated chunk by chunk; refused the moment it outgrows its declared size."""
    start = info.header_offset
    header = data[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise UserError("document.broken", name=name)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise UserError("document.broken", name=name)
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    end = begin + info.compress_size
    if end > len(data):
        raise UserError("document.broken", name=name)
    source = memoryview(data)[begin:end]
    limit = min(info.file_size, room)
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise UserError("document.zip_bomb")
        part = bytes(source)
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        out = bytearray()
        offset = 0
        try:
            while not inflater.eof:
                if inflater.unconsumed_tail:
                    piece = inflater.decompress(inflater.unconsumed_tail, CHUNK)
                elif offset < len(source):
                    piece = inflater.decompress(source[offset : offset + CHUNK], CHUNK)
                    offset += CHUNK
                else:
                    break
                if len(out) + len(piece) > limit:
                    raise UserError("document.zip_bomb")
                out += piece
        except zlib.error:
            raise UserError("document.broken", name=name) from None
        if not inflater.eof:
            raise UserError("document.broken", name=name)
        part = bytes(out)
    if len(part) > limit:
        raise UserError("document.zip_bomb")
    if len(part) != info.file_size or zlib.crc32(part) != info.CRC:
        raise UserError("document.broken", name=name)
    return part


def _looks_like_xml(name: str, part: bytes) -> bool:
    if name.lower().endswith((".xml", ".rels")):
        return True
    head = part[:64].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    return head.startswith(b"<")


def _check_part(name: str, part: bytes) -> None:
    if _ACTIVE_NAME.search(name):
        raise UserError("document.macros")
    if not _looks_like_xml(name, part):
        return
    # NUL bytes removed, so that UTF-16 and UTF-32 text is searched too
    text = part.replace(b"\x00", b"").lower()
    if any(marker in text for marker in _DTD_TEXT):
        raise UserError("document.doctype")
    if (name == "[Content_Types].xml" or name.endswith(".rels")) and any(
        marker in text for marker in _ACTIVE_TEXT
    ):
        raise UserError("document.macros")
