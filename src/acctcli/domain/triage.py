"""Sorting mail: categories and priority from built-in Russian/English rules and the user's own,
working hours, and the state a message shows in on a given day.  Pure: no I/O, no clock."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from functools import cache

from acctcli.errors import Invalid
from acctcli.i18n import _
from acctcli.records import NamedTuple

CATEGORIES = ("incident", "billing", "report", "idea", "other")
STATES = ("new", "needs-reply", "waiting", "snoozed", "done")
OPEN_STATES = ("new", "needs-reply", "waiting", "snoozed")
BASE_PRIORITY = {"incident": 2, "billing": 1, "report": 1, "idea": 0, "other": 0}
MAX_PRIORITY = 3

# Built-in rules, matched on casefolded text with ё read as е.  Word stems are listed with
# their endings so that "акт" does not fire on "контакт" nor "счет" on "счетчик".
_INCIDENT = (
    r"не\s+работа(?:ет|ют|л|ла|ло|ли)\b|\bупал[аио]?\b|\bлежит\b|\bлежат\b|\bнедоступ\w*"
    r"|\bсломал\w*|\bавари\w*|\bинцидент\w*|\bошибк[аиу]\s+5\d\d\b"
    r"|\bdown\b|\boutage\w*|\bnot\s+working\b|\bbroken\b|\bincident\w*|\bcrash\w*"
    r"|\berror\s+5\d\d\b|\bis\s+offline\b"
)
_URGENT = r"\bсрочн\w*|\bнемедленно\b|\bкритичн\w*|\burgent\w*|\basap\b|\bcritical\b|\bemergency\b"
_BILLING = (
    r"\bсчет(?:|а|у|ом|е|ов|ам|ами|ах)\b|\bсчет-фактур\w*|\bоплат\w*|\bпредоплат\w*"
    r"|\bакт(?:|а|у|ом|е|ы|ов|ами|ах)\b|\bсверк\w*|\bзадолженност\w*|\bпросроч\w*"
    r"|\binvoic\w*|\bpayment\w*|\bbilling\b|\boverdue\b|\breceipt\w*|\bremittance\b"
)
_REPORT = r"\bотчет\w*|\bстатистик\w*|\breport\w*|\bkpi\b|\banalytics\b"
_IDEA = (
    r"\bиде(?:я|и|ю|ей|е|ями|ях)\b|\bпредложени\w*|\bпредлагаю\b|\bпредлагаем\b"
    r"|\bidea\w*|\bproposal\w*|\bpropose\w*|\bsuggest\w*"
)
_SOURCES = (("incident", _INCIDENT), ("billing", _BILLING), ("report", _REPORT), ("idea", _IDEA))
_RULE_MATCH = ("from", "to", "subject", "body")
_RULE_SET = ("client", "category", "priority", "state")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# What a Russian user types for a snooze day: the short and the full name (the accusative
# too: "на пятницу"); ё is read as е.
_RU_WEEKDAYS = {
    **{name: n for n, name in enumerate(("пн", "вт", "ср", "чт", "пт", "сб", "вс"))},
    **{
        name: n
        for n, names in enumerate(
            (
                ("понедельник",),
                ("вторник",),
                ("среда", "среду"),
                ("четверг",),
                ("пятница", "пятницу"),
                ("суббота", "субботу"),
                ("воскресенье",),
            )
        )
        for name in names
    },
}

# The keyboard: a key on the Russian ЙЦУКЕН layout does what the Latin letter in the same
# place does on QWERTY (в is d, к is r, й is q…), so single-key commands work in either layout.
_QWERTY = "qwertyuiopasdfghjklzxcvbnm"
_JCUKEN = "йцукенгшщзфывапролдячсмить"
_TO_LATIN = dict(zip(_JCUKEN + _JCUKEN.upper(), _QWERTY + _QWERTY.upper(), strict=True))


def latin_key(key: str) -> str:
    """The QWERTY letter in the same place as `key` on the ЙЦУКЕН layout ("в" → "d",
    "В" → "D"); any other key as it is."""
    return _TO_LATIN.get(key, key)


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


@cache
def _patterns() -> tuple[tuple[tuple[str, re.Pattern[str]], ...], re.Pattern[str]]:
    """Compiled on first use: commands that classify nothing do not pay for it."""
    return tuple((c, re.compile(p)) for c, p in _SOURCES), re.compile(_URGENT)


def classify(subject: str, text: str) -> tuple[str, bool]:
    """(category, urgent wording) by the built-in rules: the subject decides first, then the
    body; "срочно"/"urgent" alone in a subject makes an incident."""
    order, urgent_re = _patterns()
    folded_subject = _fold(subject)
    urgent = bool(urgent_re.search(folded_subject))
    for category, pattern in order:
        if pattern.search(folded_subject):
            return category, urgent
    if urgent:
        return "incident", True
    folded_body = _fold(text[:4096])
    for category, pattern in order:
        if pattern.search(folded_body):
            return category, urgent or bool(urgent_re.search(folded_body))
    return "other", bool(urgent_re.search(folded_body))


def priority_for(
    category: str,
    *,
    urgent_words: bool,
    urgent_contact: bool,
    bulk: bool,
    known_sender: bool = True,
) -> int:
    """0 (whenever) … 3 (now): incidents first, the client's urgent contact ranks higher;
    bulk mail never ranks, and a stranger's "URGENT!" ranks at most 1."""
    if bulk:
        return 0
    value = BASE_PRIORITY.get(category, 0) + int(urgent_words) + int(urgent_contact)
    return min(MAX_PRIORITY if known_sender else 1, value)


