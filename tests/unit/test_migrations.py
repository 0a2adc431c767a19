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
