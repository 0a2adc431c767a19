"""Every letter of a merge in one print-ready .docx (Print letters, bc-reference.md 8.3).

The package is the first letter's. Each letter keeps its own sections: its section breaks,
its headers and footers (first page, even pages, default; a copy per letter when they hold
fields, so each shows its own contact's values), page numbers restarting at 1 on its first
page, and the last section's properties carried by the letter's last paragraph, so that no
section or empty paragraph is added. Letters made from another document (personalised or
uploaded) bring what their body uses: pictures, charts, embedded objects, hyperlinks,
footnotes and endnotes, list numbering and styles the first letter lacks. Drawing ids
(``wp:docPr/@id``) and VML shape ids (``v:shape/@id``) are made unique, and every letter's
footnotes and endnotes are its own.

Work per letter is byte-level (joins and a few regular expressions over the letter's body),
so that 1 000 letters of one template cost little more than writing them.
"""

from __future__ import annotations

import io
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from lxml import etree

from .merge import (
    CT_NS,
    FOOTER_REL,
    HEADER_REL,
    REL_NS,
    SAFE_XML_PARSER,
    Part,
    Prepared,
    RawEntry,
    ZipWriter,
    w,
)

NOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}s"
NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
_EMPTY = {
    "header": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="'
    + w("").strip("{}").encode()
    + b'"><w:p/></w:hdr>',
    "footer": b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="'
    + w("").strip("{}").encode()
    + b'"><w:p/></w:ftr>',
}

_REL_ATTR = re.compile(rb'\br:(id|embed|link|pict|dm|lo|qs|cs|href)="([^"]*)"')
_DOCPR = re.compile(rb'(<wp:docPr\b[^>]*?\sid=")(\d+)(")')
_VSHAPE = re.compile(rb'(<v:shape\b[^>]*?\sid=")([^"]*)(")')
_SECTION = re.compile(rb"<w:sectPr\b[^>]*?(?:/>|>.*?</w:sectPr>)", re.DOTALL)
_NUM_ID = re.compile(rb'(<w:numId\b[^>]*?\sw:val=")(\d+)(")')
_NAMESPACE = re.compile(rb'\sxmlns:(\w+)="([^"]*)"')
_REFERENCE = re.compile(rb'<w:(header|footer)Reference\b[^>]*?w:type="(\w+)"')
_NOTE_REF = {
    kind: re.compile(rb"(<w:" + kind.encode() + rb'Reference\b[^>]*?\sw:id=")(-?\d+)(")')
    for kind in ("footnote", "endnote")
}
_NOTE = {
    kind: re.compile(
        rb"<w:" + kind.encode() + rb"\b[^>]*?(?:/>|>.*?</w:" + kind.encode() + rb">)", re.DOTALL
    )
    for kind in ("footnote", "endnote")
}
_NOTE_ID = re.compile(rb'\sw:id="(-?\d+)"')
_NOTE_TYPE = re.compile(rb'^<w:\w+\b[^>]*\sw:type="(\w+)"')


@dataclass(frozen=True)
class Rel:
    id: str
    type: str
    target: str  # as written (relative to the source part's folder, or a URL)
    external: bool


