"""Host states: the scheduler's view of every compute node's capacity.

Capacity comes from the ``compute_nodes`` rows that compute reports and
the services' state from their rows, both read on every request; usage
is counted from the instance rows (and the moves in progress). The
scheduler writes ``instance.host``/``node`` when it picks a host, so an
instance placed one request ago is already counted here, long before its
compute host reports it.

Reading every instance on every request made the cost of a pick grow
with the instances (issue 15: 1,000 servers on 100 hosts). The usage read
is kept for ``[filter_scheduler] instance_usage_max_age`` seconds, with
this scheduler's own picks added as it makes them (``UsageCache``); what
another process changed meanwhile is a delete (room the kept usage does
not see yet) or, with several schedulers, their picks, a race that a
fresh read per request narrowed but never closed.
"""

import collections
import dataclasses
import time

from oslo_log import log as logging

import minova.conf
from minova import objects
from minova.objects import instance as instance_obj
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


class UsageCache:
    """The placements (objects.instance.Placement) last read from the
    database, and the picks this scheduler made since."""

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._placements = None
        self._uuids = set()
        self._read_at = None
        #: whether the last ``get`` answered from memory
        self.kept = False

    def get(self, context, exclude=(), fresh=False):
        """The placements, read again when asked (``fresh``), when too
        old, or when one of ``exclude`` (being scheduled now) is among
        them: a reschedule or a move, whose current place only the
        database knows."""
        max_age = CONF.filter_scheduler.instance_usage_max_age
        if (fresh or self._placements is None or
                self._clock() - self._read_at >= max_age or
                not self._uuids.isdisjoint(exclude)):
            self._read_at = self._clock()
            self._placements = list(objects.InstanceList.placements(context))
            self._uuids = {p.uuid for p in self._placements}
            self.kept = False
        else:
            self.kept = True
        return self._placements

    def add(self, placement):
        """A pick this scheduler wrote to the database."""
        if self._placements is not None:
            self._placements.append(placement)
            self._uuids.add(placement.uuid)

    def forget(self):
        self._placements = None
        self._uuids = set()


class HostManager:
    """Builds host states and runs the enabled filters and weighers."""

    def __init__(self):
        self.filter_handler = filters.HostFilterHandler(
            CONF.filter_scheduler.enabled_filters)
        self.weight_handler = weights.HostWeightHandler(
            CONF.filter_scheduler.weight_classes)
        self.usage = UsageCache()

    def get_host_states(self, context, exclude_instances=(), fresh=False):
        """One HostState per compute node whose compute service exists.

        ``exclude_instances`` are not counted as usage: they are the ones
        being scheduled now (on a reschedule they may still carry the host
        that failed them). ``fresh``: usage read now, not kept usage.
        """
        services = {s.host: s for s in objects.ServiceList.get_all(
            context, binary=COMPUTE_BINARY)}
        nodes = objects.ComputeNodeList.get_all(context)
        exclude = set(exclude_instances)
        instances_by_node = self._instances_by_node(
            nodes, self.usage.get(context, exclude, fresh), exclude)

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

    def placed(self, instance_uuid, state, usage, move=False):
        """This scheduler wrote ``instance_uuid`` (taking ``usage``) on
        ``state``'s host and node: the kept usage counts it."""
        self.usage.add(instance_obj.Placement(
            instance_uuid, state.host, state.nodename, usage, move=move))

    @staticmethod
    def _instances_by_node(nodes, placements, exclude):
        nodes_of_host = collections.defaultdict(list)
        for node in nodes:
            nodes_of_host[node.host].append(node.hypervisor_hostname)
        by_node = collections.defaultdict(list)
        for placement in placements:
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
