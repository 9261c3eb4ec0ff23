"""`make i18n`: the message catalogs of acct, kept current from the source.

1. extract: every `_()`, `ngettext()`, `pgettext()`, `npgettext()`, `N_()` and `NP_()`
   string in src/acctcli (Babel's Python extractor), plus the help texts of every command
   and option and the one-line command summaries of `acct --help` (read from the Typer
   commands, in English) — written to src/acctcli/locale/acct.pot;
2. update: each language's acct.po gains the new msgids (untranslated) and loses the dropped
   ones (kept as obsolete comments), never fuzzy-matched;
3. compile: acct.po → acct.mo, which is what acct reads at run time (stdlib gettext).

tests/test_i18n.py fails when the template, a catalog or a compiled file is out of step.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "acctcli"
LOCALE = PACKAGE / "locale"
TEMPLATE = LOCALE / "acct.pot"
LANGUAGES = ("ru",)
KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "NP_": ((1, "c"), 2)}
HELP_COMMENT = "help text of a command or option"


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "acct.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "acct.mo"


def _help_texts() -> list[str]:
    """Every command's and option's help, and the root summaries, as users see them in
    English (the msgids acctcli.app.translate_help looks up)."""
    from acctcli import i18n

    i18n.use("en")
    from acctcli.cli.command_table import SUMMARIES
    from acctcli.cli.tablegen import root_group, walk

    texts = list(SUMMARIES.values())
    for _path, command in walk(root_group()):
        texts += [command.help] if command.help else []
        texts += [p.help for p in command.params if getattr(p, "help", None)]
    return texts


def extract() -> Catalog:
    """The template: every message of the source and of the commands' help."""
    template = Catalog(project="acct", charset="utf-8", fuzzy=False)
    found = extract_from_dir(
        PACKAGE,
        method_map=[("**/locale/**", "ignore"), ("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    for filename, _lineno, message, comments, context in found:
        template.add(
            message,
            locations=[(f"src/acctcli/{filename}", None)],
            auto_comments=comments,
            context=context,
        )
    for text in _help_texts():
        template.add(text, auto_comments=[HELP_COMMENT])
    return template


def _po_text(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False, omit_header=False)
    return out.getvalue()


def template_text() -> bytes:
    return _po_text(extract())


def read_catalog(language: str) -> Catalog:
    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language)


def updated(language: str, template: Catalog) -> Catalog:
    path = po_path(language)
    if path.exists():
        catalog = read_catalog(language)
    else:
        catalog = Catalog(locale=language, project="acct", charset="utf-8", fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()  # a dropped message is in git history, not in the catalog
    for part in sorted((LOCALE / language / "parts").glob("*.po")):
        _fill(catalog, part, language)
    return catalog


def _fill(catalog: Catalog, part: Path, language: str) -> None:
    """Translations written in a part file (locale/LANG/parts/AREA.po) go into the catalog,
    replacing what it held for the same message (a part is where a translation is being
    worked on; `tools/catalog.py --fold` moves every part into the catalog and removes it)."""
    with part.open("rb") as handle:
        fragment = read_po(handle, locale=language)
    for message in fragment:
        if not message.id or not message.string:
            continue
        target = catalog.get(message.id, context=message.context)
        if target is not None and _translated(message.string):
            target.string = message.string


def _translated(string: object) -> bool:
    if isinstance(string, tuple | list):
        return all(string)
    return bool(string)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def _write(path: Path, data: bytes) -> None:
    """Whole or not at all: a reader (a test, acct itself) never sees half a catalog."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    partial.replace(path)


def main(argv: list[str]) -> int:
    """`make i18n`; `--todo` also lists the untranslated messages (with where they are used);
    `--fold` then removes the part files, whose translations are now in the catalog."""
    template = extract()
    _write(TEMPLATE, _po_text(template))
    missing = 0
    for language in LANGUAGES:
        catalog = updated(language, template)
        _write(po_path(language), _po_text(catalog))
        catalog = read_catalog(language)  # as written, so that the .mo matches the file
        _write(mo_path(language), compiled(catalog))
        todo = [m for m in catalog if m.id and not _translated(m.string)]
        missing += len(todo)
        print(f"{language}: {len(catalog)} messages, {len(todo)} untranslated")
        if "--todo" in argv:
            for message in todo:
                where = ", ".join(f for f, _n in message.locations) or "help"
                print(f"  {where}: {message.id!r}")
        if "--fold" in argv:
            for part in (LOCALE / language / "parts").glob("*.po"):
                part.unlink()
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