def _rels_name(part_name: str) -> str:
    folder, _, file_name = part_name.rpartition("/")
    return f"{folder}/_rels/{file_name}.rels" if folder else f"_rels/{file_name}.rels"


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _relative(source: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


class _Source:
    """What combining needs from one prepared letter, read once."""

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.files = dict(prepared.entries)
        types = etree.fromstring(self.files["[Content_Types].xml"], SAFE_XML_PARSER)
        self.defaults = {
            d.get("Extension", "").lower(): d.get("ContentType")
            for d in types.iter(f"{{{CT_NS}}}Default")
        }
        self.overrides = {
            o.get("PartName", "").lstrip("/"): o.get("ContentType")
            for o in types.iter(f"{{{CT_NS}}}Override")
        }
        self._rels: dict[str, dict[str, Rel]] = {}
        main = prepared.main_name
        self.main_rels = self.rels(main)
        self.by_type: dict[str, str] = {}
        for rel in self.main_rels.values():
            if not rel.external:
                self.by_type.setdefault(rel.type, _resolve(main, rel.target))
        tail = prepared.tail.render({})
        match = _SECTION.search(tail)
        self.final_section = match.group(0) if match else b"<w:sectPr/>"
        head = prepared.head.render({})
        start = re.search(rb"<w:document\b[^>]*>", head)
        self.namespaces = dict(_NAMESPACE.findall(start.group(0))) if start else {}
        chunks = (*prepared.body.chunks, *prepared.body_end.chunks)
        self.has_drawings = any(b"<wp:docPr" in c for c in chunks)
        self.has_shapes = any(b"<v:shape " in c for c in chunks)
        self.has_notes = {
            k: any(f"<w:{k}Reference".encode() in c for c in chunks)
            for k in ("footnote", "endnote")
        }
        self.has_lists = any(b"<w:numId " in c for c in chunks)
        self.notes_cache: dict[str, dict[bytes, bytes]] = {}
        self._referenced: dict[str, set[str]] = {
            main: {
                m.group(2).decode()
                for data in (*chunks, self.final_section)
                for m in _REL_ATTR.finditer(data)
            }
        }

    def referenced(self, part_name: str) -> set[str]:
        """The relationship ids a part's content uses (the body and sections for the main
        part)."""
        found = self._referenced.get(part_name)
        if found is None:
            part = self.prepared.parts.get(part_name)
            chunks = part.chunks if part is not None else [self.files.get(part_name, b"")]
            found = {m.group(2).decode() for c in chunks for m in _REL_ATTR.finditer(c)}
            self._referenced[part_name] = found
        return found

    def rels(self, part_name: str) -> dict[str, Rel]:
        found = self._rels.get(part_name)
        if found is None:
            found = {}
            data = self.files.get(_rels_name(part_name))
            if data:
                for rel in etree.fromstring(data, SAFE_XML_PARSER).iter(
                    f"{{{REL_NS}}}Relationship"
                ):
                    found[rel.get("Id")] = Rel(
                        rel.get("Id"),
                        rel.get("Type", ""),
                        rel.get("Target", ""),
                        rel.get("TargetMode", "") == "External",
                    )
            self._rels[part_name] = found
        return found

    def content_type(self, name: str) -> tuple[str | None, str | None]:
        """(override, default) content type of a part."""
        extension = name.rpartition(".")[2].lower()
        return self.overrides.get(name), self.defaults.get(extension)

    def notes(self, kind: str, values: Mapping[str, str]) -> dict[bytes, bytes]:
        """The letter's footnotes (or endnotes) by id."""
        name = self.by_type.get(NOTES_REL.format(kind=kind))
        if name is None:
            return {}
        part = self.prepared.parts.get(name)
        if part is None and kind in self.notes_cache:
            return self.notes_cache[kind]
        data = part.render(values) if part is not None else self.files.get(name, b"")
        found = {}
        for match in _NOTE[kind].finditer(data):
            note = match.group(0)
            number = _NOTE_ID.search(note)
            if number and not _NOTE_TYPE.match(note):
                found[number.group(1)] = note
        if part is None:
            self.notes_cache[kind] = found
        return found


@dataclass
class _Target:
    """A part of the combined package whose relationships may grow."""

    name: str
    rels: list[Rel] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    counter: int = 0

    def add(self, rel_type: str, target: str, external: bool) -> str:
        self.counter += 1
        new_id = f"rIdS{self.counter}"
        while new_id in self.ids:
            self.counter += 1
            new_id = f"rIdS{self.counter}"
        self.ids.add(new_id)
        self.rels.append(Rel(new_id, rel_type, target, external))
        return new_id


class _Combined:
    def __init__(self, base: Prepared) -> None:
        self.base = _Source(base)
        self.sources: dict[int, _Source] = {id(base): self.base}
        self.names = set(self.base.files)
        self.new_parts: list[RawEntry] = []
        self.new_overrides: dict[str, str] = {}
        self.new_defaults: dict[str, str] = {}
        self.imported: dict[tuple[int, str], str] = {}
        self.static_maps: dict[tuple[int, str], dict[str, str]] = {}
        self.targets: dict[str, _Target] = {}
        self.namespaces = dict(self.base.namespaces)
        self.docpr = 1 + max(
            (
                int(n)
                for name, data in self.base.files.items()
                if name.endswith(".xml")
                for n in re.findall(rb'<wp:docPr\b[^>]*?\sid="(\d+)"', data)
            ),
            default=0,
        )
        self.notes: dict[str, list[bytes]] = {"footnote": [], "endnote": []}
        self.note_ids: dict[str, int] = {}
        self.note_parts: dict[str, str] = {}
        self.note_sources: dict[str, _Source] = {}
        self.empty_parts: dict[str, str] = {}
        self.numbering: etree._Element | None = None
        self.numbering_maps: dict[int, dict[bytes, bytes]] = {}
        self.styles: etree._Element | None = None
        self.styled: set[int] = set()

    # -- parts and relationships --------------------------------------------------------------

    def source(self, prepared: Prepared) -> _Source:
        found = self.sources.get(id(prepared))
        if found is None:
            found = self.sources[id(prepared)] = _Source(prepared)
            self.namespaces.update(
                {k: v for k, v in found.namespaces.items() if k not in self.namespaces}
            )
        return found

    def target(self, name: str) -> _Target:
        found = self.targets.get(name)
        if found is None:
            existing = list(self.base.rels(name).values()) if name in self.base.files else []
            found = self.targets[name] = _Target(name, existing, {r.id for r in existing})
        return found

    def unique_name(self, name: str) -> str:
        if name not in self.names:
            self.names.add(name)
            return name
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, ""
        number = 2
        while f"{stem}_{number}.{extension}" in self.names:
            number += 1
        new_name = f"{stem}_{number}.{extension}"
        self.names.add(new_name)
        return new_name

    def add_part(self, source: _Source, old_name: str, new_name: str, data: bytes) -> None:
        override, default = source.content_type(old_name)
        extension = new_name.rpartition(".")[2].lower()
        if override:
            self.new_overrides[new_name] = override
        elif default and extension not in self.base.defaults and extension not in self.new_defaults:
            self.new_defaults[extension] = default
        self.new_parts.append(RawEntry.make(new_name, data, 1 if data[:5] == b"<?xml" else 6))

    def copy_rels(self, source: _Source, old_name: str, new_name: str) -> None:
        """The relationships file of a copied part, its internal targets imported."""
        rels = source.rels(old_name)
        if not rels:
            return
        root = etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
        for rel in rels.values():
            target = rel.target
            if not rel.external:
                imported = self.import_part(source, _resolve(old_name, rel.target))
                target = _relative(new_name, imported)
            element = etree.SubElement(root, f"{{{REL_NS}}}Relationship")
            element.set("Id", rel.id)
            element.set("Type", rel.type)
            element.set("Target", target)
            if rel.external:
                element.set("TargetMode", "External")
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        self.new_parts.append(RawEntry.make(_rels_name(new_name), data, 6))
        self.names.add(_rels_name(new_name))

    def import_part(self, source: _Source, name: str) -> str:
        """The combined package's name of a part of ``source`` (copied once)."""
        if source is self.base:
            return name
        key = (id(source.prepared), name)
        found = self.imported.get(key)
        if found is not None:
            return found
        data = source.files.get(name)
        if data is None:
            return name
        new_name = self.unique_name(name)
        self.imported[key] = new_name
        self.add_part(source, name, new_name, data)
        self.copy_rels(source, name, new_name)
        return new_name

    def per_letter_part(
        self, source: _Source, name: str, values: Mapping[str, str], letter: int
    ) -> str:
        """A copy of a header or footer holding fields, with this letter's values."""
        data = source.prepared.parts[name].render(values)
        data = self.renumber(data, letter, source)
        stem, _, extension = name.rpartition(".")
        new_name = self.unique_name(f"{stem}_l{letter}.{extension}")
        self.add_part(source, name, new_name, data)
        if source is self.base:
            rels = source.files.get(_rels_name(name))
            if rels:
                self.new_parts.append(source.prepared.raw(_rels_name(new_name), rels))
        else:
            self.copy_rels(source, name, new_name)
        return new_name

    def rel_map(
        self, source: _Source, part: str, target: _Target, values: Mapping[str, str], letter: int
    ) -> dict[str, str]:
        """Old relationship id -> id in the combined part, for one letter."""
        key = (id(source.prepared), part)
        static = self.static_maps.get(key)
        per_letter: dict[str, str] = {}
        used = source.referenced(part)
        if static is None:
            static = {}
            for rel in source.rels(part).values():
                if rel.id not in used:
                    continue
                if rel.external:
                    if source is not self.base:
                        static[rel.id] = target.add(rel.type, rel.target, True)
                    continue
                name = _resolve(part, rel.target)
                if name in source.prepared.parts and rel.type in (HEADER_REL, FOOTER_REL):
                    continue  # a copy per letter
                if source is self.base:
                    continue
                imported = self.import_part(source, name)
                static[rel.id] = target.add(rel.type, _relative(target.name, imported), False)
            self.static_maps[key] = static
        for rel in source.rels(part).values():
            if rel.external or rel.type not in (HEADER_REL, FOOTER_REL) or rel.id not in used:
                continue
            name = _resolve(part, rel.target)
            if name in source.prepared.parts:
                copy = self.per_letter_part(source, name, values, letter)
                per_letter[rel.id] = target.add(rel.type, _relative(target.name, copy), False)
        if per_letter:
            return {**static, **per_letter}
        return static

    # -- letter content -----------------------------------------------------------------------

    def renumber(self, data: bytes, letter: int, source: _Source) -> bytes:
        if b"<wp:docPr" in data:
            data = _DOCPR.sub(self._next_docpr, data)
        if letter > 1 and b"<v:shape " in data:
            suffix = f"_l{letter}".encode()
            data = _VSHAPE.sub(lambda m: m.group(1) + m.group(2) + suffix + m.group(3), data)
        return data

    def _next_docpr(self, match: re.Match[bytes]) -> bytes:
        number = self.docpr
        self.docpr += 1
        return match.group(1) + str(number).encode() + match.group(3)

    def notes_for(
        self, kind: str, source: _Source, data: bytes, values: Mapping[str, str], letter: int
    ) -> bytes:
        """Each note the letter refers to becomes a note of its own in the combined part."""
        notes = source.notes(kind, values)
        if not notes:
            return data
        part = self.note_part(kind, source)
        target = self.target(part)
        source_part = source.by_type[NOTES_REL.format(kind=kind)]
        mapping = self.rel_map(source, source_part, target, values, letter)

        def replace(match: re.Match[bytes]) -> bytes:
            note = notes.get(match.group(2))
            if note is None:
                return match.group(0)
            self.note_ids[kind] += 1
            number = str(self.note_ids[kind]).encode()
            note = _NOTE_ID.sub(b' w:id="' + number + b'"', note, count=1)
            note = self.renumber(note, letter, source)
            if mapping:
                note = _map_ids(note, mapping)
            self.notes[kind].append(note)
            return match.group(1) + number + match.group(3)

        return _NOTE_REF[kind].sub(replace, data)

    def note_part(self, kind: str, source: _Source) -> str:
        """The combined notes part (the first letter's, or the first one met)."""
        found = self.note_parts.get(kind)
        if found is not None:
            return found
        rel_type = NOTES_REL.format(kind=kind)
        owner = self.base if rel_type in self.base.by_type else source
        name = owner.by_type[rel_type]
        if owner is not self.base:
            name = self.unique_name(name)
            main = self.target(self.base.prepared.main_name)
            main.add(rel_type, _relative(main.name, name), False)
            self.new_overrides[name] = _CT.format(kind=f"{kind}s")
        self.note_parts[kind] = name
        self.note_sources[kind] = owner
        data = owner.files[owner.by_type[rel_type]]
        separators = [
            int(_NOTE_ID.search(m.group(0)).group(1))
            for m in _NOTE[kind].finditer(data)
            if _NOTE_TYPE.match(m.group(0)) and _NOTE_ID.search(m.group(0))
        ]
        self.note_ids[kind] = max(separators, default=0)
        return name

    def notes_xml(self, kind: str) -> bytes:
        owner = self.note_sources[kind]
        name = owner.by_type[NOTES_REL.format(kind=kind)]
        data = owner.files[name]
        kept = [m for m in _NOTE[kind].finditer(data) if _NOTE_TYPE.match(m.group(0))]
        start = re.search(rb"<w:" + kind.encode() + rb"s\b[^>]*>", data).end()
        end = data.rindex(b"</w:" + kind.encode() + b"s>")
        pieces = [data[:start], *(m.group(0) for m in kept), *self.notes[kind], data[end:]]
        return b"".join(pieces)

    def numbering_map(self, source: _Source) -> dict[bytes, bytes]:
        """A letter from another document: its list numbering and the styles the package lacks
        join the package (once per document)."""
        mapping = self.numbering_maps.get(id(source.prepared))
        if mapping is None:
            mapping = self.numbering_maps[id(source.prepared)] = self.import_numbering(source)
            self.import_styles(source, mapping)
        return mapping

    def lists(self, source: _Source, data: bytes) -> bytes:
        mapping = self.numbering_map(source)
        if mapping:
            data = _NUM_ID.sub(
                lambda m: m.group(1) + mapping.get(m.group(2), m.group(2)) + m.group(3), data
            )
        return data

    def import_numbering(self, source: _Source) -> dict[bytes, bytes]:
        name = source.by_type.get(NUMBERING_REL)
        if name is None:
            return {}
        theirs = etree.fromstring(source.files[name], SAFE_XML_PARSER)
        if self.numbering is None:
            own = self.base.by_type.get(NUMBERING_REL)
            if own is None:
                self.numbering = etree.Element(w("numbering"), nsmap=theirs.nsmap)
                own = self.unique_name("word/numbering.xml")
                main = self.target(self.base.prepared.main_name)
                main.add(NUMBERING_REL, _relative(main.name, own), False)
                self.new_overrides[own] = _CT.format(kind="numbering")
                self.base.by_type[NUMBERING_REL] = own
            else:
                self.numbering = etree.fromstring(self.base.files[own], SAFE_XML_PARSER)
        root = self.numbering
        abstract_ids = [int(a.get(w("abstractNumId"), 0)) for a in root.iter(w("abstractNum"))]
        num_ids = [int(n.get(w("numId"), 0)) for n in root.iter(w("num"))]
        next_abstract, next_num = max(abstract_ids, default=-1) + 1, max(num_ids, default=0) + 1
        abstract_map, mapping = {}, {}
        last_abstract = list(root.iter(w("abstractNum")))
        anchor = last_abstract[-1] if last_abstract else None
        for abstract in theirs.iter(w("abstractNum")):
            copy = _copy(abstract)
            abstract_map[copy.get(w("abstractNumId"))] = str(next_abstract)
            copy.set(w("abstractNumId"), str(next_abstract))
            next_abstract += 1
            if anchor is not None:
                anchor.addnext(copy)
            else:
                root.insert(0, copy)
            anchor = copy
        for num in theirs.iter(w("num")):
            copy = _copy(num)
            link = copy.find(w("abstractNumId"))
            if link is not None:
                link.set(w("val"), abstract_map.get(link.get(w("val")), link.get(w("val"))))
            mapping[num.get(w("numId")).encode()] = str(next_num).encode()
            copy.set(w("numId"), str(next_num))
            next_num += 1
            cleanup = root.find(w("numIdMacAtCleanup"))
            if cleanup is not None:
                cleanup.addprevious(copy)
            else:
                root.append(copy)
        return mapping

    def import_styles(self, source: _Source, numbering: dict[bytes, bytes]) -> None:
        if id(source.prepared) in self.styled:
            return
        self.styled.add(id(source.prepared))
        name, own = source.by_type.get(STYLES_REL), self.base.by_type.get(STYLES_REL)
        if name is None or own is None:
            return
        if self.styles is None:
            self.styles = etree.fromstring(self.base.files[own], SAFE_XML_PARSER)
        present = {s.get(w("styleId")) for s in self.styles.iter(w("style"))}
        for style in etree.fromstring(source.files[name], SAFE_XML_PARSER).iter(w("style")):
            if style.get(w("styleId")) in present:
                continue
            copy = _copy(style)
            for number in copy.iter(w("numId")):
                value = number.get(w("val"), "").encode()
                number.set(w("val"), numbering.get(value, value).decode())
            self.styles.append(copy)

    def empty_part(self, kind: str) -> str:
        """An empty header or footer, for a letter's first section that has none of a kind
        (it would otherwise show the previous letter's)."""
        found = self.empty_parts.get(kind)
        if found is None:
            found = self.unique_name(f"word/{kind}_empty.xml")
            self.new_parts.append(RawEntry.make(found, _EMPTY[kind], 6))
            self.new_overrides[found] = _CT.format(kind=kind)
            main = self.target(self.base.prepared.main_name)
            rel = HEADER_REL if kind == "header" else FOOTER_REL
            self.empty_parts[kind] = found = main.add(rel, _relative(main.name, found), False)
        return found

    def first_section(self, section: bytes, letter: int) -> bytes:
        """The letter's first section starts on a new page, at page 1, with its own headers."""
        if letter == 1:
            return _with_page_numbering(section)
        present = {(m.group(1), m.group(2)) for m in _REFERENCE.finditer(section)}
        references = []
        for kind in ("header", "footer"):
            for page in ("default", "first", "even"):
                if (kind.encode(), page.encode()) not in present:
                    rel_id = self.empty_part(kind)
                    references.append(
                        f'<w:{kind}Reference w:type="{page}" r:id="{rel_id}"/>'.encode()
                    )
        return _with_page_numbering(_new_page(section, b"".join(references)))


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element), SAFE_XML_PARSER)


