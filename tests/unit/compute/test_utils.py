"""minova.compute.utils: fault_on_error and elapsed."""

import re
import time

import pytest

from minova.compute import utils as compute_utils
from minova.db import api as db
from minova import exception
from tests.unit.compute import fakes


def test_fault_on_error_records_and_reraises(flavor):
    inst = fakes.instance(flavor, vm_state='active', task_state='rebooting')
    with pytest.raises(exception.InstanceDeployFailure):
        with compute_utils.fault_on_error(fakes.ctx(), inst, 'host1'):
            raise exception.InstanceDeployFailure(reason='disk full')
    stored = fakes.reload(inst)
    assert stored.task_state is None and stored.vm_state == 'active'
    assert stored.fault.message == 'Failed to deploy instance: disk full'
    assert stored.fault.code == 500 and stored.fault.host == 'host1'
    assert 'Traceback' in stored.fault.details


def test_fault_keeps_the_error_code(flavor):
    inst = fakes.instance(flavor)
    with pytest.raises(exception.InstanceInvalidState):
        with compute_utils.fault_on_error(fakes.ctx(), inst, 'host1'):
            raise exception.InstanceInvalidState(
                action='x', instance_uuid=inst.uuid, attr='vm_state',
                state='y')
    assert fakes.reload(inst).fault.code == 409


def test_fault_on_error_of_a_deleted_instance(flavor):
    inst = fakes.instance(flavor)
    db.instance_destroy(inst.uuid)
    with pytest.raises(ValueError):
        with compute_utils.fault_on_error(fakes.ctx(), inst, 'host1'):
            raise ValueError('boom')


def test_fault_on_error_passes_success_through(flavor):
    inst = fakes.instance(flavor, task_state='spawning')
    with compute_utils.fault_on_error(fakes.ctx(), inst, 'host1'):
        pass
    stored = fakes.reload(inst)
    assert stored.task_state == 'spawning' and stored.fault is None


def test_elapsed():
    assert re.match(r'^\d+\.\d{3}s$',
                    compute_utils.elapsed(time.monotonic() - 1.5))
    assert compute_utils.elapsed(time.monotonic() - 1.5).startswith('1.5')
