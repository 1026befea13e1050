"""A guest's root disk as a new image (createImage, createBackup, shelve).

Nova's cold snapshot, done with the guest paused instead of saved:
pausing stops qemu's CPUs after it drained and flushed every disk, so
``qemu-img convert -U`` reads a consistent overlay, and the guest goes on
where it stopped once the copy is made. The copy (overlay and backing
file flattened into one qcow2, no backing file: any host can boot it)
goes to a temporary directory under ``instances_path/snapshots`` that is
removed whatever happens, then to the image service.
"""

import os
import shutil
import tempfile

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import power_state
from minova.compute import task_states
from minova.timeline import spans
import minova.conf
from minova.virt.libvirt import blockinfo
from minova.virt.libvirt import disk

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

SNAPSHOTS_DIR = 'snapshots'


def snapshots_dir():
    return os.path.join(CONF.instances_path, SNAPSHOTS_DIR)


def snapshot(driver, context, instance, image_id, update_task_state,
             instance_dir):
    guest = driver.guest_of(instance)
    update_task_state(task_states.IMAGE_PENDING_UPLOAD)
    os.makedirs(snapshots_dir(), exist_ok=True)
    tmp_dir = tempfile.mkdtemp(prefix='%s-' % instance.uuid,
                               dir=snapshots_dir())
    try:
        path = os.path.join(tmp_dir, 'disk.snapshot')
        with timeutils.StopWatch() as watch, spans.span(
                context, 'libvirt_snapshot_flatten'):
            _flatten_paused(guest, os.path.join(instance_dir,
                                                blockinfo.ROOT_DISK), path)
        LOG.info('Flattened the root disk in %.2fs (%d bytes)',
                 watch.elapsed(), os.path.getsize(path), instance=instance)
        update_task_state(task_states.IMAGE_UPLOADING,
                          expected_state=task_states.IMAGE_PENDING_UPLOAD)
        with timeutils.StopWatch() as watch, spans.span(
                context, 'libvirt_snapshot_upload') as details:
            details['bytes'] = os.path.getsize(path)
            driver.image_cache.image_api.upload(context, image_id, path,
                                                'qcow2', 'bare')
        LOG.info('Uploaded image %s in %.2fs', image_id, watch.elapsed(),
                 instance=instance)
    finally:
        shutil.rmtree(tmp_dir, ignore_errors=True)


def _flatten_paused(guest, disk_path, dst_path):
    # Pausing stops the CPUs after qemu drained and flushed the disks.
    running = guest.get_power_state() == power_state.RUNNING
    if running:
        guest.pause()
    try:
        disk.flatten(disk_path, dst_path)
    finally:
        if running:
            guest.unpause()
