"""Word documents made in the tests: python-docx for the package, hand-written XML for the
field shapes Word produces (simple fields, complex fields split over runs, split placeholders)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from docx import Document
from docx.oxml import parse_xml

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def run(text: str, bold: bool = False, italic: bool = False) -> str:
    props = ""
    if bold or italic:
        props = "<w:rPr>" + ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + "</w:rPr>"
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def simple_field(name: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return (
        f'<w:fldSimple w:instr=" MERGEFIELD &quot;{name}&quot; ">'
        f"<w:r>{props}<w:t>«{name}»</w:t></w:r></w:fldSimple>"
    )


def complex_field(instruction_pieces: list[str], result: str, bold: bool = False) -> str:
    """A complex field: begin, the instruction split over several runs, separate, the cached
    result, end - as Word writes it after editing a field."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    parts = [f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>']
    parts += [
        f'<w:r>{props}<w:instrText xml:space="preserve">{piece}</w:instrText></w:r>'
        for piece in instruction_pieces
    ]
    parts.append(f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>')
    parts.append(f"<w:r>{props}<w:t>{result}</w:t></w:r>")
    parts.append(f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>')
    return "".join(parts)


def paragraph(*runs: str) -> str:
    return f"<w:p {W}>{''.join(runs)}</w:p>"


def make_docx(
    body: list[str] = (),
    table_cells: list[str] = (),
    header: list[str] = (),
    footer: list[str] = (),
    heading: str = "",
) -> bytes:
    """A document whose body, one table row, header and footer hold the given paragraphs."""
    document = Document()
    if heading:
        document.add_heading(heading, level=1)
    for xml in body:
        document.element.body.append(parse_xml(xml))
    sect = document.element.body.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr"
    )
    if sect is not None:
        document.element.body.remove(sect)
        document.element.body.append(sect)
    if table_cells:
        table = document.add_table(rows=1, cols=len(table_cells))
        for cell, xml in zip(table.rows[0].cells, table_cells, strict=True):
            cell._tc.remove(cell.paragraphs[0]._p)
            cell._tc.append(parse_xml(xml))
    section = document.sections[0]
    for xml in header:
        section.header._element.append(parse_xml(xml))
    for xml in footer:
        section.footer._element.append(parse_xml(xml))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def all_text(docx: bytes) -> str:
    """Every text of the document, fields included (python-docx's paragraph.text skips runs
    inside w:fldSimple, so the XML is read directly)."""
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        texts = []
        for name in sorted(archive.namelist()):
            if name.startswith("word/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                texts += re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    return " ".join(texts)


def _zip_by_hand(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written field by field from (name, deflated stream, CRC, declared compressed size,
    declared inflated size), so that the headers can say whatever a test wants."""
    out = bytearray()
    directory = bytearray()
    for name, stream, crc, compressed, inflated in entries:
        encoded = name.encode()
        offset = len(out)
        fields = (20, 0, 8, 0, 0x21, crc, compressed, inflated, len(encoded), 0)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", *fields) + encoded + stream
        directory += (
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                *fields[:-1],
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), len(out), 0
    )
    return bytes(out + directory + end)


def lying_zip_bomb(docx: bytes, inflated_mb: int, part: str = "word/styles.xml") -> bytes:
    """``docx`` whose ``part`` holds its real content followed by ``inflated_mb`` MB of zeros in
    the deflated stream, while the headers declare only the real content's size and checksum:
    a reader that trusts the headers and inflates in one call holds the whole stream."""
    entries = []
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        for info in source.infolist():
            data = source.read(info)
            packer = zlib.compressobj(9, zlib.DEFLATED, -15)
            stream = packer.compress(data)
            if info.filename == part:
                zeros = b"\0" * (1 << 20)
                for _ in range(inflated_mb):
                    stream += packer.compress(zeros)
            stream += packer.flush()
            entries.append((info.filename, stream, zlib.crc32(data), len(stream), len(data)))
    return _zip_by_hand(entries)


def rebuilt(docx: bytes, change=None, drop: tuple[str, ...] = (), add=()) -> bytes:
    """``docx`` with parts changed (``change(name, data) -> data``), dropped or added."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(docx)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in drop:
                continue
            data = source.read(info)
            target.writestr(info.filename, change(info.filename, data) if change else data)
        for name, data in add:
            target.writestr(name, data)
    return buffer.getvalue()


NOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
NOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"


def nested_field(*pieces: str) -> str:
    """A complex field whose instruction mixes text (plain strings) and nested fields (XML
    of other fields, starting with '<'), as Word writes IF fields."""
    parts = ['<w:r><w:fldChar w:fldCharType="begin"/></w:r>']
    for piece in pieces:
        if piece.startswith("<"):
            parts.append(piece)
        else:
            text = piece.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            parts.append(f'<w:r><w:instrText xml:space="preserve">{text}</w:instrText></w:r>')
    parts.append('<w:r><w:fldChar w:fldCharType="separate"/></w:r>')
    parts.append("<w:r><w:t>cached</w:t></w:r>")
    parts.append('<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return "".join(parts)


def with_notes(docx: bytes, footnotes: list[str] = (), endnotes: list[str] = ()) -> bytes:
    """The document with footnotes (ids 1, 2...) and endnotes, each a paragraph's inner runs,
    and a reference to each at the end of the body's first paragraph: parts python-docx
    does not model, written as Word writes them (separators -1 and 0)."""
    import re
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(docx))
    files = {name: source.read(name) for name in source.namelist()}
    references = ""
    for kind, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if not notes:
            continue
        body = [
            f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            f"</w:{kind}>",
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            f"<w:continuationSeparator/></w:r></w:p></w:{kind}>",
        ]
        for number, runs in enumerate(notes, 1):
            body.append(
                f'<w:{kind} w:id="{number}"><w:p><w:r><w:{kind}Ref/></w:r>{runs}</w:p></w:{kind}>'
            )
            references += f'<w:r><w:{kind}Reference w:id="{number}"/></w:r>'
        files[f"word/{kind}s.xml"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f"<w:{kind}s {W}>{''.join(body)}</w:{kind}s>"
        ).encode()
        files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
            b"</Types>",
            f'<Override PartName="/word/{kind}s.xml" '
            f'ContentType="{NOTES_TYPE.format(kind=kind + "s")}"/></Types>'.encode(),
        )
        files["word/_rels/document.xml.rels"] = files["word/_rels/document.xml.rels"].replace(
            b"</Relationships>",
            f'<Relationship Id="rIdNotes{kind}" Type="{NOTES_REL.format(kind=kind + "s")}" '
            f'Target="{kind}s.xml"/></Relationships>'.encode(),
        )
    document = files["word/document.xml"].decode()
    document = re.sub(
        r"(<w:body>.*?)(</w:p>)",
        lambda m: m.group(1) + references + "</w:p>",
        document,
        count=1,
        flags=re.DOTALL,
    )
    files["word/document.xml"] = document.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in files.items():
            target.writestr(name, data)
    return out.getvalue()


def part_texts(docx: bytes, name: str) -> str:
    """The texts of one part of the package, joined."""
    import re
    import zipfile

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        xml = archive.read(name).decode()
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def png(red: int, green: int, blue: int, size: int = 4) -> bytes:
    """A small PNG of one colour (distinct colours give distinct images)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes((red, green, blue)) * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def check_package(docx: bytes) -> None:
    """A package Word opens: every XML part well formed, every internal relationship pointing
    to a part that exists, every part with a content type, no relationship id twice."""
    import posixpath
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        assert archive.testzip() is None
        names = set(archive.namelist())
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        defaults = {d.get("Extension").lower() for d in types if d.tag.endswith("Default")}
        overrides = {o.get("PartName").lstrip("/") for o in types if o.tag.endswith("Override")}
        for name in names:
            data = archive.read(name)
            if name.endswith((".xml", ".rels")):
                etree.fromstring(data)
            if name != "[Content_Types].xml":
                extension = name.rpartition(".")[2].lower()
                assert name in overrides or extension in defaults, f"no content type: {name}"
            if not name.endswith(".rels"):
                continue
            folder = posixpath.dirname(posixpath.dirname(name))
            ids = []
            for rel in etree.fromstring(data):
                ids.append(rel.get("Id"))
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                path = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target))
                )
                assert path in names, f"{name}: {target} missing"
            assert len(ids) == len(set(ids)), f"{name}: duplicate ids"
        for override in overrides:
            assert override in names, f"content type for a missing part: {override}"
