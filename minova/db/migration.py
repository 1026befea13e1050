"""Schema migrations with alembic: ``minova-manage db sync``."""

import os

from alembic import command
from alembic import config as alembic_config

from minova.db import session as db_session

MIGRATIONS_DIR = os.path.join(os.path.dirname(__file__), 'migrations')


def _alembic_config():
    cfg = alembic_config.Config(os.path.join(MIGRATIONS_DIR, 'alembic.ini'))
    cfg.set_main_option('script_location', MIGRATIONS_DIR)
    return cfg


def db_sync(revision='head'):
    cfg = _alembic_config()
    with db_session.get_engine().begin() as connection:
        cfg.attributes['connection'] = connection
        command.upgrade(cfg, revision)


def db_version():
    from alembic.runtime import migration
    with db_session.get_engine().connect() as connection:
        return migration.MigrationContext.configure(
            connection).get_current_revision()