def _map_ids(data: bytes, mapping: dict[str, str]) -> bytes:
    encoded = {k.encode(): v.encode() for k, v in mapping.items()}

    def replace(match: re.Match[bytes]) -> bytes:
        new = encoded.get(match.group(2))
        if new is None:
            return match.group(0)
        return b"r:" + match.group(1) + b'="' + new + b'"'

    return _REL_ATTR.sub(replace, data)


def _open_section(section: bytes) -> tuple[bytes, bytes]:
    if section.endswith(b"/>") and b"</w:sectPr>" not in section:
        return section[:-2].rstrip() + b">", b""
    opening = re.match(rb"<w:sectPr\b[^>]*>", section).group(0)
    return opening, section[len(opening) : -len(b"</w:sectPr>")]


def _new_page(section: bytes, references: bytes) -> bytes:
    """``w:type nextPage`` (after headers/footers and notes properties, as CT_SectPr orders
    them), with the given header and footer references added first."""
    opening, inner = _open_section(section)
    inner = references + re.sub(rb"<w:type\b[^>]*/>", b"", inner)
    position = 0
    for pattern in (
        rb"<w:headerReference[^>]*/>",
        rb"<w:footerReference[^>]*/>",
        rb"<w:footnotePr>.*?</w:footnotePr>",
        rb"<w:endnotePr>.*?</w:endnotePr>",
    ):
        for match in re.finditer(pattern, inner, re.DOTALL):
            position = max(position, match.end())
    inner = inner[:position] + b'<w:type w:val="nextPage"/>' + inner[position:]
    return opening + inner + b"</w:sectPr>"


