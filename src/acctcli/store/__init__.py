"""The store: schema (SQLModel tables, Alembic migrations) and the DB-API adapter used at run time."""
