"""Create Interaction (reference section 9) and Postponed Interactions. The wizard is a page, so
that it is full screen on a phone and every step is a plain form: Tab moves between fields,
Enter is Next."""

from __future__ import annotations

import reflex as rx

from .. import routes
from ..components.comments import comments_dialog
from ..components.i18n import enum_label, t, tf
from ..components.layout import loading_state, shell
from ..components.letters import DOCX_ACCEPT
from ..components.log_dialog import PHONE_FULL_SCREEN
from ..components.messages import field_refusal
from ..components.record_forms import SELECT_STYLE, labelled
from ..services.letters.documents import MAX_UPLOAD_BYTES
from ..state.interactions import CommentsState
from ..state.interactions import InteractionState as S
from ..state.interactions import PostponedState as P

UPLOAD_ID = "ci-upload"
V = S.view
CORRESPONDENCE = ("", "hard_copy", "email")
FLOWS = ("", "outbound", "inbound")
INITIATORS = ("", "us", "them")
EVALUATIONS = ("", "very_positive", "positive", "neutral", "negative", "very_negative")
DESKTOP = rx.breakpoints(initial="none", md="block")
PHONE = rx.breakpoints(initial="flex", md="none")


def _field(name: str, label, control: rx.Component) -> rx.Component:
    return rx.box(labelled(label, control, f"ci-{name}"), field_refusal(f"ci-{name}"), width="100%")


def _text(name: str, label_key: str, **props) -> rx.Component:
    return _field(
        name,
        t(label_key),
        rx.input(name=name, id=f"ci-{name}", default_value=V[name], width="100%", **props),
    )


def _code_select(name: str, label_key: str, options, **props) -> rx.Component:
    """A native select of codes (keyboard-friendly) showing "code · description"."""
    return _field(
        name,
        t(label_key),
        rx.el.select(
            rx.el.option("", value=""),
            rx.foreach(options, lambda o: rx.el.option(o[0] + " · " + o[1], value=o[0])),
            name=name,
            id=f"ci-{name}",
            default_value=V[name],
            style=SELECT_STYLE,
            **props,
        ),
    )


def _enum_select(name: str, label_key: str, enum_name: str, values) -> rx.Component:
    return _field(
        name,
        t(label_key),
        rx.el.select(
            *[rx.el.option(enum_label(enum_name, rx.Var.create(v)), value=v) for v in values],
            name=name,
            id=f"ci-{name}",
            default_value=V[name],
            style=SELECT_STYLE,
        ),
    )


def _check(name: str, label_key: str) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.checkbox(name=name, id=f"ci-{name}", default_checked=V[name] == "1"),
            rx.text(t(label_key), size="2"),
            align="center",
            spacing="2",
        ),
        padding_top="1.2em",
    )


def _grid(*children) -> rx.Component:
    return rx.grid(*children, columns={"initial": "1", "sm": "2"}, spacing="3", width="100%")


def _type_step() -> rx.Component:
    return rx.vstack(
        _grid(
            _field(
                "contact_no",
                t("interaction.contact"),
                rx.vstack(
                    rx.el.input(
                        name="contact_no",
                        id="ci-contact_no",
                        default_value=V["contact_no"],
                        list="ci-contact-options",
                        placeholder=t("interaction.contact_hint"),
                        auto_complete="off",
                        on_change=S.search_contacts.debounce(300),
                        on_blur=S.set_contact,
                        class_name="rt-reset rt-TextFieldInput",
                        style=SELECT_STYLE,
                    ),
                    rx.el.datalist(
                        rx.foreach(
                            S.contact_options,
                            lambda o: rx.el.option(o["label"], value=o["no"]),
                        ),
                        id="ci-contact-options",
                    ),
                    rx.text(V["contact_name"], size="1", color_scheme="gray", id="ci-contact-name"),
                    spacing="1",
                    width="100%",
                ),
            ),
            _code_select(
                "template_code", "interaction.template", S.templates, on_change=S.set_template
            ),
            _text("description", "field.description", max_length=100),
            _code_select("salesperson_code", "field.salesperson_code", S.salespeople),
            _text("date", "field.date", type="date"),
            _text("time", "interaction.time", type="time"),
        ),
        rx.el.details(
            rx.el.summary(rx.text(t("interaction.more"), size="2", as_="span"), cursor="pointer"),
            _grid(
                _code_select("language_code", "field.language_code", S.languages),
                _enum_select(
                    "correspondence_type",
                    "field.correspondence_type",
                    "correspondence_type",
                    CORRESPONDENCE,
                ),
                _enum_select(
                    "information_flow", "field.information_flow", "information_flow", FLOWS
                ),
                _enum_select("initiated_by", "field.initiated_by", "initiated_by", INITIATORS),
            ),
            width="100%",
            id="ci-more",
        ),
        spacing="3",
        width="100%",
    )


