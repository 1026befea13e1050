"""Host states, flavors and request specs for the scheduler tests, plus
real compute service, node and instance rows for the ones that use the
database."""

import datetime

from oslo_utils import timeutils
from oslo_utils import uuidutils

from minova import objects
from minova.scheduler import host_manager


def flavor(memory_mb=512, vcpus=1, root_gb=1, ephemeral_gb=0, swap=0):
    return objects.Flavor(id=1, flavorid='1', name='m1.test',
                          memory_mb=memory_mb, vcpus=vcpus, root_gb=root_gb,
                          ephemeral_gb=ephemeral_gb, swap=swap)


def host_state(host='host1', nodename=None, up=True, disabled=False,
               **attrs):
    """An empty host with 2 GB RAM, 20 GB disk, 4 CPUs, no overcommit."""
    state = host_manager.HostState(host, nodename or host)
    state.service = host_manager.ServiceStatus(up=up, disabled=disabled)
    state.total_usable_ram_mb = state.free_ram_mb = 2048
    state.total_usable_disk_gb = 20
    state.free_disk_mb = 20 * 1024
    state.vcpus_total = 4
    state.ram_allocation_ratio = 1.0
    state.disk_allocation_ratio = 1.0
    state.cpu_allocation_ratio = 1.0
    for name, value in attrs.items():
        assert hasattr(state, name), name
        setattr(state, name, value)
    return state


def request_spec(flavor_obj=None, **fields):
    values = dict(num_instances=1, image_properties={}, scheduler_hints={},
                  force_hosts=[], force_nodes=[])
    values.update(fields)
    return objects.RequestSpec(flavor=flavor_obj or flavor(), **values)


def group(policy, hosts=(), members=(), uuid=None):
    return objects.InstanceGroup(uuid=uuid or uuidutils.generate_uuid(),
                                 policy=policy, hosts=list(hosts),
                                 members=list(members))


# Database rows --------------------------------------------------------------

def create_compute(ctx, host, memory_mb=2048, vcpus=4, local_gb=20,
                   disabled=False, stale_heartbeat=False, with_service=True,
                   **node_fields):
    """A compute service and its node, as a compute host reports them."""
    if with_service:
        service = objects.Service(ctx, host=host, binary='minova-compute',
                                  topic='compute', disabled=disabled)
        service.create()
        if stale_heartbeat:
            service.last_seen_up = timeutils.utcnow(with_timezone=True) - \
                datetime.timedelta(hours=1)
            service.save()
    node_fields.setdefault('cpu_allocation_ratio', 1.0)
    node_fields.setdefault('ram_allocation_ratio', 1.0)
    node_fields.setdefault('disk_allocation_ratio', 1.0)
    node = objects.ComputeNode(ctx, host=host, hypervisor_hostname=host,
                               hypervisor_type='QEMU', vcpus=vcpus,
                               memory_mb=memory_mb, local_gb=local_gb,
                               **node_fields)
    node.create()
    return node


def create_instance(ctx, flavor_obj=None, host=None, node=None):
    flavor_obj = flavor_obj or flavor()
    instance = objects.Instance(
        ctx, uuid=uuidutils.generate_uuid(), project_id='proj1',
        user_id='alice', vm_state='building', task_state='scheduling',
        flavor=flavor_obj, memory_mb=flavor_obj.memory_mb,
        vcpus=flavor_obj.vcpus, root_gb=flavor_obj.root_gb,
        ephemeral_gb=flavor_obj.ephemeral_gb, host=host,
        node=node if node is not None else host)
    instance.create()
    return instance


def create_group(ctx, policy, members=()):
    group_obj = objects.InstanceGroup(ctx, name='group', policy=policy,
                                      project_id='proj1', user_id='alice')
    group_obj.create()
    if members:
        objects.InstanceGroup.add_members(ctx, group_obj.uuid, list(members))
    return objects.InstanceGroup.get_by_uuid(ctx, group_obj.uuid)
