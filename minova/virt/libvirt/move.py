"""A guest's disk moving between two compute hosts (resize, cold
migration) and what each host keeps meanwhile. See doc/moves.md.

Source (``migrate_disk_and_power_off``): the guest is powered off and
undefined, ``<uuid>/`` becomes ``<uuid>_resize/`` (kept for a revert),
and the disks are flattened with ``qemu-img convert`` into
``<uuid>_resize/transfer/``: standalone qcow2 files without the backing
image, so the destination needs no cache of its own to read them.

Destination (``pull``): reads each file from the source over the compute
RPC (``read_migration_disk``, a call, in [DEFAULT] migration_chunk_kb
pieces), checks its size and sha256, and only then renames it into
place. Nothing needs a shared file system or ssh between the hosts:
only the message bus that every compute already has.

One libvirtd may serve two compute services in tests: a domain is this
host's when its disks lie under this host's instances_path (``owns``).
"""

import base64
import hashlib
import os
import shutil

from oslo_log import log as logging
from oslo_utils import timeutils

import minova.conf
from minova import exception
from minova.virt.libvirt import disk
from minova.virt.libvirt import ownership

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

RESIZE_SUFFIX = '_resize'
TRANSFER = 'transfer'
# Flattened before they move (qcow2 overlays on a cached image).
FLATTENED = ('disk', 'disk.local')
# Moved as they are.
COPIED = ('disk.config',)
QEMU_IMG_TIMEOUT = 600


def instance_dir(instance):
    return os.path.join(CONF.instances_path, instance.uuid)


def resize_dir(instance):
    return instance_dir(instance) + RESIZE_SUFFIX


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as data:
        for block in iter(lambda: data.read(1024 * 1024), b''):
            digest.update(block)
    return digest.hexdigest()


def _rmtree(path):
    shutil.rmtree(path, ignore_errors=True)


def prepare_source(instance):
    """``<uuid>/`` -> ``<uuid>_resize/`` with the flattened disks in
    ``transfer/``; the disk_info the destination reads them with. On
    failure the directory is put back as it was."""
    src, kept = instance_dir(instance), resize_dir(instance)
    _rmtree(kept)
    os.rename(src, kept)
    try:
        return _flatten_all(kept)
    except Exception:
        _rmtree(os.path.join(kept, TRANSFER))
        os.rename(kept, src)
        raise


def _flatten_all(kept):
    transfer = os.path.join(kept, TRANSFER)
    os.makedirs(transfer)
    files = []
    for name in FLATTENED + COPIED:
        path = os.path.join(kept, name)
        if not os.path.exists(path):
            continue
        if name in FLATTENED:
            moving = os.path.join(transfer, name)
            with timeutils.StopWatch() as watch:
                disk.execute('qemu-img', 'convert', '-q', '-O', 'qcow2',
                             path, moving, timeout=QEMU_IMG_TIMEOUT)
            LOG.info('Flattened %s in %.2fs', name, watch.elapsed())
        else:
            moving = path
        files.append({'name': name, 'size': os.path.getsize(moving),
                      'sha256': _sha256(moving)})
    return {'files': files}


def read_chunk(instance, name, offset, length):
    """``length`` bytes of moving file ``name`` from ``offset``, base64
    (RPC messages are JSON); '' past the end."""
    if name not in FLATTENED + COPIED:
        raise exception.MigrationError(reason='%s is not a moving file'
                                       % name)
    kept = resize_dir(instance)
    path = os.path.join(kept, TRANSFER, name) if name in FLATTENED \
        else os.path.join(kept, name)
    try:
        with open(path, 'rb') as data:
            data.seek(offset)
            chunk = data.read(min(length, CONF.migration_chunk_kb * 1024))
    except FileNotFoundError:
        raise exception.MigrationError(reason='%s of %s is not on this '
                                       'host' % (name, instance.uuid))
    return base64.b64encode(chunk).decode('ascii')


def pull(instance, disk_info, read):
    """Destination: every file of ``disk_info`` into ``<uuid>/``, read
    with ``read(name, offset, length)``, each checked before use."""
    target = instance_dir(instance)
    os.makedirs(target, exist_ok=True)
    with timeutils.StopWatch() as watch:
        total = sum(_pull_file(target, item, read)
                    for item in disk_info['files'])
    LOG.info('Read %d bytes of disk from the source in %.2fs (%.1f MB/s)',
             total, watch.elapsed(),
             total / 1e6 / max(watch.elapsed(), 1e-6), instance=instance)


def _pull_file(target, item, read):
    name, size = item['name'], item['size']
    part = os.path.join(target, name + '.part')
    digest = hashlib.sha256()
    step = CONF.migration_chunk_kb * 1024
    with open(part, 'wb') as out:
        offset = 0
        while offset < size:
            chunk = base64.b64decode(read(name, offset, step))
            if not chunk:
                break
            out.write(chunk)
            digest.update(chunk)
            offset += len(chunk)
    if offset != size or digest.hexdigest() != item['sha256']:
        os.unlink(part)
        raise exception.MigrationError(
            reason='%s arrived damaged (%d of %d bytes, checksum %s)' % (
                name, offset, size, 'ok' if digest.hexdigest() ==
                item['sha256'] else 'wrong'))
    os.rename(part, os.path.join(target, name))
    return size


def grow_root_disk(instance, flavor):
    """The root disk at the new flavor's size (it never shrinks)."""
    path = os.path.join(instance_dir(instance), 'disk')
    wanted = flavor.root_gb * disk.GiB
    current = disk.qcow2_virtual_size(path)
    if flavor.root_gb and current is not None and wanted > current:
        disk.execute('qemu-img', 'resize', '-q', path, str(wanted))
        LOG.info('Root disk grown to %d GiB', flavor.root_gb,
                 instance=instance)


def restore_source(instance):
    """Revert on the source: ``<uuid>_resize/`` back as ``<uuid>/``,
    without the transfer copies."""
    kept = resize_dir(instance)
    _rmtree(os.path.join(kept, TRANSFER))
    _rmtree(instance_dir(instance))
    os.rename(kept, instance_dir(instance))


def drop_source(instance):
    """Confirm on the source: the kept directory goes."""
    _rmtree(resize_dir(instance))


def owns(xml_desc):
    """Is this domain (its XML) this host's: are its disks under our
    instances_path? Two compute services may share one libvirtd."""
    return ownership.disks_under(xml_desc, CONF.instances_path)
