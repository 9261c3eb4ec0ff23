"""acct report: the client's month in Markdown (golden, on the demo agency) and in HTML (read
with a real HTML parser, and once in headless Chromium); --sent and Sent mail record it."""

from __future__ import annotations

import base64
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.cli.test_today import _golden
from tests.conftest import IN_CI, Run, assert_user_error, store_dump
from tests.mail.agency import make_agency
from tests.mail.builders import message, multipart, part, write_maildir

from acctcli.render.report_md import md

DAY = "2026-11-18"  # the demo agency's day (as in test_today.py)


@pytest.fixture
def demo(acct: Run) -> Run:
    assert acct("demo", "--date", DAY).exit_code == 0
    return acct


def test_the_markdown_report_of_the_demo_agency_matches_the_golden_file(demo: Run) -> None:
    month_over = demo("report", "строй", "--month", "2026-10", "--date", DAY)
    assert month_over.exit_code == 0, month_over.stderr
    running = demo("report", "гранд", "--month", "2026-11", "--date", DAY)
    assert running.exit_code == 0, running.stderr
    _golden("report_demo.md", month_over.stdout + "\n---\n\n" + running.stdout)
    assert "month to date" in running.stdout and "still open" in running.stdout


def test_the_default_month_is_the_one_before_and_out_writes_a_file(
    demo: Run, tmp_path: Path
) -> None:
    target = tmp_path / "r.md"
    out = demo("report", "пицца", "--date", DAY, "--out", target)
    assert out.exit_code == 0 and out.stdout.strip() == f"Wrote {target}"
    assert target.read_text(encoding="utf-8").startswith("# Пицца Мама: report for October 2026")


class _Page(HTMLParser):
    """Every tag with its attributes, the text, and the raw <svg>…</svg> for an XML parser."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.in_style = False
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self.in_style else self.text).append(data)


def _html(acct: Run, *args: str) -> str:
    result = acct("report", *args, "--format", "html")
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_the_html_report_is_self_contained_and_escapes_the_store(acct: Run, tmp_path: Path) -> None:
    name = "<script>alert(1)</script>"
    assert acct("client", "add", name, "--since", "2026-01-01", "--fee", "seo=50000").exit_code == 0
    for month in range(1, 12):
        issued = f"2026-{month:02d}-03"
        added = acct("invoice", "add", name, str(1000 * month), "--issued", issued)
        assert added.exit_code == 0, added.stderr
    assert acct("call", "log", name, "--note", "<img src=x onerror=alert(2)>",
                "--at", "2026-11-05T10:00").exit_code == 0  # fmt: skip
    page_text = _html(acct, name, "--month", "2026-11", "--date", "2026-12-02")
    page = _Page()
    page.feed(page_text)
    page.close()
    tags = [t for t, _a in page.tags]
    assert "script" not in tags and "img" not in tags and "link" not in tags
    assert "iframe" not in tags and "object" not in tags
    for _tag, attrs in page.tags:
        for key, value in attrs.items():
            assert not key.startswith("on"), key
            if key in ("src", "href", "xlink:href", "action"):
                pytest.fail(f"an external resource: {key}={value}")
    style = "".join(page.styles)
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    text = "".join(page.text)
    assert name in text  # the name shown as text
    assert "<img src=x onerror=alert(2)>" in text
    # the chart: well-formed SVG, one bar a month for 12 months, this month's the tallest
    svg_text = page_text[page_text.index("<svg") : page_text.index("</svg>") + len("</svg>")]
    svg = ET.fromstring(svg_text)
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    bars = svg.findall("{http://www.w3.org/2000/svg}rect")
    assert len(bars) == 12
    heights = [float(b.get("height", "0")) for b in bars]
    assert heights[-1] == max(heights) > 0 and heights[0] == 0  # Dec 2025: nothing invoiced
    assert heights == sorted(heights)


def test_an_agency_overrides_the_template_from_acct_home(acct: Run, home: Path) -> None:
    assert acct("client", "add", "Пицца Мама", "--since", "2026-01-01").exit_code == 0
    (home / "templates").mkdir(parents=True, exist_ok=True)
    (home / "templates" / "report.html.j2").write_text(
        "<!DOCTYPE html><title>{{ title }}</title><p>ours: {{ r.client }}</p>\n",
        encoding="utf-8",
    )
    page = _html(acct, "пицца", "--month", "2026-10", "--date", "2026-11-20")
    assert "<p>ours: Пицца Мама</p>" in page


def _png_is_not_blank(path: Path) -> bool:
    """Decode the PNG's pixel rows (zlib, no imaging library) and look for more than a few
    distinct byte values: a blank page has one colour."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, []
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    pixels = zlib.decompress(b"".join(chunks))
    return len(set(pixels[:4_000_000])) > 16


