"""What this compute host has and what its instances use.

Usage is counted from the instances that have this host (through the
conductor, as compute has no database), so it can never drift from the
instance rows: an instance takes room here exactly while its ``host`` and
``node`` name this node. A claim checks, under one lock, that the node
still has room for one more instance (the scheduler may have raced)
before a build starts; a failed claim sends the build back for a
reschedule.

A ``Claim`` lives as long as the instance stays: ``abort()`` gives the
room back (a build that failed here), a successful build keeps it, and
deleting the instance releases it with the row.

A move (resize, cold migration) holds room through its migration row
(objects/migration.py): the new flavor on the destination until the
instance runs there, then the old flavor on the source until confirm or
revert. ``move_claim`` checks the destination; the migration's status
changes are what drop the room again (confirmed/reverted/error), so
there is no counter to forget.
"""

import math

from oslo_concurrency import lockutils
from oslo_log import log as logging

from minova.compute import instance_state
import minova.conf
from minova import exception
from minova import objects
from minova.objects import flavor as flavor_obj

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

_LOCK = 'compute_resources'


class Claim:
    """Room for ``instance`` on ``nodename``, taken by instance_claim.

    As a context manager it aborts itself when the block fails, so
    ``with rt.instance_claim(...):`` around a build gives the room back
    on every failure and keeps it on success.
    """

    def __init__(self, instance, nodename):
        self.instance = instance
        self.nodename = nodename

    def abort(self):
        """Give the room back: the instance no longer has this host."""
        LOG.info('Aborting claim on node %s', self.nodename,
                 instance=self.instance)
        instance_state.clear_placement(self.instance)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        if exc_type is not None:
            self.abort()
        return False


class MoveClaim:
    """Room on the destination of ``migration``; ``abort()`` (or a
    failed ``with`` block) ends the migration in ``error``, which gives
    the room back."""

    def __init__(self, instance, migration):
        self.instance = instance
        self.migration = migration

    def abort(self):
        LOG.info('Aborting move claim of migration %s', self.migration.id,
                 instance=self.instance)
        self.migration.set_status('error')

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        if exc_type is not None:
            self.abort()
        return False


