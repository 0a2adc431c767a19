"""Every event handler of every state refuses a browser that is not signed in (PRODUCT.md
section 6: every page and every event handler requires a signed-in user).

Reflex makes every public method of a state an event handler that any browser can call over
the websocket. The handlers are taken from Reflex's own registry (the states' tree from
``rx.State`` down and each class's ``event_handlers``), not from a list kept by hand; each is
called with no session and with a forged session token, and must send the browser to sign-in
without changing or sending data, its only database work being the session check. The
exceptions are listed below, printed by the test, and must touch no database at all unless
they are the sign-in page's own."""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import pytest
import reflex as rx
from reflex.istate.data import RouterData
from sqlalchemy import event

import segapp.segapp  # noqa: F401  (imports every page, hence every state)
from segapp import db
from segapp.services.core import downloads
from segapp.state.base import AppState

# Handlers that need no signed-in user, and why.
SIGN_IN = {"SignInState.load", "SignInState.submit", "AppState.sign_out", "AppState.set_lang"}
# Pure dialog toggles: they change what the page shows of data it already has.
TOGGLES = {
    "SegmentsState.cancel_delete",
    "WorksheetState.cancel_question",
    "WorksheetState.line_dialog_changed",
    "WorksheetState.close_line",
    "WorksheetState.set_edit",
    "WorksheetState.toggle_line",
    "WorksheetState.toggle_page",
    "WorksheetState.ask_delete_lines",
    "WorksheetState.ask_delete_edited",
    "WorksheetState.cancel_delete_lines",
    "WorksheetState.ask_delete_segment",
    "WorksheetState.cancel_delete_segment",
    "LogState.set_send",
    "LogState.set_follow_up",
    "LogState.close_dialog",
    "LogState.open_change",
    "LoggedSegmentsState.toggle_select",
    "LoggedSegmentsState.close_confirm",
    "EntriesState.toggle_select",
    "EntriesState.close_confirm",
    "EntriesState.set_evaluation",
    "TemplateLettersState.set_language",
    "ContactCardState.ask_delete",
    "ContactCardState.cancel_delete",
    "SetupState.cancel_delete",
    "SetupState.close",
    "SelectionState.close_step",
    "SelectionState.close_dialog",
    "SelectionState.proceed",
    "SelectionState.set_choice",
    "SelectionState.set_save_code",
    "SelectionState.set_save_description",
    "SelectionState.set_delete_old",
    "LettersState.close_personalise",
    "LettersState.personalise_changed",
    "LettersState.set_remark",
    "LettersState.preview_changed",
    "JobState.cancel_job",
    "AppState.dismiss_refusal",
    "EntriesState.toggle_column",
    "InteractionState.close_finish_later",
    "PostponedState.ask_delete",
    "PostponedState.cancel_delete",
    "CommentsState.close",
    "CommentsState.open_changed",
    "SelectionState.close_lookup",
    "SelectionState.pick_code",
    "SelectionState.set_tab",
    "WorksheetState.toggle_column",
    "WorksheetState.toggle_header",
    "MessageState.set_open",
    "ResendState.set_correspondence",
    "ResendState.set_update_merge_fields",
    "ResendState.set_open",
}
# Reflex's own handlers, on every state or on its internal states.
REFLEX = {"setvar", "hydrate", "hydrate_and_load", "set_is_hydrated"}
ALLOWED = SIGN_IN | TOGGLES


def _states(cls: type[rx.State]) -> Iterator[type[rx.State]]:
    yield cls
    for sub in cls.get_substates():
        yield from _states(sub)


def _handlers() -> list[tuple[str, type[rx.State], str, str]]:
    """(state.handler, state class, handler name, class that defines it) for every handler
    Reflex registered on the app's states."""
    found = []
    for cls in _states(rx.State):
        if not issubclass(cls, AppState):
            continue
        for name, handler in cls.event_handlers.items():
            owner = next(c for c in cls.__mro__ if name in vars(c)).__name__
            label = f"{owner}.{name}"
            if name in REFLEX or handler.fn.__module__.startswith("reflex"):
                continue
            found.append((f"{cls.__name__}.{name}", cls, name, label))
    return found


