"""Rows the API tests need, written through the objects."""

import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils

from minova import context as minova_context
from minova import objects

ADMIN = 'admin:admin'
USER = 'alice:proj1'
OTHER = 'bob:proj2'


def admin_ctx():
    return minova_context.get_admin_context()


def user_ctx(user_id='alice', project_id='proj1'):
    return minova_context.RequestContext(user_id=user_id,
                                         project_id=project_id,
                                         roles=['member', 'reader'])


def flavor(flavorid='1', name='m1.tiny', memory_mb=512, vcpus=1,
           root_gb=1, **kwargs):
    values = dict(flavorid=flavorid, name=name, memory_mb=memory_mb,
                  vcpus=vcpus, root_gb=root_gb, ephemeral_gb=0, swap=0,
                  rxtx_factor=1.0, is_public=True, disabled=False,
                  extra_specs={})
    values.update(kwargs)
    obj = objects.Flavor(context=admin_ctx(), **values)
    obj.create()
    return obj


def service(host='host1', binary='minova-compute', **kwargs):
    obj = objects.Service(context=admin_ctx(), host=host, binary=binary,
                          topic=binary.split('-')[-1], **kwargs)
    obj.create()
    return obj


def mark_down(svc):
    svc.last_seen_up = timeutils.utcnow(with_timezone=True) - \
        datetime.timedelta(hours=1)
    svc.save()


def compute_node(host='host1', **kwargs):
    values = dict(host=host, hypervisor_hostname=host + '.example.org',
                  hypervisor_type='QEMU', hypervisor_version=8002000,
                  vcpus=8, memory_mb=16384, local_gb=100, vcpus_used=2,
                  memory_mb_used=2048, local_gb_used=10, free_ram_mb=14336,
                  free_disk_gb=90, disk_available_least=85,
                  current_workload=0, running_vms=2,
                  cpu_info='{"arch": "x86_64", "vendor": "Intel"}',
                  host_ip='192.0.2.10')
    values.update(kwargs)
    obj = objects.ComputeNode(context=admin_ctx(), **values)
    obj.create()
    return obj


def instance(project_id='proj1', user_id='alice', host=None, **kwargs):
    values = dict(uuid=uuidutils.generate_uuid(), project_id=project_id,
                  user_id=user_id, vm_state='active', display_name='vm',
                  memory_mb=512, vcpus=1, root_gb=1, host=host)
    values.update(kwargs)
    obj = objects.Instance(context=admin_ctx(), **values)
    obj.create()
    # As a boot through the API: the server is in its project's default
    # security group.
    objects.SecurityGroup.ensure_default(
        admin_ctx(), project_id, user_id).add_instance(obj.uuid)
    return obj


def action(inst, name='create', ctx=None, events=()):
    """Record an action on ``inst`` and the given (event, error) pairs;
    returns the request id."""
    ctx = ctx or user_ctx(inst.user_id, inst.project_id)
    objects.InstanceAction.action_start(ctx, inst.uuid, name)
    for event, error in events:
        objects.InstanceActionEvent.event_start(ctx, inst.uuid, event,
                                                host='host1')
        objects.InstanceActionEvent.event_finish_with_failure(
            ctx, inst.uuid, event, exc_val=error,
            exc_tb='Traceback: boom' if error else None)
    objects.InstanceAction.action_finish(ctx, inst.uuid)
    return ctx.request_id


def assert_fault(resp, code):
    names = {400: 'badRequest', 403: 'forbidden', 404: 'itemNotFound',
             409: 'conflictingRequest'}
    assert resp.status_int == code, resp.text
    body = resp.json
    assert list(body) == [names[code]], body
    assert body[names[code]]['code'] == code
    assert isinstance(body[names[code]]['message'], str)
    return body[names[code]]['message']
