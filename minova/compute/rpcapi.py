"""Client side of the compute RPC API: messages to one compute host.

Every method targets the host that has (or gets) the instance with
``prepare(server=host)``.

Version history:

* 1.0 - build_and_run_instance, terminate_instance, reboot_instance,
        stop_instance, start_instance, get_console_output
* 1.1 - snapshot_instance
* 1.2 - backup_instance
* 1.3 - rebuild_instance
* 1.4 - shelve_instance
* 1.5 - shelve_offload_instance
* 1.6 - unshelve_instance
* 1.7 - rescue_instance
* 1.8 - unrescue_instance
* 1.20 - refresh_instance_security_rules (fanout)
* 1.30 - prep_resize, resize_instance, finish_resize, confirm_resize,
         revert_resize, finish_revert_resize (resize, cold migration)
* 1.31 - read_migration_disk (the destination reads the disk from the
         source; doc/moves.md)
* 1.32 - evacuate_instance
* 1.50 - pause_instance, unpause_instance
* 1.51 - suspend_instance, resume_instance
* 1.52 - soft_delete_instance, restore_instance
* 1.53 - trigger_crash_dump
* 1.70 - get_host_uptime (os-hypervisors/{id}/uptime)
* 1.71 - inject_network_info (the injectNetworkInfo admin action)
* 1.80 - audit_host
"""

import oslo_messaging as messaging

from minova import rpc

RPC_TOPIC = 'compute'


