"""Server side of the scheduler RPC API (see scheduler/rpcapi.py).

``select_destinations`` is the whole job: read every host's state, and for
each instance filter, weigh, pick, consume and record the pick on the
instance row. It runs under one process-wide lock, so two requests in this
scheduler never pick from the same stale view: the second one counts the
instances the first one placed.
"""

import random

from oslo_concurrency import lockutils
from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import excutils
from oslo_utils import timeutils

from minova.compute import instance_state
import minova.conf
from minova import exception
from minova import objects
from minova.scheduler import host_manager
from minova.timeline import spans

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

_SELECT_LOCK = 'minova-scheduler-select-destinations'


class SchedulerManager:
    """Picks hosts with filters and weighers (Nova's filter scheduler)."""

    target = messaging.Target(version='1.30')

    def __init__(self):
        self.host_manager = host_manager.HostManager()

    # NoValidHost is an answer, not a failure: the caller gets it re-raised
    # and our log gets no traceback.
    @messaging.expected_exceptions(exception.NoValidHost)
    def select_destinations(self, context, spec_obj, instance_uuids,
                            migration_id=None):
        """One ``{'host', 'nodename', 'limits'}`` per instance, in order;
        for a move (``migration_id``) the pick goes on the migration."""
        LOG.info('Selecting destinations for %d instance(s): %s',
                 len(instance_uuids), ', '.join(instance_uuids))
        watch = timeutils.StopWatch().start()
        step = _Step(timeutils.utcnow())
        try:
            with lockutils.lock(_SELECT_LOCK):
                step.locked = timeutils.utcnow()
                destinations = self._schedule(context, spec_obj,
                                              instance_uuids, migration_id,
                                              step.filters)
        except exception.NoValidHost as error:
            LOG.info('Selecting destinations failed after %.3fs: %s',
                     watch.elapsed(), error.format_message())
            step.record(context, instance_uuids, failed=True)
            raise
        step.record(context, instance_uuids, destinations)
        LOG.info('Selected destinations %s in %.3fs',
                 ', '.join('%s/%s' % (d['host'], d['nodename'])
                           for d in destinations), watch.elapsed())
        return destinations

    def _schedule(self, context, spec_obj, instance_uuids,
                  migration_id=None, filter_counts=None):
        group = spec_obj.instance_group
        if group is not None:
            self._refresh_group(context, group, instance_uuids)
        filter_counts = {} if filter_counts is None else filter_counts
        # A moving instance still takes room on its own host.
        exclude = () if migration_id is not None else instance_uuids
        manager = self.host_manager
        before = _group_view(group)
        host_states = manager.get_host_states(context,
                                              exclude_instances=exclude)
        chosen, explanation = self._choose_hosts(
            host_states, spec_obj, instance_uuids, filter_counts)
        if len(chosen) < len(instance_uuids) and manager.usage.kept:
            # Deletes since the kept usage was read may have made room.
            _restore_group(group, before)
            for instance_uuid in instance_uuids:
                filter_counts.pop(instance_uuid, None)
            host_states = manager.get_host_states(
                context, exclude_instances=exclude, fresh=True)
            chosen, explanation = self._choose_hosts(
                host_states, spec_obj, instance_uuids, filter_counts)
        if len(chosen) < len(instance_uuids):
            raise exception.NoValidHost(
                reason='There are not enough hosts available.',
                explanation=_explain(host_states, explanation))
        usage = spec_obj.flavor.usage()
        try:
            if migration_id is not None:
                self._record_move(context, migration_id, chosen[0])
                manager.placed(instance_uuids[0], chosen[0], usage,
                               move=True)
            else:
                written = self._record_placements(context, instance_uuids,
                                                  chosen)
                for instance_uuid, state in zip(instance_uuids, chosen):
                    if instance_uuid in written:
                        manager.placed(instance_uuid, state, usage)
        except Exception:
            with excutils.save_and_reraise_exception():
                manager.usage.forget()
        # No limits: the pick above is the claim (usage is counted from the
        # instance rows under the lock), so compute need not re-check one.
        return [{'host': state.host, 'nodename': state.nodename,
                 'limits': {}} for state in chosen]

    def _choose_hosts(self, host_states, spec_obj, instance_uuids,
                      filter_counts):
        """A host state for each instance, in order, until one finds
        none; with the reasons of the last one tried."""
        group = spec_obj.instance_group
        chosen = []
        explanation = []
        for index, instance_uuid in enumerate(instance_uuids):
            host_state = self._choose_host(
                host_states, spec_obj, index, explanation,
                filter_counts.setdefault(instance_uuid, []))
            if host_state is None:
                break
            # Later instances of this request see what this one takes...
            host_state.consume_from_request(spec_obj, instance_uuid)
            if group is not None:
                # ...and where it went, for the server-group rules.
                group.hosts = group.hosts + [host_state.host]
                if instance_uuid not in group.members:
                    group.members = group.members + [instance_uuid]
            chosen.append(host_state)
        return chosen, explanation

    def _choose_host(self, host_states, spec_obj, index, explanation=None,
                     counts=None):
        """A random one of the best ``host_subset_size`` hosts, or None.

        The randomness keeps schedulers that share hosts from all piling
        onto the single best one.
        """
        explanation = [] if explanation is None else explanation
        del explanation[:]
        hosts = self.host_manager.get_filtered_hosts(
            host_states, spec_obj, index, explanation, counts)
        if not hosts:
            return None
        weighed = self.host_manager.get_weighed_hosts(hosts, spec_obj)
        LOG.debug('Weighed hosts: %s', weighed)
        subset = weighed[:CONF.filter_scheduler.host_subset_size]
        return random.choice(subset).host_state

    @staticmethod
    def _refresh_group(context, group, instance_uuids):
        """Bring the group's members and their hosts up to now.

        The caller looked them up before waiting for our lock; a request
        for the same group that held the lock meanwhile has placed members
        that the rules must see.
        """
        for name in ('hosts', 'members'):
            if not group.obj_attr_is_set(name):
                setattr(group, name, [])
        if not group.obj_attr_is_set('uuid'):
            return
        try:
            current = objects.InstanceGroup.get_by_uuid(context, group.uuid)
        except exception.InstanceGroupNotFound:
            return
        group.members = sorted(set(group.members) | set(current.members))
        group.hosts = sorted(set(group.hosts) |
                             set(current.get_hosts(exclude=instance_uuids)))

    @staticmethod
    def _record_move(context, migration_id, state):
        """The move's room on its destination, before the lock is let go
        (migration rows count as usage: objects/migration.py)."""
        migration = objects.Migration.get_by_id(context, migration_id)
        migration.dest_compute = state.host
        migration.dest_node = state.nodename
        migration.dest_host = state.host
        migration.save()

    def _record_placements(self, context, instance_uuids, host_states):
        """Write host and node on each instance row; all or none. The
        instances written (not those deleted meanwhile)."""
        written = []
        try:
            for instance_uuid, state in zip(instance_uuids, host_states):
                if self._set_instance_host(context, instance_uuid,
                                           state.host, state.nodename):
                    written.append(instance_uuid)
        except Exception:
            with excutils.save_and_reraise_exception():
                for instance_uuid in written:
                    self._set_instance_host(context, instance_uuid,
                                            None, None)
        return written

    @staticmethod
    def _set_instance_host(context, instance_uuid, host, node):
        """False when the instance was deleted meanwhile (not an error)."""
        instance = objects.Instance(context, uuid=instance_uuid)
        with instance_state.unless_gone(instance) as outcome:
            instance = objects.Instance.get_by_uuid(context, instance_uuid)
            instance_state.set_placement(instance, host, node)
        return not outcome.gone


