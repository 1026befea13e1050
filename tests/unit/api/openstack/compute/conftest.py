"""Fixtures of the /servers tests: the image service, the RPC casts and
a flavor (see server_fakes.py for the builders)."""

import pytest

from minova.compute import rpcapi as compute_rpcapi
from minova.conductor import rpcapi as conductor_rpcapi
from minova import exception
from minova.image import glance
from tests.unit.api import fakes
from tests.unit.api.openstack.compute.server_fakes import IMAGES
from tests.unit.api.openstack.compute.server_fakes import Recorder


@pytest.fixture
def images(monkeypatch):
    """The image service knows IMAGE, INACTIVE_IMAGE and BIG_IMAGE; a test
    may change or add images in the dict it gets."""
    known = {key: dict(value) for key, value in IMAGES.items()}

    def show(self, context, image_id):
        try:
            return dict(known[image_id])
        except KeyError:
            raise exception.ImageNotFound(image_id=image_id)
    monkeypatch.setattr(glance.API, 'show', show)
    return known


@pytest.fixture
def casts(monkeypatch):
    """Records what the API sends to the conductor and to compute hosts."""
    recorders = {'build_instances': Recorder()}
    monkeypatch.setattr(conductor_rpcapi.ComputeTaskAPI, 'build_instances',
                        lambda self, *a, **kw: recorders['build_instances'](
                            *a, **kw))
    for name in ('terminate_instance', 'reboot_instance', 'stop_instance',
                 'start_instance', 'get_console_output',
                 'inject_network_info', 'get_host_uptime'):
        recorders[name] = Recorder()
        monkeypatch.setattr(
            compute_rpcapi.ComputeAPI, name,
            (lambda rec: lambda self, *a, **kw: rec(*a, **kw))(
                recorders[name]))
    return recorders


@pytest.fixture
def flavor(api):
    return fakes.flavor()
