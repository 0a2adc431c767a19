"""A merged Word letter as the HTML body of an e-mail, with its plain-text alternative and its
images as inline (CID) parts (bc-reference.md section 8.3: "the merge is rendered to HTML and
used as the e-mail body").

The conversion is mammoth's (paragraphs, headings, bold, italic, underline, lists, tables,
images). Mammoth reads every style of ``word/styles.xml``, and Word's and python-docx's default
templates carry hundreds of them, which made one letter take half a second; the letter is
therefore handed to mammoth with only the styles its body uses (and the styles those are based
on).

Reading a letter (the package, its XML, styles and numbering) is most of mammoth's time, and
every letter of a log is the same document with other merge values. A :class:`LetterTemplate`
therefore reads the document once, with a marker where each merge field's text goes (see
``merge.Prepared.marked``); a contact's letter is that document tree with the markers replaced
by the contact's values - as text, line breaks and tabs, exactly the runs mammoth reads from
the merged letter - converted to HTML. The HTML is the one mammoth makes of the contact's
merged .docx, byte for byte (a test compares them), at a fraction of the cost. Personalised and
uploaded letters are templates without markers, converted as they are."""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from html.parser import HTMLParser
from typing import Any

import cobble
import mammoth
import mammoth.docx
import mammoth.docx.office_xml
from lxml import etree
from mammoth import conversion, documents, options
from mammoth.docx.style_map import read_style_map
from mammoth.docx.xmlparser import XmlElement, XmlText

from ..letters import merge
from ..letters.package import open_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_STYLE_REF = re.compile(rb'w:(?:pStyle|rStyle|tblStyle|numStyleLink|styleLink) w:val="([^"]+)"')
_SKIPPED = {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"}
_BODY_STYLE = (
    "font-family:Calibri,Arial,Helvetica,sans-serif;font-size:11pt;line-height:1.4;color:#1f1f1f"
)


@dataclass
class InlineImage:
    cid: str
    content: bytes
    content_type: str


@dataclass
class LetterHtml:
    html: str
    text: str
    images: list[InlineImage] = field(default_factory=list)


def _lxml_parse_xml(fileobj, namespace_mapping=None):
    """mammoth's XML reader (``mammoth.docx.xmlparser.parse_xml``: the same tree of
    XmlElement and XmlText nodes, names written "prefix:local") on lxml instead of minidom,
    which was most of the time of a letter. Entities are not resolved, nothing is fetched."""
    prefixes = {uri: prefix for prefix, uri in namespace_mapping or ()}
    names: dict[str, str] = {}

    def name(tag: str) -> str:
        found = names.get(tag)
        if found is None:
            found = tag
            if tag.startswith("{"):
                uri, local = tag[1:].split("}", 1)
                prefix = prefixes.get(uri)
                if prefix is not None:
                    found = f"{prefix}:{local}"
            names[tag] = found
        return found

    def convert(element) -> XmlElement:
        children = []
        if element.text:
            children.append(XmlText(element.text))
        for child in element:
            if isinstance(child.tag, str):
                children.append(convert(child))
            if child.tail:
                children.append(XmlText(child.tail))
        attributes = {name(key): value for key, value in element.attrib.items()}
        return XmlElement(name(element.tag), attributes, children)

    return convert(etree.parse(fileobj, _PARSER).getroot())


mammoth.docx.office_xml.parse_xml = _lxml_parse_xml


@lru_cache(maxsize=32)
def _pruned_styles(digest: str, styles: bytes, used: frozenset[bytes]) -> bytes:
    root = etree.fromstring(styles, _PARSER)
    by_id = {s.get(W + "styleId", "").encode(): s for s in root.findall(W + "style")}
    todo = list(used) + [k for k, s in by_id.items() if s.get(W + "default") == "1"]
    keep: set[bytes] = set()
    while todo:
        style_id = todo.pop()
        if style_id in keep or style_id not in by_id:
            continue
        keep.add(style_id)
        for tag in ("basedOn", "link", "next"):
            ref = by_id[style_id].find(W + tag)
            if ref is not None:
                todo.append(ref.get(W + "val", "").encode())
    for style_id, style in by_id.items():
        if style_id not in keep:
            root.remove(style)
    for latent in root.findall(W + "latentStyles"):
        root.remove(latent)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def slim_docx(docx: bytes) -> bytes:
    """The same letter, opened the app's one safe way (``letters.package``), with only the
    styles its body and numbering use."""
    package = open_docx(docx)
    names = package.names()
    used_in = b"".join(
        package.read(name)
        for name in names
        if name in ("word/document.xml", "word/numbering.xml")
        or name.startswith(("word/header", "word/footer"))
    )
    used = frozenset(_STYLE_REF.findall(used_in))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as slim:
        for name in names:
            if name in _SKIPPED:
                continue
            data = package.read(name)
            if name == "word/styles.xml":
                digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
                data = _pruned_styles(digest, data, used)
            slim.writestr(name, data)
    return out.getvalue()


class _Text(HTMLParser):
    """The plain-text alternative: paragraphs separated by a blank line, list items as
    "- item", table cells separated by tabs, links followed by their address."""

    BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "tr":
            self.parts.append("\n")
        elif tag == "td" or tag == "th":
            self.parts.append("\t")
        elif tag == "a":
            self._href.append(dict(attrs).get("href") or "")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f"[{alt}]")

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.parts.append("\n\n")
        elif tag == "a" and self._href:
            href = self._href.pop()
            if href.startswith(("http", "mailto:")):
                self.parts.append(f" <{href.removeprefix('mailto:')}>")

    def handle_data(self, data):
        self.parts.append(data)

    def text(self) -> str:
        raw = "".join(self.parts).replace("\xa0", " ")
        lines = [line.rstrip() for line in raw.split("\n")]
        joined = "\n".join(line.lstrip("\t") if line.startswith("\t") else line for line in lines)
        return re.sub(r"\n{3,}", "\n\n", joined).strip() + "\n"


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser.text()


