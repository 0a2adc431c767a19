"""Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import segapp.models  # noqa: F401


def test_models_and_migrations_agree(db_engine):
    with db_engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_every_table_exists_after_upgrade(db_engine):
    tables = set(inspect(db_engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables


def test_segment_and_logged_segment_numbers_are_unique(db_engine):
    inspector = inspect(db_engine)

    def unique_columns(table):
        cols = [tuple(c["column_names"]) for c in inspector.get_unique_constraints(table)]
        cols += [tuple(i["column_names"]) for i in inspector.get_indexes(table) if i["unique"]]
        return cols

    assert ("no",) in unique_columns("segment_header")
    assert ("segment_no",) in unique_columns("logged_segment")
    assert ("segment_id", "line_no") in unique_columns("segment_line")


def test_selection_columns_are_indexed(db_engine):
    inspector = inspect(db_engine)
    indexed = {i["column_names"][0] for i in inspector.get_indexes("contact")}
    for column in ("type", "search_name", "salesperson_code", "post_code", "country_code"):
        assert column in indexed, column
    for table, column in (
        ("contact_mailing_group", "mailing_group_code"),
        ("contact_job_responsibility", "job_responsibility_code"),
        ("contact_industry_group", "industry_group_code"),
        ("contact_business_relation", "business_relation_code"),
    ):
        assert column in {i["column_names"][0] for i in inspector.get_indexes(table)}


def test_an_existing_database_upgrades_with_its_rows_intact(tmp_path):
    """A database made by the first release keeps its users, sessions and segments, and
    every row still points at its parent, when brought to the latest schema; on SQLite the
    tables with generated ids become AUTOINCREMENT, so that ids are never given twice."""
    from sqlalchemy import text

    from segapp import migrations
    from segapp.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrations.upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO app_user (id, username, full_name, password_hash, language_code,"
                " active, failed_attempts, created_at) VALUES"
                " (1, 'anna', 'Anna', 'x', '', 1, 2, '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO user_session (token_hash, user_id, created_at, expires_at)"
                " VALUES ('t', 1, '2026-01-01 00:00:00', '2099-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO segment_header (id, no, description, correspondence_type_default,"
                " unit_cost, unit_duration, date, campaign_target, information_flow,"
                " initiated_by, campaign_response, send_word_docs_as_attmt,"
                " ignore_contact_corres_type, subject_default, created_by_id, created_at,"
                " modified_at) VALUES (7, 'SEG1', 'Old', '', 0, 0, '2026-01-01', 0, '', '',"
                " 0, 0, 0, '', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
    migrations.upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT username FROM app_user")).all() == [("anna",)]
        assert conn.execute(text("SELECT id, created_by_id FROM segment_header")).all() == [(7, 1)]
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("SELECT version FROM segment_header")).scalar() == 1
        generated = [
            t for t in SQLModel.metadata.sorted_tables if t.autoincrement_column is not None
        ]
        assert "segment_header" in {t.name for t in generated}
        for table in generated:
            sql = conn.execute(
                text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table.name}
            ).scalar()
            assert "AUTOINCREMENT" in sql, table.name
    # a deleted segment's id is not given to the next one
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM segment_header"))
        conn.execute(
            text(
                "INSERT INTO segment_header (no, description, correspondence_type_default,"
                " unit_cost, unit_duration, date, campaign_target, information_flow,"
                " initiated_by, campaign_response, send_word_docs_as_attmt,"
                " ignore_contact_corres_type, subject_default, created_at, modified_at)"
                " VALUES ('SEG2', 'New', '', 0, 0, '2026-01-01', 0, '', '', 0, 0, 0, '',"
                " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
        assert conn.execute(text("SELECT id FROM segment_header")).scalar() == 8
    engine.dispose()