def test_the_html_report_renders_in_headless_chromium(demo: Run, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if IN_CI:
            pytest.fail("CI needs chromium (.ci/run installs it)", pytrace=False)
        pytest.skip("chromium is not installed (apt-get install chromium)")
    page = tmp_path / "report.html"
    assert demo("report", "гранд", "--month", "2026-11", "--date", DAY, "--format", "html",
                "--out", page).exit_code == 0  # fmt: skip
    shot = tmp_path / "report.png"
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={profile}",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1000,1400",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.is_file() and shot.stat().st_size > 10_000
    assert _png_is_not_blank(shot)


# --- recording a report as sent -------------------------------------------------------------


def test_sent_records_the_report_due_and_today_forgets_it(demo: Run, home: Path) -> None:
    due = demo("today", "--date", DAY, "--json").json()["reports"]
    assert [(r["client"], r["month"]) for r in due] == [("Пицца Мама", "2026-10")]
    out = demo("report", "пицца", "--sent", "--date", DAY)
    assert out.exit_code == 0, out.stderr
    assert out.stdout.strip() == "Пицца Мама: the report for 2026-10 went out on 2026-11-18"
    assert demo("today", "--date", DAY, "--json").json()["reports"] == []
    again = demo("report", "пицца", "--sent", "--month", "2026-10", "--on", "2026-11-19")
    assert "already recorded as sent on 2026-11-18" in again.stdout
    report = demo("report", "пицца", "--month", "2026-10", "--date", DAY).stdout
    assert "This report went out on 2026-11-18 (recorded by hand)." in report


def test_report_errors_are_one_line_and_change_nothing(demo: Run, home: Path) -> None:
    before = store_dump(home)
    assert_user_error(demo("report", "нет такого", "--sent"), "нет такого")
    assert_user_error(demo("report", "пицца", "--format", "pdf"), "pdf")
    assert_user_error(demo("report", "пицца", "--month", "2026-13"), "2026-13")
    assert_user_error(demo("report", "пицца", "--month", "2027-01", "--date", DAY), "2027-01")
    assert_user_error(demo("report", "пицца", "--on", "2026-11-01"), "--sent")
    assert_user_error(
        demo("report", "пицца", "--sent", "--month", "2026-12", "--on", "2026-11-18"), "2026-12"
    )
    assert_user_error(demo("report", "пицца", "--sent", "--on", "someday"), "someday")
    assert store_dump(home) == before


def test_sent_is_never_dated_after_today_nor_before_the_client_began(demo: Run, home: Path) -> None:
    before = store_dump(home)
    assert_user_error(
        demo("report", "пицца", "--sent", "--on", "2099-01-01"), "2099-01-01", "after today"
    )
    assert_user_error(
        demo("report", "пицца", "--sent", "--on", "2026-11-19", "--date", DAY), "2026-11-19"
    )
    since = demo("client", "show", "пицца", "--json").json()["since"]
    assert_user_error(demo("report", "пицца", "--sent", "--on", "1990-01-01"), since)
    assert_user_error(
        demo("report", "пицца", "--sent", "--month", "1990-01", "--date", DAY), "1990-01", since
    )
    assert store_dump(home) == before


def _report_mail(subject: str, *, attach: bool = True, to: str = "i.volkova@stroymarket.ru"):
    body = part("text/plain; charset=utf-8", "Отчёт во вложении.".encode())
    parts = [body]
    if attach:
        parts.append(
            part(
                "application/pdf",
                base64.encodebytes(b"%PDF" + b"x" * 300),
                "Content-Transfer-Encoding: base64",
                'Content-Disposition: attachment; filename="report.pdf"',
            )
        )
    return message(
        subject=subject,
        sender="Анна <anna@agency.ru>",
        to=to,
        date="Thu, 03 Dec 2026 12:00:00 +0300",
        message_id=f"<{abs(hash((subject, attach, to)))}@agency.ru>",
        raw_body=multipart("b1", *parts),
        content_type='Content-Type: multipart/mixed; boundary="b1"',
    )


def test_a_report_sent_by_mail_is_recorded_at_import(acct: Run, home: Path, tmp_path: Path) -> None:
    make_agency(acct, home)
    assert acct("client", "edit", "СтройМаркет", "--reports", "monthly:5").exit_code == 0
    root = write_maildir(tmp_path / "Maildir", {})
    write_maildir(
        root / ".Sent",
        {
            "1.M1.host:2,S": _report_mail("Отчёт за ноябрь — СтройМаркет"),
            "2.M2.host:2,S": _report_mail("Медиаплан на декабрь"),  # not a report
            "3.M3.host:2,S": _report_mail("Report for October", attach=False),  # no attachment
        },
    )
    result = acct("mail", "import", root, "--date", "2026-12-03")
    assert result.exit_code == 0, result.stderr
    out = acct("report", "строй", "--month", "2026-11", "--date", "2026-12-03").stdout
    assert "This report went out on 2026-12-03 (recorded from sent mail)." in out
    october = acct("report", "строй", "--month", "2026-10", "--date", "2026-12-03").stdout
    assert "Not sent yet" in october
    # importing again records nothing twice, and a report recorded by hand stays as it was
    assert acct("mail", "import", root, "--date", "2026-12-03").exit_code == 0
    again = acct("report", "строй", "--sent", "--month", "2026-11", "--on", "2026-12-04")
    assert "already recorded as sent on 2026-12-03" in again.stdout


@given(st.text(max_size=200))
def test_markdown_escaping_leaves_no_markup(text: str) -> None:
    escaped = md(text)
    assert "\n" not in escaped and "\r" not in escaped
    unescaped = escaped.replace("\\\\", "")
    for ch in "`*_[]<>|#":
        assert all(unescaped[i - 1] == "\\" for i, c in enumerate(unescaped) if c == ch and i)
        if unescaped[:1] == ch:
            pytest.fail(f"{ch!r} left unescaped at the start")


def test_the_month_counts_follow_ups_incidents_and_upsells_as_they_stood(acct: Run) -> None:
    assert acct("client", "add", "Пицца Мама", "--since", "2026-01-01").exit_code == 0

    def ok(*args: str) -> None:
        result = acct(*args)
        assert result.exit_code == 0, (args, result.stderr)

    ok("follow", "add", "пицца", "медиаплан", "--due", "2026-11-10")  # 1: kept
    ok("follow", "add", "пицца", "доступы", "--due", "2026-11-05")  # 2: done late
    ok("follow", "add", "пицца", "КП по SEO", "--due", "2026-12-10")  # 3: due after November
    ok("follow", "add", "пицца", "акт сверки", "--due", "2026-11-20")  # 4: done in December
    ok("follow", "done", "1", "--on", "2026-11-09")
    ok("follow", "done", "2", "--on", "2026-11-12")
    ok("follow", "done", "4", "--on", "2026-12-02")
    ok("incident", "open", "пицца", "Сайт лежит", "--at", "2026-11-03T10:00")
    ok("incident", "resolve", "1", "--at", "2026-11-03T14:30", "--note", "перезапустили *nginx*")
    ok("incident", "open", "пицца", "Меню не грузится", "--at", "2026-11-29T09:00")
    ok("upsell", "add", "пицца", "seo", "--value", "40000", "--on", "2026-11-11")
    ok("upsell", "won", "1", "--on", "2026-11-20")
    ok("upsell", "add", "пицца", "content", "--on", "2026-11-25")
    out = acct("report", "пицца", "--month", "2026-11", "--date", "2026-12-03").stdout
    # акт сверки was still open on 30 November; КП по SEO, written down after it and due in
    # December, is not November's
    assert "1 kept · 1 done late · 1 open" in out
    assert "- [x] медиаплан (2026-11-09)" in out and "- [ ] акт сверки" in out
    assert (
        "I1 Сайт лежит — opened 2026-11-03 10:00, resolved 2026-11-03 14:30 (took 4 h):"
        " перезапустили \\*nginx\\*" in out
    )
    assert "I2 Меню не грузится — opened 2026-11-29 09:00, still open (39 h so far)" in out
    assert "- seo · 40\u00a0000\u00a0₽: proposed 2026-11-11" in out
    assert "- seo · 40\u00a0000\u00a0₽: won 2026-11-20" in out
    assert "upsell content: waiting for an answer" in out
    # a month's report does not see what happened after it
    october = acct("report", "пицца", "--month", "2026-10", "--date", "2026-12-03").stdout
    assert "No incidents." in october and "0 kept · 0 done late · 0 open" in october
