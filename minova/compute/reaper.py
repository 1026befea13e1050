"""Leftovers on this compute host: guests of deleted instances and
orphans. Both run at start and as periodic tasks of the manager.

``DeletedGuestReaper`` (Nova's ``running_deleted_instance_*``): an
instance deleted while its host was down (a local delete, or the
conductor finishing a stale delete) is marked deleted but not
``cleaned``; its guest may still run and keeps its addresses. This host
destroys the guest (``running_deleted_instance_action = reap``; ``log``
only logs, ``noop`` does nothing), gives its addresses back to
minova-network and marks it cleaned. A guest that is gone already is
cleaned whatever the action.

A domain with the instance's uuid that is not provably this host's is
neither destroyed nor taken for gone (the instance stays uncleaned, its
addresses taken), only logged.

``OrphanReaper``: a guest this host made (libvirt: its name in minova's
domain metadata *and* every disk under this compute's instances_path,
virt/libvirt/ownership.py, so a shared libvirtd's other guests, another
cloud's host of the same name included, are never touched)
or an instance directory that matches no instance this host should have
is destroyed once it was seen for ``orphan_grace_period`` seconds, and
logged. An instance in a task state elsewhere (on its way here) is
never taken for an orphan.
"""

import time

from oslo_log import log as logging
from oslo_utils import timeutils

import minova.conf
from minova import objects

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


class DeletedGuestReaper:
    """``manager``: the ComputeManager (its host, driver, network API)."""

    def __init__(self, manager):
        self.manager = manager
        self.host = manager.host
        self.driver = manager.driver

    def uncleaned(self, context):
        return objects.InstanceList.get_by_filters(
            context, {'host': self.host, 'deleted': True, 'cleaned': False})

    def run(self, context):
        """Act on each deleted, uncleaned instance of this host; the
        uuids cleaned."""
        cleaned = []
        present, unproven = self._guests()
        for instance in self.uncleaned(context):
            if instance.uuid in unproven:
                self._log_unproven(instance)
                continue
            if instance.uuid in present and not self._act_on_guest(
                    context, instance):
                continue
            try:
                self._clean(context, instance)
            except Exception:
                LOG.exception('Cleaning up the deleted instance failed',
                              instance=instance)
                continue
            cleaned.append(instance.uuid)
        return cleaned

    def audit(self, context, fix=False):
        """uuids of deleted instances whose guest is still here; with
        ``fix`` they are reaped now."""
        present, unproven = self._guests()
        found = []
        for instance in self.uncleaned(context):
            if instance.uuid in unproven:
                self._log_unproven(instance)
                continue
            if instance.uuid not in present:
                continue
            found.append(instance.uuid)
            if fix:
                self._clean(context, instance)
        return found

    def _guests(self):
        """(uuids of this host's guests, uuids of other domains): a
        domain that is not provably ours is not known gone either."""
        present = set(self.driver.list_guests_of_host(self.host))
        return present, set(self.driver.list_instance_uuids()) - present

    @staticmethod
    def _log_unproven(instance):
        LOG.warning('A domain with the uuid of this deleted instance runs '
                    'but cannot be proven this host\'s (see the libvirt '
                    'driver\'s ownership test): not destroyed, and its '
                    'addresses stay taken', instance=instance)

    def _act_on_guest(self, context, instance):
        """True when the running guest of the deleted instance is to be
        destroyed now."""
        timeout = CONF.running_deleted_instance_timeout
        if timeout and instance.deleted_at and \
                not timeutils.is_older_than(instance.deleted_at, timeout):
            return False
        action = CONF.running_deleted_instance_action
        if action == 'noop':
            return False
        if action == 'log':
            LOG.warning('The guest of a deleted instance is still on this '
                        'host (running_deleted_instance_action = log): its '
                        'addresses stay taken', instance=instance)
            return False
        LOG.warning('Reaping the guest of an instance deleted while this '
                    'host was down', instance=instance)
        return True

    def _clean(self, context, instance):
        network_info = self.manager.network_info(context, instance)
        self.driver.destroy(context, instance, network_info)
        if network_info:
            try:
                self.manager.network_api.deallocate_for_instance(
                    context, instance)
            except Exception:
                # Cleaned all the same: minova-network frees the
                # addresses of a cleaned instance at its next host sync.
                LOG.exception('Giving back the network failed',
                              instance=instance)
        instance.mark_cleaned()
        LOG.info('The deleted instance is cleaned: its addresses are free',
                 instance=instance)


class OrphanReaper:
    def __init__(self, host, driver, clock=time.monotonic):
        self.host = host
        self.driver = driver
        self.clock = clock
        self.first_seen = {}    # uuid -> clock() when first an orphan

    def orphans(self, context):
        """{uuid: 'guest' | 'files'} on this host that no instance owns."""
        guests = set(self.driver.list_guests_of_host(self.host))
        dirs = set(self.driver.list_instance_dirs()) - guests
        uuids = sorted(guests | dirs)
        if not uuids:
            return {}
        live = {i.uuid: i for i in objects.InstanceList.get_by_filters(
            context, {'uuid': uuids})}
        uncleaned = {i.uuid: i for i in objects.InstanceList.get_by_filters(
            context, {'uuid': uuids, 'deleted': True, 'cleaned': False})}
        found = {}
        for uuid in guests:
            if not self._owned_here(live.get(uuid), uncleaned.get(uuid)):
                found[uuid] = 'guest'
        for uuid in dirs:
            if uuid not in live and uuid not in uncleaned:
                found[uuid] = 'files'
        return found

    def _owned_here(self, live, uncleaned):
        if live is not None:
            # Here, or on its way (a task state: a move in flight).
            return live.host == self.host or live.task_state is not None
        # The deleted-guest reaper's (and its action's) business.
        return uncleaned is not None and uncleaned.host == self.host

    def audit(self, context, fix=False):
        """{'orphans': {uuid: what}, 'unproven': {uuid: {'host',
        'detail'}}}; ``fix`` destroys the orphans now, never the
        unproven guests (they may be another cloud's)."""
        found = self.orphans(context)
        if fix:
            for uuid, what in found.items():
                self._destroy(context, uuid, what)
                LOG.warning('Destroyed orphaned %s %s (audit --fix)', what,
                            uuid)
        return {'orphans': found,
                'unproven': self.driver.list_unproven_guests(self.host)}

    def run(self, context):
        """Destroy the orphans seen for the grace period; their uuids."""
        now = self.clock()
        found = self.orphans(context)
        self.first_seen = {uuid: self.first_seen.get(uuid, now)
                           for uuid in found}
        reaped = []
        for uuid, what in sorted(found.items()):
            age = now - self.first_seen[uuid]
            if age < CONF.orphan_grace_period:
                LOG.info('Orphaned %s %s seen for %.0fs; destroyed after '
                         '%ss', what, uuid, age, CONF.orphan_grace_period)
                continue
            try:
                self._destroy(context, uuid, what)
            except Exception:
                LOG.exception('Destroying orphaned %s %s failed', what, uuid)
                continue
            LOG.warning('Destroyed orphaned %s %s (no instance of host %s '
                        'owns it)', what, uuid, self.host)
            self.first_seen.pop(uuid, None)
            reaped.append(uuid)
        return reaped

    def _destroy(self, context, uuid, what):
        if what == 'files':
            self.driver.remove_instance_files(uuid)
        else:
            self.driver.destroy(context, objects.Instance(context,
                                                          uuid=uuid))