class Rule(NamedTuple):
    """A user rule from config.toml: every given pattern must match; sets what it names."""

    number: int
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    client: str | None = None
    category: str | None = None
    priority: int | None = None
    state: str | None = None


def parse_rules(raw: object, where: str = "config.toml") -> list[Rule]:
    """`[[mail.rule]]` tables → rules; any mistake is an error naming the rule."""
    if raw is None:
        return []
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        raise Invalid(
            _("{where}: mail.rule must be a list of [[mail.rule]] tables").format(where=where)
        )
    rules = []
    for number, table in enumerate(raw, start=1):
        rules.append(_parse_rule(number, table, where))
    return rules


def _parse_rule(number: int, table: object, where: str) -> Rule:
    label = f"{where}: [[mail.rule]] #{number}"
    if not isinstance(table, Mapping):
        raise Invalid(_("{rule} must be a table").format(rule=label))
    unknown = set(table) - set(_RULE_MATCH) - set(_RULE_SET) - {"regex"}
    if unknown:
        raise Invalid(
            _("{rule}: unknown key {key!r}").format(rule=label, key=sorted(unknown)[0]),
            # TRANSLATORS: the names after "match on" and "set" are config keys: keep them
            _("match on {match}; set {set}; regex = true|false").format(
                match=", ".join(_RULE_MATCH), set=", ".join(_RULE_SET)
            ),
        )
    use_regex = table.get("regex", False)
    if not isinstance(use_regex, bool):
        raise Invalid(_("{rule}: regex must be true or false").format(rule=label))
    patterns = []
    for key in _RULE_MATCH:
        if key not in table:
            continue
        value = table[key]
        if not isinstance(value, str) or not value:
            raise Invalid(_("{rule}: {key} must be a non-empty string").format(rule=label, key=key))
        source = value if use_regex else re.escape(value)
        try:
            patterns.append((key, re.compile(source, re.I)))
        except re.error as exc:
            raise Invalid(
                _("{rule}: bad regex in {key}: {error}").format(rule=label, key=key, error=exc)
            ) from None
    if not patterns:
        raise Invalid(
            # TRANSLATORS: from, to, subject and body are config keys: keep them
            _("{rule} matches nothing: give from, to, subject or body").format(rule=label)
        )
    category = table.get("category")
    if category is not None and category not in CATEGORIES:
        raise Invalid(
            _("{rule}: category must be one of {values}").format(
                rule=label, values=", ".join(CATEGORIES)
            )
        )
    state = table.get("state")
    if state is not None and state not in ("new", "needs-reply", "waiting", "done"):
        raise Invalid(
            _("{rule}: state must be one of {values}").format(
                rule=label, values="new, needs-reply, waiting, done"
            )
        )
    priority = table.get("priority")
    if priority is not None and (
        not isinstance(priority, int) or isinstance(priority, bool) or not 0 <= priority <= 9
    ):
        raise Invalid(_("{rule}: priority must be a whole number from 0 to 9").format(rule=label))
    client = table.get("client")
    if client is not None and (not isinstance(client, str) or not client.strip()):
        raise Invalid(_("{rule}: client must be a client's name").format(rule=label))
    return Rule(number, tuple(patterns), client, category, priority, state)


class RuleInput(NamedTuple):
    from_addr: str
    from_name: str
    to_addrs: Sequence[str]
    subject: str
    body: str


