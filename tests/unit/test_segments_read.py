"""Reading the segments list and a worksheet (bc-reference.md sections 3.1, 3.2, 3.3, 10)."""

from decimal import Decimal

from segapp.models import CriteriaAction, CriteriaLineType, SegmentCriteriaLine
from segapp.services.worksheet.segments import get_segment, list_open_segments, segment_lines_page
from tests import factories as f


def test_open_segments_are_listed_with_their_line_counts_newest_first(session):
    acme = f.company(session, "Acme")
    first = f.segment(session, "SEG00001", description="Spring mailing")
    f.segment(session, "SEG00002", description="Empty")
    for i in range(3):
        f.line(session, first, acme, (i + 1) * 10000)
    session.commit()

    page = list_open_segments(session, page=1, page_size=25)

    assert page.total == 2
    assert [(r.no, r.no_of_lines) for r in page.rows] == [("SEG00002", 0), ("SEG00001", 3)]


def test_segments_list_pages_in_sql(session):
    for i in range(30):
        f.segment(session, f"SEG{i + 1:05d}")
    session.commit()
    second = list_open_segments(session, page=2, page_size=25)
    assert second.total == 30
    assert second.pages == 2
    assert [r.no for r in second.rows] == [f"SEG{i:05d}" for i in range(5, 0, -1)]


def test_header_counts_and_totals_come_from_lines_and_criteria(session):
    """Section 3.1 fields 16-18 and 21: no. of lines, cost, duration, criteria actions."""
    acme = f.company(session, "Acme")
    header = f.segment(session, description="Autumn")
    f.line(session, header, acme, 10000, cost=Decimal("2.50"), duration=5)
    f.line(session, header, acme, 20000, cost=Decimal("1.25"), duration=10)
    session.add(
        SegmentCriteriaLine(
            segment_id=header.id, line_no=1, type=CriteriaLineType.ACTION, action=CriteriaAction.ADD
        )
    )
    session.add(
        SegmentCriteriaLine(
            segment_id=header.id, line_no=2, type=CriteriaLineType.FILTER, table_name="contact"
        )
    )
    session.commit()

    view = get_segment(session, "SEG00001")

    assert view.no_of_lines == 2
    assert view.no_of_criteria_actions == 1
    assert view.cost == Decimal("3.75")
    assert view.duration == 15
    assert get_segment(session, "SEG99999") is None


def test_lines_page_is_ordered_by_line_no_with_the_total(session):
    acme = f.company(session, "Acme")
    header = f.segment(session)
    for i in reversed(range(120)):
        f.line(session, header, acme, (i + 1) * 10000, description=f"line {i + 1}")
    session.commit()

    page = segment_lines_page(session, header, page=2, page_size=50)

    assert page.total == 120
    assert page.pages == 3
    assert [r.line_no for r in page.rows] == [(i + 1) * 10000 for i in range(50, 100)]


def test_contact_name_shows_for_persons_and_company_name_from_the_company(session):
    """Section 3.2 fields 12 and 18."""
    acme = f.company(session, "Acme Ltd")
    ann = f.person(session, "Ann Lee", acme)
    header = f.segment(session)
    f.line(session, header, acme, 10000)
    f.line(session, header, ann, 20000)
    session.commit()

    rows = segment_lines_page(session, header).rows

    assert (rows[0].contact_name, rows[0].contact_company_name) == ("", "Acme Ltd")
    assert (rows[1].contact_name, rows[1].contact_company_name) == ("Ann Lee", "Acme Ltd")


def test_document_column_tells_inherited_from_own(session):
    """Section 3.3 and 5.5: header-level rows are inherited, line-level rows are the line's own."""
    f.language(session, "EN")
    tmpl = f.template(session, "LETTER")
    other = f.template(session, "OTHER")
    acme = f.company(session, "Acme")
    header = f.segment(session, interaction_template_code=tmpl.code)
    f.segment_language(session, header, "EN", doc=f.document(session))
    f.line(session, header, acme, 10000, language_code="EN")
    f.line(session, header, acme, 20000, language_code="EN")
    f.segment_language(session, header, "EN", line_no=20000, doc=f.document(session))
    f.line(session, header, acme, 30000, language_code="EN", interaction_template_code=other.code)
    session.commit()

    rows = segment_lines_page(session, header).rows

    assert [r.document for r in rows] == ["inherited", "own", ""]
