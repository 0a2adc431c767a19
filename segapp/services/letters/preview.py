"""A merged letter as HTML for the browser's preview (bc-reference.md section 5.5 shows a PDF;
here the letter is shown in the page): paragraphs, headings, bold, italic, underline, tables,
line breaks, headers and footers. Every text is escaped; no style or script of the document
reaches the page."""

from __future__ import annotations

from html import escape

from lxml import etree

from . import package
from .merge import W_NS, w

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_ALIGN = {"center": "center", "right": "right", "end": "right", "both": "justify"}
MAX_PREVIEW_CHARS = 400_000


def _heading_level(style_id: str, names: dict[str, str]) -> int:
    name = names.get(style_id, style_id).lower().replace(" ", "")
    if name == "title":
        return 1
    if name.startswith("heading") and name[7:].isdigit():
        return min(int(name[7:]) + 1, 6)
    return 0


def _on(element: etree._Element | None) -> bool:
    if element is None:
        return False
    return element.get(w("val"), "true") not in ("0", "false", "none")


def _run(run: etree._Element) -> str:
    properties = run.find(w("rPr"))
    pieces = []
    for child in run:
        tag = etree.QName(child).localname
        if tag == "t":
            pieces.append(escape(child.text or ""))
        elif tag in ("br", "cr"):
            pieces.append("<br>")
        elif tag == "tab":
            pieces.append("&emsp;")
    html = "".join(pieces)
    if not html or properties is None:
        return html
    if _on(properties.find(w("b"))):
        html = f"<strong>{html}</strong>"
    if _on(properties.find(w("i"))):
        html = f"<em>{html}</em>"
    if _on(properties.find(w("u"))):
        html = f"<u>{html}</u>"
    return html


def _paragraph(paragraph: etree._Element, names: dict[str, str]) -> str:
    content = "".join(
        _run(run)
        for run in paragraph.iter(w("r"))
        if run.getparent() is not None and etree.QName(run.getparent()).localname != "rPr"
    )
    properties = paragraph.find(w("pPr"))
    level, align = 0, ""
    if properties is not None:
        style = properties.find(w("pStyle"))
        if style is not None:
            level = _heading_level(style.get(w("val"), ""), names)
        justification = properties.find(w("jc"))
        if justification is not None:
            align = _ALIGN.get(justification.get(w("val"), ""), "")
    attributes = f' style="text-align:{align}"' if align else ""
    if level:
        return f"<h{level}{attributes}>{content}</h{level}>"
    return f"<p{attributes}>{content or '&nbsp;'}</p>"


def _table(table: etree._Element, names: dict[str, str]) -> str:
    rows = []
    for row in table.findall(w("tr")):
        cells = []
        for cell in row.findall(w("tc")):
            cells.append(f"<td>{_blocks(cell, names)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table>{''.join(rows)}</table>"


def _blocks(container: etree._Element, names: dict[str, str]) -> str:
    html = []
    for child in container:
        tag = etree.QName(child).localname
        if tag == "p":
            html.append(_paragraph(child, names))
        elif tag == "tbl":
            html.append(_table(child, names))
        elif tag == "sdt":
            content = child.find(w("sdtContent"))
            if content is not None:
                html.append(_blocks(content, names))
    return "".join(html)


def _style_names(archive: package.Package) -> dict[str, str]:
    try:
        styles = etree.fromstring(archive.read("word/styles.xml"), _PARSER)
    except KeyError:
        return {}
    names = {}
    for style in styles.iter(w("style")):
        name = style.find(w("name"))
        if name is not None:
            names[style.get(w("styleId"), "")] = name.get(w("val"), "")
    return names


def docx_to_html(docx: bytes) -> str:
    """The letter's headers, body and footers as an HTML fragment (the package read through
    the safe opener, so a hostile document is refused with its reason)."""
    archive = package.open_docx(docx)
    names = _style_names(archive)
    body = etree.fromstring(archive.read("word/document.xml"), _PARSER).find(w("body"))
    headers = sorted(n for n in archive.names() if n.startswith("word/header"))
    footers = sorted(n for n in archive.names() if n.startswith("word/footer"))
    parts = []
    for name in headers[:1]:
        root = etree.fromstring(archive.read(name), _PARSER)
        parts.append(f'<header class="letter-header">{_blocks(root, names)}</header>')
    parts.append(f'<main class="letter-body">{_blocks(body, names)}</main>')
    for name in footers[:1]:
        root = etree.fromstring(archive.read(name), _PARSER)
        parts.append(f'<footer class="letter-footer">{_blocks(root, names)}</footer>')
    html = "".join(parts)
    return html[:MAX_PREVIEW_CHARS]


__all__ = ["W_NS", "docx_to_html"]
