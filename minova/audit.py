"""``minova-manage audit [--fix]``: leftovers across the cloud, the way
operators use ``nova-manage placement audit``.

From the database: instances stuck in a task state past their time-out
(conductor/stale_tasks.py), deleted instances whose guest is not known
gone (their addresses stay taken until their host reaps them), addresses
and interfaces of instances that are gone, and compute nodes whose
reported usage differs from the instances placed on them (claims). From
each compute host that is up (RPC ``audit_host``): orphaned guests and
instance directories, guests of deleted instances still there, and the
guests it could not prove its own (virt/libvirt/ownership.py: this
host's name with disks elsewhere, or disks under its instances_path and
another name), which are only listed, "unproven", never touched. From
minova-network (RPC ``audit_dhcp``): DHCP entries without an address row
and rows not served. From the image service (HTTP, as an admin): images
left queued or saving with no upload running for ``[glance]
stale_upload_age`` and of no instance still snapshotting (an interrupted
snapshot).

``--fix`` settles the stuck instances, frees the orphaned addresses and
has each host destroy its leftovers and minova-network rewrite DHCP, and
deletes the stale images (Nova deletes the image of a failed snapshot).
A deleted instance whose host is down is only reported: its guest may
still run there, so its address is not freed.
"""

import datetime
import typing

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import rpcapi as compute_rpcapi
from minova.compute import task_states
import minova.conf
from minova.conductor import stale_tasks
from minova.db.deferred import api as db
from minova import exception
from minova.image import glance
from minova.network import rpcapi as network_rpcapi
from minova import objects

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

# An instance in one of these is still making its snapshot's image.
_SNAPSHOTTING = (task_states.IMAGE_SNAPSHOT, task_states.IMAGE_BACKUP,
                 task_states.IMAGE_PENDING_UPLOAD,
                 task_states.IMAGE_UPLOADING)


class Finding(typing.NamedTuple):
    kind: str       # stuck | uncleaned | fixed-ip | claims | guest | ...
    where: str      # a host, a network, 'cloud'
    what: str       # the instance uuid (or network entry) concerned
    detail: str
    fixed: bool = False


