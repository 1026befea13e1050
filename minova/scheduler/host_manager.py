"""Host states: the scheduler's view of every compute node's capacity.

Capacity comes from the ``compute_nodes`` rows that compute reports; usage
is counted fresh from the instance rows on every request. The scheduler
writes ``instance.host``/``node`` when it picks a host, so an instance
placed one request ago is already counted here, long before its compute
host reports it.
"""

import collections
import dataclasses

from oslo_log import log as logging

import minova.conf
from minova import objects
from minova.scheduler import filters
from minova.scheduler import weights

LOG = logging.getLogger(__name__)
CONF = minova.conf.CONF

COMPUTE_BINARY = 'minova-compute'


@dataclasses.dataclass(frozen=True)
class ServiceStatus:
    """What the scheduler needs of a host's compute service record."""
    up: bool
    disabled: bool
    disabled_reason: str = None


class HostState:
    """Capacity and usage of one compute node, as the filters see it."""

    def __init__(self, host, nodename):
        self.host = host
        self.nodename = nodename
        self.availability_zone = CONF.default_availability_zone
        self.service = None
        self.total_usable_ram_mb = 0
        self.free_ram_mb = 0
        self.total_usable_disk_gb = 0
        self.free_disk_mb = 0
        self.vcpus_total = 0
        self.vcpus_used = 0
        self.ram_allocation_ratio = CONF.ram_allocation_ratio
        self.disk_allocation_ratio = CONF.disk_allocation_ratio
        self.cpu_allocation_ratio = CONF.cpu_allocation_ratio
        self.num_instances = 0
        self.instances = set()
        self.hypervisor_type = None
        self.hypervisor_version = None
        self.supported_instances = []

    def update_from_compute_node(self, node, service, placements):
        """Capacity from ``node``; usage from the instances placed on it
        (objects.instance.Placement values)."""
        self.availability_zone = (node.availability_zone or
                                  CONF.default_availability_zone)
        self.service = ServiceStatus(up=service.is_up(),
                                     disabled=service.disabled,
                                     disabled_reason=service.disabled_reason)
        self.hypervisor_type = node.hypervisor_type
        self.hypervisor_version = node.hypervisor_version
        self.supported_instances = node.supported_instances
        # A ratio of 0.0 or None means "not set on the node": use ours.
        self.ram_allocation_ratio = (node.ram_allocation_ratio or
                                     CONF.ram_allocation_ratio)
        self.disk_allocation_ratio = (node.disk_allocation_ratio or
                                      CONF.disk_allocation_ratio)
        self.cpu_allocation_ratio = (node.cpu_allocation_ratio or
                                     CONF.cpu_allocation_ratio)

        self.total_usable_ram_mb = node.memory_mb
        self.total_usable_disk_gb = node.local_gb
        self.vcpus_total = node.vcpus
        self.free_ram_mb = node.memory_mb - node.reserved_host_memory_mb
        self.free_disk_mb = node.local_gb * 1024 - node.reserved_host_disk_mb
        self.vcpus_used = node.reserved_host_cpus
        for placement in placements:
            self._add(placement.uuid, placement.usage)

    def consume_from_request(self, spec_obj, instance_uuid):
        """Count one more instance of the request against this host."""
        self._add(instance_uuid, spec_obj.flavor.usage())

    def _add(self, instance_uuid, usage):
        self.free_ram_mb -= usage.memory_mb
        self.free_disk_mb -= usage.disk_mb
        self.vcpus_used += usage.vcpus
        self.num_instances += 1
        self.instances.add(instance_uuid)

    def __repr__(self):
        return ('(%s, %s) ram: %sMB disk: %sMB vcpus: %s/%s instances: %s'
                % (self.host, self.nodename, self.free_ram_mb,
                   self.free_disk_mb, self.vcpus_used, self.vcpus_total,
                   self.num_instances))


class HostManager:
    """Builds host states and runs the enabled filters and weighers."""

    def __init__(self):
        self.filter_handler = filters.HostFilterHandler(
            CONF.filter_scheduler.enabled_filters)
        self.weight_handler = weights.HostWeightHandler(
            CONF.filter_scheduler.weight_classes)

    def get_host_states(self, context, exclude_instances=()):
        """One HostState per compute node whose compute service exists.

        ``exclude_instances`` are not counted as usage: they are the ones
        being scheduled now (on a reschedule they may still carry the host
        that failed them).
        """
        services = {s.host: s for s in objects.ServiceList.get_all(
            context, binary=COMPUTE_BINARY)}
        nodes = objects.ComputeNodeList.get_all(context)
        instances_by_node = self._instances_by_node(
            context, nodes, set(exclude_instances))

        host_states = []
        for node in nodes:
            service = services.get(node.host)
            if service is None:
                LOG.warning('No compute service record for host %s; '
                            'not scheduling to it.', node.host)
                continue
            state = HostState(node.host, node.hypervisor_hostname)
            state.update_from_compute_node(
                node, service,
                instances_by_node.get((node.host, node.hypervisor_hostname),
                                      ()))
            host_states.append(state)
        return host_states

    @staticmethod
    def _instances_by_node(context, nodes, exclude):
        nodes_of_host = collections.defaultdict(list)
        for node in nodes:
            nodes_of_host[node.host].append(node.hypervisor_hostname)
        by_node = collections.defaultdict(list)
        for placement in objects.InstanceList.placements(context):
            host, nodename = placement.host, placement.node
            if placement.uuid in exclude:
                continue
            if nodename is None and len(nodes_of_host[host]) == 1:
                # Host set but node not (yet): the host has only one.
                nodename = nodes_of_host[host][0]
            by_node[(host, nodename)].append(placement)
        return by_node

    def get_filtered_hosts(self, host_states, spec_obj, index=0,
                           explanation=None, counts=None):
        """Hosts that can take instance number ``index`` of the request.

        Forced hosts and nodes (``availability_zone='zone:host:node'``,
        admin only) skip the filters, but must still be known hosts.
        """
        host_states = self._move_hosts(host_states, spec_obj)
        if spec_obj.force_hosts or spec_obj.force_nodes:
            return self._forced_hosts(host_states, spec_obj)
        return self.filter_handler.get_filtered_hosts(
            host_states, spec_obj, index, explanation, counts)

    @staticmethod
    def _move_hosts(host_states, spec_obj):
        """Without the hosts a move must leave (``ignore_hosts``); only
        the move's named destination (``requested_host``), if any."""
        ignore = set(spec_obj.ignore_hosts or ())
        wanted = spec_obj.requested_host
        return [state for state in host_states
                if state.host not in ignore and
                (wanted is None or state.host == wanted)]

    @staticmethod
    def _forced_hosts(host_states, spec_obj):
        forced_hosts = set(h.lower() for h in spec_obj.force_hosts)
        forced_nodes = set(n.lower() for n in spec_obj.force_nodes)
        matched = [state for state in host_states
                   if (not forced_hosts or state.host.lower() in forced_hosts)
                   and (not forced_nodes or
                        state.nodename.lower() in forced_nodes)]
        if matched:
            LOG.info('Forced to host(s) %s; filters skipped.',
                     ', '.join(sorted({s.host for s in matched})))
        else:
            LOG.info('No known host matches forced hosts %s / nodes %s.',
                     sorted(forced_hosts), sorted(forced_nodes))
        return matched

    def get_weighed_hosts(self, hosts, spec_obj):
        """``hosts`` as WeighedHost objects, best first."""
        return self.weight_handler.get_weighed_hosts(hosts, spec_obj)
