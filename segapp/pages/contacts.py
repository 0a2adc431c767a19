"""The contact list, the contact card and the CSV import window."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.contact_interactions import contact_interactions_section
from ..components.i18n import enum_label, t, tf
from ..components.jobs import job_banner
from ..components.layout import loading_state, pager, shell
from ..components.record_forms import (
    SELECT_STYLE,
    check_input,
    confirm_dialog,
    grid,
    native_select,
    section,
    text_input,
)
from ..services.contacts import contact_card, contact_csv
from ..state.contacts import MAX_UPLOAD_BYTES as CSV_MAX_BYTES
from ..state.contacts import ContactCardState, ContactImportState, ContactsState

DESKTOP = rx.breakpoints(initial="none", md="block")
PHONE = rx.breakpoints(initial="flex", md="none")

LIST_COLUMNS = (
    ("no", "contact.field.no"),
    ("name", "contact.field.name"),
    ("company_name", "contact.field.company_name"),
    ("city", "contact.field.city"),
    ("post_code", "contact.field.post_code"),
    (None, "contact.field.phone_no"),
    ("email", "contact.field.email"),
    ("salesperson_code", "contact.field.salesperson_code"),
)


def _sort_header(column: str | None, key: str) -> rx.Component:
    if column is None:
        return rx.table.column_header_cell(t(key))
    arrow = rx.cond(
        ContactsState.sort == column,
        rx.cond(ContactsState.descending, " ↓", " ↑"),
        "",
    )
    return rx.table.column_header_cell(
        rx.el.button(
            t(key),
            arrow,
            on_click=ContactsState.sort_by(column),
            style={"all": "unset", "cursor": "pointer", "font_weight": "bold"},
        )
    )


def _create_link(row: rx.Var) -> rx.Component:
    return rx.link(
        rx.icon("message-square-plus", size=16),
        href=routes.CREATE_INTERACTION + "?contact=" + row["no"],
        aria_label=t("interaction.create"),
        title=t("interaction.create"),
        class_name="contact-create-interaction",
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.link(row["no"], href=routes.CONTACTS + "/" + row["no"])),
        rx.table.cell(
            rx.hstack(
                rx.text(row["name"]),
                rx.badge(enum_label("contact_type", row["type"]), variant="soft", size="1"),
                spacing="2",
            )
        ),
        rx.table.cell(row["company_name"]),
        rx.table.cell(row["city"]),
        rx.table.cell(row["post_code"]),
        rx.table.cell(row["phone_no"]),
        rx.table.cell(row["email"]),
        rx.table.cell(row["salesperson_code"]),
        rx.table.cell(_create_link(row)),
        class_name="contact-row",
    )


def _card(row: rx.Var) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.text(row["name"], weight="bold"),
                rx.spacer(),
                rx.badge(enum_label("contact_type", row["type"]), variant="soft"),
                width="100%",
            ),
            rx.text(row["no"], " · ", row["company_name"], size="1", color_scheme="gray"),
            rx.text(row["city"], " ", row["email"], size="1"),
            width="100%",
        ),
        href=routes.CONTACTS + "/" + row["no"],
        underline="none",
        class_name="contact-card",
        width="100%",
    )


def _filter_select(name: str, value: rx.Var, options, label_key: str) -> rx.Component:
    items = [rx.el.option(t("contacts.any"), value="")]
    if isinstance(options, list):
        items += [rx.el.option(caption, value=v) for v, caption in options]
    else:
        items.append(rx.foreach(options, lambda code: rx.el.option(code, value=code)))
    return rx.el.select(
        *items,
        value=value,
        on_change=lambda v: ContactsState.set_filter(name, v),
        aria_label=t(label_key),
        id=f"filter-{name}",
        style={**SELECT_STYLE, "width": "auto", "min_width": "8em"},
    )


def _filters() -> rx.Component:
    return rx.vstack(
        rx.form(
            rx.hstack(
                rx.input(
                    name="search",
                    id="contact-search",
                    placeholder=t("contacts.search"),
                    default_value=ContactsState.search,
                    aria_label=t("contacts.search"),
                    flex="1",
                    min_width="12em",
                ),
                rx.input(
                    name="company",
                    id="filter-company",
                    placeholder=t("contacts.filter_company"),
                    default_value=ContactsState.company_filter,
                    aria_label=t("contacts.filter_company"),
                    width="9em",
                ),
                rx.button(
                    rx.icon("search", size=16),
                    type="submit",
                    id="contact-search-go",
                    aria_label=t("contacts.search"),
                ),
                width="100%",
                wrap="wrap",
                spacing="2",
            ),
            on_submit=ContactsState.apply_search,
            reset_on_submit=False,
            width="100%",
        ),
        rx.hstack(
            _filter_select(
                "type",
                ContactsState.type_filter,
                [
                    ("company", t("enum.contact_type.company")),
                    ("person", t("enum.contact_type.person")),
                ],
                "contact.field.type",
            ),
            _filter_select(
                "salesperson",
                ContactsState.salesperson_filter,
                ContactsState.salespeople,
                "contacts.filter_salesperson",
            ),
            _filter_select(
                "mailing_group",
                ContactsState.mailing_group_filter,
                ContactsState.mailing_groups,
                "contacts.filter_mailing_group",
            ),
            rx.text(t("contacts.sort"), size="2", display=PHONE),
            rx.el.select(
                *[rx.el.option(t(key), value=col) for col, key in LIST_COLUMNS if col],
                value=ContactsState.sort,
                on_change=lambda v: ContactsState.set_filter("sort", v),
                aria_label=t("contacts.sort"),
                id="filter-sort",
                style={**SELECT_STYLE, "width": "auto"},
            ),
            rx.el.label(
                rx.hstack(
                    rx.checkbox(
                        checked=ContactsState.descending,
                        aria_label=t("contacts.descending"),
                        on_change=ContactsState.toggle_descending,
                    ),
                    rx.text(t("contacts.descending"), size="2"),
                    spacing="1",
                    align="center",
                )
            ),
            wrap="wrap",
            spacing="2",
            align="center",
        ),
        width="100%",
        spacing="2",
    )


def contacts_page() -> rx.Component:
    return shell(
        rx.hstack(
            rx.heading(t("contacts.title"), size="6"),
            rx.spacer(),
            rx.link(
                rx.button(rx.icon("building-2", size=16), t("contacts.new_company"), size="2"),
                href=routes.CONTACTS + "/new?type=company",
                id="new-company",
            ),
            rx.link(
                rx.button(rx.icon("user-plus", size=16), t("contacts.new_person"), size="2"),
                href=routes.CONTACTS + "/new?type=person",
                id="new-person",
            ),
            rx.link(
                rx.button(rx.icon("upload", size=16), t("contacts.import"), variant="soft"),
                href=routes.CONTACT_IMPORT,
                id="import-link",
            ),
            rx.button(
                rx.icon("download", size=16),
                t("contacts.export"),
                variant="soft",
                on_click=ContactsState.export_csv,
                id="export-csv",
            ),
            wrap="wrap",
            spacing="2",
            width="100%",
            margin_bottom="0.75em",
        ),
        _filters(),
        rx.cond(ContactsState.loading, loading_state()),
        rx.cond(
            ContactsState.total == 0,
            rx.cond(
                ~ContactsState.loading,
                rx.text(
                    t("contacts.empty"), color_scheme="gray", padding_y="1em", id="contacts-empty"
                ),
            ),
            rx.box(
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                *[_sort_header(c, k) for c, k in LIST_COLUMNS],
                                rx.table.column_header_cell(""),
                            )
                        ),
                        rx.table.body(rx.foreach(ContactsState.rows, _row)),
                        width="100%",
                        variant="surface",
                        size="1",
                    ),
                    display=DESKTOP,
                    overflow_x="auto",
                ),
                rx.vstack(
                    rx.foreach(ContactsState.rows, _card),
                    display=PHONE,
                    spacing="2",
                    width="100%",
                ),
                width="100%",
                margin_top="0.75em",
            ),
        ),
        pager(ContactsState),
    )


# --- Contact card -------------------------------------------------------------------------------

F = ContactCardState.form


def _text(name: str) -> rx.Component:
    return text_input(name, t(f"contact.field.{name}"), F[name])


def _ref(name: str) -> rx.Component:
    return native_select(
        name, t(f"contact.field.{name}"), F[name], ContactCardState.options[name].to(list[str])
    )


def _general() -> rx.Component:
    is_person = F["type"] == "person"
    return section(
        t("contacts.section_general"),
        grid(
            labelled_no(),
            native_select(
                "type",
                t("contact.field.type"),
                F["type"],
                [
                    ("company", t("enum.contact_type.company")),
                    ("person", t("enum.contact_type.person")),
                ],
                blank=False,
            ),
            _text("name"),
            _text("name_2"),
            rx.cond(is_person, _text("company_no"), rx.fragment()),
            rx.cond(is_person, _text("first_name"), rx.fragment()),
            rx.cond(is_person, _text("middle_name"), rx.fragment()),
            rx.cond(is_person, _text("surname"), rx.fragment()),
            rx.cond(is_person, _text("initials"), rx.fragment()),
            rx.cond(is_person, _text("job_title"), rx.fragment()),
            rx.cond(is_person, _text("organizational_level_code"), rx.fragment()),
            _ref("salesperson_code"),
            _ref("territory_code"),
            _ref("salutation_code"),
            check_input(
                "exclude_from_segment",
                t("contact.field.exclude_from_segment"),
                F["exclude_from_segment"] == "1",
            ),
            check_input(
                "privacy_blocked", t("contact.field.privacy_blocked"), F["privacy_blocked"] == "1"
            ),
        ),
        section_id="section-general",
    )


def labelled_no() -> rx.Component:
    return rx.vstack(
        rx.text(t("contact.field.no"), size="1", color_scheme="gray"),
        rx.text(F["no"], id="contact-no", weight="bold", min_height="1.5em"),
        spacing="1",
    )


def _address() -> rx.Component:
    return section(
        t("contacts.section_address"),
        grid(
            _text("address"),
            _text("address_2"),
            _text("post_code"),
            _text("city"),
            _text("county"),
            _ref("country_code"),
            _text("phone_no"),
            _text("mobile_phone_no"),
            _text("email"),
            _text("email_2"),
            _text("home_page"),
            _text("vat_registration_no"),
            _ref("language_code"),
            native_select(
                "correspondence_type",
                t("contact.field.correspondence_type"),
                F["correspondence_type"],
                [
                    ("hard_copy", t("enum.correspondence_type.hard_copy")),
                    ("email", t("enum.correspondence_type.email")),
                ],
            ),
        ),
        section_id="section-address",
    )


def _tick(tick: rx.Var) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.checkbox(
                checked=tick["ticked"] == "1",
                aria_label=tick["code"] + " " + tick["description"],
                on_change=lambda v: ContactCardState.tick(tick["kind"], tick["code"], v),
                id="tick-" + tick["kind"] + "-" + tick["code"],
            ),
            rx.text(tick["code"], weight="medium", size="2"),
            rx.text(tick["description"], size="2", color_scheme="gray"),
            spacing="2",
            align="center",
        ),
    )


def _segmentation() -> rx.Component:
    blocks = [
        rx.cond(
            ContactCardState.ticks.contains(kind),
            rx.vstack(
                rx.text(t(f"contacts.classification.{kind}"), weight="bold", size="2"),
                rx.foreach(ContactCardState.ticks[kind], _tick),
                spacing="1",
                id=f"ticks-{kind}",
            ),
            rx.fragment(),
        )
        for kind in contact_card.CLASSIFICATIONS
    ]
    return section(
        t("contacts.section_segmentation"),
        rx.grid(*blocks, columns={"initial": "1", "sm": "2", "lg": "4"}, spacing="4"),
        section_id="section-segmentation",
    )


def _profile() -> rx.Component:
    return section(
        t("contacts.section_profile"),
        rx.cond(
            ContactCardState.profile.length() == 0,
            rx.text(t("contacts.no_profile"), color_scheme="gray", size="2"),
            rx.vstack(
                rx.foreach(
                    ContactCardState.profile,
                    lambda r: rx.el.label(
                        rx.hstack(
                            rx.checkbox(
                                checked=r["ticked"] == "1",
                                aria_label=r["question"] + " " + r["answer"],
                                on_change=lambda v: ContactCardState.tick_answer(r["key"], v),
                            ),
                            rx.text(r["questionnaire"], size="1", color_scheme="gray"),
                            rx.text(r["question"], size="2"),
                            rx.text("→ ", r["answer"], size="2", weight="medium"),
                            spacing="2",
                            align="center",
                            wrap="wrap",
                        )
                    ),
                ),
                spacing="1",
            ),
        ),
    )


def _related() -> rx.Component:
    is_company = F["type"] == "company"
    return section(
        rx.cond(is_company, t("contacts.section_persons"), t("contacts.section_company")),
        rx.vstack(
            rx.cond(
                ContactCardState.related.length() == 0,
                rx.text(t("contacts.no_persons"), color_scheme="gray", size="2"),
                rx.foreach(
                    ContactCardState.related,
                    lambda c: rx.hstack(
                        rx.link(c["no"], href=routes.CONTACTS + "/" + c["no"]),
                        rx.text(c["name"], size="2"),
                        rx.text(c["job_title"], size="1", color_scheme="gray"),
                        rx.text(c["email"], size="1", color_scheme="gray"),
                        spacing="2",
                        wrap="wrap",
                        class_name="related-contact",
                    ),
                ),
            ),
            rx.cond(
                is_company,
                rx.link(
                    rx.button(
                        rx.icon("user-plus", size=16),
                        t("contacts.new_person_in_company"),
                        variant="soft",
                        size="2",
                    ),
                    href=routes.CONTACTS + "/new?type=person&company=" + F["no"],
                    id="new-person-in-company",
                ),
                rx.fragment(),
            ),
            spacing="2",
        ),
        section_id="section-related",
    )


def _interaction_links() -> rx.Component:
    """Create Interaction and Make Phone Call for this contact (reference section 9)."""
    return rx.hstack(
        rx.link(
            rx.hstack(
                rx.icon("message-square-plus", size=16), t("interaction.create"), spacing="1"
            ),
            href=routes.CREATE_INTERACTION + "?contact=" + F["no"],
            id="contact-create-interaction",
            size="2",
        ),
        rx.link(
            rx.hstack(rx.icon("phone-outgoing", size=16), t("interaction.phone_call"), spacing="1"),
            href=routes.CREATE_INTERACTION + "?call=1&contact=" + F["no"],
            id="contact-phone-call",
            size="2",
        ),
        spacing="3",
        align="center",
        wrap="wrap",
    )


def contact_card_page() -> rx.Component:
    return shell(
        rx.cond(
            ContactCardState.found,
            rx.vstack(
                rx.hstack(
                    rx.link(
                        rx.icon("arrow-left", size=18),
                        href=routes.CONTACTS,
                        aria_label=t("common.back"),
                    ),
                    rx.heading(
                        rx.cond(
                            ContactCardState.is_new,
                            t("contacts.new_title"),
                            t("contacts.card") + " · " + F["name"],
                        ),
                        size="5",
                        id="card-title",
                    ),
                    align="center",
                    spacing="2",
                ),
                rx.form(
                    rx.vstack(
                        _general(),
                        _address(),
                        rx.hstack(
                            rx.button(
                                rx.icon("save", size=16),
                                rx.cond(
                                    ContactCardState.is_new,
                                    t("contacts.create"),
                                    t("contacts.save"),
                                ),
                                type="submit",
                                id="contact-save",
                            ),
                            rx.cond(
                                ContactCardState.is_new,
                                rx.fragment(),
                                rx.button(
                                    rx.icon("trash-2", size=16),
                                    t("contacts.delete"),
                                    type="button",
                                    color_scheme="red",
                                    variant="soft",
                                    on_click=ContactCardState.ask_delete,
                                    id="contact-delete",
                                ),
                            ),
                            rx.cond(
                                ContactCardState.is_new,
                                rx.fragment(),
                                _interaction_links(),
                            ),
                            spacing="3",
                        ),
                        spacing="3",
                        width="100%",
                    ),
                    on_submit=ContactCardState.save,
                    reset_on_submit=False,
                    key=ContactCardState.form_key,
                    id="contact-form",
                    data_path=ContactCardState.loaded_path,
                    width="100%",
                ),
                rx.cond(
                    ContactCardState.is_new,
                    rx.callout(t("contacts.inherit_hint"), icon="info", size="1"),
                    rx.vstack(
                        contact_interactions_section(),
                        _segmentation(),
                        _profile(),
                        _related(),
                        spacing="3",
                        width="100%",
                    ),
                ),
                confirm_dialog(
                    ContactCardState.confirm_delete,
                    tf("contacts.delete_confirm", no=F["no"]),
                    ContactCardState.delete,
                    ContactCardState.cancel_delete,
                ),
                spacing="3",
                width="100%",
            ),
            rx.callout(
                tf("contacts.not_found_title", no=F["no"]),
                icon="triangle-alert",
                color_scheme="red",
                id="contact-not-found",
            ),
        )
    )


# --- CSV import ---------------------------------------------------------------------------------

FIELD_CHOICES = [(name, f"contact.field.{name}") for name in contact_csv.COLUMNS]


def _mapping_row(column: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(column["heading"]),
        rx.table.cell(rx.text(column["sample"], size="1", color_scheme="gray")),
        rx.table.cell(
            rx.el.select(
                rx.el.option(t("csv.ignore"), value=""),
                *[rx.el.option(t(key), value=name) for name, key in FIELD_CHOICES],
                value=column["target"],
                on_change=lambda v: ContactImportState.set_mapping(column["index"], v),
                aria_label=t("csv.field"),
                style=SELECT_STYLE,
            )
        ),
    )


def contact_import_page() -> rx.Component:
    S = ContactImportState
    upload = rx.vstack(
        rx.upload(
            rx.vstack(
                rx.icon("file-up", size=28),
                rx.text(t("csv.choose"), size="2"),
                rx.foreach(rx.selected_files("csv_upload"), lambda f: rx.text(f, weight="bold")),
                align="center",
                spacing="2",
            ),
            id="csv_upload",
            accept={"text/csv": [".csv"], "text/plain": [".txt"]},
            max_size=CSV_MAX_BYTES,  # the server refuses more before reading it
            max_files=1,
            multiple=False,
            border="1px dashed var(--gray-a8)",
            padding="1.5em",
            border_radius="var(--radius-3)",
            width="100%",
        ),
        rx.button(
            rx.icon("upload", size=16),
            t("csv.upload"),
            on_click=S.handle_upload(rx.upload_files(upload_id="csv_upload")),
            id="csv-upload-go",
        ),
        width="100%",
        spacing="2",
    )
    mapping = rx.vstack(
        rx.text(
            tf("csv.file", name=S.file_name, columns=S.columns.length(), delimiter=S.delimiter),
            size="2",
            id="csv-file",
        ),
        rx.heading(t("csv.mapping"), size="3"),
        rx.box(
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell(t("csv.column")),
                        rx.table.column_header_cell(t("csv.sample")),
                        rx.table.column_header_cell(t("csv.field")),
                    )
                ),
                rx.table.body(rx.foreach(S.columns, _mapping_row)),
                size="1",
                width="100%",
            ),
            overflow_x="auto",
            width="100%",
        ),
        rx.hstack(
            rx.button(
                rx.icon("list-checks", size=16), t("csv.check"), on_click=S.check, id="csv-check"
            ),
            rx.button(
                t("csv.start_over"), variant="soft", color_scheme="gray", on_click=S.start_over
            ),
            spacing="2",
        ),
        rx.cond(S.checked, _check_result(), rx.fragment()),
        width="100%",
        spacing="3",
    )
    return shell(
        rx.vstack(
            rx.hstack(
                rx.link(
                    rx.icon("arrow-left", size=18),
                    href=routes.CONTACTS,
                    aria_label=t("common.back"),
                ),
                rx.heading(t("csv.title"), size="5"),
                align="center",
                spacing="2",
            ),
            rx.cond(
                S.imported >= 0,
                rx.callout(
                    tf("csv.imported", count=S.imported),
                    icon="check",
                    color_scheme="green",
                    id="csv-imported",
                ),
                rx.fragment(),
            ),
            job_banner(),
            rx.cond(S.columns.length() > 0, mapping, upload),
            spacing="3",
            width="100%",
        )
    )


def _check_result() -> rx.Component:
    S = ContactImportState
    return rx.vstack(
        rx.text(
            tf("csv.checked", total=S.total_rows, valid=S.valid_rows, errors=S.error_count),
            weight="bold",
            id="csv-summary",
        ),
        rx.cond(
            S.error_count == 0,
            rx.vstack(
                rx.callout(t("csv.clean"), icon="check", color_scheme="green"),
                rx.button(t("csv.import_all"), on_click=S.run_import(False), id="csv-import"),
            ),
            rx.vstack(
                rx.heading(t("csv.errors_title"), size="3"),
                rx.cond(
                    S.error_count > S.errors.length(),
                    rx.text(
                        tf("csv.errors_listed", shown=S.errors.length(), errors=S.error_count),
                        size="1",
                    ),
                    rx.fragment(),
                ),
                rx.button(
                    rx.icon("download", size=16),
                    t("csv.error_report"),
                    on_click=S.download_error_report,
                    variant="soft",
                    id="csv-error-report",
                ),
                rx.box(
                    rx.table.root(
                        rx.table.header(
                            rx.table.row(
                                rx.table.column_header_cell(t("csv.line")),
                                rx.table.column_header_cell(t("csv.errors_title")),
                            )
                        ),
                        rx.table.body(
                            rx.foreach(
                                S.errors,
                                lambda e: rx.table.row(
                                    rx.table.cell(e["line"]),
                                    rx.table.cell(e["messages"]),
                                    class_name="csv-error",
                                ),
                            )
                        ),
                        size="1",
                        width="100%",
                    ),
                    max_height="50vh",
                    overflow_y="auto",
                    width="100%",
                ),
                rx.cond(
                    S.valid_rows > 0,
                    rx.button(
                        tf("csv.import_valid", valid=S.valid_rows),
                        on_click=S.run_import(True),
                        color_scheme="orange",
                        id="csv-import-valid",
                    ),
                    rx.fragment(),
                ),
                width="100%",
            ),
        ),
        width="100%",
        spacing="2",
    )