HANDLERS = _handlers()


def test_the_registry_lists_the_app_handlers_and_the_exceptions_exist():
    names = {label for label, *_ in HANDLERS}
    labels = {entry[3] for entry in HANDLERS}
    assert len(names) > 100
    assert "WorksheetState.add_contact" in names
    assert "LogState.run_log" in names
    missing = sorted(ALLOWED - labels)
    assert missing == [], f"allow-listed handlers that no longer exist: {missing}"
    print("\nHandlers that need no signed-in user:")
    for label in sorted(SIGN_IN):
        print(f"  sign-in: {label}")
    for label in sorted(TOGGLES):
        print(f"  dialog toggle: {label}")
    print(f"  Reflex's own, on every state: {', '.join(sorted(REFLEX))}")


def _argument(parameter: inspect.Parameter):
    text = str(parameter.annotation)
    if "bool" in text and "str" not in text:
        return True
    if "dict" in text:
        return {"username": "anna", "password": "pw-123456"}
    if "list" in text:
        return []
    if text == "int":
        return 1
    return "1"


def _state(cls: type[rx.State], token: str) -> rx.State:
    root = rx.State(_reflex_internal_init=True)
    state = root.get_substate(cls.get_full_name().split(".")[1:])
    cookie = f"{downloads.COOKIE}={token}" if token else ""
    state.router = RouterData.from_router_data({"headers": {"cookie": cookie}})
    return state


def _data(state: rx.State) -> dict:
    """Every field of the state (what the browser sees and what stays on the server), but the
    signed-in user's name, which a refusal clears."""
    skip = {"user_name", "user_full_name", "_user_id", "is_hydrated", "_reflex_internal_links"}
    return {
        name: getattr(state, name)
        for name in type(state).__fields__
        if name not in skip and not name.startswith(("router", "rx_router"))
    }


async def _call(state: rx.State, name: str):
    handler = type(state).event_handlers[name]
    fn = handler.fn
    parameters = list(inspect.signature(fn).parameters.values())[1:]
    args = [_argument(p) for p in parameters]
    result = fn(state, *args)
    if inspect.isasyncgen(result):
        return [update async for update in result]
    if inspect.iscoroutine(result):
        return await result
    if inspect.isgenerator(result):
        return list(result)
    return result


@pytest.fixture
def statements(db_engine, monkeypatch):
    monkeypatch.setattr(db, "get_engine", lambda: db_engine)
    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db_engine, "before_cursor_execute", record)
    yield seen
    event.remove(db_engine, "before_cursor_execute", record)


@pytest.mark.parametrize("token", ["", "forged-token-0123456789"], ids=["no session", "forged"])
@pytest.mark.parametrize(
    ("label", "cls", "name"), [h[:3] for h in HANDLERS], ids=[h[0] for h in HANDLERS]
)
async def test_every_handler_refuses_a_browser_that_is_not_signed_in(
    statements, label, cls, name, token
):
    owner = next(entry[3] for entry in HANDLERS if entry[0] == label)
    state = _state(cls, token)
    before = _data(state)
    result = await _call(state, name)
    if owner in SIGN_IN:
        return
    if owner in TOGGLES:
        assert statements == [], f"{label} is allowed as a toggle but reads the database"
        return
    background = type(state).event_handlers[name].is_background
    if background:
        # a background task cannot be wrapped: it checks the user itself, and without a
        # signed-in user either does nothing or sends the browser to sign-in
        assert result in (None, []) or "/signin" in str(result), f"{label}: {result}"
    else:
        assert "/signin" in str(result), f"{label} did not send the browser to sign-in: {result}"
    assert _data(state) == before, f"{label} changed the page's data"
    for statement in statements:
        text = " ".join(statement.split()).lower()
        assert text.startswith("select"), f"{label} wrote to the database: {statement}"
        assert "user_session" in text, f"{label} ran more than the session check: {statement}"
    checks = 1 if token else 0
    assert len(statements) <= checks if background else len(statements) == checks
