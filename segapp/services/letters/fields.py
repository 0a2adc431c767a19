"""Word's field language as a mail merge evaluates it: MERGEFIELD and IF instructions with
their switches (bc-reference.md section 8.4).

An instruction arrives as pieces: instruction text, and nested fields already parsed into
nodes. :func:`parse` turns them into a node whose ``text(values)`` gives what Word would print:

- ``MERGEFIELD name`` with ``\\* Upper|Lower|FirstCap|Caps``, ``\\b "before"`` and
  ``\\f "after"`` (only around a non-empty value), ``\\@ "date picture"`` (English or French
  month and day names, by the letter's language), ``\\# "number picture"``; ``\\m`` and ``\\v``
  change nothing in a letter;
- ``IF left op right "then" "else"`` with ``= <> < > <= >=``, quoted or bare operands, nested
  fields anywhere, ``*`` and ``?`` wildcards in a quoted right operand of ``=`` and ``<>``;
  numbers compare as numbers, anything else as text;
- ``NEXT``, ``NEXTIF`` and ``SKIPIF`` move between records of a data source: a segment gives
  each contact a letter of its own, so they print nothing and are reported.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

LANGUAGE = "@language"  # the values' key holding the letter's language code (EN, FR...)
RECORD_FIELDS = ("NEXT", "NEXTIF", "SKIPIF")


def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split(" "))


MONTHS = {
    "EN": _names(
        "January February March April May June July August September October November December"
    ),
    "FR": _names(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    ),
}
SHORT_MONTHS = {
    "EN": _names("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"),
    "FR": _names("janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc."),
}
DAYS = {
    "EN": _names("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"),
    "FR": _names("lundi mardi mercredi jeudi vendredi samedi dimanche"),
}
SHORT_DAYS = {
    "EN": _names("Mon Tue Wed Thu Fri Sat Sun"),
    "FR": _names("lun. mar. mer. jeu. ven. sam. dim."),
}


class Node:
    """A field's result for one contact."""

    def text(self, values: Mapping[str, str]) -> str:
        raise NotImplementedError

    def merge_fields(self) -> Iterator[MergeNode]:
        return iter(())

    def record_fields(self) -> Iterator[str]:
        return iter(())


Piece = str | Node


@dataclass(frozen=True)
class Switches:
    case: str = ""
    before: str = ""
    after: str = ""
    date: str | None = None
    number: str | None = None

    def format(self, value: str, values: Mapping[str, str]) -> str:
        if not value:
            return ""
        if self.date is not None:
            value = format_date_picture(value, self.date, _language(values, value))
        if self.number is not None:
            value = format_number_picture(value, self.number)
        value = change_case(value, self.case)
        return f"{self.before}{value}{self.after}"


@dataclass(frozen=True)
class MergeNode(Node):
    """A MERGEFIELD (or a «Field» placeholder); ``key`` is None for an unknown field."""

    key: str | None
    name: str
    switches: Switches = Switches()
    instruction: str = ""

    def text(self, values: Mapping[str, str]) -> str:
        value = values.get(self.key, "") if self.key else ""
        return self.switches.format(value, values)

    def merge_fields(self) -> Iterator[MergeNode]:
        yield self


@dataclass(frozen=True)
class TextNode(Node):
    """Another nested field (PAGE, DATE...): its last result."""

    value: str

    def text(self, values: Mapping[str, str]) -> str:
        return self.value


@dataclass(frozen=True)
class RecordNode(Node):
    """NEXT, NEXTIF or SKIPIF: nothing printed."""

    kind: str

    def text(self, values: Mapping[str, str]) -> str:
        return ""

    def record_fields(self) -> Iterator[str]:
        yield self.kind


Operand = tuple[Piece, ...]


def _join(pieces: Operand, values: Mapping[str, str]) -> str:
    return "".join(p if isinstance(p, str) else p.text(values) for p in pieces)


def _nodes(pieces: Iterable[Piece]) -> Iterator[Node]:
    return (p for p in pieces if isinstance(p, Node))


@dataclass(frozen=True)
class IfNode(Node):
    left: Operand
    operator: str  # "" when the condition is a single operand
    right: Operand
    right_quoted: bool
    then: Operand
    otherwise: Operand
    switches: Switches = Switches()

    def text(self, values: Mapping[str, str]) -> str:
        left = _join(self.left, values)
        if self.operator:
            right = _join(self.right, values)
            chosen = compare(left, self.operator, right, self.right_quoted)
        else:
            chosen = left.strip() not in ("", "0")
        return self.switches.format(_join(self.then if chosen else self.otherwise, values), values)

    def _pieces(self) -> Iterator[Piece]:
        for operand in (self.left, self.right, self.then, self.otherwise):
            yield from operand

    def merge_fields(self) -> Iterator[MergeNode]:
        for node in _nodes(self._pieces()):
            yield from node.merge_fields()

    def record_fields(self) -> Iterator[str]:
        for node in _nodes(self._pieces()):
            yield from node.record_fields()


