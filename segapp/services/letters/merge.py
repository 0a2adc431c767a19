"""The Word merge engine (bc-reference.md section 8.4): a .docx letter with merge fields becomes
one letter per contact, or one print-ready document holding every contact's letter.

A template is prepared once per merge. python-docx reads the package (and writes it back once,
normalised); the text parts (body, headers, footers, notes) are parsed with lxml and every merge
field found in them - Word MERGEFIELD fields written as simple fields (``w:fldSimple``) or as
complex fields (``w:fldChar`` begin/separate/end with the instruction split over runs), and
``«Field»`` placeholders typed by users, even when Word split them over several runs - is
replaced by one run holding a slot marker, with the formatting of the field's first run. Each
part is then kept as byte chunks around those slots, so filling a letter for one contact is a
join of bytes and XML-escaped values, and packaging it reuses the compressed bytes of the parts
that do not change. Field names are matched in English and in French, whatever the case,
accents, underscores or spacing; unknown fields become empty and are reported.
"""

from __future__ import annotations

import io
import re
import struct
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from lxml import etree

from . import fields
from .package import open_docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_NS = "http://www.w3.org/XML/1998/namespace"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
FOOTER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# -- the fields of reference section 8.4 ----------------------------------------------------------


@dataclass(frozen=True)
class FieldDef:
    key: str  # the English name of reference section 8.4
    french: tuple[str, ...] = ()  # French names (and a few other spellings users type)


FIELDS: tuple[FieldDef, ...] = (
    FieldDef("Entry No.", ("N° écriture", "No écriture")),
    FieldDef("Contact Mail Address", ("Adresse postale contact", "Adresse contact complète")),
    FieldDef("Contact No.", ("N° contact", "No contact")),
    FieldDef("Contact Company Name", ("Nom société contact", "Société contact")),
    FieldDef("Contact Name", ("Nom contact",)),
    FieldDef("Contact Name 2", ("Nom 2 contact",)),
    FieldDef("Contact Address", ("Adresse contact",)),
    FieldDef("Contact Address 2", ("Adresse 2 contact", "Complément adresse contact")),
    FieldDef("Contact Post Code", ("Code postal contact",)),
    FieldDef("Contact City", ("Ville contact",)),
    FieldDef("Contact County", ("Région contact", "Comté contact")),
    FieldDef("Contact Country/Region Name", ("Nom pays/région contact", "Pays contact")),
    FieldDef("Contact Job Title", ("Fonction contact",)),
    FieldDef("Contact Phone No.", ("N° téléphone contact",)),
    FieldDef("Contact Fax No.", ("N° télécopie contact",)),
    FieldDef("Contact E-Mail", ("E-mail contact", "Contact Email")),
    FieldDef("Contact Mobile Phone No.", ("N° téléphone mobile contact",)),
    FieldDef("Contact VAT Registration No.", ("N° identif. intracomm. contact",)),
    FieldDef("Contact Home Page", ("Page d'accueil contact",)),
    FieldDef("Formal Salutation", ("Formule de politesse formelle", "Salutation formelle")),
    FieldDef("Informal Salutation", ("Formule de politesse informelle", "Salutation informelle")),
    FieldDef("Salesperson/Purchaser Code", ("Code vendeur/acheteur", "Salesperson Code")),
    FieldDef("Salesperson/Purchaser Name", ("Nom vendeur/acheteur", "Salesperson Name")),
    FieldDef(
        "Salesperson/Purchaser Job Title", ("Fonction vendeur/acheteur", "Salesperson Job Title")
    ),
    FieldDef(
        "Salesperson/Purchaser Phone No.",
        ("N° téléphone vendeur/acheteur", "Salesperson Phone No."),
    ),
    FieldDef("Salesperson/Purchaser E-Mail", ("E-mail vendeur/acheteur", "Salesperson E-Mail")),
    FieldDef("Document Date", ("Date document",)),
    FieldDef("Document Campaign No.", ("N° campagne document",)),
    FieldDef("Document Segment No.", ("N° segment document",)),
    FieldDef("Document Description", ("Description document", "Désignation document")),
    FieldDef("Document Subject", ("Objet document", "Sujet document")),
    FieldDef("Company Information Name", ("Nom informations société", "Nom société")),
    FieldDef("Company Information Name 2", ("Nom 2 informations société", "Nom 2 société")),
    FieldDef("Company Information Address", ("Adresse informations société", "Adresse société")),
    FieldDef(
        "Company Information Address 2", ("Adresse 2 informations société", "Adresse 2 société")
    ),
    FieldDef(
        "Company Information Post Code", ("Code postal informations société", "Code postal société")
    ),
    FieldDef("Company Information City", ("Ville informations société", "Ville société")),
    FieldDef("Company Information County", ("Région informations société", "Région société")),
    FieldDef(
        "Company Information Country/Region Name",
        ("Nom pays/région informations société", "Pays société"),
    ),
    FieldDef(
        "Company Information VAT Registration No.",
        ("N° identif. intracomm. informations société", "N° identif. intracomm. société"),
    ),
    FieldDef(
        "Company Information Registration No.",
        ("N° immatriculation informations société", "N° immatriculation société"),
    ),
    FieldDef(
        "Company Information Phone No.", ("N° téléphone informations société", "Téléphone société")
    ),
    FieldDef("Company Information Fax No.", ("N° télécopie informations société",)),
    FieldDef("Company Information E-Mail", ("E-mail informations société", "E-mail société")),
    FieldDef(
        "Company Information Home Page", ("Page d'accueil informations société", "Site société")
    ),
    FieldDef("Company Information Bank Branch No.", ("N° agence bancaire informations société",)),
    FieldDef("Company Information Bank Name", ("Nom banque informations société", "Banque")),
    FieldDef(
        "Company Information Bank Account No.",
        ("N° compte bancaire informations société", "N° compte bancaire"),
    ),
    FieldDef("Company Information Giro No.", ("N° CCP informations société",)),
    FieldDef("FaxMailTo", ("Destinataire e-mail",)),
    FieldDef("Remark", ("Remarque", "Commentaire")),
)
FIELD_KEYS: tuple[str, ...] = tuple(f.key for f in FIELDS)
REMARK = "Remark"


