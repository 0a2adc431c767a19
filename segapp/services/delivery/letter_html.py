"""A merged Word letter as the HTML body of an e-mail, with its plain-text alternative and its
images as inline (CID) parts (bc-reference.md section 8.3: "the merge is rendered to HTML and
used as the e-mail body").

The conversion is mammoth's (paragraphs, headings, bold, italic, underline, lists, tables,
images). Mammoth reads every style of ``word/styles.xml``, and Word's and python-docx's default
templates carry hundreds of them, which made one letter take half a second; the letter is
therefore handed to mammoth with only the styles its body uses (and the styles those are based
on). The pruned styles part is cached per template's styles part, so the letters of one logged
segment share it."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from html.parser import HTMLParser

import mammoth
import mammoth.docx.office_xml
from lxml import etree
from mammoth.docx.xmlparser import XmlElement, XmlText

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


def letter_html(docx: bytes, title: str, cid_domain: str = "segapp") -> LetterHtml:
    """The letter as a complete HTML document, its text alternative and its inline images."""
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
    fragment = result.value
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