_MARK = re.compile(f"{merge.MARK_START}(\\d+){merge.MARK_END}")
_SPLIT = re.compile("([\n\t])")


def _runs_of(value: str) -> list:
    """The nodes mammoth reads from a ``w:t`` holding ``value`` as ``merge.xml_value`` writes
    it: text, with a line break for each new line and a tab for each tab."""
    if "\n" not in value and "\t" not in value:
        return [documents.Text(value)]
    nodes: list = []
    for i, piece in enumerate(_SPLIT.split(value)):
        if i % 2 == 0:
            nodes.append(documents.Text(piece))
        else:
            nodes.append(documents.line_break if piece == "\n" else documents.tab())
    return nodes


def _filled_list(nodes: list, texts: Sequence[str]) -> list:
    """``nodes`` with the markers of their texts filled; the same list when there are none."""
    out: list = []
    changed = False
    for node in nodes:
        if isinstance(node, documents.Text):
            if merge.MARK_START in node.value:
                value = _MARK.sub(lambda m: texts[int(m.group(1))], node.value)
                out.extend(_runs_of(value))
                changed = True
                continue
            out.append(node)
            continue
        filled = _filled(node, texts)
        changed = changed or filled is not node
        out.append(filled)
    return out if changed else nodes


def _filled(node: Any, texts: Sequence[str]) -> Any:
    """A node of mammoth's document tree with its markers filled (copied only where one is)."""
    if isinstance(node, documents.Document):
        notes = node.notes._notes  # mammoth keeps the notes in a plain dict
        filled_notes = {key: _filled(note, texts) for key, note in notes.items()}
        if all(filled_notes[key] is note for key, note in notes.items()):
            new_notes = node.notes
        else:
            new_notes = documents.Notes(filled_notes)
        return node.copy(
            children=_filled_list(node.children, texts),
            notes=new_notes,
            comments=[_filled(comment, texts) for comment in node.comments],
        )
    for name in ("children", "body"):  # elements, notes and comments
        children = getattr(node, name, None)
        if isinstance(children, list):
            filled = _filled_list(children, texts)
            if filled is not children:
                return cobble.copy(node, **{name: filled})
    return node


