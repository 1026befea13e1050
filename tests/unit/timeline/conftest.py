"""The timeline writes through objects to the test database directly."""

import pytest

from minova.objects import base as objects_base
from tests.unit.compute import fakes


@pytest.fixture(autouse=True)
def _direct(monkeypatch):
    monkeypatch.setattr(objects_base.MinovaObject, 'indirection_api', None)


@pytest.fixture
def flavor(db):
    return fakes.flavor()
