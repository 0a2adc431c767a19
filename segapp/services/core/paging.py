"""Pages of rows computed in SQL, with the total count the pager shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

PAGE_SIZES: tuple[int, ...] = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50


@dataclass(frozen=True)
class Page(Generic[T]):
    rows: list[T]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def clamp(page: int, page_size: int) -> tuple[int, int]:
    """A page number of at least 1 and a page size among the offered ones."""
    size = page_size if page_size in PAGE_SIZES else DEFAULT_PAGE_SIZE
    return max(1, int(page)), size