def _rule_matches(rule: Rule, msg: RuleInput) -> bool:
    for key, pattern in rule.patterns:
        if key == "from":
            ok = bool(pattern.search(msg.from_addr) or pattern.search(msg.from_name))
        elif key == "to":
            ok = any(pattern.search(addr) for addr in msg.to_addrs)
        elif key == "subject":
            ok = bool(pattern.search(msg.subject))
        else:
            ok = bool(pattern.search(msg.body))
        if not ok:
            return False
    return True


def apply_rules(rules: Sequence[Rule], msg: RuleInput) -> dict[str, object]:
    """What the matching rules set, in file order (a later rule overrides an earlier one)."""
    changes: dict[str, object] = {}
    for rule in rules:
        if _rule_matches(rule, msg):
            for key in _RULE_SET:
                value = getattr(rule, key)
                if value is not None:
                    changes[key] = value
    return changes


class WorkingHours(NamedTuple):
    start: time
    end: time
    days: frozenset[int]  # 0 = Monday

    def outside(self, when: datetime) -> bool:
        """Whether a (local) moment falls outside working hours or on a day off."""
        if when.weekday() not in self.days:
            return True
        moment = when.time()
        if self.start <= self.end:
            return not (self.start <= moment < self.end)
        return self.end <= moment < self.start  # a night shift: 20:00-04:00


def parse_hours(hours: object = "09:00-19:00", days: object = "mon-fri") -> WorkingHours:
    """'09:00-19:00' and 'mon-fri' (or ['mon', 'tue', …]) → WorkingHours."""
    bad = _("bad working hours {hours!r}: expected HH:MM-HH:MM, e.g. 09:00-19:00")
    if not isinstance(hours, str) or hours.count("-") != 1:
        raise Invalid(bad.format(hours=hours))
    start_text, end_text = hours.split("-")
    try:
        start, end = time.fromisoformat(start_text.strip()), time.fromisoformat(end_text.strip())
    except ValueError:
        raise Invalid(bad.format(hours=hours)) from None
    return WorkingHours(start, end, parse_workdays(days))


def parse_workdays(days: object) -> frozenset[int]:
    items = days.split(",") if isinstance(days, str) else days
    if not isinstance(items, Sequence):
        raise Invalid(
            # TRANSLATORS: mon, fri, wed are values of config.toml: keep them
            _("bad workdays {days!r}: expected e.g. 'mon-fri' or ['mon', 'wed']").format(days=days)
        )
    result: set[int] = set()
    for item in items:
        text = str(item).strip().lower()[:7]
        first, sep, last = text.partition("-")
        try:
            a = _WEEKDAYS.index(first[:3])
            b = _WEEKDAYS.index(last[:3]) if sep else a
        except ValueError:
            raise Invalid(
                # TRANSLATORS: the weekdays are values of config.toml: keep them
                _("bad workdays {days!r}: use mon, tue, wed, thu, fri, sat, sun").format(days=days)
            ) from None
        result.update(range(a, b + 1) if a <= b else [*range(a, 7), *range(0, b + 1)])
    return frozenset(result)


def parse_until(text: str, today: date) -> date:
    """A snooze date: 2026-12-01, +3d (+3д), 2w (2н), tomorrow (завтра), or a weekday
    (mon…sun, пн…вс, понедельник…воскресенье: the next one)."""
    from acctcli.domain.dates import parse_date

    try:
        day = parse_date(text, today=today)
    except Invalid:
        # TRANSLATORS: +3d, 2w, tomorrow, mon…sun are what the user may type; the
        # Russian weekdays (пн…вс) and "завтра" are accepted too
        bad = _("bad snooze date {text!r}: expected YYYY-MM-DD, +3d, 2w, tomorrow or mon…sun")
        raise Invalid(bad.format(text=text)) from None
    if day <= today:
        raise Invalid(
            _("snooze until {day}: pick a day after {today}").format(
                day=day.isoformat(), today=today.isoformat()
            )
        )
    return day


def shown_state(
    state: str,
    *,
    outgoing: bool,
    sent_on: date | None,
    snooze_until: date | None,
    day: date,
    wait_days: int,
) -> tuple[str, bool]:
    """(state as of `day`, whether the default list shows it).

    A snoozed message is back (as new) from its date on; sent mail still inside its reply
    window is waiting but quiet.  Replies are applied when mail is imported (see services).
    """
    if state == "done":
        return "done", False
    if state == "snoozed":
        if snooze_until is None or snooze_until <= day:
            return "new", True
        return "snoozed", False
    if state == "waiting" and outgoing and sent_on is not None:
        return "waiting", sent_on + timedelta(days=wait_days) <= day
    return state, True