class LetterTemplate:
    """A Word letter read once for mammoth, whose slots (``merge.Prepared.marked``) are filled
    for each contact: :meth:`render` gives what :func:`letter_html` gives for the merged
    letter. Without slots it is a letter used as it is (personalised, uploaded)."""

    def __init__(self, docx: bytes, slots: Sequence[merge.Slot] = ()) -> None:
        slim = slim_docx(docx)
        style_map = read_style_map(io.BytesIO(slim))
        self._options = options.read_options({"embedded_style_map": style_map}).value
        self._source = io.BytesIO(slim)  # mammoth's images are read from it when converted
        self._document = mammoth.docx.read(self._source, external_file_access=False).value
        self._slots = list(slots)
        self._images: dict[int, tuple[bytes, str]] = {}

    def _image(self, image) -> tuple[bytes, str]:
        found = self._images.get(id(image))
        if found is None:
            with image.open() as stream:
                found = (stream.read(), image.content_type or "image/png")
            self._images[id(image)] = found
        return found

    def render(
        self, values: Mapping[str, Any], title: str, cid_domain: str = "segapp"
    ) -> LetterHtml:
        document = self._document
        if self._slots:
            texts = [merge.clean_value(slot.text(values)) for slot in self._slots]
            document = _filled(document, texts)
        images: list[InlineImage] = []

        def _inline(image) -> dict[str, str]:
            content, content_type = self._image(image)
            digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()[:12]
            cid = f"image{len(images) + 1}.{digest}@{cid_domain}"
            images.append(InlineImage(cid, content, content_type))
            return {"src": f"cid:{cid}"}

        result = conversion.convert_document_element_to_html(
            document, convert_image=mammoth.images.img_element(_inline), **self._options
        )
        return _page(result.value, title, images)


def _page(fragment: str, title: str, images: list[InlineImage]) -> LetterHtml:
    styled = (
        fragment.replace("<table>", '<table style="border-collapse:collapse">')
        .replace("<td>", '<td style="padding:2pt 6pt;vertical-align:top">')
        .replace("<p></p>", "<p>&nbsp;</p>")
    )
    html = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n"
        f'<body style="{_BODY_STYLE}">\n{styled}\n</body></html>\n'
    )
    return LetterHtml(html, html_to_text(fragment), images)


def letter_html(docx: bytes, title: str, cid_domain: str = "segapp") -> LetterHtml:
    """The letter as a complete HTML document, its text alternative and its inline images
    (mammoth on the whole letter: what :class:`LetterTemplate` must give)."""
    images: list[InlineImage] = []

    def _image(image) -> dict[str, str]:
        with image.open() as stream:
            content = stream.read()
        digest = hashlib.sha1(content, usedforsecurity=False).hexdigest()[:12]
        cid = f"image{len(images) + 1}.{digest}@{cid_domain}"
        images.append(InlineImage(cid, content, image.content_type or "image/png"))
        return {"src": f"cid:{cid}"}

    result = mammoth.convert_to_html(
        io.BytesIO(slim_docx(docx)), convert_image=mammoth.images.img_element(_image)
    )
    return _page(result.value, title, images)


class CachedLetter:
    """One letter document as the worker uses it: prepared for merging (``merged``) and read
    for mammoth, each once and only when needed; a failure is kept and raised again."""

    def __init__(self, content: bytes, merged: bool) -> None:
        self.content, self.merged = content, merged
        self._prepared: merge.Prepared | BaseException | None = None
        self._template: LetterTemplate | BaseException | None = None

    def _prepare(self) -> merge.Prepared:
        if self._prepared is None:
            try:
                self._prepared = merge.prepare(self.content)
            except Exception as exc:
                self._prepared = exc
        if isinstance(self._prepared, BaseException):
            raise self._prepared
        return self._prepared

    def docx(self, values: Mapping[str, Any]) -> bytes:
        """The contact's letter as .docx bytes."""
        return self._prepare().render(values) if self.merged else self.content

    def template(self) -> LetterTemplate:
        if self._template is None:
            try:
                if self.merged:
                    marked, slots = self._prepare().marked()
                    self._template = LetterTemplate(marked, slots)
                else:
                    self._template = LetterTemplate(self.content)
            except Exception as exc:
                self._template = exc
        if isinstance(self._template, BaseException):
            raise self._template
        return self._template


class TemplateCache:
    """The letters a worker sends, by the content of their document (the same bytes are the
    same letter), the most recently used kept."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, bool], CachedLetter] = OrderedDict()
        self._lock = threading.Lock()  # a consumer may run several worker threads

    def get(self, content: bytes, merged: bool) -> CachedLetter:
        key = (hashlib.sha1(content, usedforsecurity=False).hexdigest(), merged)
        with self._lock:
            return self._get(key, content, merged)

    def _get(self, key: tuple[str, bool], content: bytes, merged: bool) -> CachedLetter:
        found = self._items.get(key)
        if found is None:
            found = self._items[key] = CachedLetter(content, merged)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        else:
            self._items.move_to_end(key)
        return found