class ResourceTracker:
    def __init__(self, host, driver):
        self.host = host
        self.driver = driver
        self.compute_nodes = {}

    @staticmethod
    def _limits(resources):
        """What instances may take from a node: capacity times the
        allocation ratio, minus what is reserved for the host."""
        return flavor_obj.Usage(
            memory_mb=resources['memory_mb'] * CONF.ram_allocation_ratio -
            CONF.reserved_host_memory_mb,
            vcpus=resources['vcpus'] * CONF.cpu_allocation_ratio -
            CONF.reserved_host_cpus,
            disk_mb=resources['local_gb'] * 1024 *
            CONF.disk_allocation_ratio - CONF.reserved_host_disk_mb)

    def _usage(self, context, nodename, exclude=None, exclude_move=None):
        """(Usage, count) of the instances placed on ``nodename``, without
        instance ``exclude`` and the move of instance ``exclude_move``."""
        placements = [p for p in objects.InstanceList.placements(
            context, self.host, nodename) if p.uuid != exclude and
            not (p.move and p.uuid == exclude_move)]
        used = sum((p.usage for p in placements), flavor_obj.Usage())
        return used, len(placements)

    def instance_claim(self, context, instance, nodename, **values):
        """Reserve room for ``instance`` on ``nodename``: a Claim.

        Raises ComputeResourcesUnavailable when it does not fit. The
        instance's host/node are set (if the scheduler has not already)
        and stay set while it lives here; ``values`` (the build's next
        task state) go into the same save.
        """
        with lockutils.lock(_LOCK):
            resources = self.driver.get_available_resource(nodename)
            used, _count = self._usage(context, nodename,
                                       exclude=instance.uuid)
            short = instance.flavor.usage().exceeding(
                self._limits(resources) - used)
            if short:
                raise exception.ComputeResourcesUnavailable(
                    reason=', '.join('%s: requested %d, free %d' % item
                                     for item in short))
            if values or instance.host != self.host or \
                    instance.node != nodename:
                instance_state.set_placement(instance, self.host, nodename,
                                             **values)
        LOG.info('Claim successful on node %s', nodename,
                 instance=instance)
        return Claim(instance, nodename)

    def move_claim(self, context, instance, flavor, nodename, migration):
        """Room for ``instance`` with ``flavor`` on ``nodename`` for
        ``migration`` (this host is its destination): a MoveClaim.

        The scheduler's pick already counts as the migration's room; the
        check counts everything else on the node. Raises
        ComputeResourcesUnavailable when it does not fit.
        """
        with lockutils.lock(_LOCK):
            resources = self.driver.get_available_resource(nodename)
            used, _count = self._usage(context, nodename,
                                       exclude_move=instance.uuid)
            short = flavor.usage().exceeding(self._limits(resources) - used)
            if short:
                raise exception.ComputeResourcesUnavailable(
                    reason=', '.join('%s: requested %d, free %d' % item
                                     for item in short))
            if (migration.dest_compute, migration.dest_node) != (
                    self.host, nodename):
                migration.dest_compute = self.host
                migration.dest_node = nodename
                migration.save()
        LOG.info('Move claim successful on node %s', nodename,
                 instance=instance)
        return MoveClaim(instance, migration)

    def update_available_resource(self, context):
        """Report every node's capacity and usage to compute_nodes."""
        for nodename in self.driver.get_available_nodes():
            resources = self.driver.get_available_resource(nodename)
            used, count = self._usage(context, nodename)
            self._save_node(context, nodename, resources, used, count)

    def _save_node(self, context, nodename, resources, used, count):
        node = self.compute_nodes.get(nodename)
        if node is None:
            try:
                node = objects.ComputeNode.get_by_host_and_nodename(
                    context, self.host, nodename)
            except exception.ComputeHostNotFound:
                node = objects.ComputeNode(context, host=self.host,
                                           hypervisor_hostname=nodename)
        memory_used = used.memory_mb + CONF.reserved_host_memory_mb
        # compute_nodes counts disk in GB, as Nova's does: round up.
        disk_used = math.ceil((used.disk_mb + CONF.reserved_host_disk_mb) /
                              1024)
        values = {
            'vcpus': resources['vcpus'],
            'memory_mb': resources['memory_mb'],
            'local_gb': resources['local_gb'],
            'vcpus_used': used.vcpus,
            'memory_mb_used': memory_used,
            'local_gb_used': disk_used,
            'free_ram_mb': resources['memory_mb'] - memory_used,
            'free_disk_gb': resources['local_gb'] - disk_used,
            'running_vms': count,
            'current_workload': 0,
            'hypervisor_type': resources['hypervisor_type'],
            'hypervisor_version': resources['hypervisor_version'],
            'cpu_info': resources['cpu_info'],
            'disk_available_least': resources.get('disk_available_least'),
            'host_ip': resources.get('host_ip'),
            'supported_instances': resources.get('supported_instances',
                                                 []),
            'cpu_allocation_ratio': CONF.cpu_allocation_ratio,
            'ram_allocation_ratio': CONF.ram_allocation_ratio,
            'disk_allocation_ratio': CONF.disk_allocation_ratio,
            'reserved_host_memory_mb': CONF.reserved_host_memory_mb,
            'reserved_host_disk_mb': CONF.reserved_host_disk_mb,
            'reserved_host_cpus': CONF.reserved_host_cpus,
            'availability_zone': CONF.default_availability_zone,
        }
        for key, value in values.items():
            if not node.obj_attr_is_set(key) or node[key] != value:
                node[key] = value
        if node.obj_attr_is_set('id'):
            node.save()
        else:
            node.create()
        self.compute_nodes[nodename] = node
        return node
