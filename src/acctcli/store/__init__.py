"""The store: schema (SQLModel tables, Alembic migrations) and the run-time DB-API adapter."""
