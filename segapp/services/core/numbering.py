"""Number series: SEG00001, SEG00002, ... (bc-reference.md sections 2.1 and 10)."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlmodel import Session, select

from ...models import NoSeries
from .errors import UserError

_DIGITS = re.compile(r"(\d+)(?!.*\d)")


def increment(no: str, by: int = 1) -> str:
    """The next number after ``no``: its last run of digits grows, keeping its width."""
    match = _DIGITS.search(no)
    if match is None:
        raise UserError("error.no_series_no_digits", no=no)
    digits = match.group(1)
    value = str(int(digits) + by).zfill(len(digits))
    return no[: match.start(1)] + value + no[match.end(1) :]


def next_no(
    session: Session, series_code: str | None, in_use: Callable[[str], bool] | None = None
) -> str:
    """Takes the next number of a series; the row is locked until the transaction ends.
    Numbers for which ``in_use`` answers True (typed or imported by hand) are skipped."""
    if not series_code:
        raise UserError("error.no_series_missing")
    series = session.exec(
        select(NoSeries).where(NoSeries.code == series_code).with_for_update()
    ).first()
    if series is None:
        raise UserError("error.no_series_unknown", code=series_code)
    if series.last_no_used:
        no = increment(series.last_no_used, series.increment_by)
    else:
        no = series.starting_no
    end = series.ending_no
    while True:
        if end and (len(no), no) > (len(end), end):
            raise UserError("error.no_series_exhausted", code=series_code)
        if in_use is None or not in_use(no):
            break
        no = increment(no, series.increment_by)
    series.last_no_used = no
    session.add(series)
    return no
