"""Sign-in, sessions and slowing down repeated failures (PRODUCT.md section 6)."""

from datetime import timedelta

from sqlmodel import select

from segapp.models import MarketingSetup, User, UserSession
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
    assert auth.demo_credentials(session) is None
    session.add(MarketingSetup(id=1, demo_data=False))
    session.commit()
    assert auth.demo_credentials(session) is None
    setup = session.get(MarketingSetup, 1)
    setup.demo_data = True
    session.add(setup)
    session.commit()
    assert auth.demo_credentials(session) is not None
