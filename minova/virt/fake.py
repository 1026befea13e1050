"""A virt driver without a hypervisor, for tests and benchmarks.

It keeps guests in memory, reports the capacity its config gives, can
take time to spawn ([fake_driver] spawn_delay) and can fail on purpose
([fake_driver] fail_spawn_for_names, fail_all_spawns) so the reschedule
and error paths of the control plane can be exercised.
"""

import json
import os
import tempfile

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import power_state
from minova.compute import task_states
from minova import concurrency
import minova.conf
from minova import exception
from minova.image import glance
from minova.network import model
from minova.timeline import spans
from minova.virt import driver

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


class FakeGuest:
    def __init__(self, instance):
        self.name = instance.name
        self.uuid = instance.uuid
        self.state = power_state.RUNNING
        self.console = []
        self.network_info = None
        self.rescued_with = None

    def to_dict(self):
        return {'name': self.name, 'uuid': self.uuid, 'state': self.state,
                'console': self.console[-50:],
                'rescued_with': self.rescued_with}

    @classmethod
    def from_dict(cls, values):
        guest = cls.__new__(cls)
        guest.network_info = None
        guest.rescued_with = None
        guest.__dict__.update(values)
        return guest

    def log(self, line):
        self.console.append('[%s] %s' % (timeutils.utcnow().isoformat(),
                                         line))


