"""Real objects on the test database for the compute tests."""

import json

from oslo_utils import uuidutils

from minova.compute import api as compute_api
from minova import context as minova_context
from minova import objects
from tests.unit.api import fakes as api_fakes

IMAGE = {'id': '155d900f-4e14-4e4c-a73d-069cbf4541e6', 'status': 'active',
         'min_ram': 0, 'min_disk': 0, 'properties': {}}


def ctx(user_id='alice', project_id='proj1'):
    return minova_context.RequestContext(
        user_id=user_id, project_id=project_id, roles=['member', 'reader'])


def flavor(**kwargs):
    return api_fakes.flavor(**kwargs)


def instance(flavor_obj, context=None, vm_state='building',
             task_state='scheduling', host=None, **kwargs):
    """An instance as the API writes it (building/scheduling, no host)."""
    context = context or ctx()
    values = dict(uuid=uuidutils.generate_uuid(), user_id=context.user_id,
                  project_id=context.project_id, display_name='vm',
                  hostname='vm', vm_state=vm_state, task_state=task_state,
                  host=host, node=host, power_state=0, flavor=flavor_obj,
                  instance_type_id=flavor_obj.id,
                  memory_mb=flavor_obj.memory_mb, vcpus=flavor_obj.vcpus,
                  root_gb=flavor_obj.root_gb, ephemeral_gb=0,
                  image_ref=IMAGE['id'], metadata={}, system_metadata={},
                  tags=[], locked=False, launch_index=0)
    values.update(kwargs)
    inst = objects.Instance(context, **values)
    inst.create()
    objects.InstanceAction.action_start(context, inst.uuid, 'create')
    return inst


def boot_request(flavor_obj, **kwargs):
    values = dict(display_name='vm', flavor=flavor_obj,
                  image_id=IMAGE['id'], admin_password='pw')
    values.update(kwargs)
    return compute_api.BootRequest(**values)


def reload(inst):
    return objects.Instance.get_by_uuid(minova_context.get_admin_context(),
                                        inst.uuid, expected_attrs=['fault'])


def span_names(context, inst, request_id=None):
    """The timeline steps (events that are spans) of the action of
    ``request_id`` (the context's) of ``inst``, in the order they began."""
    action = objects.InstanceAction.get_by_request_id(
        context, inst.uuid, request_id or context.request_id)
    events = objects.InstanceActionEventList.get_by_action(context,
                                                           action.id)
    return [e.event for e in sorted(
        (e for e in events if e.span is not None),
        key=lambda e: json.loads(e.span)['start'])]