def normalise_name(name: str) -> str:
    """A field name compared without case, accents, quotes, underscores or extra spaces."""
    text = unicodedata.normalize("NFKD", name.strip().strip('"'))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("_", " ").replace("\u00a0", " ").replace("º", "°").lower()
    text = re.sub(r"\bno\b\.?", "no.", text)
    text = text.replace("n°", "no.").replace("n °", "no.")
    return " ".join(text.split())


ALIASES: dict[str, str] = {}
for _definition in FIELDS:
    for _name in (_definition.key, *_definition.french):
        ALIASES[normalise_name(_name)] = _definition.key


def field_key(name: str) -> str | None:
    """The canonical (English) name of a field written in English or French, else None."""
    return ALIASES.get(normalise_name(name))


# -- preparing a template -----------------------------------------------------------------------

# Parses the parts of a Word package without resolving entities or reaching the network.
SAFE_XML_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False
)
_PLACEHOLDER = re.compile(r"«([^«»]{1,100})»")
_SLOT = re.compile(rb"\xee\x80\x80(\d+)\xee\x80\x81")  # U+E000 index U+E001 in UTF-8
MARK_START, MARK_END = "\ue000", "\ue001"  # a slot marker: MARK_START index MARK_END
_BODY_START = "segapp-body-start"
_BODY_END = "segapp-body-end"
_SECTION_MARK = "segapp-section"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_CT_BASE = "application/vnd.openxmlformats-officedocument.wordprocessingml."
TEXT_TYPES = {
    _CT_BASE + "document.main+xml",
    _CT_BASE + "template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    _CT_BASE + "header+xml",
    _CT_BASE + "footer+xml",
    _CT_BASE + "footnotes+xml",
    _CT_BASE + "endnotes+xml",
}
# what a field's runs may also hold and must keep: pictures, text boxes and frames anchored there
_KEEP = frozenset({w("drawing"), w("pict"), w("object"), f"{{{MC_NS}}}AlternateContent"})
_STORY = w("txbxContent")

Slot = fields.Node
LANGUAGE = fields.LANGUAGE


