"""Sign-in, sessions and slowing down repeated failures (PRODUCT.md section 6): failures are
counted per user name and per client address in the database, known or unknown names alike."""

import threading
from datetime import timedelta

import pytest
from argon2 import extract_parameters
from sqlmodel import Session, select

from segapp import demo
from segapp.models import MarketingSetup, SignInFailure, User, UserSession
from segapp.models.types import utcnow
from segapp.services.core import auth


def _user(session, name="anna", password="correct horse"):
    user = User(username=name, full_name="Anna Smith", password_hash=auth.hash_password(password))
    session.add(user)
    session.commit()
    return user


def test_passwords_are_stored_as_argon2_hashes(session):
    user = _user(session)
    assert user.password_hash.startswith("$argon2")
    assert "correct horse" not in user.password_hash


def test_right_credentials_give_a_session_for_that_user(session):
    _user(session)
    token = auth.sign_in(session, "  Anna ", "correct horse")
    session.commit()
    assert token
    signed_in = auth.user_for_token(session, token)
    assert signed_in is not None
    assert signed_in.username == "anna"
    stored = session.exec(select(UserSession)).one()
    assert stored.token_hash != token


def test_wrong_password_and_unknown_user_are_refused_alike(session):
    _user(session)
    assert auth.sign_in(session, "anna", "wrong") is None
    assert auth.sign_in(session, "nobody", "correct horse") is None
    session.commit()
    assert session.exec(select(UserSession)).all() == []
    assert auth.pending_failures(session, "anna") == 1
    assert auth.pending_failures(session, "nobody") == 1


def test_repeated_failures_are_slowed_down_and_reset_by_success(session):
    _user(session)
    for _ in range(5):
        auth.sign_in(session, "anna", "wrong")
    session.commit()
    failures = auth.pending_failures(session, "anna")
    assert failures == 5
    assert auth.failure_delay(failures) > auth.failure_delay(auth.FREE_ATTEMPTS) >= 0
    assert auth.failure_delay(1) == 0
    assert auth.failure_delay(100) == auth.MAX_DELAY_SECONDS
    assert auth.sign_in(session, "anna", "correct horse")
    session.commit()
    assert auth.pending_failures(session, "anna") == 0


def test_signing_out_ends_the_session(session):
    _user(session)
    token = auth.sign_in(session, "anna", "correct horse")
    session.commit()
    auth.sign_out(session, token)
    session.commit()
    assert auth.user_for_token(session, token) is None


def test_expired_sessions_and_inactive_users_are_not_signed_in(session):
    user = _user(session)
    token = auth.sign_in(session, "anna", "correct horse")
    session.commit()
    stored = session.exec(select(UserSession)).one()
    stored.expires_at = utcnow() - timedelta(seconds=1)
    session.add(stored)
    session.commit()
    assert auth.user_for_token(session, token) is None

    token = auth.sign_in(session, "anna", "correct horse")
    user.active = False
    session.add(user)
    session.commit()
    assert auth.user_for_token(session, token) is None
    assert auth.sign_in(session, "anna", "correct horse") is None


def test_garbage_tokens_are_not_signed_in(session):
    assert auth.user_for_token(session, "") is None
    assert auth.user_for_token(session, "x' OR '1'='1") is None


def test_demo_credentials_are_offered_only_with_demo_data(session):
    assert demo.demo_credentials(session) is None
    session.add(MarketingSetup(id=1, demo_data=False))
    session.commit()
    assert demo.demo_credentials(session) is None
    setup = session.get(MarketingSetup, 1)
    setup.demo_data = True
    session.add(setup)
    session.commit()
    assert demo.demo_credentials(session) is not None


class _Verifications:
    """Records every argon2 verification: the parameters of the hash verified against."""

    def __init__(self, monkeypatch):
        self.params: list[tuple[int, int, int]] = []
        self._lock = threading.Lock()
        real = auth._hasher
        record = self

        class Recording:
            def verify(self, password_hash, password):
                p = extract_parameters(password_hash)
                with record._lock:
                    record.params.append((p.time_cost, p.memory_cost, p.parallelism))
                return real.verify(password_hash, password)

            def __getattr__(self, name):
                return getattr(real, name)

        monkeypatch.setattr(auth, "_hasher", Recording())


def _fail_n_times(session, name: str, times: int) -> list[auth.Attempt]:
    attempts = []
    for _ in range(times):
        attempt = auth.begin_attempt(session, name, "")
        session.commit()
        attempts.append(attempt)
        assert auth.sign_in(session, name, "wrong password", attempt) is None
        session.commit()
    return attempts


