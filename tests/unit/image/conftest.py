"""The image API on a local port, and a user's context."""

import pytest

from minova import context
from tests.unit.image import server


@pytest.fixture
def image_service(db, conf, tmp_path):
    with server.image_service(conf, tmp_path) as url:
        yield url


@pytest.fixture
def ctx():
    return context.RequestContext(user_id='alice', project_id='proj1',
                                  roles=['member'])
