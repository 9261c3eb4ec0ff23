"""The search index (issue 18): one `search_doc` row per searchable thing, kept in step by
plain-SQL triggers that queue what changed, and a refresh that re-reads the queued rows.

Every searchable row — a message, a touch, an incident, a client's notes, an onboarding step —
has one `search_doc` row, its id `ref_id * 8 + kind code`.  It holds the columns search filters
by (client, date, mail state), the original text a snippet is cut from, and the stemmed text
(domain/search.py) in four fields: `terms` (everything), `subj` (subject or title), `frm`
(sender) and `rcpt` (recipients).  SQLite indexes these with an FTS5 table whose content is
`search_doc` itself (external content, no second copy), kept equal by triggers on `search_doc`;
PostgreSQL with a GIN index on their weighted tsvector ('simple' configuration: the words are
stemmed already, by the same Python code on both engines, so both find the same rows).

Triggers on the searched tables only record "(kind, id) changed" in `search_queue`, in the
writing statement itself — including deletions by foreign-key cascades.  They call no
function of acct's, so the sqlite3 shell or any other tool can still write the file.  Acct
drains the queue with `refresh`: the mail import at the end of each batch's transaction (its
bodies come from the parsed mail, not from a table), and `acct search` before it queries, in
its own transaction — so a search never shows what was removed or misses what was added.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from acctcli.domain.search import Query, Term, stems
from acctcli.records import NamedTuple
from acctcli.store.db import Database, in_marks

KINDS = {"mail": 1, "touch": 2, "incident": 3, "note": 4, "step": 5}
KIND_OF = {code: kind for kind, code in KINDS.items()}
_CHUNK = 500
# bm25 / ts_rank weights of the fields: a word in the subject counts most
_FTS_WEIGHTS = "1.0, 4.0, 2.0, 1.0"  # terms, subj, frm, rcpt

# (table, kind, columns whose change re-indexes it, SQL giving the ref id from NEW/OLD)
WATCHED = (
    ("message", "mail", "subject, from_addr, from_name, to_addrs, client_id, state, date", "id"),
    ("attachment", "mail", "filename, message_id", "message_id"),
    ("touch", "touch", "note, contact_id, contact_name, at, client_id", "id"),
    ("incident", "incident", "title, opened_at, client_id", "id"),
    ("client", "note", "notes", "id"),
    ("onboarding_step", "step", "title, role, due", "id"),
)


def doc_id(kind: str, ref_id: int) -> int:
    return ref_id * 8 + KINDS[kind]


# -- schema (the migration calls these) ------------------------------------------------------


def sqlite_schema() -> list[str]:
    statements = [
        "CREATE VIRTUAL TABLE search_fts USING fts5(terms, subj, frm, rcpt,"
        " content='search_doc', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
        "CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN"
        " INSERT INTO search_fts (rowid, terms, subj, frm, rcpt)"
        " VALUES (new.id, new.terms, new.subj, new.frm, new.rcpt); END",
        "CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN"
        " INSERT INTO search_fts (search_fts, rowid, terms, subj, frm, rcpt)"
        " VALUES ('delete', old.id, old.terms, old.subj, old.frm, old.rcpt); END",
        "CREATE TRIGGER search_doc_au AFTER UPDATE ON search_doc BEGIN"
        " INSERT INTO search_fts (search_fts, rowid, terms, subj, frm, rcpt)"
        " VALUES ('delete', old.id, old.terms, old.subj, old.frm, old.rcpt);"
        " INSERT INTO search_fts (rowid, terms, subj, frm, rcpt)"
        " VALUES (new.id, new.terms, new.subj, new.frm, new.rcpt); END",
    ]
    for table, kind, columns, ref in WATCHED:
        for event, row in (("INSERT", "new"), ("DELETE", "old"), (f"UPDATE OF {columns}", "new")):
            name = f"search_q_{table}_{event.split()[0].lower()}"
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN"
                f" INSERT OR IGNORE INTO search_queue (kind, ref_id)"
                f" VALUES ('{kind}', {row}.{ref}); END"
            )
    # a message moved between attachments' owners is rare; the old owner is queued too
    statements.append(
        "CREATE TRIGGER search_q_attachment_move AFTER UPDATE OF message_id ON attachment BEGIN"
        " INSERT OR IGNORE INTO search_queue (kind, ref_id) VALUES ('mail', old.message_id); END"
    )
    return statements


def sqlite_drop() -> list[str]:
    names = ["search_doc_ai", "search_doc_ad", "search_doc_au", "search_q_attachment_move"]
    for table, _kind, _columns, _ref in WATCHED:
        names += [f"search_q_{table}_{e}" for e in ("insert", "delete", "update")]
    return [f"DROP TRIGGER IF EXISTS {n}" for n in names] + ["DROP TABLE IF EXISTS search_fts"]


PG_VECTOR = (
    "setweight(to_tsvector('simple', subj), 'A') || setweight(to_tsvector('simple', frm), 'B')"
    " || setweight(to_tsvector('simple', rcpt), 'C')"
    " || setweight(to_tsvector('simple', terms), 'D')"
)


def postgres_schema() -> list[str]:
    statements = [
        f"CREATE INDEX ix_search_doc_tsv ON search_doc USING gin (({PG_VECTOR}))",
        "CREATE OR REPLACE FUNCTION search_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$"
        " DECLARE r record; BEGIN"
        " IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;"
        " INSERT INTO search_queue (kind, ref_id)"
        " VALUES (TG_ARGV[0], (to_jsonb(r) ->> TG_ARGV[1])::bigint) ON CONFLICT DO NOTHING;"
        " IF TG_OP = 'UPDATE' AND TG_ARGV[1] <> 'id' THEN"
        "  INSERT INTO search_queue (kind, ref_id)"
        "  VALUES (TG_ARGV[0], (to_jsonb(OLD) ->> TG_ARGV[1])::bigint) ON CONFLICT DO NOTHING;"
        " END IF;"
        " RETURN NULL; END $$",
    ]
    for table, kind, columns, ref in WATCHED:
        statements.append(
            f"CREATE TRIGGER search_q_{table} AFTER INSERT OR DELETE OR UPDATE OF {columns}"
            f" ON {table} FOR EACH ROW EXECUTE FUNCTION search_enqueue('{kind}', '{ref}')"
        )
    return statements


def postgres_drop() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS search_q_{t[0]} ON {t[0]}" for t in WATCHED] + [
        "DROP FUNCTION IF EXISTS search_enqueue()",
        "DROP INDEX IF EXISTS ix_search_doc_tsv",
    ]


# -- documents ------------------------------------------------------------------------------


class MailText(NamedTuple):
    """A message's searchable text as the index holds it: the body, and the stems of the
    subject, the sender, everything, and the recipients.  Worked out where the message was
    parsed (an import's worker process) or from its stored row, by the one function below."""

    body: str
    subj: str
    frm: str
    terms: str
    rcpt: str


def mail_text(
    subject: str, from_name: str, from_addr: str, to_addrs: str, body: str, files: str
) -> MailText:
    """`subject`, `from_name`, `to_addrs` and the file names as stored (cut to their
    columns' lengths), so the parsed message and its stored row give the same text."""
    who = f"{from_name} {from_addr}".strip()
    subj, frm = stems(subject), stems(who)
    # the stems of "subject\nsender\nbody\nfiles": no word spans a line break, so the
    # subject's and the sender's are those of their own fields, not stemmed twice
    terms = " ".join(t for t in (subj, frm, stems(body), stems(files)) if t)
    return MailText(body, subj, frm, terms, stems(to_addrs))


def _docs_mail(
    db: Database, ids: Sequence[int], bodies: Mapping[int, str | MailText]
) -> list[dict[str, Any]]:
    rows = _in(
        db,
        "SELECT m.id, m.owner, m.client_id, m.date, m.state, m.subject, m.from_name, m.from_addr,"
        " m.to_addrs, m.snippet, d.body AS old_body FROM message m"
        " LEFT JOIN search_doc d ON d.id = m.id * 8 + 1 WHERE m.id IN ({ids})",
        ids,
    )
    names: dict[int, list[str]] = {}
    if any(not isinstance(bodies.get(int(r["id"])), MailText) for r in rows):
        for r in _in(
            db,
            "SELECT message_id, filename FROM attachment WHERE message_id IN ({ids})"
            " ORDER BY message_id, position",
            ids,
        ):
            names.setdefault(int(r["message_id"]), []).append(str(r["filename"]))
    docs = []
    for r in rows:
        mid = int(r["id"])
        text = bodies.get(mid)
        if not isinstance(text, MailText):
            if text is None:
                text = r["old_body"] or r["snippet"] or ""
            text = mail_text(
                str(r["subject"]),
                str(r["from_name"] or ""),
                str(r["from_addr"] or ""),
                str(r["to_addrs"] or ""),
                str(text),
                " ".join(names.get(mid, ())),
            )
        docs.append(
            {
                "id": doc_id("mail", mid),
                "kind": "mail",
                "ref_id": mid,
                "client_id": r["client_id"],
                "at": r["date"],
                "state": r["state"],
                "who": str(r["from_name"] or r["from_addr"]),
                "title": str(r["subject"]),
                "body": text.body,
                "terms": text.terms,
                "subj": text.subj,
                "frm": text.frm,
                "rcpt": text.rcpt,
                "owner": str(r["owner"]),
            }
        )
    return docs


def _docs_touch(db: Database, ids: Sequence[int], _b: Mapping[int, str]) -> list[dict[str, Any]]:
    rows = _in(
        db,
        "SELECT t.id, t.client_id, t.at, t.note, t.channel,"
        " COALESCE(c.name, t.contact_name, '') AS who FROM touch t"
        " LEFT JOIN contact c ON c.id = t.contact_id"
        " WHERE t.id IN ({ids}) AND t.source <> 'mail' AND t.note IS NOT NULL AND t.note <> ''",
        ids,
    )
    return [
        _doc(
            "touch",
            int(r["id"]),
            r["client_id"],
            r["at"],
            None,
            who=str(r["who"]),
            title=str(r["channel"]),
            body=str(r["note"]),
            terms=f"{r['note']}\n{r['who']}",
        )
        for r in rows
    ]


def _docs_incident(db: Database, ids: Sequence[int], _b: Mapping[int, str]) -> list[dict[str, Any]]:
    rows = _in(db, "SELECT id, client_id, opened_at, title FROM incident WHERE id IN ({ids})", ids)
    return [
        _doc(
            "incident",
            int(r["id"]),
            r["client_id"],
            r["opened_at"],
            None,
            who="",
            title=str(r["title"]),
            body=str(r["title"]),
            terms=str(r["title"]),
            subj=str(r["title"]),
        )
        for r in rows
    ]


def _docs_note(db: Database, ids: Sequence[int], _b: Mapping[int, str]) -> list[dict[str, Any]]:
    rows = _in(
        db,
        "SELECT id, created_at, notes FROM client WHERE id IN ({ids})"
        " AND notes IS NOT NULL AND notes <> ''",
        ids,
    )
    return [
        _doc(
            "note",
            int(r["id"]),
            r["id"],
            r["created_at"],
            None,
            who="",
            title="",
            body=str(r["notes"]),
            terms=str(r["notes"]),
        )
        for r in rows
    ]


def _docs_step(db: Database, ids: Sequence[int], _b: Mapping[int, str]) -> list[dict[str, Any]]:
    rows = _in(
        db,
        "SELECT s.id, o.client_id, s.due, s.title, s.role FROM onboarding_step s"
        " JOIN onboarding o ON o.id = s.onboarding_id WHERE s.id IN ({ids})",
        ids,
    )
    return [
        _doc(
            "step",
            int(r["id"]),
            r["client_id"],
            r["due"],
            None,
            who=str(r["role"]),
            title=str(r["title"]),
            body=str(r["title"]),
            terms=str(r["title"]),
            subj=str(r["title"]),
        )
        for r in rows
    ]


_BUILDERS: dict[str, Callable[[Database, Sequence[int], Mapping[int, Any]], list[dict[str, Any]]]]
_BUILDERS = {
    "mail": _docs_mail,
    "touch": _docs_touch,
    "incident": _docs_incident,
    "note": _docs_note,
    "step": _docs_step,
}


def _doc(
    kind: str,
    ref_id: int,
    client_id: Any,
    at: Any,
    state: Any,
    *,
    who: str,
    title: str,
    body: str,
    terms: str,
    subj: str = "",
    frm: str = "",
    rcpt: str = "",
    owner: str | None = None,
) -> dict[str, Any]:
    return {
        "id": doc_id(kind, ref_id),
        "kind": kind,
        "ref_id": ref_id,
        "client_id": client_id,
        "at": at,
        "state": state,
        "who": who,
        "title": title,
        "body": body,
        "terms": stems(terms),
        "subj": stems(subj),
        "frm": stems(frm),
        "rcpt": stems(rcpt),
        "owner": owner,
    }


def _in(db: Database, sql: str, ids: Sequence[int]) -> list[Any]:
    out: list[Any] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks, params = in_marks("i", chunk)
        out += db.all(sql.replace("{ids}", marks), params)
    return out


_COLUMNS = "id kind ref_id client_id at state owner who title body terms subj frm rcpt".split()
_UPSERT = (
    f"INSERT INTO search_doc ({', '.join(_COLUMNS)})"
    f" VALUES ({', '.join(':' + c for c in _COLUMNS)})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS if c != "id")
)


def reindex(
    db: Database, kind: str, ids: Sequence[int], bodies: Mapping[int, str | MailText] | None = None
) -> None:
    """Make the documents of these rows equal to the rows (gone rows: no document)."""
    if not ids:
        return
    docs = _BUILDERS[kind](db, ids, bodies or {})
    kept = {d["id"] for d in docs}
    gone = [doc_id(kind, i) for i in ids if doc_id(kind, i) not in kept]
    for start in range(0, len(gone), _CHUNK):
        chunk = gone[start : start + _CHUNK]
        params = {f"g{n}": v for n, v in enumerate(chunk)}
        db.execute(
            "DELETE FROM search_doc WHERE id IN (" + ", ".join(f":{k}" for k in params) + ")",
            params,
        )
    db.executemany(_UPSERT, docs)


def pending(db: Database) -> bool:
    return db.scalar("SELECT 1 FROM search_queue LIMIT 1") is not None


def refresh(db: Database, bodies: Mapping[int, str | MailText] | None = None) -> int:
    """Re-index what the queue holds (inside the caller's transaction, or one of its own);
    `bodies`: the text of messages just imported, by id.  Gives how many were done."""
    done = 0
    with db.transaction():
        queued = db.all("DELETE FROM search_queue RETURNING kind, ref_id")
        by_kind: dict[str, list[int]] = {}
        for r in queued:
            by_kind.setdefault(str(r["kind"]), []).append(int(r["ref_id"]))
        for kind, ids in by_kind.items():
            reindex(db, kind, sorted(set(ids)), bodies)
            done += len(ids)
    return done


def build_all(db: Database, advance: Callable[[int], None] | None = None) -> None:
    """Index every searchable row (the migration, `make bench`'s generated stores)."""
    tables = (
        ("mail", "message"),
        ("touch", "touch"),
        ("incident", "incident"),
        ("note", "client"),
        ("step", "onboarding_step"),
    )
    for kind, table in tables:
        last = 0
        while True:
            ids = [
                int(r[0])
                for r in db.all(
                    f"SELECT id FROM {table} WHERE id > :last ORDER BY id LIMIT 2000",
                    {"last": last},
                )
            ]
            if not ids:
                break
            reindex(db, kind, ids)
            last = ids[-1]
            if advance:
                advance(len(ids))
    db.execute("DELETE FROM search_queue")


def count_all(db: Database) -> int:
    return sum(
        int(db.scalar(f"SELECT count(*) FROM {t}"))
        for t in ("message", "touch", "incident", "client", "onboarding_step")
    )


# -- querying -------------------------------------------------------------------------------


class Filters(NamedTuple):
    kinds: tuple[str, ...] = ()
    client_ids: tuple[int, ...] | None = None  # None: any client
    since: Any = None  # a date: on or after
    until: Any = None  # a date: before
    state: str | None = None
    owner: str | None = None  # mail of this mailbox only (others' documents all)


def _fts_term(term: Term) -> str:
    text = '"' + " ".join(term.stems) + '"' + ("*" if term.prefix else "")
    return f"{term.field} : {text}" if term.field else text


def fts_query(query: Query) -> str:
    """The query in FTS5's syntax (every stem quoted: nothing typed is an operator)."""
    groups = ["(" + " OR ".join(_fts_term(t) for t in g) + ")" for g in query.groups]
    text = "(" + " AND ".join(groups) + ")"
    for term in query.excluded:
        text = f"({text} NOT {_fts_term(term)})"
    return text


_WEIGHT = {"subj": "A", "frm": "B", "rcpt": "C"}


def _ts_term(term: Term) -> str:
    lexemes = []
    for n, s in enumerate(term.stems):
        lexeme = "'" + s.replace("'", "''") + "'"
        marks = ("*" if term.prefix and n == len(term.stems) - 1 else "") + _WEIGHT.get(
            term.field or "", ""
        )
        lexemes.append(lexeme + (":" + marks if marks else ""))
    return "(" + " <-> ".join(lexemes) + ")"


def ts_query(query: Query) -> str:
    """The query as a tsquery's text (to_tsquery('simple', …))."""
    groups = ["(" + " | ".join(_ts_term(t) for t in g) + ")" for g in query.groups]
    text = " & ".join(groups)
    for term in query.excluded:
        text += " & !" + _ts_term(term)
    return text


def _where(filters: Filters) -> tuple[list[str], dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    if filters.kinds:
        marks, kinds = in_marks("k", filters.kinds)
        where.append(f"d.kind IN ({marks})")
        params.update(kinds)
    if filters.client_ids is not None:
        if not filters.client_ids:
            where.append("1 = 0")
        else:
            marks, clients = in_marks("c", filters.client_ids)
            where.append(f"d.client_id IN ({marks})")
            params.update(clients)
    if filters.since is not None:
        where.append("d.at >= :since")
        params["since"] = filters.since
    if filters.until is not None:
        where.append("d.at < :until")
        params["until"] = filters.until
    if filters.state is not None:
        where.append("d.state = :state")
        params["state"] = filters.state
    if filters.owner is not None:
        where.append("(d.owner IS NULL OR d.owner = :owner)")
        params["owner"] = filters.owner
    return where, params


# A word found in more places than this is ranked among its most recent CANDIDATES places
# (documents by id, newest rows last): `acct search счёт` in a mailbox of 200,000 messages
# answers at once instead of ranking 50,000 of them; both engines apply the same rule.
CANDIDATES = 1000


def search(
    db: Database, query: Query, filters: Filters, limit: int | None
) -> tuple[int, list[Any]]:
    """How many documents match, and the best `limit` of them (best first, then newest)."""
    where, params = _where(filters)
    if db.is_sqlite:
        params["q"] = fts_query(query)
        matched = "search_fts MATCH :q"
        score = f"-bm25(search_fts, {_FTS_WEIGHTS})"
        source = "search_fts f JOIN search_doc d ON d.id = f.rowid" if where else "search_fts f"
        order = "f.rowid"
    else:
        params["q"] = ts_query(query)
        matched = f"({PG_VECTOR}) @@ to_tsquery('simple', :q)"
        score = f"ts_rank({PG_VECTOR}, to_tsquery('simple', :q))"
        source = "search_doc d"
        order = "d.id"
    condition = " AND ".join([matched, *where])
    total = int(db.scalar(f"SELECT count(*) FROM {source} WHERE {condition}", params))
    params["candidates"] = CANDIDATES
    params["limit"] = limit if limit is not None else -1 if db.is_sqlite else None
    best = db.all(
        f"WITH hit AS (SELECT {order} AS id, {score} AS score FROM {source} WHERE {condition}"
        f" ORDER BY {order} DESC LIMIT :candidates)"
        " SELECT d.id, round(CAST(hit.score AS numeric), 6) AS score FROM hit"
        " JOIN search_doc d ON d.id = hit.id"
        " ORDER BY round(CAST(hit.score AS numeric), 6) DESC, d.at DESC, d.id DESC LIMIT :limit",
        params,
    )
    # the texts of the hits shown only: sorting the candidates with their bodies costs more
    texts = {
        int(r["id"]): r
        for r in _in(
            db,
            "SELECT id, kind, ref_id, client_id, at, who, title, body FROM search_doc"
            " WHERE id IN ({ids})",
            [int(r["id"]) for r in best],
        )
    }
    return total, [Hit(texts[int(r["id"])], float(r["score"])) for r in best]


class Hit:
    """A document found: its columns by name, and its score."""

    __slots__ = ("row", "score")

    def __init__(self, row: Any, score: float) -> None:
        self.row = row
        self.score = score

    def __getitem__(self, key: str) -> Any:
        return self.score if key == "score" else self.row[key]


def others_mail(db: Database, owner: str) -> bool:
    """Whether the store holds mail of another mailbox than `owner`'s (a shared store)."""
    # each an index seek (ix_message_owner_state); one min() and max() together would scan
    low = db.scalar("SELECT min(owner) FROM message")
    high = db.scalar("SELECT max(owner) FROM message")
    return low is not None and (low != owner or high != owner)


def client_names(db: Database, ids: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = _in(db, "SELECT id, name FROM client WHERE id IN ({ids})", wanted)
    return {int(r["id"]): str(r["name"]) for r in rows}
