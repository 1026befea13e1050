"""The image API's upload heartbeat: a running upload keeps touching
its saving image, so ``minova-manage audit`` can tell a dead upload
(untouched for long) from a slow one."""

import datetime
import uuid

import pytest
import sqlalchemy as sa
from oslo_utils import timeutils

from minova.db.session import session_scope
from minova.image_api import db as image_db
from minova.image_api import exception
from minova.image_api import images as image_handlers
from minova.image_api.models import Image


def _age(image_id, seconds):
    with session_scope() as session:
        session.execute(sa.update(Image).where(Image.id == image_id).values(
            updated_at=timeutils.utcnow() -
            datetime.timedelta(seconds=seconds)))


def test_a_running_upload_keeps_its_image_fresh(db):
    image = image_db.image_create({'id': str(uuid.uuid4()),
                                   'status': 'saving', 'owner': 'p',
                                   'visibility': 'private'}, {}, [])
    _age(image.id, 7200)
    clock = [0.0]
    beat = image_handlers.UploadHeartbeat(image.id, lambda: clock[0])
    clock[0] = image_handlers.UPLOAD_HEARTBEAT - 1
    beat()
    old = image_db.image_get(image.id).updated_at
    assert timeutils.is_older_than(old, 7000)
    clock[0] = image_handlers.UPLOAD_HEARTBEAT
    beat()
    assert not timeutils.is_older_than(
        image_db.image_get(image.id).updated_at, 60)
    # Deleted meanwhile: the upload stops at its next heartbeat.
    image_db.image_destroy(image.id)
    clock[0] += image_handlers.UPLOAD_HEARTBEAT
    with pytest.raises(exception.ImageNotFound):
        beat()
