"""minova.notifications through oslo.messaging's real Notifier, with its
``test`` driver keeping what was sent."""

from oslo_messaging.notify import _impl_test
import pytest

from minova import exception
from minova import notifications
from minova import objects
from minova import rpc
from tests.unit.compute import fakes


@pytest.fixture
def sent(conf):
    """The notifications minova sends, as the message bus would get them."""
    rpc.cleanup()
    rpc.init(conf.conf, url='fake:/')       # registers the notifier options
    conf.config(driver=['test'], group='oslo_messaging_notifications')
    rpc.cleanup()
    rpc.init(conf.conf, url='fake:/')
    _impl_test.reset()
    yield _impl_test.NOTIFICATIONS
    _impl_test.reset()


@pytest.fixture
def inst(db):
    inst = fakes.instance(fakes.flavor(), vm_state='active', task_state=None,
                          host='h1', node='n1', availability_zone='az1')
    return inst


def test_start_and_end(sent, inst):
    context = fakes.ctx()
    notifications.notify_about_instance_action(context, inst, 'h1',
                                               'create', 'start')
    notifications.notify_about_instance_action(context, inst, 'h1',
                                               'create', 'end')
    assert [(m['event_type'], priority) for _c, m, priority, _r in sent] == \
        [('instance.create.start', 'INFO'), ('instance.create.end', 'INFO')]
    ctxt, message, _priority, _retry = sent[0]
    assert message['publisher_id'] == 'minova-compute:h1'
    assert ctxt['request_id'] == context.request_id
    payload = message['payload']
    assert payload['uuid'] == inst.uuid
    assert (payload['tenant_id'], payload['user_id']) == ('proj1', 'alice')
    assert (payload['host'], payload['node'], payload['state']) == \
        ('h1', 'n1', 'active')
    assert payload['availability_zone'] == 'az1'
    assert payload['flavor'] == {'flavorid': '1', 'name': 'm1.tiny',
                                 'memory_mb': 512, 'vcpus': 1, 'root_gb': 1}
    assert payload['image_uuid'] == fakes.IMAGE['id']
    assert 'fault' not in payload


def test_error_has_the_fault_and_error_priority(sent, inst):
    error = exception.NoValidHost(reason='no hosts')
    notifications.notify_about_instance_action(
        fakes.ctx(), inst, 'ctl', 'create', 'error',
        binary='minova-conductor', exception=error)
    [(_ctxt, message, priority, _retry)] = sent
    assert priority == 'ERROR'
    assert message['event_type'] == 'instance.create.error'
    assert message['publisher_id'] == 'minova-conductor:ctl'
    assert message['payload']['fault'] == {
        'exception': 'NoValidHost',
        'exception_message': 'No valid host was found. no hosts'}


def test_payload_is_json_ready(sent, inst):
    inst.launched_at = inst.created_at
    notifications.notify_about_instance_action(fakes.ctx(), inst, 'h1',
                                               'delete', 'end')
    payload = sent[0][1]['payload']
    assert payload['launched_at'] == inst.created_at.isoformat()


def test_without_flavor():
    payload = notifications.instance_payload(
        objects.Instance(uuid=fakes.IMAGE['id'], display_name='x',
                         project_id='p', user_id='u', host=None, node=None,
                         vm_state='building', task_state=None,
                         power_state=0, image_ref=None,
                         availability_zone=None, launched_at=None),
        fault=ValueError('plain'))
    assert payload['flavor'] is None
    assert payload['fault'] == {'exception': 'ValueError',
                                'exception_message': 'plain'}


def test_a_broken_notifier_never_fails_the_operation(inst, monkeypatch,
                                                     caplog):
    def broken(*args, **kwargs):
        raise RuntimeError('bus down')
    monkeypatch.setattr(rpc, 'get_notifier', broken)
    notifications.notify_about_instance_action(fakes.ctx(), inst, 'h1',
                                               'create', 'start')
    assert 'Failed to send notification instance.create.start' in \
        caplog.text