class ComputeAPI:
    VERSION = '1.80'

    def __init__(self):
        self.client = rpc.get_client(messaging.Target(topic=RPC_TOPIC,
                                                      version='1.0'))

    def _at(self, host, version='1.0'):
        return self.client.prepare(server=host, version=version)

    def build_and_run_instance(self, ctxt, instance, host, image,
                               request_spec, admin_password=None,
                               requested_networks=None, node=None,
                               limits=None, block_device_mapping=None):
        """Cast: build ``instance`` on ``host``; returns at once.
        ``block_device_mapping`` (optional, a BlockDeviceMappingList)
        saves the build a conductor call."""
        kwargs = {}
        if block_device_mapping is not None:
            kwargs['block_device_mapping'] = block_device_mapping
        self._at(host).cast(ctxt, 'build_and_run_instance',
                            instance=instance, image=image,
                            request_spec=request_spec,
                            admin_password=admin_password,
                            requested_networks=requested_networks,
                            node=node, limits=limits, **kwargs)

    def terminate_instance(self, ctxt, instance):
        self._at(instance.host).cast(ctxt, 'terminate_instance',
                                     instance=instance)

    def reboot_instance(self, ctxt, instance, reboot_type):
        self._at(instance.host).cast(ctxt, 'reboot_instance',
                                     instance=instance,
                                     reboot_type=reboot_type)

    def stop_instance(self, ctxt, instance):
        self._at(instance.host).cast(ctxt, 'stop_instance',
                                     instance=instance)

    def start_instance(self, ctxt, instance):
        self._at(instance.host).cast(ctxt, 'start_instance',
                                     instance=instance)

    def get_console_output(self, ctxt, instance, tail_length):
        """Call: the guest's console log, the last ``tail_length`` lines."""
        return self._at(instance.host).call(ctxt, 'get_console_output',
                                            instance=instance,
                                            tail_length=tail_length)

    def _cast(self, ctxt, instance, method, version):
        """Cast ``method`` to the instance's host (the state actions)."""
        self._at(instance.host, version).cast(ctxt, method,
                                              instance=instance)

    def pause_instance(self, ctxt, instance):
        self._cast(ctxt, instance, 'pause_instance', '1.50')

    def unpause_instance(self, ctxt, instance):
        self._cast(ctxt, instance, 'unpause_instance', '1.50')

    def suspend_instance(self, ctxt, instance):
        self._cast(ctxt, instance, 'suspend_instance', '1.51')

    def resume_instance(self, ctxt, instance):
        self._cast(ctxt, instance, 'resume_instance', '1.51')

    def soft_delete_instance(self, ctxt, instance):
        self._cast(ctxt, instance, 'soft_delete_instance', '1.52')

    def restore_instance(self, ctxt, instance):
        self._cast(ctxt, instance, 'restore_instance', '1.52')

    def trigger_crash_dump(self, ctxt, instance):
        self._cast(ctxt, instance, 'trigger_crash_dump', '1.53')

    def refresh_instance_security_rules(self, ctxt, instance_uuids):
        """Fanout cast: every compute host rebuilds the inbound filters
        of those of ``instance_uuids`` it hosts (a rule or a membership
        of their security groups changed), as nova-network did.

        Added in 1.20.
        """
        cctxt = self.client.prepare(fanout=True, version='1.20')
        cctxt.cast(ctxt, 'refresh_instance_security_rules',
                   instance_uuids=instance_uuids)

    # -- moves (compute/resize.py, compute/evacuate.py) -------------------

    def prep_resize(self, ctxt, instance, flavor, migration, host, node,
                    clean_shutdown=True):
        """Cast to the destination: claim room for ``flavor``. 1.30."""
        self._at(host, '1.30').cast(ctxt, 'prep_resize', instance=instance,
                                    flavor=flavor, migration=migration,
                                    node=node, clean_shutdown=clean_shutdown)

    def resize_instance(self, ctxt, instance, migration, flavor,
                        clean_shutdown=True):
        """Cast to the source: power off, disk ready. 1.30."""
        self._at(migration.source_compute, '1.30').cast(
            ctxt, 'resize_instance', instance=instance, migration=migration,
            flavor=flavor, clean_shutdown=clean_shutdown)

    def finish_resize(self, ctxt, instance, migration, disk_info):
        """Cast to the destination: read the disk, start. 1.30."""
        self._at(migration.dest_compute, '1.30').cast(
            ctxt, 'finish_resize', instance=instance, migration=migration,
            disk_info=disk_info)

    def confirm_resize(self, ctxt, instance, migration, host):
        """Cast to the source: drop the old disk. 1.30."""
        self._at(host, '1.30').cast(ctxt, 'confirm_resize',
                                    instance=instance, migration=migration)

    def revert_resize(self, ctxt, instance, migration, host):
        """Cast to the destination: drop the new guest. 1.30."""
        self._at(host, '1.30').cast(ctxt, 'revert_resize',
                                    instance=instance, migration=migration)

    def finish_revert_resize(self, ctxt, instance, migration, host):
        """Cast to the source: the old guest again. 1.30."""
        self._at(host, '1.30').cast(ctxt, 'finish_revert_resize',
                                    instance=instance, migration=migration)

    def read_migration_disk(self, ctxt, instance, host, name, offset,
                            length):
        """Call to the source: ``length`` bytes of the moving file
        ``name`` from ``offset``, base64 (empty at the end). 1.31."""
        return self._at(host, '1.31').call(
            ctxt, 'read_migration_disk', instance=instance, name=name,
            offset=offset, length=length)

    def evacuate_instance(self, ctxt, instance, migration, host, node,
                          admin_password=None):
        """Cast to the destination: rebuild there from the image. 1.32."""
        self._at(host, '1.32').cast(ctxt, 'evacuate_instance',
                                    instance=instance, migration=migration,
                                    node=node,
                                    admin_password=admin_password)

    def get_host_uptime(self, ctxt, host):
        """Call: the output of ``uptime`` on ``host``."""
        return self._at(host, version='1.70').call(ctxt, 'get_host_uptime')

    def inject_network_info(self, ctxt, instance):
        """Cast: hand the guest its network info again."""
        self._at(instance.host, version='1.71').cast(
            ctxt, 'inject_network_info', instance=instance)

    def audit_host(self, ctxt, host, fix=False):
        """Call: the leftovers on ``host`` (orphaned guests and instance
        directories, guests of deleted instances not yet reaped); with
        ``fix`` they are destroyed now, without the grace period.

        Added in 1.80.
        """
        return self._at(host, '1.80').call(ctxt, 'audit_host', fix=fix)

    # -- images from servers, rebuild, shelve, rescue (all casts) ---------

    def snapshot_instance(self, ctxt, instance, image_id):
        self._at(instance.host, '1.1').cast(
            ctxt, 'snapshot_instance', instance=instance, image_id=image_id)

    def backup_instance(self, ctxt, instance, image_id, backup_type,
                        rotation):
        self._at(instance.host, '1.2').cast(
            ctxt, 'backup_instance', instance=instance, image_id=image_id,
            backup_type=backup_type, rotation=rotation)

    def rebuild_instance(self, ctxt, instance, image, admin_password):
        self._at(instance.host, '1.3').cast(
            ctxt, 'rebuild_instance', instance=instance, image=image,
            admin_password=admin_password)

    def shelve_instance(self, ctxt, instance, image_id, clean_shutdown):
        self._at(instance.host, '1.4').cast(
            ctxt, 'shelve_instance', instance=instance, image_id=image_id,
            clean_shutdown=clean_shutdown)

    def shelve_offload_instance(self, ctxt, instance, clean_shutdown):
        self._at(instance.host, '1.5').cast(
            ctxt, 'shelve_offload_instance', instance=instance,
            clean_shutdown=clean_shutdown)

    def unshelve_instance(self, ctxt, instance, host, image, node=None,
                          limits=None):
        """Cast to the host the conductor chose (or the instance's own,
        when it was shelved but not offloaded)."""
        self._at(host, '1.6').cast(
            ctxt, 'unshelve_instance', instance=instance, image=image,
            node=node, limits=limits)

    def rescue_instance(self, ctxt, instance, rescue_password,
                        rescue_image_ref):
        self._at(instance.host, '1.7').cast(
            ctxt, 'rescue_instance', instance=instance,
            rescue_password=rescue_password,
            rescue_image_ref=rescue_image_ref)

    def unrescue_instance(self, ctxt, instance):
        self._at(instance.host, '1.8').cast(
            ctxt, 'unrescue_instance', instance=instance)