def _content_step() -> rx.Component:
    return rx.vstack(
        rx.match(
            V["wizard_action"],
            ("open", rx.text(t("interaction.content_open"), size="2")),
            ("import", rx.text(t("interaction.content_import"), size="2")),
            rx.text(t("interaction.content_merge"), size="2"),
        ),
        rx.cond(
            V["wizard_action"] != "import",
            rx.button(
                rx.icon("download", size=16),
                t("interaction.download_letter"),
                type="button",
                variant="soft",
                on_click=S.download_letter,
                id="ci-download-letter",
            ),
        ),
        rx.cond(
            V["wizard_action"] != "merge",
            rx.upload(
                rx.vstack(
                    rx.icon("upload", size=18),
                    rx.text(
                        rx.cond(
                            V["wizard_action"] == "import",
                            t("interaction.upload_file"),
                            t("interaction.upload_letter"),
                        ),
                        size="2",
                        weight="bold",
                    ),
                    rx.text(t("interaction.choose_file"), size="1", color_scheme="gray"),
                    align="center",
                ),
                id=UPLOAD_ID,
                accept=DOCX_ACCEPT,
                max_size=MAX_UPLOAD_BYTES,
                max_files=1,
                multiple=False,
                border="1px dashed var(--gray-8)",
                padding="1em",
                width="100%",
                on_drop=S.upload_letter(rx.upload_files(upload_id=UPLOAD_ID)),
            ),
        ),
        field_refusal("ci-upload"),
        rx.cond(
            V["document_name"] != "",
            rx.hstack(
                rx.icon("file-check", size=16),
                rx.text(tf("interaction.own_letter", name=V["document_name"]), size="2"),
                rx.icon_button(
                    rx.icon("download", size=14),
                    type="button",
                    variant="ghost",
                    size="1",
                    on_click=S.download_own_letter,
                    aria_label=t("interaction.download_letter"),
                    id="ci-download-own",
                ),
                align="center",
                id="ci-own-letter",
            ),
            rx.cond(
                V["wizard_action"] != "merge",
                rx.text(t("interaction.no_own_letter"), size="1", color_scheme="gray"),
            ),
        ),
        spacing="3",
        width="100%",
    )


def _related_step() -> rx.Component:
    return _grid(
        _code_select("campaign_no", "field.campaign_no", S.campaigns),
        rx.hstack(
            _check("campaign_target", "field.campaign_target"),
            _check("campaign_response", "field.campaign_response"),
            spacing="4",
            wrap="wrap",
        ),
    )


def _result_step() -> rx.Component:
    return _grid(
        _text("result", "interaction.result", max_length=100, placeholder=V["description"]),
        _enum_select("evaluation", "field.evaluation", "evaluation", EVALUATIONS),
        _check("successful", "interaction.successful"),
        _text("cost", "field.cost", input_mode="decimal"),
        _text("duration", "field.duration", input_mode="numeric"),
    )


STEP_TITLES = {
    "type": "interaction.step_type",
    "content": "interaction.step_content",
    "related": "interaction.step_related",
    "result": "interaction.step_result",
}


def _step_title() -> rx.Component:
    return rx.hstack(
        rx.foreach(
            S.steps,
            lambda s: rx.badge(
                rx.match(
                    s,
                    *[(key, t(caption)) for key, caption in STEP_TITLES.items()],
                    "",
                ),
                variant=rx.cond(s == S.step, "solid", "soft"),
                color_scheme=rx.cond(s == S.step, "indigo", "gray"),
                size="2",
            ),
        ),
        wrap="wrap",
        spacing="2",
        id="ci-steps",
    )


