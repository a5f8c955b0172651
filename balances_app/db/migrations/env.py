"""Alembic environment: migrations run against the engine our app uses."""

from alembic import context
from sqlmodel import SQLModel

from balances_app.db import event_tables, models  # noqa: F401  (registers the tables)
from balances_app.db.engine import make_engine

url = context.config.get_main_option("sqlalchemy.url")
engine = make_engine(url)
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=url.startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
