"""SQL storage: SQLModel tables, the engine, and Alembic migrations."""
