"""How a failed attempt is classed: transient (try again later) or permanent (the entry fails
at once). The text kept is the server's answer, in words."""

from __future__ import annotations

import smtplib
import socket
import ssl


class DeliveryError(Exception):
    """A failed attempt. ``permanent`` failures are not retried; ``connection`` failures
    concern the server, not one message, so the rest of the batch waits too."""

    def __init__(self, text: str, *, permanent: bool, connection: bool = False) -> None:
        super().__init__(text)
        self.text = text
        self.permanent = permanent
        self.connection = connection


def _answer(code: int, message: bytes | str) -> str:
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    return f"{code} {message}".strip()


def classify(error: BaseException, server: str = "") -> DeliveryError:
    """A DeliveryError for anything smtplib or the network raised: 5xx answers are permanent,
    4xx answers, refused connections and timeouts are transient."""
    where = f" ({server})" if server else ""
    if isinstance(error, DeliveryError):
        return error
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, message = next(iter(error.recipients.values()))
        return DeliveryError(_answer(code, message), permanent=500 <= code < 600)
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return DeliveryError(
            f"Authentication failed{where}: {_answer(error.smtp_code, error.smtp_error)}",
            permanent=False,
            connection=True,
        )
    if isinstance(error, smtplib.SMTPSenderRefused):
        return DeliveryError(
            f"Sender {error.sender} refused: {_answer(error.smtp_code, error.smtp_error)}",
            permanent=500 <= error.smtp_code < 600,
        )
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        return DeliveryError(_answer(code, error.smtp_error), permanent=500 <= code < 600)
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return DeliveryError(
            f"The server closed the connection{where}.", permanent=False, connection=True
        )
    if isinstance(error, ConnectionRefusedError):
        return DeliveryError(f"Connection refused{where}.", permanent=False, connection=True)
    if isinstance(error, socket.timeout | TimeoutError):
        return DeliveryError(
            f"The server did not answer in time{where}.", permanent=False, connection=True
        )
    if isinstance(error, ssl.SSLError):
        return DeliveryError(f"TLS failed{where}: {error}", permanent=False, connection=True)
    if isinstance(error, OSError):
        return DeliveryError(
            f"Network error{where}: {error.strerror or error}", permanent=False, connection=True
        )
    if isinstance(error, smtplib.SMTPException):
        return DeliveryError(f"SMTP error{where}: {error}", permanent=False, connection=True)
    return DeliveryError(f"Unexpected error: {error!r}", permanent=False)
