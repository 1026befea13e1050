"""Schema migrations with alembic: ``minova-manage db sync``.

The database holds two migration chains, each with its own history
(alembic's ``version_table``): the compute chain (``minova/db/migrations``,
table ``alembic_version``) and the image API's
(``minova/image_api/migrations``, table ``image_alembic_version``), so
the image tables do not live in the compute database's history.
"""

import collections
import os

from alembic import command
from alembic import config as alembic_config
from alembic.runtime import migration as alembic_migration

from minova.db import session as db_session

Chain = collections.namedtuple('Chain', 'name directory version_table')

COMPUTE = Chain('compute', os.path.join(os.path.dirname(__file__),
                                        'migrations'), 'alembic_version')
IMAGE = Chain('image', os.path.join(os.path.dirname(__file__), '..',
                                    'image_api', 'migrations'),
              'image_alembic_version')
CHAINS = {chain.name: chain for chain in (COMPUTE, IMAGE)}

MIGRATIONS_DIR = COMPUTE.directory


def _alembic_config(chain):
    cfg = alembic_config.Config(os.path.join(COMPUTE.directory,
                                             'alembic.ini'))
    cfg.set_main_option('script_location', os.path.abspath(chain.directory))
    cfg.attributes['version_table'] = chain.version_table
    return cfg


def db_sync(revision='head', chain=COMPUTE):
    cfg = _alembic_config(chain)
    with db_session.get_engine().begin() as connection:
        cfg.attributes['connection'] = connection
        command.upgrade(cfg, revision)


def db_version(chain=COMPUTE):
    with db_session.get_engine().connect() as connection:
        return alembic_migration.MigrationContext.configure(
            connection, opts={'version_table': chain.version_table}
        ).get_current_revision()


def run_env(alembic_context, target_metadata):
    """The body of each chain's env.py: run on the connection
    minova-manage hands over, with the chain's own version table."""
    attributes = alembic_context.config.attributes
    version_table = attributes.get('version_table', COMPUTE.version_table)

    def run(connection):
        alembic_context.configure(
            connection=connection, target_metadata=target_metadata,
            version_table=version_table, render_as_batch=True)
        with alembic_context.begin_transaction():
            alembic_context.run_migrations()

    connection = attributes.get('connection')
    if connection is not None:
        run(connection)
        return
    with db_session.get_engine().begin() as connection:
        run(connection)
