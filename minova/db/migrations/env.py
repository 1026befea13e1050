"""alembic environment of the compute chain (the image API has its own)."""

from alembic import context

from minova.db import migration
from minova.db import models

migration.run_env(context, models.Base.metadata)