# -- comparisons ----------------------------------------------------------------------------------


def _number(text: str) -> float | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not re.fullmatch(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)", cleaned):
        return None
    return float(cleaned.replace(",", "."))


def _wildcard(pattern: str) -> re.Pattern[str]:
    out = []
    for char in pattern:
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        else:
            out.append(re.escape(char))
    return re.compile("".join(out), re.DOTALL)


def compare(left: str, operator: str, right: str, right_quoted: bool = True) -> bool:
    """Word's IF comparison: wildcards for = and <> against a quoted pattern, numbers as
    numbers, text as text (case matters, as in Word)."""
    if operator in ("=", "<>") and right_quoted and ("*" in right or "?" in right):
        matched = _wildcard(right).fullmatch(left) is not None
        return matched if operator == "=" else not matched
    a, b = _number(left), _number(right)
    pair: tuple = (a, b) if a is not None and b is not None else (left, right)
    if operator == "=":
        return pair[0] == pair[1]
    if operator == "<>":
        return pair[0] != pair[1]
    if operator == "<":
        return pair[0] < pair[1]
    if operator == ">":
        return pair[0] > pair[1]
    if operator == "<=":
        return pair[0] <= pair[1]
    if operator == ">=":
        return pair[0] >= pair[1]
    return False


OPERATORS = ("=", "<>", "<", ">", "<=", ">=")


# -- switches -----------------------------------------------------------------------------------


def change_case(value: str, case: str) -> str:
    case = case.lower()
    if case == "upper":
        return value.upper()
    if case == "lower":
        return value.lower()
    if case == "firstcap":
        return value[:1].upper() + value[1:]
    if case == "caps":
        return re.sub(r"(^|(?<=[\s\-]))(\w)", lambda m: m.group(2).upper(), value)
    return value


def _language(values: Mapping[str, str], value: str) -> str:
    language = (values.get(LANGUAGE) or "").upper()[:2]
    if language in MONTHS:
        return language
    lowered = value.lower()
    if any(month in lowered.split() for month in MONTHS["FR"]):
        return "FR"
    return "EN"


def parse_date(value: str) -> dt.date | None:
    """A date written as 2026-11-02, 2 November 2026, 2 novembre 2026 or 02/11/2026."""
    text = value.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?", text)
    try:
        if match:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        match = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text)
        if match:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        match = re.fullmatch(r"(\d{1,2})(?:er)?\s+(\S+)\s+(\d{4})", text)
        if match:
            month = match.group(2).lower()
            for names in (*MONTHS.values(), *SHORT_MONTHS.values()):
                lowered = [n.lower().rstrip(".") for n in names]
                if month.rstrip(".") in lowered:
                    number = lowered.index(month.rstrip(".")) + 1
                    return dt.date(int(match.group(3)), number, int(match.group(1)))
    except ValueError:
        return None
    return None


_DATE_TOKEN = re.compile(
    r"'[^']*'|AM/PM|am/pm|d{1,4}|M{1,4}|y{4}|y{2}|H{1,2}|h{1,2}|m{1,2}|s{1,2}|.", re.DOTALL
)


def format_date_picture(value: str, picture: str, language: str = "EN") -> str:
    """``\\@ "dddd d MMMM yyyy"`` on a date value; a value that is no date stays as it is."""
    date = parse_date(value)
    if date is None:
        return value
    language = language if language in MONTHS else "EN"
    parts = {
        "d": str(date.day),
        "dd": f"{date.day:02d}",
        "ddd": SHORT_DAYS[language][date.weekday()],
        "dddd": DAYS[language][date.weekday()],
        "M": str(date.month),
        "MM": f"{date.month:02d}",
        "MMM": SHORT_MONTHS[language][date.month - 1],
        "MMMM": MONTHS[language][date.month - 1],
        "yy": f"{date.year % 100:02d}",
        "yyyy": str(date.year),
        "H": "0",
        "HH": "00",
        "h": "12",
        "hh": "12",
        "m": "0",
        "mm": "00",
        "s": "0",
        "ss": "00",
        "AM/PM": "AM",
        "am/pm": "am",
    }
    out = []
    for piece in _DATE_TOKEN.findall(picture):
        if piece.startswith("'") and len(piece) > 1:
            out.append(piece[1:-1])
        else:
            out.append(parts.get(piece, piece))
    return "".join(out)