def _footnotes_restart(section: bytes) -> bytes:
    """A one-section letter numbers its footnotes from 1 (its section restarts them), unless
    the template says how its footnotes are numbered."""
    if b"<w:footnotePr" in section:
        return section
    opening, inner = _open_section(section)
    position = 0
    for match in re.finditer(rb"<w:(header|footer)Reference[^>]*/>", inner):
        position = match.end()
    restart = b'<w:footnotePr><w:numRestart w:val="eachSect"/></w:footnotePr>'
    return opening + inner[:position] + restart + inner[position:] + b"</w:sectPr>"


def _with_page_numbering(section: bytes) -> bytes:
    """Page numbers start at 1 (the format of the template's numbering is kept)."""
    opening, inner = _open_section(section)
    existing = re.search(rb"<w:pgNumType\b([^>]*?)/>", inner)
    if existing:
        attributes = re.sub(rb'\sw:start="[^"]*"', b"", existing.group(1))
        numbering = b"<w:pgNumType" + attributes + b' w:start="1"/>'
        inner = inner[: existing.start()] + numbering + inner[existing.end() :]
        return opening + inner + b"</w:sectPr>"
    for pattern in (
        rb"<w:lnNumType[^>]*/>",
        rb"<w:pgBorders.*?</w:pgBorders>",
        rb"<w:paperSrc[^>]*/>",
        rb"<w:pgMar[^>]*/>",
        rb"<w:pgSz[^>]*/>",
    ):
        match = re.search(pattern, inner, re.DOTALL)
        if match:
            inner = inner[: match.end()] + b'<w:pgNumType w:start="1"/>' + inner[match.end() :]
            return opening + inner + b"</w:sectPr>"
    position = 0
    for match in re.finditer(rb"<w:(header|footer)Reference[^>]*/>|<w:type[^>]*/>", inner):
        position = match.end()
    inner = inner[:position] + b'<w:pgNumType w:start="1"/>' + inner[position:]
    return opening + inner + b"</w:sectPr>"


