"""Where acct keeps its data when ACCT_HOME does not say: platformdirs' answer, found on
Linux without importing platformdirs (see acctcli.settings.default_home_dir)."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from acctcli.settings import APP_NAME, default_home, default_home_dir, home_of, load_settings

UNSET = None
HOMES = st.sampled_from([UNSET, "", "relative", "/home/anna", "/home/anna/", "/", "//srv", " /x"])
DATA = st.one_of(
    st.sampled_from([UNSET, "", "data", "/data", "/data/", "/", " /data"]),
    st.text(min_size=1, max_size=12).map(lambda s: "/" + s.replace("\0", "")),
)


def _answer(function: object) -> tuple[str, str]:
    try:
        return ("ok", function())  # type: ignore[operator]
    except Exception as exc:  # noqa: BLE001 - the same failure is part of the same answer
        return ("error", type(exc).__name__)


@pytest.mark.skipif(sys.platform != "linux", reason="the fast path is Linux's")
@settings(max_examples=150, deadline=None)
@given(home=HOMES, data=DATA, android=st.booleans())
def test_the_default_home_is_platformdirs_own(
    home: str | None, data: str | None, android: bool
) -> None:
    from platformdirs import user_data_dir

    with pytest.MonkeyPatch.context() as env:
        for name, value in (("HOME", home), ("XDG_DATA_HOME", data)):
            if value is None:
                env.delenv(name, raising=False)
            else:
                env.setenv(name, value)
        if android:  # Termux and friends: platformdirs decides, not the fast path
            env.setenv("ANDROID_DATA", "/data")
            env.setenv("ANDROID_ROOT", "/system")
        else:
            env.delenv("ANDROID_DATA", raising=False)
        assert _answer(default_home_dir) == _answer(
            lambda: user_data_dir(APP_NAME, appauthor=False)
        )


def test_acct_home_wins_and_a_tilde_in_it_is_the_user_s_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("HOME", "/home/anna")
    assert home_of({"ACCT_HOME": "~/books/acct"}) == "/home/anna/books/acct"
    monkeypatch.setenv("XDG_DATA_HOME", "/xdg")
    assert home_of({}) == "/xdg/acct" == str(default_home())
    chosen = load_settings({"ACCT_HOME": f"{tmp_path}/h"})
    assert chosen.database_url == f"sqlite:///{tmp_path}/h/acct.db"
    assert str(chosen.home) == f"{tmp_path}/h" and chosen.config_path.name == "config.toml"
