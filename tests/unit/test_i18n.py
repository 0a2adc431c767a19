"""The English and French catalogues must offer the same messages (PRODUCT.md section 6)."""

import re

from segapp.i18n import CATALOGUES, translate

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_both_catalogues_have_the_same_keys():
    assert set(CATALOGUES["en"]) == set(CATALOGUES["fr"])


def test_each_message_has_the_same_placeholders_in_both_languages():
    for key, english in CATALOGUES["en"].items():
        french = CATALOGUES["fr"][key]
        assert set(PLACEHOLDER.findall(english)) == set(PLACEHOLDER.findall(french)), key


def test_only_blank_enumeration_captions_are_empty():
    for lang, messages in CATALOGUES.items():
        empty = [k for k, v in messages.items() if not v.strip()]
        assert all(k.startswith("enum.") and k.endswith(".") for k in empty), (lang, empty)


def test_french_uses_business_central_captions():
    assert translate("fr", "nav.logged_segments") == "Segments journalisés"
    assert translate("fr", "nav.interaction_log_entries") == "Écritures journal interaction"
    assert translate("fr", "field.no_of_criteria_actions") == "Nbre d'actions du critère"


def test_translate_fills_placeholders_and_falls_back_to_english():
    assert translate("fr", "common.page_of", page=2, pages=5) == "Page 2 sur 5"
    assert translate("de", "common.page_of", page=2, pages=5) == "Page 2 of 5"
    assert translate("en", "no.such.key") == "no.such.key"


def test_every_refusal_the_services_raise_has_a_message():
    import pathlib

    services = pathlib.Path(__file__).resolve().parents[2] / "segapp" / "services"
    keys = set()
    for path in services.rglob("*.py"):
        text = path.read_text()
        keys |= set(re.findall(r'UserError\(\s*"([\w.]+)"', text))
        keys |= set(re.findall(r'"(error\.[\w.]+)"', text))
    assert keys, "no refusal found: the pattern no longer matches the services"
    missing = sorted(k for k in keys if k not in CATALOGUES["en"])
    assert missing == []
