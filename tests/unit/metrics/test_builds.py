"""Build outcomes counted where the build ends: the state moves of
minova.compute.instance_state (compute, and the conductor's NoValidHost)."""

from minova.compute import instance_state
from minova.compute import power_state
from minova import exception
from minova import objects
from tests.unit.compute.conftest import flavor  # noqa: F401 (fixture)
from tests.unit.compute import fakes
from tests.unit.metrics.conftest import value

BUILDS = 'minova_builds_total'


def test_active_error_and_rescheduled(flavor, metrics):  # noqa: F811
    context = fakes.ctx()
    built = fakes.instance(flavor, task_state='spawning', host='host1')
    objects.InstanceAction.action_start(context, built.uuid, 'create')
    instance_state.finish(context, built, 'host1', 'create', 'active',
                          power_state.RUNNING, ['spawning'])
    failed = fakes.instance(flavor, task_state='scheduling')
    instance_state.fail(context, failed, exception.NoValidHost(
        reason='There are not enough hosts available.'), 'ctl',
        binary='minova-conductor', clear_placement=True)
    again = fakes.instance(flavor, task_state='spawning', host='host1')
    instance_state.reset_for_reschedule(
        context, again, exception.RescheduledException(
            instance_uuid=again.uuid, reason='spawn failed'), 'host1')
    assert value(BUILDS, outcome='ACTIVE') == 1
    assert value(BUILDS, outcome='ERROR') == 1
    assert value(BUILDS, outcome='RESCHEDULED') == 1


def test_other_actions_are_not_builds(flavor, metrics):  # noqa: F811
    context = fakes.ctx()
    stopping = fakes.instance(flavor, vm_state='active', host='host1',
                              task_state='powering-off',
                              power_state=power_state.RUNNING)
    objects.InstanceAction.action_start(context, stopping.uuid, 'stop')
    instance_state.finish(context, stopping, 'host1', 'power_off',
                          'stopped', power_state.SHUTDOWN, ['powering-off'])
    resizing = fakes.instance(flavor, vm_state='active', host='host1',
                              task_state='resize_prep')
    instance_state.fail(context, resizing, exception.InstanceDeployFailure(
        reason='disk full'), 'host1', action='resize')
    assert {value(BUILDS, outcome=o) for o in
            ('ACTIVE', 'ERROR', 'RESCHEDULED')} == {0}