class Audit:
    def __init__(self, context, fix=False, compute_api=None,
                 network_api=None, image_api=None):
        self.context = context
        self.fix = fix
        self._compute_api = compute_api
        self._network_api = network_api
        self.image_api = image_api or glance.API()

    @property
    def compute_api(self):
        if self._compute_api is None:
            self._compute_api = compute_rpcapi.ComputeAPI()
        return self._compute_api

    @property
    def network_api(self):
        if self._network_api is None:
            self._network_api = network_rpcapi.NetworkAPI()
        return self._network_api

    def run(self):
        findings = []
        for check in (self.stuck, self.uncleaned, self.fixed_ips,
                      self.claims, self.hosts, self.dhcp, self.images):
            try:
                findings.extend(check())
            except Exception as error:
                LOG.exception('Audit step %s failed', check.__name__)
                findings.append(Finding('error', 'cloud', check.__name__,
                                        str(error)))
        return findings

    def _computes(self):
        return {s.host: s for s in objects.ServiceList.get_all(self.context)
                if s.binary == 'minova-compute'}

    def stuck(self):
        found = [Finding('stuck', instance.host or '-', instance.uuid,
                         'task state %s for more than %ss'
                         % (instance.task_state or instance.vm_state,
                            timeout), self.fix)
                 for instance, _rule, timeout in
                 stale_tasks.stale_instances(self.context)]
        if self.fix and found:
            stale_tasks.check(self.context)
        return found

    def uncleaned(self):
        services = self._computes()
        found = []
        for instance in objects.InstanceList.get_by_filters(
                self.context, {'deleted': True, 'cleaned': False}):
            service = services.get(instance.host)
            state = 'up' if service is not None and service.is_up() \
                else 'down'
            found.append(Finding(
                'uncleaned', instance.host or '-', instance.uuid,
                'deleted; its guest is not known gone (host %s), so its '
                'addresses stay taken' % state))
        return found

    def fixed_ips(self):
        found = []
        for uuid in db.instance_uuids_with_orphaned_interfaces():
            addresses = [ip.address for ip in
                         objects.FixedIPList.get_by_instance_uuid(
                             self.context, uuid)]
            if self.fix:
                self.network_api.deallocate_for_instance(self.context, uuid,
                                                         None)
            found.append(Finding('fixed-ip', 'cloud', uuid,
                                 'held by a gone instance: %s'
                                 % (', '.join(addresses) or 'a MAC only'),
                                 self.fix))
        return found

    def claims(self):
        placements = objects.InstanceList.placements(self.context)
        found = []
        for node in objects.ComputeNodeList.get_all(self.context):
            mine = [p for p in placements if (p.host, p.node) ==
                    (node.host, node.hypervisor_hostname)]
            vcpus = sum(p.usage.vcpus for p in mine)
            if (node.running_vms or 0, node.vcpus_used) != (
                    len(mine), vcpus) and not self._settling(node):
                found.append(Finding(
                    'claims', node.host, node.hypervisor_hostname,
                    'reports %s instance(s), %s vCPU(s); %d, %d are placed '
                    'there (its next resource update corrects it)'
                    % (node.running_vms, node.vcpus_used, len(mine),
                       vcpus)))
        return found

    @staticmethod
    def _settling(node):
        """An instance on the node changed after its last report, a moment
        ago: the next report counts it (no leftover yet)."""
        changed = db.instance_last_change(node.host)
        reported = node.updated_at or node.created_at
        if changed is None or reported is None:
            return False
        now = timeutils.utcnow().replace(tzinfo=None)
        window = datetime.timedelta(
            seconds=2 * CONF.update_resources_interval)
        return reported.replace(tzinfo=None) <= changed > now - window

    def hosts(self):
        found = []
        computes = self._computes()
        for host, service in sorted(computes.items()):
            if not service.is_up():
                found.append(Finding('host-down', host, '-',
                                     'not audited: the compute service '
                                     'is down'))
                continue
            report = self.compute_api.audit_host(self.context, host,
                                                 fix=self.fix)
            for uuid, what in sorted(report['orphans'].items()):
                found.append(Finding(what, host, uuid,
                                     'orphaned: no instance of this host',
                                     self.fix))
            for uuid in report['deleted_guests']:
                found.append(Finding('guest', host, uuid,
                                     'guest of a deleted instance',
                                     self.fix))
            found.extend(self._unproven(host, report, computes))
        return found

    @staticmethod
    def _unproven(host, report, computes):
        """Guests the host could not prove its own or another's: listed,
        never touched, ``--fix`` or not. One naming another compute of
        this cloud is that compute's to prove (computes on one machine
        may share instances_path)."""
        return [Finding('unproven', host, uuid, 'not provably this '
                        'host\'s, never touched: the domain %s'
                        % entry['detail'])
                for uuid, entry in sorted(report.get('unproven',
                                                     {}).items())
                if entry['host'] == host or entry['host'] not in computes]

    def dhcp(self):
        found = []
        for entry in self.network_api.audit_dhcp(self.context, fix=self.fix):
            for mac, address in entry['extra']:
                found.append(Finding('dhcp', entry['network'], address,
                                     'served for %s without an address '
                                     'row' % mac, self.fix))
            for mac, address in entry['missing']:
                found.append(Finding('dhcp', entry['network'], address,
                                     'allocated to %s but not served' % mac,
                                     self.fix))
        return found

    def images(self):
        """Images queued or saving, untouched for ``[glance]
        stale_upload_age`` and of no instance still snapshotting: an
        interrupted snapshot or upload. ``fix`` deletes them."""
        age = CONF.glance.stale_upload_age
        cutoff = timeutils.utcnow() - datetime.timedelta(seconds=age)
        images = []
        for hidden in ('false', 'true'):
            images += self.image_api.list(self.context, {
                'status': 'in:queued,saving', 'os_hidden': hidden,
                'updated_at': cutoff.strftime('lt:%Y-%m-%dT%H:%M:%SZ')})
        busy = self._snapshotting({image['properties'].get('instance_uuid')
                                   for image in images})
        return [self._stale_image(image, age) for image in images
                if image['properties'].get('instance_uuid') not in busy]

    def _snapshotting(self, uuids):
        uuids = sorted(uuid for uuid in uuids if uuid)
        if not uuids:
            return set()
        return {i.uuid for i in objects.InstanceList.get_by_filters(
            self.context, {'uuid': uuids}) if i.task_state in _SNAPSHOTTING}

    def _stale_image(self, image, age):
        detail = '%s for more than %ss, no upload running' % (
            image['status'], age)
        instance = image['properties'].get('instance_uuid')
        if instance:
            detail += ' (snapshot of %s)' % instance
        fixed = False
        if self.fix:
            try:
                self.image_api.delete(self.context, image['id'])
                fixed = True
            except exception.ImageNotFound:
                fixed = True        # gone meanwhile
            except exception.ImageNotAuthorized:
                detail += '; protected, not deleted'
        return Finding('image', 'image-api', image['id'], detail, fixed)


def format_table(findings):
    lines = ['%-10s %-16s %-36s %-5s %s' % ('Kind', 'Where', 'What',
                                            'Fixed', 'Detail')]
    for f in findings:
        lines.append('%-10s %-16s %-36s %-5s %s' % (
            f.kind, f.where, f.what, 'yes' if f.fixed else 'no', f.detail))
    lines.append('%d leftover(s) found, %d fixed' % (
        len(findings), sum(f.fixed for f in findings)))
    return '\n'.join(lines)