def _placeholder(name: str) -> fields.MergeNode:
    return fields.MergeNode(field_key(name), name)


class _Slots:
    def __init__(self) -> None:
        self.slots: list[Slot] = []

    def marker(self, slot: Slot) -> str:
        self.slots.append(slot)
        return f"\ue000{len(self.slots) - 1}\ue001"


def _slot_run(template_run: etree._Element | None, marker: str) -> etree._Element:
    """A run holding a slot marker, formatted like ``template_run``."""
    run = etree.Element(w("r"))
    if template_run is not None:
        properties = template_run.find(w("rPr"))
        if properties is not None:
            run.append(_copy(properties))
    text = etree.SubElement(run, w("t"))
    text.set(f"{{{XML_NS}}}space", "preserve")
    text.text = marker
    return run


def _copy(element: etree._Element) -> etree._Element:
    return etree.fromstring(etree.tostring(element), SAFE_XML_PARSER)


def _strip(element: etree._Element) -> None:
    """Removes a field's run (or simple field) but keeps what is anchored in it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tag == w("fldSimple"):
        for run in list(element.iter(w("r"))):
            if any(child.tag in _KEEP for child in run):
                _keep_only_anchors(run)
                element.addprevious(run)
        parent.remove(element)
    elif any(child.tag in _KEEP for child in element):
        _keep_only_anchors(element)
    else:
        parent.remove(element)


def _keep_only_anchors(run: etree._Element) -> None:
    for child in list(run):
        if child.tag not in _KEEP and child.tag != w("rPr"):
            run.remove(child)


@dataclass
class _Frame:
    """One complex field being read: its runs, its instruction pieces, its last result."""

    elements: list = field(default_factory=list)
    pieces: list = field(default_factory=list)
    separated: bool = False
    result_run: etree._Element | None = None
    result_text: list = field(default_factory=list)
    rewrites: list = field(default_factory=list)  # nested fields filled now (fill_fields)


class _Reader:
    """Finds the merge fields of one part and replaces them with slot runs. With ``only``, just
    the fields naming those keys are filled (with ``values``); the others stay as they are."""

    def __init__(self, slots: _Slots, only: Mapping[str, str] | None = None) -> None:
        self.slots = slots
        self.only = only

    def part(self, root: etree._Element) -> None:
        stories: dict[etree._Element, list] = {}
        for element in root.iter(w("r"), w("fldSimple")):
            stories.setdefault(self._story(element, root), []).append(element)
        for elements in stories.values():
            self._story_fields(elements)
        self._placeholders(root)

    @staticmethod
    def _story(element: etree._Element, root: etree._Element) -> etree._Element:
        for ancestor in element.iterancestors(_STORY):
            return ancestor
        return root

    def _wanted(self, node: fields.Node | None) -> bool:
        if node is None:
            return False
        if self.only is None:
            return True
        keys = [m.key for m in node.merge_fields()]
        return bool(keys) and all(k in self.only for k in keys)

    def _story_fields(self, elements: list) -> None:
        stack: list[_Frame] = []
        skip: set = set()
        for element in elements:
            if element in skip:
                continue
            if element.tag == w("fldSimple"):
                skip.update(element.iter(w("r")))
                text = "".join(t.text or "" for t in element.iter(w("t")))
                node = fields.parse([element.get(w("instr"), "")], field_key, text)
                if stack:
                    for frame in stack:
                        frame.elements.append(element)
                    self._nested(stack, _Frame([element], result_text=[text]), node)
                elif self._wanted(node):
                    element.addprevious(
                        _slot_run(element.find(f".//{w('r')}"), self.slots.marker(node))
                    )
                    _strip(element)
                continue
            if not stack and element.find(w("fldChar")) is None:
                continue
            registered = False
            for child in element:
                tag = child.tag
                if tag == w("fldChar"):
                    kind = child.get(w("fldCharType"))
                    if kind == "begin":
                        if not registered:
                            for frame in stack:
                                frame.elements.append(element)
                        stack.append(_Frame([element]))
                        registered = True
                        continue
                    if not stack:
                        continue
                    if not registered:
                        for frame in stack:
                            frame.elements.append(element)
                        registered = True
                    top = stack[-1]
                    if kind == "separate":
                        top.separated = True
                    elif kind == "end":
                        stack.pop()
                        result = "".join(top.result_text)
                        node = fields.parse(top.pieces, field_key, result)
                        if stack:
                            self._nested(stack, top, node)
                        else:
                            self._finish(top, node)
                    continue
                if not stack:
                    continue
                if not registered:
                    for frame in stack:
                        frame.elements.append(element)
                    registered = True
                top = stack[-1]
                if tag == w("instrText") and not top.separated:
                    top.pieces.append(child.text or "")
                elif tag == w("t") and top.separated:
                    if top.result_run is None:
                        top.result_run = element
                    top.result_text.append(child.text or "")

    def _nested(self, stack: list[_Frame], frame: _Frame, node: fields.Node | None) -> None:
        parent = stack[-1]
        if parent.separated:
            return
        if node is None:
            node = fields.TextNode("".join(frame.result_text))
        parent.pieces.append(node)
        if self.only is not None:
            parent.rewrites.extend(frame.rewrites)
            if isinstance(node, fields.MergeNode) and node.key in self.only:
                instruction = "".join(p for p in parent.pieces[:-1] if isinstance(p, str))
                quoted = len(re.findall(r'(?<!\\)"', instruction)) % 2 == 1
                parent.rewrites.append((frame.elements, node, quoted))

    def _finish(self, frame: _Frame, node: fields.Node | None) -> None:
        if self._wanted(node):
            template_run = frame.result_run if frame.result_run is not None else frame.elements[0]
            frame.elements[0].addprevious(_slot_run(template_run, self.slots.marker(node)))
            for element in frame.elements:
                _strip(element)
        elif self.only is not None and frame.rewrites:
            # a field that still merges later, with a nested field filled now: the value
            # becomes instruction text, quoted as Word quotes it
            for elements, nested, quoted in frame.rewrites:
                value = nested.text(self.only).replace('"', '\\"')
                run = etree.Element(w("r"))
                instruction = etree.SubElement(run, w("instrText"))
                instruction.set(f"{{{XML_NS}}}space", "preserve")
                instruction.text = value if quoted else f'"{value}"'
                elements[0].addprevious(run)
                for element in elements:
                    _strip(element)

    def _placeholders(self, root: etree._Element) -> None:
        """«Field» placeholders in each paragraph, even split over several runs."""
        for paragraph in root.iter(w("p")):
            texts = [
                t
                for t in paragraph.iter(w("t"))
                if t.text and next(t.iterancestors(w("p")), None) is paragraph
            ]
            joined = "".join(t.text for t in texts)
            if "«" not in joined:
                continue
            starts, position = [], 0
            for t in texts:
                starts.append(position)
                position += len(t.text)
            for match in reversed(list(_PLACEHOLDER.finditer(joined))):
                node = _placeholder(match.group(1))
                if self.only is not None and node.key not in self.only:
                    continue
                _splice(texts, starts, match.start(), match.end(), self.slots.marker(node))


def _splice(texts: list, starts: list[int], begin: int, end: int, marker: str) -> None:
    first = max(i for i, s in enumerate(starts) if s <= begin)
    last = max(i for i, s in enumerate(starts) if s < end)
    head = texts[first].text[: begin - starts[first]]
    tail = texts[last].text[end - starts[last] :]
    if first == last:
        texts[first].text = head + marker + tail
    else:
        texts[first].text = head + marker
        for i in range(first + 1, last):
            texts[i].text = ""
        texts[last].text = tail
    texts[first].set(f"{{{XML_NS}}}space", "preserve")
    # keep offsets of earlier matches valid: they only depend on texts before ``begin``


@dataclass
class Part:
    """A text part kept as byte chunks around its slots (``len(chunks) == len(slots) + 1``)."""

    chunks: list[bytes]
    slots: list[Slot]

    def fill(self, values: Mapping[str, str], out: list[bytes]) -> None:
        chunks, slots = self.chunks, self.slots
        out.append(chunks[0])
        for i, slot in enumerate(slots):
            out.append(xml_value(slot.text(values)))
            out.append(chunks[i + 1])

    def render(self, values: Mapping[str, str]) -> bytes:
        if not self.slots:
            return self.chunks[0]
        out: list[bytes] = []
        self.fill(values, out)
        return b"".join(out)

    def fill_marked(self, found: list[Slot], out: list[bytes]) -> None:
        """Like :meth:`fill`, with each slot's marker (U+E000 index U+E001, the index in
        ``found``, where the slot is appended) instead of its text."""
        out.append(self.chunks[0])
        for i, slot in enumerate(self.slots):
            found.append(slot)
            out.append(f"{MARK_START}{len(found) - 1}{MARK_END}".encode())
            out.append(self.chunks[i + 1])

    @property
    def has_slots(self) -> bool:
        return bool(self.slots)


def _chunks(xml: bytes, slots: list[Slot]) -> Part:
    pieces = _SLOT.split(xml)
    chunks = pieces[0::2]
    order = [slots[int(i)] for i in pieces[1::2]]
    return Part(chunks, order)


_BREAK = b'</w:t><w:br/><w:t xml:space="preserve">'
_TAB = b'</w:t><w:tab/><w:t xml:space="preserve">'
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_value(text: str) -> str:
    """A value as a letter shows it: without the characters XML cannot hold, every line
    break a plain ``\\n`` (which :func:`xml_value` writes as Word's line break)."""
    return _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def xml_value(text: str) -> bytes:
    """A value as XML inside a ``w:t``: escaped, line breaks and tabs as Word's own."""
    if not text:
        return b""
    data = escape(clean_value(text)).encode("utf-8")
    if b"\n" in data:
        data = data.replace(b"\n", _BREAK)
    if b"\t" in data:
        data = data.replace(b"\t", _TAB)
    return data


@dataclass
class Prepared:
    """A letter ready to be filled: every package entry, its text parts as chunks."""

    entries: list[tuple[str, bytes]]  # (name, bytes) of the parts that never change
    parts: dict[str, Part]  # name -> part with slots (headers, footers, notes)
    main_name: str
    head: Part  # the main part up to and including <w:body>
    body: Part  # the body's content, up to the last paragraph's section properties
    tail: Part  # the final section properties and the end of the document
    body_end: Part = field(default_factory=lambda: Part([b""], []))  # rest of the body
    has_section_marker: bool = False  # False: the body does not end with a plain paragraph
    recognised: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    has_remark: bool = False
    record_fields: list[str] = field(default_factory=list)  # NEXT, NEXTIF, SKIPIF removed
    _raw: dict[str, RawEntry] = field(default_factory=dict)
    _cache: dict = field(default_factory=dict)

    def raw(self, name: str, data: bytes) -> RawEntry:
        entry = self._raw.get(name)
        if entry is None:
            entry = self._raw[name] = RawEntry.make(name, data)
        return entry

    def render(self, values: Mapping[str, str], extra_body: bytes = b"") -> bytes:
        """One contact's letter as .docx bytes."""
        return self._write(lambda part, out: part.fill(values, out), extra_body)

    def marked(self) -> tuple[bytes, list[Slot]]:
        """The letter as .docx bytes with each slot's marker where its text goes, and the
        slots in marker order: :meth:`render` is this letter with every marker replaced by
        ``xml_value(slot.text(values))``. A marker is the only text of its run, or sits in
        the text of the ``«Field»`` placeholder it replaced."""
        found: list[Slot] = []
        return self._write(lambda part, out: part.fill_marked(found, out)), found

    def _write(self, fill, extra_body: bytes = b"") -> bytes:
        out = io.BytesIO()
        writer = ZipWriter(out)
        for name, data in self.entries:
            if name == self.main_name:
                pieces: list[bytes] = []
                fill(self.head, pieces)
                fill(self.body, pieces)
                fill(self.body_end, pieces)
                pieces.append(extra_body)
                fill(self.tail, pieces)
                writer.add(RawEntry.make(name, b"".join(pieces), level=1))
            elif name in self.parts:
                pieces = []
                fill(self.parts[name], pieces)
                writer.add(RawEntry.make(name, b"".join(pieces), level=1))
            else:
                writer.add(self.raw(name, data))
        writer.close()
        return out.getvalue()


def _text_parts(package, main) -> Iterator:
    for part in package.iter_parts():
        if part is main or part.content_type in TEXT_TYPES:
            yield part


def prepare(docx: bytes, only: Mapping[str, str] | None = None) -> Prepared:
    """Reads a letter once with python-docx and turns its fields into slots. python-docx gets
    the parts checked by the safe opener (:mod:`.package`), never the stored bytes. With
    ``only`` (key -> value), only the fields naming those keys become slots (see
    :func:`fill_fields`)."""
    from docx import Document

    document = Document(io.BytesIO(open_docx(docx).repack()))
    package = document.part.package
    main = document.part
    slots = _Slots()
    reader = _Reader(slots, only)
    text_parts = []
    for part in _text_parts(package, main):
        element = getattr(part, "element", None)
        if element is not None:
            reader.part(element)
        else:  # footnotes and endnotes: python-docx keeps them as plain bytes
            root = etree.fromstring(part.blob, SAFE_XML_PARSER)
            reader.part(root)
            part._blob = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
        text_parts.append(part)
    body = main.element.find(w("body"))
    has_marker = _mark_last_paragraph(body)
    body.insert(0, etree.Comment(_BODY_START))
    final_section = body.find(w("sectPr"))
    if final_section is not None and final_section is body[-1]:
        final_section.addprevious(etree.Comment(_BODY_END))
    else:
        body.append(etree.Comment(_BODY_END))
    buffer = io.BytesIO()
    document.save(buffer)
    main_name = str(main.partname).lstrip("/")
    text_names = {str(p.partname).lstrip("/") for p in text_parts}
    entries: list[tuple[str, bytes]] = []
    parts: dict[str, Part] = {}
    head = body_part = body_end = tail = Part([b""], [])
    with zipfile.ZipFile(buffer) as saved:
        for info in saved.infolist():
            data = saved.read(info)
            entries.append((info.filename, data))
            if info.filename == main_name:
                start = f"<!--{_BODY_START}-->".encode()
                end = f"<!--{_BODY_END}-->".encode()
                before, rest = data.split(start, 1)
                inside, after = rest.split(end, 1)
                inside, _, inside_end = inside.partition(f"<!--{_SECTION_MARK}-->".encode())
                head = _chunks(before, slots.slots)
                body_part = _chunks(inside, slots.slots)
                body_end = _chunks(inside_end, slots.slots)
                tail = _chunks(after, slots.slots)
            elif info.filename in text_names:
                part = _chunks(data, slots.slots)
                if part.has_slots:
                    parts[info.filename] = part
    merged = [m for slot in slots.slots for m in slot.merge_fields()]
    recognised = list(dict.fromkeys(m.key for m in merged if m.key))
    unknown = list(dict.fromkeys(m.name.strip() for m in merged if not m.key))
    records = list(dict.fromkeys(k for slot in slots.slots for k in slot.record_fields()))
    return Prepared(
        entries=entries,
        parts=parts,
        main_name=main_name,
        head=head,
        body=body_part,
        tail=tail,
        body_end=body_end,
        has_section_marker=has_marker,
        recognised=recognised,
        unknown=unknown,
        has_remark=REMARK in recognised,
        record_fields=records,
    )


def _mark_last_paragraph(body: etree._Element) -> bool:
    """Marks where the letter's last section properties go when letters are combined: in the
    properties of the body's last paragraph, so that combining adds no paragraph."""
    blocks = [c for c in body if isinstance(c.tag, str) and c.tag != w("sectPr")]
    if not blocks or blocks[-1].tag != w("p"):
        return False
    properties = blocks[-1].find(w("pPr"))
    if properties is None:
        properties = etree.Element(w("pPr"))
        blocks[-1].insert(0, properties)
    if properties.find(w("sectPr")) is not None:
        return False
    change = properties.find(w("pPrChange"))
    if change is not None:
        change.addprevious(etree.Comment(_SECTION_MARK))
    else:
        properties.append(etree.Comment(_SECTION_MARK))
    return True


def merge(docx: bytes, values: Mapping[str, str]) -> bytes:
    """One letter filled with ``values`` (field key -> text)."""
    return prepare(docx).render(values)


def upload_warnings(docx: bytes | Prepared) -> list[tuple[str, dict[str, str]]]:
    """What the check of an uploaded letter tells the user without refusing it, as catalogue
    keys with their parameters: fields that move between records of a data source (NEXT,
    NEXTIF, SKIPIF) make no sense when every contact gets a letter of its own, so they are
    removed from every letter. Call it on a letter the refusal checks accepted."""
    prepared = docx if isinstance(docx, Prepared) else prepare(docx)
    if not prepared.record_fields:
        return []
    return [("letters.record_fields_removed", {"fields": ", ".join(prepared.record_fields)})]


def fill_fields(docx: bytes, values: Mapping[str, str], append: str = "") -> bytes:
    """The letter with only the fields named in ``values`` filled (with their switches) and
    every other field left exactly as it is, so that it merges later as the template's would:
    a personalised copy for one contact (a remark) that still follows the contact's data. When
    the letter has no field for ``append`` (for instance Remark), that value becomes a
    paragraph at the end of the body."""
    prepared = prepare(docx, only=values)
    extra = b""
    if append and values.get(append) and append not in prepared.recognised:
        has_field = append in prepare(docx).recognised
        if not has_field:
            text = xml_value(values[append])
            extra = b'<w:p><w:r><w:t xml:space="preserve">' + text + b"</w:t></w:r></w:p>"
    return prepared.render(values, extra_body=extra)


# -- zip packaging ------------------------------------------------------------------------------

_DOS_TIME = ((12 << 11) | (0 << 5), ((2026 - 1980) << 9) | (1 << 5) | 1)


@dataclass(frozen=True)
class RawEntry:
    """A zip entry compressed once, written as is into as many zips as needed."""

    name: bytes
    crc: int
    size: int
    data: bytes
    method: int

    @classmethod
    def make(cls, name: str, data: bytes, level: int = 6) -> RawEntry:
        if level == 0:
            return cls(name.encode("utf-8"), zlib.crc32(data), len(data), data, 0)
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        return cls(name.encode("utf-8"), zlib.crc32(data), len(data), packed, 8)


class ZipWriter:
    """A minimal zip writer (no zip64) that accepts entries compressed beforehand."""

    def __init__(self, out: io.BufferedIOBase | io.BytesIO) -> None:
        self.out = out
        self.offset = 0
        self.directory: list[bytes] = []
        mod_time, mod_date = _dos_now()
        self.time, self.date = mod_time, mod_date

    def add(self, entry: RawEntry) -> None:
        if len(self.directory) >= 65535 or self.offset + len(entry.data) >= 0xFFFFFFFF:
            raise OverflowError("the archive is too large")
        header = struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0x0800,
            entry.method,
            self.time,
            self.date,
            entry.crc,
            len(entry.data),
            entry.size,
            len(entry.name),
            0,
        )
        self.directory.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0x0800,
                entry.method,
                self.time,
                self.date,
                entry.crc,
                len(entry.data),
                entry.size,
                len(entry.name),
                0,
                0,
                0,
                0,
                0,
                self.offset,
            )
            + entry.name
        )
        self.out.write(header)
        self.out.write(entry.name)
        self.out.write(entry.data)
        self.offset += len(header) + len(entry.name) + len(entry.data)

    def close(self) -> None:
        directory = b"".join(self.directory)
        self.out.write(directory)
        self.out.write(
            struct.pack(
                "<IHHHHIIH",
                0x06054B50,
                0,
                0,
                len(self.directory),
                len(self.directory),
                len(directory),
                self.offset,
                0,
            )
        )


def _dos_now() -> tuple[int, int]:
    now = time.localtime()
    return (
        (now.tm_hour << 11) | (now.tm_min << 5) | (now.tm_sec // 2),
        ((max(now.tm_year, 1980) - 1980) << 9) | (now.tm_mon << 5) | now.tm_mday,
    )


# -- a zip of letters ------------------------------------------------------------------------


def zip_letters(files: Iterable[tuple[str, bytes]], out: io.BufferedIOBase | io.BytesIO) -> int:
    """A .zip of already compressed .docx files (stored, not compressed again)."""
    writer = ZipWriter(out)
    count = 0
    for name, data in files:
        writer.add(RawEntry.make(name, data, level=0))
        count += 1
    writer.close()
    return count
