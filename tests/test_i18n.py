"""The interface language: chosen from ACCT_LANG, config.toml or the locale (never through
the system's locale database), and catalogs that stay in step with the source."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from tests.conftest import Run

from acctcli import i18n

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools import catalog  # noqa: E402


@pytest.mark.parametrize(
    ("env", "configured", "expected"),
    [
        ({}, None, "en"),
        ({"LANG": "ru_RU.UTF-8"}, None, "ru"),
        ({"LANG": "C"}, None, "en"),
        ({"LANG": "POSIX"}, None, "en"),
        ({"LANG": "C.UTF-8"}, None, "en"),
        ({"LANG": "de_DE.UTF-8"}, None, "en"),  # no catalog: the source language
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8"}, None, "ru"),
        ({"LC_ALL": "C", "LC_MESSAGES": "ru_RU.UTF-8"}, None, "en"),  # LC_ALL wins
        ({"LC_ALL": "ru_RU@euro"}, None, "ru"),
        ({"LANG": "ru_RU.UTF-8"}, "en", "en"),  # config.toml before the locale
        ({"LANG": "C"}, "ru", "ru"),
        ({"ACCT_LANG": "en", "LANG": "ru_RU.UTF-8"}, "ru", "en"),  # ACCT_LANG first
        ({"ACCT_LANG": "ru"}, None, "ru"),
        ({"ACCT_LANG": "", "LANG": "ru_RU"}, None, "ru"),
    ],
)
def test_the_language_is_chosen_in_order(env: dict, configured: str | None, expected: str) -> None:
    assert i18n.choose_language(env, configured) == expected


def test_a_bad_language_in_config_is_one_error(acct: Run, home: Path) -> None:
    from tests.conftest import assert_user_error

    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('language = "klingon"\n', encoding="utf-8")
    assert_user_error(acct("client", "list"), "language must be one of en, ru")


def test_the_template_holds_every_message_of_the_source() -> None:
    from babel.messages.pofile import read_po

    with catalog.TEMPLATE.open("rb") as handle:
        stored = {m.id for m in read_po(handle) if m.id}
    current = {m.id for m in catalog.extract() if m.id}
    assert stored == current, "run `make i18n`: " + repr(sorted(map(str, stored ^ current))[:5])


@pytest.mark.parametrize("language", catalog.LANGUAGES)
def test_the_compiled_catalog_is_the_po_file(language: str) -> None:
    assert catalog.mo_path(language).read_bytes() == catalog.compiled(
        catalog.read_catalog(language)
    ), "run `make i18n`"
