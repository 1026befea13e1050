"""alembic environment of the image API's chain (version table
``image_alembic_version``, apart from the compute chain's)."""

from alembic import context

from minova.db import migration
from minova.image_api import models

migration.run_env(context, models.Base.metadata)
