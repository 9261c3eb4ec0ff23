"""The search index's documents and the queue of rows to re-index (issue 18, store/search.py).

On SQLite an FTS5 table (`search_fts`, external content: these rows) indexes the stemmed
fields; on PostgreSQL a GIN index on their tsvector.  Both are made by migration 0013 only:
neither is a table SQLModel can describe.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, DateTime, Index, PrimaryKeyConstraint
from sqlmodel import Field, SQLModel


class SearchDoc(SQLModel, table=True):
    __tablename__ = "search_doc"
    __table_args__ = (Index("ix_search_doc_kind_ref", "kind", "ref_id"),)

    # ref_id * 8 + the kind's code (store/search.py KINDS)
    id: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    kind: str  # mail | touch | incident | note | step
    ref_id: int = Field(sa_type=BigInteger)
    client_id: int | None = None  # no foreign key: the queue removes the document with its row
    at: datetime | None = Field(default=None, sa_type=DateTime)
    state: str | None = None  # mail only
    owner: str | None = None  # mail only: whose mailbox it is in
    who: str = ""
    title: str = ""
    body: str = ""  # the original text snippets are cut from (mail: the importer's text)
    terms: str = ""  # stemmed: everything searched
    subj: str = ""  # stemmed: subject or title
    frm: str = ""  # stemmed: sender's name and address
    rcpt: str = ""  # stemmed: recipients


class SearchQueue(SQLModel, table=True):
    """Rows whose document is out of date, written by triggers on the searched tables."""

    __tablename__ = "search_queue"
    __table_args__ = (PrimaryKeyConstraint("kind", "ref_id", name="pk_search_queue"),)

    kind: str
    ref_id: int = Field(sa_type=BigInteger)
