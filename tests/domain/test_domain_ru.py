"""The domain's rules and the mail readers in Russian: validation errors (dates, amounts,
cadences, channels, names), template errors naming file and line, onboarding marks, the
reasons of the call list, the failure reasons of `acct mail import`, IMAP errors.

Through the real entry point with ACCT_LANG=ru where a user meets them (first line
`Ошибка:`, exit 1, the store unchanged; English and `--json` as they always were), and
through the domain functions with the language switched where only counts differ.
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from tests.conftest import Result, Run, assert_user_error, store_dump

from acctcli import i18n
from acctcli.domain.cadence import WorkCalendar, parse_cadence
from acctcli.domain.calls import CallRules, LastTouch, parse_max_gap, plan_call
from acctcli.domain.clients import Client, check_transition, clean_name
from acctcli.domain.dates import parse_date
from acctcli.domain.incidents import duration_text
from acctcli.domain.money import parse_amount
from acctcli.domain.onboarding import Step, apply_marks, working_day_offset
from acctcli.errors import AcctError

DAY = "2026-11-26"


def assert_ru_error(result: Result, *fragments: str, hint: str | None = None) -> None:
    """One `Ошибка:` line (and a `Подсказка:` line when `hint`), exit 1, no English."""
    assert result.exit_code == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert lines and lines[0].startswith("Ошибка: "), result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    if hint is None:
        assert len(lines) == 1, result.stderr
    else:
        assert len(lines) == 2 and lines[1].startswith("Подсказка: "), result.stderr
        assert hint in lines[1], (hint, lines[1])


@pytest.fixture
def russian() -> Iterator[None]:
    """The domain functions speak Russian for one test, English again after it."""
    i18n.use("ru")
    try:
        yield
    finally:
        i18n.use("en")


@pytest.fixture
def agency(acct: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    """One client set up in English; the commands of the test then run in Russian."""
    result = acct("client", "add", "Пицца Мама", "-s", "smm", "--since", "2026-01-01")
    assert result.exit_code == 0, result.stderr
    monkeypatch.setenv("ACCT_LANG", "ru")
    return acct


# --- validation errors through the entry point -----------------------------------------------


def test_a_bad_time_names_the_option_and_keeps_the_example(
    agency: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = store_dump(home)
    result = agency("call", "log", "Пицца", "--at", "nonsense")
    assert_ru_error(result, "неверное значение 'nonsense' (--at)", "ГГГГ-ММ-ДД", "2026-11-26T09:30")
    assert store_dump(home) == before
    monkeypatch.setenv("ACCT_LANG", "en")
    assert_user_error(
        agency("call", "log", "Пицца", "--at", "nonsense"),
        "bad --at 'nonsense': expected YYYY-MM-DD[THH:MM], e.g. 2026-11-26T09:30",
    )


def test_a_bad_date_in_both_languages(agency: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    assert_ru_error(
        agency("calls", "--date", "nonsense"),
        "неверная дата 'nonsense': нужен формат ГГГГ-ММ-ДД, например 2026-11-26",
    )
    assert_ru_error(agency("calls", "--date", "3000-01-01"), "год должен быть от 1900 до 2200")
    assert_ru_error(agency("kpi", "--month", "2026-13"), "неверный месяц '2026-13'", "2026-11")
    monkeypatch.setenv("ACCT_LANG", "en")
    result = agency("calls", "--date", "nonsense")
    assert result.stderr == "Error: bad date 'nonsense': expected YYYY-MM-DD, e.g. 2026-11-26\n"


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("weekly:xyz", "неизвестный день недели xyz; используйте mon..sun"),
        ("monthly:40", "день месяца должен быть от 1 до 31 или 'last'"),
        ("every:400d", "интервал должен быть от 1 до 366"),
        ("RRULE:FREQ=HOURLY", "не чаще раза в день"),
        ("fortnightly", "неизвестный формат"),
    ],
)
def test_a_bad_cadence_says_why_in_russian_and_keeps_the_specs(
    agency: Run, home: Path, spec: str, fragment: str
) -> None:
    before = store_dump(home)
    result = agency("client", "add", "Суши Дом", "--cadence", spec)
    assert_ru_error(result, f"неверный ритм '{spec}': ", fragment, hint="допустимые варианты: ")
    assert "weekly:mon,thu" in result.stderr and "RRULE:FREQ=WEEKLY;BYDAY=MO" in result.stderr
    assert store_dump(home) == before


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("invoice", "add", "Пицца", "12.345"), ("неверная сумма '12.345'", "копейки")),
        (("invoice", "add", "Пицца", "abc"), ("неверная сумма 'abc'", "125 000,50")),
        (("invoice", "add", "Пицца", "0"), ("должна быть больше нуля",)),
        (("invoice", "add", "Пицца", "1" * 20), ("слишком большая",)),
        (("client", "add", "Суши", "--channel", "fax"), ("неверный канал 'fax'", "phone, ")),
        (("client", "add", "Суши", "--max-gap", "5x"), ("'5x' (--max-gap)", "10d, 6w, 2m")),
        (("client", "add", "Суши", "--hours", "18:00-09:00"), ("конец должен быть позже",)),
        (("client", "add", "Суши", "-s", "SEO Pro"), ("неверная услуга 'SEO Pro'", "seo, smm")),
        (("client", "add", "Суши", "-d", "not a domain"), ("неверный домен 'not a domain'",)),
        (("client", "add", "   "), ("имя клиента не может быть пустым",)),
        (("client", "resume", "Пицца"), ("у клиента Пицца Мама уже статус «активен»",)),
        (("incident", "open", "Пицца", "упал", "--severity", "huge"), ("неверная важность",)),
        (("incident", "resolve", "abc"), ("неверный номер инцидента 'abc'",)),
    ],
)
def test_validation_errors_in_russian(
    agency: Run, home: Path, args: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    before = store_dump(home)
    result = agency(*args)
    assert result.exit_code == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("Ошибка: ") and "Error" not in result.stderr, result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    assert store_dump(home) == before


def test_a_future_incident_time_and_its_hint(agency: Run) -> None:
    result = agency("incident", "open", "Пицца", "упал", "--at", "2099-01-01T10:00")
    assert_ru_error(
        result, "--at 2099-01-01 10:00", "ещё не наступило", hint="укажите время раньше"
    )


# --- onboarding: templates and marks -------------------------------------------------------

STEP = '[[step]]\nkey = "{key}"\ntitle = "Шаг"\nrole = "account"\nday = {day}\n'


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('colour = "red"\n' + STEP.format(key="a", day=1), 1, "неизвестный ключ 'colour'"),
        (STEP.format(key="a", day=1) + 'owner = "anna"\n', 6, "шаг 'a': неизвестный ключ 'owner'"),
        (
            STEP.format(key="a", day=1) + "\n" + STEP.format(key="a", day=2),
            8,
            "ключ шага 'a' повторяется (впервые — в строке 1)",
        ),
        (
            STEP.format(key="a", day=1)
            + 'after = ["b"]\n\n'
            + STEP.format(key="b", day=2)
            + 'after = ["a"]\n',
            6,
            "шаги ждут друг друга по кругу: a → b → a",
        ),
        (STEP.format(key="a", day=-3), 5, "отрицательное значение 'day' (-3)"),
        (STEP.format(key="a", day=99999), 5, "значение 'day' (99999) больше 3650 дней"),
        ('[[step]]\ntitle = "Шаг"\nrole = "seo"\nday = 1\n', 1, "шаг 1: не хватает ключа 'key'"),
    ],
)
def test_template_errors_name_the_file_and_line_in_russian(
    agency: Run, home: Path, tmp_path: Path, text: str, line: int, fragment: str
) -> None:
    template = tmp_path / "плохой.toml"
    template.write_text(text, encoding="utf-8")
    # a new client (the demo's are active for years: onboarding them is refused first)
    assert agency("client", "add", "Новый клиент", "-s", "seo", "--since", DAY).exit_code == 0
    before = store_dump(home)
    result = agency("onboard", "Новый клиент", "--template", str(template))
    assert_ru_error(
        result,
        f"шаблон {template}, строка {line}: ",
        fragment,
        hint="ничего не создано; исправьте шаблон",
    )
    assert store_dump(home) == before


def test_marking_steps_out_of_order_is_explained_in_russian(agency: Run, home: Path) -> None:
    agency("client", "add", "Улыбка", "-s", "seo", "--since", DAY)
    assert agency("onboard", "Улыбка", "--date", DAY).exit_code == 0
    before = store_dump(home)
    assert_ru_error(
        agency("onboard", "Улыбка", "--done", "kickoff", "--date", DAY),
        "нельзя отметить 'kickoff' выполненным: сначала нужно выполнить 'handover'",
        hint="сначала отметьте их (можно одной командой): --done handover --done kickoff",
    )
    assert_ru_error(
        agency("onboard", "Улыбка", "--done", "kikoff", "--date", DAY),
        "в этом чек-листе нет шага 'kikoff'",
        hint="может быть, 'kickoff'? шаги: handover, kickoff",
    )
    assert_ru_error(
        agency("onboard", "Улыбка", "--done", "handover", "--undo", "handover", "--date", DAY),
        "шаг 'handover' указан и в --done, и в --undo",
    )
    assert store_dump(home) == before


def _step(position: int, key: str, after: tuple[str, ...] = (), done: bool = True) -> Step:
    day = date(2026, 11, 2)
    return Step(position, key, key, "account", day, after, day if done else None)


@pytest.mark.parametrize(
    ("waiting", "message", "hint"),
    [
        (1, "следующий за ним шаг 'b1' уже выполнен", "откройте и его: --undo b1"),
        (2, "следующие за ним шаги 'b1', 'b2' уже выполнены", "откройте и их: --undo b1 --undo b2"),
    ],
)
def test_reopening_a_step_others_wait_for_counts_them(
    russian: None, waiting: int, message: str, hint: str
) -> None:
    steps = [_step(1, "a")] + [_step(n + 2, f"b{n + 1}", ("a",)) for n in range(waiting)]
    with pytest.raises(AcctError) as caught:
        apply_marks(steps, [], ["a"], date(2026, 11, 26), date(2026, 11, 1))
    assert caught.value.message == f"нельзя снова открыть 'a': {message}"
    assert caught.value.hint == hint


@pytest.mark.parametrize(
    ("days", "words"),
    [(1, "1 рабочий день"), (2, "2 рабочих дня"), (5, "5 рабочих дней"), (21, "21 рабочий день")],
)
def test_working_days_that_cannot_be_counted(russian: None, days: int, words: str) -> None:
    with pytest.raises(AcctError) as caught:
        working_day_offset(date(2026, 11, 26), days, lambda _day: False)
    assert caught.value.message.startswith(f"не удаётся отсчитать {words} от 2026-11-26")


# --- call reasons and durations --------------------------------------------------------------

RUSSIAN_DAYS = {2: "дня", 4: "дня", 5: "дней", 11: "дней", 21: "день", 22: "дня", 25: "дней"}


@pytest.mark.parametrize("silence", sorted(RUSSIAN_DAYS))
def test_the_reason_of_a_silent_client_counts_days_in_russian(russian: None, silence: int) -> None:
    day = date(2026, 11, 26)
    client = Client(1, "Пицца Мама", "active", date(2026, 1, 1), "anna")
    last = LastTouch(datetime(2026, 11, 26, 10, 0) - timedelta(days=silence), "phone")
    rules = CallRules(WorkCalendar(), max_gap=parse_max_gap("1d"))
    call = plan_call(client, last, day=day, rules=rules)
    assert call is not None and call.at_risk
    expected = f"{silence} {RUSSIAN_DAYS[silence]} без касаний (макс. перерыв 1d)"
    assert call.reason == f"ритм не задан; {expected}"


def test_reasons_of_a_cadence_and_a_follow_up(russian: None) -> None:
    rules = CallRules(WorkCalendar())
    fresh = Client(1, "Улыбка", "onboarding", date(2026, 11, 2), "anna", cadence="weekly:wed")
    call = plan_call(fresh, None, day=date(2026, 11, 26), rules=rules)
    assert call is not None
    assert call.reason == "ритм weekly:wed, касаний не было с начала работы (2026-11-02)"
    touch = LastTouch(datetime(2026, 11, 20, 9, 0), "phone", next_date=date(2026, 11, 25))
    call = plan_call(fresh, touch, day=date(2026, 11, 26), rules=rules)
    assert call is not None and call.reason == "повторный контакт назначен на 2026-11-25"
    odd = fresh._replace(cadence="sometimes", hours="late")
    call = plan_call(odd, touch, day=date(2026, 11, 26), rules=rules)
    assert call is not None
    assert "неверный ритм 'sometimes' не учтён" in call.reason
    assert "неверные часы работы 'late' не учтены" in call.reason


def test_the_reason_stays_english_in_json(agency: Run) -> None:
    agency("client", "edit", "Пицца", "--cadence", "weekly:mon")
    document = agency("calls", "--json", "--date", DAY).json()
    reasons = [c["reason"] for c in document["calls"]]
    # never contacted: due now, not "329 days" over a gap counted from the start
    assert reasons == ["cadence weekly:mon, not contacted since the start (2026-01-01)"]


@pytest.mark.parametrize(
    ("span", "ru", "en"),
    [
        (timedelta(minutes=4), "4 мин", "4 min"),
        (timedelta(hours=3, minutes=20), "3 ч 20 мин", "3 h 20 min"),
        (timedelta(days=2, hours=5), "2 дн. 5 ч", "2 d 5 h"),
        (timedelta(days=3), "3 дн.", "3 d"),
    ],
)
def test_durations_in_both_languages(span: timedelta, ru: str, en: str) -> None:
    assert duration_text(span) == en
    i18n.use("ru")
    try:
        assert duration_text(span) == ru
    finally:
        i18n.use("en")
    assert duration_text(span) == en


def test_domain_errors_switch_with_the_language() -> None:
    """The same function, called again after a switch, speaks the new language (nothing
    was translated when the modules were imported)."""
    client = Client(1, "Пицца Мама", "paused", date(2026, 1, 1), "anna")
    for language, texts in (
        ("ru", ("неверная сумма", "неверный ритм", "дата", "название инцидента", "уже статус")),
        ("en", ("bad amount", "bad cadence", "bad date", "incident title", "is already paused")),
        ("ru", ("неверная сумма", "неверный ритм", "дата", "название инцидента", "уже статус")),
    ):
        i18n.use(language)
        try:
            messages = []
            for call in (
                lambda: parse_amount("x"),
                lambda: parse_cadence("sometimes"),
                lambda: parse_date("x"),
                lambda: clean_name("", "incident title"),
                lambda: check_transition(client, "paused", date(2026, 11, 26)),
            ):
                with pytest.raises(AcctError) as caught:
                    call()
                messages.append(caught.value.message)
        finally:
            i18n.use("en")
        for text, message in zip(texts, messages, strict=True):
            assert text in message, (language, text, message)


# --- mail import: why a file failed ----------------------------------------------------------


def _mail_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "почта"
    folder.mkdir()
    (folder / "a.eml").write_text("hello world\nthis is not mail\n", encoding="utf-8")
    (folder / "b.eml").write_bytes(b"")
    (folder / "c.eml").write_text(
        "From: i.volkova@stroymarket.ru\nTo: anna@agency.ru\nSubject: Привет\n"
        "Date: Thu, 26 Nov 2026 08:00:00 +0300\nMessage-ID: <c@stroymarket.ru>\n\nТекст.\n",
        encoding="utf-8",
    )
    return folder


def test_mail_import_gives_each_failed_file_its_reason_in_russian(
    agency: Run, tmp_path: Path
) -> None:
    folder = _mail_folder(tmp_path)
    result = agency("mail", "import", str(folder), "--date", DAY)
    assert result.exit_code == 0, result.stderr
    assert f"{folder / 'a.eml'}: это не почтовый файл" in result.stderr
    assert f"{folder / 'b.eml'}: пустой файл" in result.stderr
    assert "not a mail file" not in result.stderr and "empty file" not in result.stderr


def test_mail_import_json_keeps_the_english_reasons(agency: Run, tmp_path: Path) -> None:
    folder = _mail_folder(tmp_path)
    document = agency("mail", "import", str(folder), "--date", DAY, "--json").json()
    reasons = {Path(f["file"]).name: f["reason"] for f in document["failed"]}
    assert reasons == {
        "a.eml": "not a mail file (neither an mbox nor an .eml message)",
        "b.eml": "empty file",
    }


def test_what_is_not_mail_is_one_russian_error(agency: Run, home: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("just some text\n", encoding="utf-8")
    empty = tmp_path / "пусто"
    empty.mkdir()
    before = store_dump(home)
    assert_ru_error(
        agency("mail", "import", str(text)),
        f"{text}: это не почтовый файл (ни mbox, ни письмо .eml)",
    )
    assert_ru_error(agency("mail", "import", str(empty)), f"{empty}: здесь нет почты")
    assert_ru_error(agency("mail", "import", str(tmp_path / "нет")), "нет такого файла или папки")
    assert store_dump(home) == before


# --- IMAP connection errors ------------------------------------------------------------------


class _RefusingImap(socketserver.StreamRequestHandler):
    """Just enough IMAP to greet, list capabilities and refuse every login."""

    def handle(self) -> None:
        self.wfile.write(b"* OK fake IMAP ready\r\n")
        for raw in self.rfile:
            tag, _sp, rest = raw.decode("ascii", "replace").strip().partition(" ")
            command = rest.split(" ", 1)[0].upper()
            if command == "CAPABILITY":
                self.wfile.write(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")
                self.wfile.write(f"{tag} OK done\r\n".encode())
            elif command == "LOGIN":
                self.wfile.write(
                    f"{tag} NO [AUTHENTICATIONFAILED] Authentication failed\r\n".encode()
                )
            else:
                self.wfile.write(f"* BYE\r\n{tag} OK bye\r\n".encode())
                return


@pytest.fixture
def refusing_server() -> Iterator[int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _RefusingImap)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def _imap_account(home: Path, **values: object) -> None:
    settings = {"host": "127.0.0.1", "security": "plain", "user": "anna@agency.ru", **values}
    lines = ["[mail.accounts.work]", 'password_env = "ACCT_TEST_IMAP_PASSWORD"']
    lines += [f"{key} = {value!r}".replace("'", '"') for key, value in settings.items()]
    lines.append('folders = ["INBOX"]')
    home.mkdir(parents=True, exist_ok=True)  # a PostgreSQL store makes no acct.db there
    (home / "config.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_imap_errors_in_russian(
    agency: Run, home: Path, refusing_server: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACCT_TEST_IMAP_PASSWORD", "sekret-123")
    before = store_dump(home)
    _imap_account(home, port=refusing_server)
    result = agency("mail", "sync")
    assert_ru_error(
        result,
        f"сервер 127.0.0.1:{refusing_server} не принял вход пользователя anna@agency.ru",
        "Authentication failed",
    )
    assert "sekret-123" not in result.stderr
    port = _closed_port()
    _imap_account(home, port=port)
    assert_ru_error(agency("mail", "sync"), f"нет связи с 127.0.0.1:{port}")
    _imap_account(home, host="imap.example.com", port=143)
    assert_ru_error(
        agency("mail", "sync"),
        "IMAP без шифрования (plain) разрешён только к этому компьютеру, а не к imap.example.com",
        'security = "tls"',
    )
    assert store_dump(home) == before
    monkeypatch.setenv("ACCT_LANG", "en")
    _imap_account(home, port=refusing_server)
    assert_user_error(
        agency("mail", "sync"),
        f"127.0.0.1:{refusing_server} refused the login for anna@agency.ru",
    )


def test_a_bad_certificate_in_russian(
    agency: Run, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import imaplib
    import ssl

    def untrusted(*_args: object, **_kwargs: object) -> None:
        error = ssl.SSLCertVerificationError(1, "certificate verify failed")
        error.verify_message = "self-signed certificate"
        raise error

    monkeypatch.setattr(imaplib, "IMAP4_SSL", untrusted)
    monkeypatch.setenv("ACCT_TEST_IMAP_PASSWORD", "x")
    _imap_account(home, security="tls", port=993)
    assert_ru_error(
        agency("mail", "sync"),
        "неверный сертификат сервера 127.0.0.1:993: self-signed certificate",
        hint="доверьтесь ему только для этой учётной записи: ca_file",
    )
