"""The sign-in page."""

from __future__ import annotations

import reflex as rx

from ..components.i18n import t, tf
from ..components.layout import language_switch
from ..state.signin import SignInState


def signin_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.hstack(
                        rx.hstack(rx.icon("users", size=22), rx.heading("segapp", size="5")),
                        rx.spacer(),
                        language_switch(),
                        width="100%",
                        align="center",
                    ),
                    rx.text(t("app.tagline"), color_scheme="gray", size="2"),
                    rx.heading(t("signin.title"), size="6", margin_top="0.5em"),
                    rx.cond(
                        SignInState.error != "",
                        rx.callout(
                            SignInState.error,
                            icon="triangle-alert",
                            color_scheme="red",
                            role="alert",
                            id="signin-error",
                            width="100%",
                        ),
                    ),
                    rx.el.label(rx.text(t("signin.username"), size="2"), html_for="username"),
                    rx.input(
                        id="username",
                        name="username",
                        auto_complete="username",
                        auto_focus=True,
                        required=True,
                        width="100%",
                        size="3",
                    ),
                    rx.el.label(rx.text(t("signin.password"), size="2"), html_for="password"),
                    rx.input(
                        id="password",
                        name="password",
                        type="password",
                        auto_complete="current-password",
                        required=True,
                        width="100%",
                        size="3",
                    ),
                    rx.button(
                        t("signin.submit"),
                        type="submit",
                        loading=SignInState.busy,
                        width="100%",
                        size="3",
                        id="signin-submit",
                    ),
                    rx.cond(
                        SignInState.demo_username != "",
                        rx.callout(
                            tf(
                                "signin.demo_hint",
                                username=SignInState.demo_username,
                                password=SignInState.demo_password,
                            ),
                            icon="info",
                            color_scheme="blue",
                            id="demo-hint",
                            width="100%",
                        ),
                    ),
                    spacing="3",
                    width="100%",
                ),
                on_submit=SignInState.submit,
                reset_on_submit=False,
            ),
            width="100%",
            max_width="420px",
            size="3",
        ),
        min_height="100vh",
        padding="1em",
    )