def test_unknown_names_get_the_same_delay_and_argon2_work_as_real_ones(session, monkeypatch):
    """Timing must not tell which user names exist: after the same failures, an unknown name is
    delayed exactly like a real one, and each failure costs one argon2 verification with the
    same parameters (against a dummy hash for the unknown name)."""
    _user(session)
    inactive = User(username="gone", password_hash=auth.hash_password("pw"), active=False)
    session.add(inactive)
    session.commit()
    verifications = _Verifications(monkeypatch)
    real = _fail_n_times(session, "anna", 6)
    real_work = list(verifications.params)
    verifications.params.clear()
    unknown = _fail_n_times(session, "nobody", 6)
    unknown_work = list(verifications.params)
    verifications.params.clear()
    gone = _fail_n_times(session, "gone", 6)
    gone_work = list(verifications.params)
    assert [a.delay for a in real] == [a.delay for a in unknown] == [a.delay for a in gone]
    assert real[-1].delay > 0
    assert len(real_work) == 6
    assert real_work == unknown_work == gone_work
    assert auth.pending_failures(session, "nobody") == auth.pending_failures(session, "anna") == 6


def test_a_user_name_is_locked_after_the_limit_and_released_after_the_window(session, monkeypatch):
    _user(session)
    _fail_n_times(session, "anna", auth.NAME_LIMIT)
    verifications = _Verifications(monkeypatch)
    attempt = auth.begin_attempt(session, "anna", "")
    session.commit()
    assert attempt.locked
    assert attempt.retry_after > timedelta(0)
    assert auth.sign_in(session, "anna", "correct horse", attempt) is None
    assert verifications.params == [], "a locked attempt must not check the password"
    # the window ends: the name may try again, and the right password signs in
    for row in session.exec(select(SignInFailure)).all():
        row.window_start -= auth.FAILURE_WINDOW + timedelta(seconds=1)
        session.add(row)
    session.commit()
    attempt = auth.begin_attempt(session, "anna", "")
    assert not attempt.locked
    assert auth.sign_in(session, "anna", "correct horse", attempt)
    session.commit()
    assert auth.pending_failures(session, "anna") == 0


def test_a_client_address_is_locked_whatever_names_it_tries(session):
    _user(session)
    for i in range(auth.ADDRESS_LIMIT):
        attempt = auth.begin_attempt(session, f"guess{i}", "203.0.113.9")
        assert not attempt.locked
        auth.sign_in(session, f"guess{i}", "x", attempt)
        session.commit()
    attempt = auth.begin_attempt(session, "anna", "203.0.113.9")
    assert attempt.locked
    assert auth.sign_in(session, "anna", "correct horse", attempt) is None
    other = auth.begin_attempt(session, "anna", "198.51.100.7")
    assert not other.locked
    assert auth.sign_in(session, "anna", "correct horse", other)


def _parallel(db_engine, count: int, name, address: str, password="wrong") -> list[auth.Attempt]:
    """``count`` sign-ins at once, each on its own connection (as from parallel sockets or
    several backend workers)."""
    barrier = threading.Barrier(count)
    results: list[auth.Attempt] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def one(i: int) -> None:
        try:
            barrier.wait()
            with Session(db_engine) as s:
                attempt = auth.begin_attempt(s, name(i), address)
                s.commit()
            if not attempt.locked:
                with Session(db_engine) as s:
                    auth.sign_in(s, name(i), password, attempt)
                    s.commit()
            with lock:
                results.append(attempt)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    return results


@pytest.mark.parametrize("spread", ["one name", "many names from one address"])
def test_parallel_attempts_cannot_exceed_the_limits(session, db_engine, monkeypatch, spread):
    """Parallel connections share one count: however many attempts arrive at once, no more
    passwords are checked than the limit allows, and the later ones are slowed down."""
    _user(session)
    verifications = _Verifications(monkeypatch)
    if spread == "one name":
        limit, count = auth.NAME_LIMIT, auth.NAME_LIMIT + 6
        results = _parallel(db_engine, count, lambda i: "anna", "", password="wrong")
    else:
        limit, count = auth.ADDRESS_LIMIT, auth.ADDRESS_LIMIT + 6
        results = _parallel(db_engine, count, lambda i: f"user{i}", "192.0.2.1")
    assert len(results) == count
    assert sum(1 for a in results if a.locked) == count - limit
    assert len(verifications.params) == limit
    if spread == "one name":
        delays = sorted(a.delay for a in results if not a.locked)
        assert delays[0] == 0
        assert delays[-1] == auth.failure_delay(limit - 1) > 0