def _submit_as(action: str) -> rx.event.EventSpec:
    """Back and Cancel send the step's form too (what was typed is kept), marked with their
    action; the hidden field is reset when the form is drawn again."""
    return rx.call_script(
        "(() => { const f = document.getElementById('ci-form');"
        f" f.querySelector('#ci-action').value = '{action}'; f.requestSubmit(); }})()"
    )


def _buttons() -> rx.Component:
    last = S.steps[S.steps.length() - 1] == S.step
    return rx.flex(
        rx.button(
            t("interaction.cancel"),
            type="button",
            variant="soft",
            color_scheme="gray",
            on_click=_submit_as("cancel"),
            id="ci-cancel",
        ),
        rx.spacer(),
        rx.cond(
            S.step != "type",
            rx.button(
                rx.icon("chevron-left", size=16),
                t("interaction.back"),
                type="button",
                variant="soft",
                on_click=_submit_as("back"),
                id="ci-back",
            ),
        ),
        rx.cond(
            last,
            rx.button(
                rx.icon("check", size=16), t("interaction.finish"), type="submit", id="ci-finish"
            ),
            rx.button(
                t("interaction.next"),
                rx.icon("chevron-right", size=16),
                type="submit",
                id="ci-next",
            ),
        ),
        gap="2",
        width="100%",
        wrap="wrap",
        padding_top="0.5em",
    )


def _finish_later_dialog() -> rx.Component:
    """Cancel asks whether to finish later (reference 9); Cancel keeps the wizard open."""
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("interaction.finish_later_title")),
            rx.alert_dialog.description(t("interaction.finish_later")),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(
                        t("common.cancel"),
                        variant="soft",
                        color_scheme="gray",
                        on_click=S.close_finish_later,
                        id="ci-later-cancel",
                    )
                ),
                rx.button(
                    t("common.no"),
                    variant="soft",
                    color_scheme="red",
                    on_click=S.answer_finish_later(False),
                    id="ci-later-no",
                ),
                rx.button(
                    t("common.yes"),
                    on_click=S.answer_finish_later(True),
                    auto_focus=True,
                    id="ci-later-yes",
                ),
                justify="end",
                gap="3",
                padding_top="1em",
                wrap="wrap",
            ),
            **PHONE_FULL_SCREEN,
        ),
        open=S.finish_later_open,
    )


def create_interaction_page() -> rx.Component:
    return shell(
        rx.cond(
            S.ready,
            rx.vstack(
                rx.heading(
                    rx.cond(
                        V["resume_entry_no"] != "",
                        tf("interaction.title_resumed", entry_no=V["resume_entry_no"]),
                        t("interaction.title"),
                    ),
                    size="5",
                    id="ci-title",
                ),
                _step_title(),
                rx.form(
                    rx.card(
                        rx.match(
                            S.step,
                            ("content", _content_step()),
                            ("related", _related_step()),
                            ("result", _result_step()),
                            _type_step(),
                        ),
                        width="100%",
                    ),
                    rx.el.input(type="hidden", name="_action", id="ci-action", default_value=""),
                    _buttons(),
                    on_submit=S.submit_step,
                    reset_on_submit=False,
                    key=S.form_key,
                    id="ci-form",
                    width="100%",
                ),
                _finish_later_dialog(),
                spacing="3",
                width="100%",
                max_width="880px",
            ),
            rx.cond(
                S.refusal != "",
                rx.link(
                    t("nav.interaction_log_entries"),
                    href=routes.INTERACTION_LOG_ENTRIES,
                    id="ci-refused-back",
                ),
                rx.center(rx.spinner(size="3"), padding="2em"),
            ),
        )
    )


# -- Postponed Interactions ----------------------------------------------------------------------


def _resume_link(row) -> rx.Component:
    return rx.link(
        rx.button(rx.icon("play", size=14), t("postponed.resume"), size="1", variant="soft"),
        href=routes.CREATE_INTERACTION + "?resume=" + row["entry_no"],
        class_name="postponed-resume",
    )


