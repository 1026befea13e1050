"""The interface every virt driver implements (fake, libvirt).

The compute manager only ever talks to a driver through these methods.
"""

import importlib

from minova import exception


class InstanceInfo:
    def __init__(self, state):
        self.state = state


class ComputeDriver:
    def init_host(self, host):
        """Check the hypervisor is reachable; called once at start."""

    def get_available_nodes(self):
        """Names of the hypervisor nodes this host offers."""
        raise NotImplementedError()

    def get_available_resource(self, nodename):
        """Capacity of ``nodename``: a dict with vcpus, memory_mb,
        local_gb, hypervisor_type, hypervisor_version,
        hypervisor_hostname, cpu_info (JSON string), disk_available_least,
        supported_instances ([[arch, hv_type, vm_mode]]) and host_ip."""
        raise NotImplementedError()

    def spawn(self, context, instance, image_meta, injected_files,
              admin_password, network_info=None, block_device_info=None):
        """Create and start the guest; raise to fail the build."""
        raise NotImplementedError()

    def destroy(self, context, instance, network_info=None,
                block_device_info=None):
        """Remove the guest and everything of it on this host; a guest
        that does not exist is not an error."""
        raise NotImplementedError()

    def reboot(self, context, instance, network_info, reboot_type):
        raise NotImplementedError()

    def power_off(self, instance):
        raise NotImplementedError()

    def power_on(self, context, instance, network_info=None):
        raise NotImplementedError()

    def snapshot(self, context, instance, image_id, update_task_state):
        """The guest's root disk, flattened, as the data of image
        ``image_id``. Calls ``update_task_state(IMAGE_PENDING_UPLOAD)``
        before it reads the disk and ``update_task_state(IMAGE_UPLOADING,
        expected_state=IMAGE_PENDING_UPLOAD)`` before it uploads."""
        raise NotImplementedError()

    def rescue(self, context, instance, network_info, image_meta,
               rescue_password):
        """Boot the guest from ``image_meta`` with its own root disk
        attached second."""
        raise NotImplementedError()

    def unrescue(self, context, instance, network_info):
        """Boot the guest from its own disk again; the rescue files go."""
        raise NotImplementedError()

    def pause(self, instance):
        """Stop the guest's vCPUs; its memory stays where it is."""
        raise NotImplementedError()

    def unpause(self, instance):
        raise NotImplementedError()

    def suspend(self, context, instance):
        """Save the guest's memory to disk and stop it."""
        raise NotImplementedError()

    def resume(self, context, instance, network_info=None):
        """Start a suspended guest from its saved memory."""
        raise NotImplementedError()

    def soft_delete(self, instance):
        """Keep the guest but stop it (a restorable delete); by default
        a power off, as Nova falls back to."""
        self.power_off(instance)

    def restore(self, context, instance, network_info=None):
        """Undo soft_delete; by default a power on."""
        self.power_on(context, instance, network_info)

    def trigger_crash_dump(self, instance):
        """Inject an NMI so the guest's kernel can dump and reboot."""
        raise exception.TriggerCrashDumpNotSupported()

    def get_info(self, instance):
        """InstanceInfo with the guest's power_state."""
        raise NotImplementedError()

    def get_console_output(self, context, instance):
        raise NotImplementedError()

    def list_instance_uuids(self):
        raise NotImplementedError()

    def plug_vifs(self, instance, network_info):
        """The host side of the guest's VIFs (drivers whose guests need
        none have nothing to do)."""

    def ensure_filtering_rules_for_instance(self, context, instance,
                                            network_info):
        """Rebuild the guest's filters (a restarted compute service):
        the whole seed order, hairpin included, for a guest that runs."""

    def refresh_instance_security_rules(self, context, instance,
                                        network_info):
        """Rebuild the guest's inbound filter from its security groups
        (drivers without a firewall have nothing to do)."""

    # -- moves between hosts (compute/resize.py, compute/evacuate.py) -----

    def migrate_disk_and_power_off(self, context, instance, dest, flavor,
                                   network_info, timeout=None):
        """Source of a resize: power off, keep the files for a revert and
        make the disks readable for ``dest``; returns the disk_info that
        finish_migration on ``dest`` gets."""
        raise NotImplementedError()

    def read_migration_disk(self, instance, name, offset, length):
        """Source: a piece of a moving disk file (base64)."""
        raise NotImplementedError()

    def finish_migration(self, context, migration, instance, flavor,
                         disk_info, network_info, read, power_on=True):
        """Destination: the guest with ``flavor`` on the disks read with
        ``read(name, offset, length)``; started when ``power_on``."""
        raise NotImplementedError()

    def confirm_migration(self, context, migration, instance):
        """Source: remove what was kept for a revert."""
        raise NotImplementedError()

    def finish_revert_migration(self, context, instance, old_flavor,
                                network_info, power_on=True):
        """Source: the kept guest back, with ``old_flavor``."""
        raise NotImplementedError()

    def destroy_evacuated(self, context, instance):
        """Source back after an evacuation: this host's guest and files
        of ``instance`` (the instance now lives elsewhere)."""
        self.destroy(context, instance)

    def get_host_uptime(self):
        """What ``uptime`` prints on this host."""
        raise NotImplementedError()

    def inject_network_info(self, instance, network_info):
        """Give a running guest its network info again. Guests that read
        it from DHCP or the config drive need nothing (Nova's libvirt
        driver does nothing here either)."""

    def list_guests_of_host(self, host):
        """uuids of the guests that the compute service ``host`` made
        (never another's, where computes share a hypervisor)."""
        raise NotImplementedError()

    def list_unproven_guests(self, host):
        """{uuid: {'host': ..., 'detail': ...}} of guests that cannot be
        proven ``host``'s nor another's (a shared hypervisor); a driver
        whose guests are all its own has none."""
        return {}

    def list_instance_dirs(self):
        """uuids that have instance files on this host."""
        raise NotImplementedError()

    def remove_instance_files(self, uuid):
        """Remove the instance files of ``uuid`` (not its guest)."""
        raise NotImplementedError()


def load_compute_driver(name):
    """``fake.FakeDriver`` -> an instance of minova.virt.fake.FakeDriver."""
    module_name, _dot, class_name = ('minova.virt.' + name).rpartition('.')
    try:
        module = importlib.import_module(module_name)
        driver_class = getattr(module, class_name)
    except (ImportError, AttributeError) as error:
        raise exception.MinovaException(
            'Unable to load the virtualization driver %s: %s'
            % (name, error))
    return driver_class()
