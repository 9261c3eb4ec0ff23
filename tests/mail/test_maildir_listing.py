"""A Maildir folder's names to the base names acct keeps (services/mail/importer.py): the
one-expression path for a folder of plain names equals the name-by-name one for any names."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from acctcli.mail.maildir import list_message_names, message_names
from acctcli.services.mail.importer import _stored_base, _stored_bases

_PIECES = st.sampled_from(
    [
        "1700000000",
        ".M1P2",
        ".host",
        ":2,",
        "S",
        "RS",
        "!2,",
        ":",
        "bytes:",
        "ё",
        "\udcff",
        "\n",
        ",",
    ]
)
NAMES = st.lists(st.lists(_PIECES, min_size=1, max_size=6).map("".join), max_size=30)


@settings(max_examples=400)
@given(NAMES)
def test_the_bases_of_a_folder_are_those_of_each_name(names: list[str]) -> None:
    assert _stored_bases(names) == [_stored_base(name) for name in names]


@given(st.lists(st.integers(0, 10**9), min_size=2, max_size=40, unique=True), st.booleans())
def test_plain_cur_names_keep_their_base(stamps: list[int], odd: bool) -> None:
    names = [f"{s}.M{n}P1.host:2,{'RS' if n % 2 else 'S'}" for n, s in enumerate(stamps)]
    if odd:  # one name without flags, or with a second ":2,": the slow path, the same answer
        names[0] = names[0].split(":2,")[0]
        names[-1] += ":2,x"
    assert _stored_bases(names) == [name.partition(":2,")[0] for name in names]


def test_listing_in_c_names_what_scandir_names(tmp_path: Path) -> None:
    folder = tmp_path / "cur"
    folder.mkdir()
    for name in ("a:2,S", ".hidden", "b", "ц:2,", os.fsdecode(b"\xff\xfe:2,S"), "line\nbreak"):
        (folder / name).write_bytes(b"x")
    (folder / "sub").mkdir()
    os.mkfifo(folder / "fifo")
    assert sorted(list_message_names(folder)) == sorted(message_names(folder))
    assert ".hidden" not in list_message_names(folder)
