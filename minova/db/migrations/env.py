"""alembic environment: runs on the connection minova-manage hands it."""

from alembic import context

from minova.db import models
# The image service's tables share the chain (migration 0002).
import minova.image_api.models  # noqa: F401

target_metadata = models.Base.metadata


def run_migrations_online():
    connection = context.config.attributes.get('connection')
    if connection is None:
        from minova.db import session
        with session.get_engine().begin() as connection:
            _run(connection)
    else:
        _run(connection)


def _run(connection):
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