def _delete_button(row) -> rx.Component:
    return rx.button(
        rx.icon("trash-2", size=14),
        t("postponed.delete"),
        size="1",
        variant="soft",
        color_scheme="red",
        on_click=P.ask_delete(row["entry_no"]),
        class_name="postponed-delete",
    )


def _comments_button(row) -> rx.Component:
    """Comments of the postponed entry (reference section 9: comments can be attached)."""
    return rx.button(
        rx.icon("message-square-text", size=14),
        t("comments.button"),
        size="1",
        variant="soft",
        color_scheme="gray",
        on_click=CommentsState.open_for(row["entry_no"]),
        class_name="postponed-comments",
    )


def _postponed_row(row) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["entry_no"]),
        rx.table.cell(row["date"], " ", row["time"], white_space="nowrap"),
        rx.table.cell(rx.link(row["contact_no"], href=routes.CONTACTS + "/" + row["contact_no"])),
        rx.table.cell(row["contact_name"]),
        rx.table.cell(row["template_code"]),
        rx.table.cell(row["description"]),
        rx.table.cell(row["salesperson_code"]),
        rx.table.cell(rx.cond(row["letter"] == "yes", rx.icon("paperclip", size=14), "")),
        rx.table.cell(
            rx.hstack(_resume_link(row), _comments_button(row), _delete_button(row), spacing="2")
        ),
        class_name="postponed-row",
    )


def _postponed_card(row) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.text(row["contact_name"], weight="bold"),
            rx.spacer(),
            rx.text(row["date"], " ", row["time"], size="1", color_scheme="gray"),
            width="100%",
        ),
        rx.text(row["template_code"], " · ", row["description"], size="2"),
        rx.hstack(
            _resume_link(row),
            _comments_button(row),
            _delete_button(row),
            spacing="2",
            padding_top="0.5em",
            flex_wrap="wrap",
        ),
        width="100%",
        class_name="postponed-card",
    )


def postponed_interactions_page() -> rx.Component:
    return shell(
        rx.heading(t("postponed.title"), size="6", margin_bottom="0.5em", id="postponed-title"),
        rx.cond(
            P.loading,
            loading_state(),
            rx.cond(
                P.rows.length() == 0,
                rx.text(t("postponed.empty"), color_scheme="gray", id="postponed-empty"),
                rx.box(
                    rx.box(
                        rx.table.root(
                            rx.table.header(
                                rx.table.row(
                                    *[
                                        rx.table.column_header_cell(t(key))
                                        for key in (
                                            "ile.entry_no",
                                            "field.date",
                                            "field.contact_no",
                                            "field.contact_name",
                                            "field.interaction_template_code",
                                            "field.description",
                                            "field.salesperson_code",
                                            "postponed.letter",
                                        )
                                    ],
                                    rx.table.column_header_cell(""),
                                )
                            ),
                            rx.table.body(rx.foreach(P.rows, _postponed_row)),
                            width="100%",
                            variant="surface",
                            size="1",
                        ),
                        display=DESKTOP,
                        overflow_x="auto",
                    ),
                    rx.vstack(rx.foreach(P.rows, _postponed_card), display=PHONE, width="100%"),
                    width="100%",
                ),
            ),
        ),
        rx.alert_dialog.root(
            rx.alert_dialog.content(
                rx.alert_dialog.title(t("postponed.delete")),
                rx.alert_dialog.description(
                    tf("postponed.delete_confirm", entry_no=P.confirm_entry)
                ),
                rx.flex(
                    rx.alert_dialog.cancel(
                        rx.button(
                            t("common.cancel"),
                            variant="soft",
                            color_scheme="gray",
                            on_click=P.cancel_delete,
                        )
                    ),
                    rx.button(
                        t("postponed.delete"),
                        color_scheme="red",
                        on_click=P.delete,
                        id="postponed-confirm-delete",
                    ),
                    justify="end",
                    gap="3",
                    padding_top="1em",
                ),
                **PHONE_FULL_SCREEN,
            ),
            open=P.confirm_entry != "",
        ),
        comments_dialog(),
    )