def format_number_picture(value: str, picture: str) -> str:
    """``\\# "#,##0.00"``, with literal text before or after the digits; a value that is no
    number stays as it is."""
    number = _number(value)
    if number is None:
        return value
    picture = picture.split(";")[0]
    match = re.search(r"[0#x][0#x,.]*", picture)
    if not match:
        return value
    prefix, core, suffix = picture[: match.start()], match.group(0), picture[match.end() :]
    integer_part, _, decimal_part = core.partition(".")
    grouping = "," in integer_part
    decimals = len(decimal_part.replace(",", ""))
    required_decimals = decimal_part.count("0")
    minimum_digits = integer_part.count("0")
    exact = decimal.Decimal(value.strip().replace(",", ".").replace(" ", "").replace("\u00a0", ""))
    step = decimal.Decimal(1).scaleb(-decimals)
    rounded = f"{abs(exact).quantize(step, rounding=decimal.ROUND_HALF_UP):f}"
    whole, _, fraction = rounded.partition(".")
    if fraction:
        fraction = fraction.rstrip("0")
        fraction = fraction + "0" * max(0, required_decimals - len(fraction))
    whole = whole.lstrip("0").zfill(minimum_digits) if minimum_digits else whole.lstrip("0")
    if grouping and whole:
        whole = f"{int(whole):,}"
    text = whole + (f".{fraction}" if fraction else "")
    if number < 0 and (whole.strip("0,") or fraction.strip("0")):
        text = "-" + text
    return f"{prefix}{text}{suffix}"


# -- instructions ---------------------------------------------------------------------------------


@dataclass
class Token:
    pieces: list[Piece]
    quoted: bool

    def plain(self) -> str:
        return "".join(p for p in self.pieces if isinstance(p, str))


def tokens(pieces: Iterable[Piece]) -> list[Token]:
    """Splits an instruction at spaces outside quotes; quotes group words and nested fields."""
    out: list[Token] = []
    current: Token | None = None
    quoted = False

    def add(piece: Piece) -> None:
        nonlocal current
        if current is None:
            current = Token([], quoted)
            out.append(current)
        if isinstance(piece, str) and current.pieces and isinstance(current.pieces[-1], str):
            current.pieces[-1] += piece
        else:
            current.pieces.append(piece)

    for piece in pieces:
        if not isinstance(piece, str):
            add(piece)
            continue
        index = 0
        while index < len(piece):
            char = piece[index]
            if quoted:
                if char == "\\" and piece[index + 1 : index + 2] == '"':
                    add('"')
                    index += 1
                elif char == '"':
                    if current is None:
                        current = Token([""], True)
                        out.append(current)
                    current, quoted = None, False
                else:
                    add(char)
            elif char == '"':
                current, quoted = None, True
            elif char.isspace():
                current = None
            else:
                add(char)
            index += 1
    return out


def _switches(items: list[Token]) -> Switches:
    found: dict[str, str] = {}
    index = 0
    while index < len(items):
        token = items[index]
        text = token.plain()
        index += 1
        if token.quoted or not text.startswith("\\") or len(text) < 2:
            continue
        letter, glued = text[1], text[2:]
        if letter in "*@#bf":
            if glued:
                argument = glued
            elif index < len(items):
                argument = items[index].plain()
                index += 1
            else:
                argument = ""
            if letter == "*":
                if argument.lower() in ("upper", "lower", "firstcap", "caps"):
                    found["*"] = argument
            else:
                found[letter] = argument
    return Switches(
        case=found.get("*", ""),
        before=found.get("b", ""),
        after=found.get("f", ""),
        date=found.get("@"),
        number=found.get("#"),
    )


def _is_switch(token: Token) -> bool:
    return (
        not token.quoted
        and token.plain().startswith("\\")
        and not any(isinstance(p, Node) for p in token.pieces)
    )


def parse(pieces: list[Piece], field_key, result: str = "") -> Node | None:
    """The node of one field instruction, or None for a field that is not a merge field (it
    is then left as it is, unless nested, where its last ``result`` is used)."""
    items = tokens(pieces)
    if not items:
        return None
    kind = items[0].plain().upper() if not items[0].quoted else ""
    if kind == "MERGEFIELD":
        if len(items) < 2:
            return None
        name = items[1].plain()
        instruction = "".join(p for p in pieces if isinstance(p, str))
        return MergeNode(field_key(name), name, _switches(items[2:]), instruction.strip())
    if kind == "IF":
        arguments, index = [], 1
        while index < len(items) and not _is_switch(items[index]):
            arguments.append(items[index])
            index += 1
        switches = _switches(items[index:])

        def operand(position: int) -> Operand:
            return tuple(arguments[position].pieces) if position < len(arguments) else ()

        if (
            len(arguments) >= 3
            and not arguments[1].quoted
            and arguments[1].plain() in OPERATORS
            and len(arguments[1].pieces) == 1
        ):
            return IfNode(
                operand(0),
                arguments[1].plain(),
                operand(2),
                arguments[2].quoted,
                operand(3),
                operand(4),
                switches,
            )
        return IfNode(operand(0), "", (), False, operand(1), operand(2), switches)
    if kind in RECORD_FIELDS:
        return RecordNode(kind)
    return None


__all__ = [
    "LANGUAGE",
    "RECORD_FIELDS",
    "IfNode",
    "MergeNode",
    "Node",
    "RecordNode",
    "Switches",
    "TextNode",
    "change_case",
    "compare",
    "format_date_picture",
    "format_number_picture",
    "parse",
    "parse_date",
]