def compose(
    letters: Iterable[tuple[Prepared, Mapping[str, str]]],
    out: io.BufferedIOBase | io.BytesIO,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Writes one .docx with every letter, each starting on a new page with its own sections,
    headers, footers and notes. Returns the number of letters."""
    iterator = iter(letters)
    first = next(iterator, None)
    if first is None:
        raise ValueError("no letter to compose")
    base_prepared, first_values = first
    package = _Combined(base_prepared)
    main_name = base_prepared.main_name
    main = package.target(main_name)
    body: list[bytes] = []
    pending: tuple[bytes, bytes, bytes, bool] | None = None  # body, section, end, has marker
    count = 0
    for prepared, values in _chain(first, iterator):
        count += 1
        source = package.source(prepared)
        content = prepared.body.render(values)
        end = prepared.body_end.render(values)
        foreign = source is not package.base
        mapping = package.rel_map(
            source, main_name if not foreign else prepared.main_name, main, values, count
        )
        final = source.final_section
        if foreign:
            content, end = _map_ids(content, mapping), _map_ids(end, mapping)
            package.numbering_map(source)
            if source.has_lists:
                content, end = package.lists(source, content), package.lists(source, end)
        if mapping:
            final = _map_ids(final, mapping)
            if not foreign:
                content = _SECTION.sub(lambda m, ids=mapping: _map_ids(m.group(0), ids), content)
        if source.has_drawings or source.has_shapes:
            content, end = (
                package.renumber(content, count, source),
                package.renumber(end, count, source),
            )
        for kind in ("footnote", "endnote"):
            if source.has_notes[kind]:
                content = package.notes_for(kind, source, content, values, count)
                end = package.notes_for(kind, source, end, values, count)
        first_match = _SECTION.search(content)
        if first_match:
            section = package.first_section(first_match.group(0), count)
            content = content[: first_match.start()] + section + content[first_match.end() :]
        else:
            final = package.first_section(final, count)
            if source.has_notes["footnote"]:
                final = _footnotes_restart(final)
        if pending is not None:
            _emit(body, pending)
        pending = (content, final, end, prepared.has_section_marker)
        if progress:
            progress(count)
    content, final, end, _ = pending
    body.append(content)
    body.append(end)
    head = package.base.prepared.head.render(first_values)
    head = _with_namespaces(head, package.namespaces, package.base.namespaces)
    tail = package.base.prepared.tail.render(first_values)
    match = _SECTION.search(tail)
    tail = tail[: match.start()] + final + tail[match.end() :] if match else final + tail
    document = b"".join([head, *body, tail])
    _write(package, document, first_values, out)
    return count


def _emit(body: list[bytes], pending: tuple[bytes, bytes, bytes, bool]) -> None:
    content, section, end, marker = pending
    body.append(content)
    if marker:
        body.append(section)
        body.append(end)
    else:
        body.append(end)
        body.append(b"<w:p><w:pPr>" + section + b"</w:pPr></w:p>")


def _with_namespaces(head: bytes, wanted: dict[bytes, bytes], present: dict[bytes, bytes]) -> bytes:
    missing = b"".join(
        b" xmlns:" + prefix + b'="' + uri + b'"'
        for prefix, uri in wanted.items()
        if prefix not in present
    )
    if not missing:
        return head
    match = re.search(rb"<w:document\b", head)
    return head[: match.end()] + missing + head[match.end() :]


def _write(
    package: _Combined, document: bytes, values: Mapping[str, str], out: io.BufferedIOBase
) -> None:
    base = package.base
    writer = ZipWriter(out)
    notes = {package.note_parts[k]: k for k in package.note_parts}
    numbering_name = base.by_type.get(NUMBERING_REL)
    styles_name = base.by_type.get(STYLES_REL)
    written = set()
    for name, data in base.prepared.entries:
        written.add(name)
        if name == base.prepared.main_name:
            writer.add(RawEntry.make(name, document, 1))
        elif name == "[Content_Types].xml":
            writer.add(RawEntry.make(name, _content_types(data, package), 6))
        elif name in notes:
            writer.add(RawEntry.make(name, package.notes_xml(notes[name]), 1))
        elif name == numbering_name and package.numbering is not None:
            writer.add(RawEntry.make(name, _xml(package.numbering), 6))
        elif name == styles_name and package.styles is not None:
            writer.add(RawEntry.make(name, _xml(package.styles), 6))
        elif name.endswith(".rels") and _owner(name) in package.targets:
            writer.add(RawEntry.make(name, _rels_xml(package.targets[_owner(name)]), 6))
        elif name in base.prepared.parts:
            writer.add(RawEntry.make(name, base.prepared.parts[name].render(values), 1))
        else:
            writer.add(base.prepared.raw(name, data))
    for name, kind in notes.items():
        if name not in written:
            written.add(name)
            writer.add(RawEntry.make(name, package.notes_xml(kind), 1))
    if numbering_name and numbering_name not in written and package.numbering is not None:
        written.add(numbering_name)
        writer.add(RawEntry.make(numbering_name, _xml(package.numbering), 6))
    for entry in package.new_parts:
        writer.add(entry)
        written.add(entry.name.decode())
    for name, target in package.targets.items():
        rels = _rels_name(name)
        if rels not in written:
            writer.add(RawEntry.make(rels, _rels_xml(target), 6))
    writer.close()


def _owner(rels_name: str) -> str:
    folder, _, file_name = rels_name.rpartition("/")
    parent = folder.rpartition("/")[0] if folder.endswith("_rels") else folder
    if folder == "_rels":
        parent = ""
    name = file_name[: -len(".rels")]
    return f"{parent}/{name}" if parent else name


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rels_xml(target: _Target) -> bytes:
    root = etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS})
    for rel in target.rels:
        element = etree.SubElement(root, f"{{{REL_NS}}}Relationship")
        element.set("Id", rel.id)
        element.set("Type", rel.type)
        element.set("Target", rel.target)
        if rel.external:
            element.set("TargetMode", "External")
    return _xml(root)


def _content_types(data: bytes, package: _Combined) -> bytes:
    root = etree.fromstring(data, SAFE_XML_PARSER)
    for extension, content_type in package.new_defaults.items():
        element = etree.Element(f"{{{CT_NS}}}Default")
        element.set("Extension", extension)
        element.set("ContentType", content_type)
        root.insert(0, element)
    for name, content_type in package.new_overrides.items():
        element = etree.SubElement(root, f"{{{CT_NS}}}Override")
        element.set("PartName", "/" + name)
        element.set("ContentType", content_type)
    return _xml(root)


def _chain(first, rest):
    yield first
    yield from rest


def combined(letters: Iterable[tuple[Prepared, Mapping[str, str]]]) -> bytes:
    out = io.BytesIO()
    compose(letters, out)
    return out.getvalue()


__all__ = ["Part", "combined", "compose"]
