"""The progress of the tab's running background job: its stage, the count and Cancel."""

from __future__ import annotations

import reflex as rx

from ..state.jobs import JobState as J
from .i18n import t, tf


def job_banner() -> rx.Component:
    """Shown while a job runs; the rest of the page stays usable."""
    return rx.cond(
        J.job_running,
        rx.card(
            rx.vstack(
                rx.hstack(
                    rx.spinner(size="2"),
                    rx.text(J.job_stage, weight="medium", id="job-stage"),
                    rx.cond(
                        J.job_total > 0,
                        rx.text(
                            tf("job.count", done=J.job_done, total=J.job_total),
                            color_scheme="gray",
                            id="job-count",
                        ),
                        rx.cond(
                            J.job_done > 0,
                            rx.text(J.job_done.to_string(), color_scheme="gray", id="job-count"),
                        ),
                    ),
                    rx.spacer(),
                    rx.cond(
                        J.job_cancelling,
                        rx.text(t("job.cancelling"), color_scheme="gray"),
                        rx.cond(
                            J.job_cancellable,
                            rx.button(
                                t("job.cancel"),
                                on_click=J.cancel_job,
                                variant="soft",
                                color_scheme="gray",
                                size="1",
                                id="job-cancel",
                            ),
                        ),
                    ),
                    align="center",
                    width="100%",
                    wrap="wrap",
                ),
                rx.cond(
                    J.job_total > 0,
                    rx.progress(value=J.job_percent, max=100, width="100%"),
                    rx.progress(width="100%"),
                ),
                width="100%",
                spacing="2",
            ),
            width="100%",
            id="job-banner",
            role="status",
            aria_live="polite",
        ),
    )
