"""Business Central's filter expressions, parsed into SQL with bound parameters.

A filter is what users type in a filter field: ``A`` (equals), ``A|B`` (either), ``A..B``,
``..B``, ``A..`` (ranges), ``<>A``, ``<A``, ``<=A``, ``>A``, ``>=A``, ``*part*``, ``part*``,
``*part``, ``?`` (one character), ``''`` (blank), ``'A|B'`` (quoted: taken as it is), and ``&``
to combine conditions that must all hold (``>=A&<>B``). ``|`` separates alternatives.
Code fields compare in upper case, as Business Central stores codes; text fields compare
ignoring case. Nothing the user types becomes SQL: every value is a bound parameter.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, func, literal, not_, or_
from sqlalchemy.sql.elements import ColumnElement

from ..core.errors import UserError

MAX_LENGTH = 250
MAX_TERMS = 100
MIN_INT, MAX_INT = -(2**31), 2**31 - 1  # the integer columns of both databases
_INTEGER = re.compile(r"[+-]?[0-9]{1,12}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class FieldType:
    """How a filtered column compares: ``code`` (upper case), ``text`` (any case), ``int``,
    ``date`` or ``enum`` (one of ``values``)."""

    kind: str
    values: tuple[str, ...] = ()


CODE = FieldType("code")
TEXT = FieldType("text")
INT = FieldType("int")
DATE = FieldType("date")


def _fail(text: str, reason: str, **params: Any) -> UserError:
    return UserError("error.filter_invalid", filter=text, reason=f"filter.{reason}", **params)


def _split(text: str, separator: str) -> list[str]:
    """Splits on ``separator`` outside single quotes ('' inside quotes is a quote)."""
    parts, current, quoted, i = [], [], False, 0
    while i < len(text):
        char = text[i]
        if char == "'":
            if quoted and i + 1 < len(text) and text[i + 1] == "'":
                current.append("''")
                i += 2
                continue
            quoted = not quoted
            current.append(char)
        elif char == separator and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    if quoted:
        raise _fail(text, "unbalanced_quote")
    parts.append("".join(current))
    return parts


def _unquote(value: str) -> tuple[str, bool]:
    """The literal value and whether it was quoted (quoted values have no wildcards)."""
    if len(value) >= 2 and value.startswith("'") and value.endswith("'"):
        return value[1:-1].replace("''", "'"), True
    return value, False


class _Compiler:
    def __init__(self, column: ColumnElement, ftype: FieldType, text: str, field: str) -> None:
        self.column, self.ftype, self.text, self.field = column, ftype, text, field

    def value(self, raw: str) -> Any:
        value, _quoted = _unquote(raw.strip())
        kind = self.ftype.kind
        if kind == "code":
            return value.upper()
        if kind == "int":
            if not _INTEGER.fullmatch(value):
                raise _fail(self.text, "not_a_number", value=value)
            number = int(value)
            if not MIN_INT <= number <= MAX_INT:
                raise _fail(self.text, "number_out_of_range", value=value, max=MAX_INT)
            return number
        if kind == "date":
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise _fail(self.text, "not_a_date", value=value) from None
        if kind == "enum":
            lowered = value.lower()
            if lowered not in self.ftype.values:
                raise _fail(self.text, "not_an_option", value=value)
            return lowered
        return value.upper()

    @property
    def target(self) -> ColumnElement:
        return func.upper(self.column) if self.ftype.kind == "text" else self.column

    @property
    def textual(self) -> bool:
        return self.ftype.kind in ("code", "text", "enum")

    def blank(self, negated: bool = False) -> ColumnElement:
        """No value (or, ``negated``, any value): NULL or an empty text; a date is blank when
        it is NULL (Business Central's 0D); a number is never blank, as in Business Central,
        so asking for a blank number is refused (never compared with '' in SQL)."""
        if self.ftype.kind == "int":
            raise _fail(self.text, "number_never_blank")
        if not self.textual:
            return self.column.is_not(None) if negated else self.column.is_(None)
        if negated:
            return and_(self.column.is_not(None), self.column != literal(""))
        return or_(self.column.is_(None), self.column == literal(""))

    def equals(self, raw: str) -> ColumnElement:
        value, quoted = _unquote(raw.strip())
        if value == "" and (quoted or raw.strip() == ""):
            return self.blank()
        if not quoted and ("*" in value or "?" in value) and self.ftype.kind in ("code", "text"):
            pattern = (
                value.upper()
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_")
                .replace("*", "%")
                .replace("?", "_")
            )
            return func.upper(self.column).like(literal(pattern), escape="\\")
        return self.target == literal(self.value(raw))

    def term(self, raw: str) -> ColumnElement:
        term = raw.strip()
        if term == "":
            raise _fail(self.text, "empty_term")
        for op in ("<>", "<=", ">=", "<", ">"):
            if term.startswith(op):
                rest = term[len(op) :]
                if rest.strip() == "" and op != "<>":
                    raise _fail(self.text, "missing_value", op=op)
                if op == "<>":
                    value, quoted = _unquote(rest.strip())
                    if value == "" and (quoted or not rest.strip()):
                        return self.blank(negated=True)
                    return not_(self.equals(rest))
                value = literal(self.value(rest))
                return {
                    "<=": self.target <= value,
                    ">=": self.target >= value,
                    "<": self.target < value,
                    ">": self.target > value,
                }[op]
        if ".." in term and not term.startswith("'"):
            low, _, high = term.partition("..")
            if ".." in high:
                raise _fail(self.text, "double_range")
            if not low.strip() and not high.strip():
                raise _fail(self.text, "empty_term")
            conditions = []
            if low.strip():
                conditions.append(self.target >= literal(self.value(low)))
            if high.strip():
                conditions.append(self.target <= literal(self.value(high)))
            return and_(*conditions)
        return self.equals(term)

    def compile(self) -> ColumnElement:
        alternatives = _split(self.text, "|")
        if len(alternatives) > MAX_TERMS:
            raise _fail(self.text, "too_many_terms", max=MAX_TERMS)
        return or_(*[and_(*[self.term(part) for part in _split(alt, "&")]) for alt in alternatives])


def compile_filter(
    column: ColumnElement, ftype: FieldType, text: str, field: str = ""
) -> ColumnElement:
    """The SQL condition of ``text`` on ``column``; a malformed filter is refused with a
    message naming the problem, and nothing runs."""
    if len(text) > MAX_LENGTH:
        raise UserError("error.filter_too_long", max=MAX_LENGTH)
    if _CONTROL.search(text):
        raise _fail(text, "invalid_character")
    return _Compiler(column, ftype, text, field).compile()


def describe(filters: dict[str, str]) -> str:
    """A filter set in words for the criteria list: ``Field: value, Field: value``."""
    return ", ".join(f"{field}: {value}" for field, value in filters.items() if value)