class _Step:
    """The timeline's scheduling step: one span per instance with the
    wait for the lock and each filter's host counts, written (this
    process has the database) once the answer is on its way."""

    def __init__(self, start):
        self.start = start
        self.locked = None
        self.filters = {}

    def record(self, context, instance_uuids, destinations=(),
               failed=False):
        picked = dict(zip(instance_uuids, destinations))
        lock_wait = round(((self.locked or self.start) - self.start)
                          .total_seconds(), 6)
        for instance_uuid in instance_uuids:
            dest = picked.get(instance_uuid)
            spans.record(context, 'scheduler_select_destinations',
                         self.start, instance_uuid=instance_uuid,
                         lock_wait=lock_wait,
                         filters=self.filters.get(instance_uuid, []),
                         host=dest['host'] if dest else None,
                         failed=failed)
        spans.flush_after_reply(context, instance_uuids)


def _group_view(group):
    """The server group's hosts and members, to undo a failed try."""
    if group is None:
        return None
    return list(group.hosts), list(group.members)


def _restore_group(group, view):
    if group is not None:
        group.hosts, group.members = view


def _explain(host_states, lines):
    """Plain words for why no host could take the instance."""
    if not host_states:
        return 'No compute hosts are known to the scheduler.'
    if not lines:
        return 'No host was left after the move and forced-host rules.'
    return '\n'.join(str(line) for line in lines)