class FakeDriver(driver.ComputeDriver):
    def __init__(self, image_api=None):
        self.guests = {}
        # Guests powered off by a resize, kept for a revert.
        self.kept = {}
        # Instances whose "files" (an instance directory) are on this
        # host: a guest that vanished is made again from them.
        self.disks = set()
        self.host = None
        self.started_at = timeutils.utcnow()
        self.image_api = image_api or glance.API()

    def init_host(self, host):
        self.host = host
        self._load()

    # -- the hypervisor that outlives the process ([fake_driver] state_file)

    def _load(self):
        path = CONF.fake_driver.state_file
        if not path or not os.path.exists(path):
            return
        with open(path) as state:
            data = json.load(state)
        self.guests = {uuid: FakeGuest.from_dict(values)
                       for uuid, values in data['guests'].items()}
        self.kept = {uuid: FakeGuest.from_dict(values)
                     for uuid, values in data.get('kept', {}).items()}
        self.disks = set(data['disks'])
        LOG.info('The fake hypervisor has %d guest(s)', len(self.guests))

    def _save(self):
        path = CONF.fake_driver.state_file
        if not path:
            return
        tmp = path + '.tmp'
        with open(tmp, 'w') as state:
            json.dump({'guests': {uuid: guest.to_dict() for uuid, guest
                                  in self.guests.items()},
                       'kept': {uuid: guest.to_dict() for uuid, guest
                                in self.kept.items()},
                       'disks': sorted(self.disks)}, state)
        os.replace(tmp, path)

    def get_available_nodes(self):
        return [self.host or CONF.host]

    def get_available_resource(self, nodename):
        conf = CONF.fake_driver
        return {
            'vcpus': conf.vcpus, 'memory_mb': conf.memory_mb,
            'local_gb': conf.local_gb, 'hypervisor_type': 'fake',
            'hypervisor_version': 1000, 'hypervisor_hostname': nodename,
            'cpu_info': json.dumps({'arch': 'x86_64', 'model': 'fake',
                                    'vendor': 'minova',
                                    'topology': {'sockets': 1,
                                                 'cores': conf.vcpus,
                                                 'threads': 1}}),
            'disk_available_least': conf.local_gb,
            'supported_instances': [['x86_64', 'fake', 'hvm'],
                                    ['i686', 'fake', 'hvm']],
            'host_ip': '127.0.0.1',
        }

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, network_info=None, block_device_info=None):
        conf = CONF.fake_driver
        with spans.span(context, 'fake_spawn'):
            if conf.spawn_delay:
                concurrency.sleep(conf.spawn_delay)
        if conf.fail_all_spawns or \
                instance.display_name in conf.fail_spawn_for_names:
            raise exception.InstanceDeployFailure(
                reason='the fake driver was told to fail this spawn on '
                       'host %s' % self.host)
        guest = FakeGuest(instance)
        guest.log('fake guest %s booted (uuid %s, hostname %s)'
                  % (instance.name, instance.uuid, instance.hostname))
        self.guests[instance.uuid] = guest
        self.disks.add(instance.uuid)
        self._save()

    def _guest(self, instance):
        guest = self.guests.get(instance.uuid)
        if guest is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return guest

    def _guest_or_remade(self, instance):
        """The guest; one made again from its files if it vanished (a
        hard reboot or start, as the libvirt driver does)."""
        if instance.uuid not in self.guests and instance.uuid in self.disks:
            LOG.warning('The guest is gone; re-creating it from its files',
                        instance=instance)
            self.guests[instance.uuid] = FakeGuest(instance)
            self._save()
        return self._guest(instance)

    def destroy(self, context, instance, network_info=None,
                block_device_info=None):
        self.guests.pop(instance.uuid, None)
        self.disks.discard(instance.uuid)
        self._save()

    def reboot(self, context, instance, network_info, reboot_type):
        guest = (self._guest(instance) if reboot_type == 'SOFT'
                 else self._guest_or_remade(instance))
        guest.state = power_state.RUNNING
        guest.log('%s reboot' % reboot_type.lower())
        self._save()

    def power_off(self, instance, timeout=None, retry_interval=None):
        guest = self._guest(instance)
        guest.state = power_state.SHUTDOWN
        guest.log('powered off')
        self._save()

    def power_on(self, context, instance, network_info=None):
        guest = self._guest_or_remade(instance)
        guest.state = power_state.RUNNING
        guest.log('powered on')
        self._save()

    def snapshot(self, context, instance, image_id, update_task_state):
        guest = self._guest(instance)
        update_task_state(task_states.IMAGE_PENDING_UPLOAD)
        update_task_state(task_states.IMAGE_UPLOADING,
                          expected_state=task_states.IMAGE_PENDING_UPLOAD)
        fd, path = tempfile.mkstemp(prefix='fake-snapshot-')
        try:
            with os.fdopen(fd, 'w') as data:
                data.write('fake snapshot of %s\n' % guest.uuid)
            self.image_api.upload(context, image_id, path, 'raw', 'bare')
        finally:
            os.remove(path)
        guest.log('snapshot %s taken' % image_id)

    def rescue(self, context, instance, network_info, image_meta,
               rescue_password):
        guest = self._guest(instance)
        guest.rescued_with = image_meta['id']
        guest.state = power_state.RUNNING
        guest.log('rescued with image %s' % image_meta['id'])
        self._save()

    def unrescue(self, context, instance, network_info):
        guest = self._guest(instance)
        guest.rescued_with = None
        guest.log('unrescued')
        self._save()

    def _change(self, instance, expected, state, line):
        """Move the guest from one of the ``expected`` power states."""
        guest = self._guest(instance)
        if guest.state not in expected:
            raise exception.InstanceNotRunning(instance_id=instance.uuid)
        guest.state = state
        guest.log(line)
        self._save()

    def pause(self, instance):
        self._change(instance, [power_state.RUNNING], power_state.PAUSED,
                     'paused')

    def unpause(self, instance):
        self._change(instance, [power_state.PAUSED], power_state.RUNNING,
                     'unpaused')

    def suspend(self, context, instance):
        self._change(instance, [power_state.RUNNING, power_state.PAUSED],
                     power_state.SUSPENDED, 'suspended')

    def resume(self, context, instance, network_info=None):
        self._change(instance, [power_state.SUSPENDED], power_state.RUNNING,
                     'resumed')

    def trigger_crash_dump(self, instance):
        self._change(instance, [power_state.RUNNING, power_state.PAUSED],
                     self._guest(instance).state, 'NMI received')

    def get_info(self, instance):
        guest = self.guests.get(instance.uuid)
        return driver.InstanceInfo(guest.state if guest
                                   else power_state.NOSTATE)

    def get_console_output(self, context, instance):
        return '\n'.join(self._guest(instance).console) + '\n'

    def list_instance_uuids(self):
        return list(self.guests)

    # -- moves: the "disk" is the guest's console, read in pieces ---------

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info, timeout=None):
        if CONF.fake_driver.migrate_delay:
            concurrency.sleep(CONF.fake_driver.migrate_delay)
        guest = self.guests.pop(instance.uuid, None)
        if guest is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        guest.state = power_state.SHUTDOWN
        guest.log('moving to %s' % dest)
        self.kept[instance.uuid] = guest
        self._save()
        data = '\n'.join(guest.console)
        return {'files': [{'name': 'console', 'size': len(data)}]}

    def read_migration_disk(self, instance, name, offset, length):
        guest = self.kept.get(instance.uuid)
        if guest is None:
            raise exception.MigrationError(reason='nothing kept for %s'
                                           % instance.uuid)
        return '\n'.join(guest.console)[offset:offset + length]

    def finish_migration(self, context, migration, instance, flavor,
                         disk_info, network_info, read, power_on=True):
        size = disk_info['files'][0]['size']
        data = ''
        while len(data) < size:
            data += read('console', len(data), 4096)
        guest = FakeGuest(instance)
        guest.console = data.split('\n') if data else []
        guest.state = power_state.RUNNING if power_on \
            else power_state.SHUTDOWN
        guest.log('arrived from %s with flavor %s'
                  % (migration.source_compute, flavor.name))
        self.guests[instance.uuid] = guest
        self.disks.add(instance.uuid)
        self._save()

    def confirm_migration(self, context, migration, instance):
        self.kept.pop(instance.uuid, None)
        self._save()

    def finish_revert_migration(self, context, instance, old_flavor,
                                network_info, power_on=True):
        guest = self.kept.pop(instance.uuid)
        guest.state = power_state.RUNNING if power_on \
            else power_state.SHUTDOWN
        guest.log('reverted to flavor %s' % old_flavor.name)
        self.guests[instance.uuid] = guest
        self.disks.add(instance.uuid)
        self._save()

    def destroy_evacuated(self, context, instance):
        self.guests.pop(instance.uuid, None)
        self.kept.pop(instance.uuid, None)
        self._save()

    def get_host_uptime(self):
        now = timeutils.utcnow()
        minutes = int((now - self.started_at).total_seconds() // 60)
        return (' %s up %d min,  0 users,  load average: 0.00, 0.00, 0.00\n'
                % (now.strftime('%H:%M:%S'), minutes))

    def inject_network_info(self, instance, network_info):
        guest = self._guest(instance)
        guest.network_info = network_info
        guest.log('network info injected: %s'
                  % ', '.join(ip['address'] for vif in network_info
                              for ip in model.fixed_ips(vif)))

    def list_guests_of_host(self, host):
        # One fake hypervisor per compute process: all of them are ours.
        return set(self.guests)

    def list_instance_dirs(self):
        return set(self.disks)

    def remove_instance_files(self, uuid):
        self.disks.discard(uuid)
        self._save()
