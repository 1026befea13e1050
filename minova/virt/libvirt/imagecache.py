"""The image cache: each image is downloaded once per host into
``instances_path/_base`` and shared, read-only, by every guest built
from it (as the backing file of the guest's own qcow2 overlay).

A file lock per image makes concurrent builds, even in other processes
sharing ``instances_path``, wait for one download instead of racing. A
file only appears under its final name once it is complete and its
format is checked, so a failed download leaves nothing to trip on.
"""

import errno
import hashlib
import os
import shutil

from oslo_concurrency import lockutils
from oslo_concurrency import processutils
from oslo_log import log as logging
from oslo_utils import timeutils

import minova.conf
from minova import exception
from minova.image import glance
from minova.virt.libvirt import disk

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

BASE_DIR_NAME = '_base'
# Root disk formats, and the on-disk format each must really have.
_DISK_FORMATS = {'qcow2': 'qcow2', 'raw': 'raw', 'ami': 'raw', None: None}


def base_dir():
    return os.path.join(CONF.instances_path, BASE_DIR_NAME)


def cache_name(image_id):
    """Nova's file name for an image: the SHA-1 of its id."""
    return hashlib.sha1(image_id.encode()).hexdigest()


def disk_format_of(path):
    """``qcow2`` or ``raw`` for a cached disk (already checked when it
    was fetched, so the header's magic is enough)."""
    return 'qcow2' if disk.qcow2_virtual_size(path) is not None else 'raw'


def virtual_size_of(path):
    size = disk.qcow2_virtual_size(path)
    return size if size is not None else os.path.getsize(path)


class ImageCache:
    def __init__(self, image_api=None):
        self.image_api = image_api or glance.API()

    def _lock(self, name):
        os.makedirs(base_dir(), exist_ok=True)
        return lockutils.lock('image-cache-%s' % name, external=True,
                              lock_path=base_dir())

    def _cached(self, name, make):
        """The path of ``name`` in the cache, made by ``make(tmp_path)``
        if it is not there yet."""
        path = os.path.join(base_dir(), name)
        if os.path.exists(path):
            os.utime(path)   # last use, for whoever ages the cache
            return path
        with self._lock(name):
            if os.path.exists(path):
                return path
            tmp_path = path + '.fetch'
            try:
                make(tmp_path)
                os.rename(tmp_path, path)
            finally:
                if os.path.exists(tmp_path):
                    os.remove(tmp_path)
        return path

    def _download(self, context, image_id, path):
        LOG.info('Downloading image %s into the image cache', image_id)
        with timeutils.StopWatch() as watch:
            size = self.image_api.download(context, image_id, path)
        LOG.info('Fetched image %s (%d bytes) in %.2fs', image_id, size,
                 watch.elapsed())

    def fetch_file(self, context, image_id):
        """A kernel or ramdisk image: used as it is, never parsed."""
        return self._cached(cache_name(image_id), lambda tmp_path:
                            self._download(context, image_id, tmp_path))

    def fetch_disk_image(self, context, image_meta):
        """A root disk image, checked to be what it claims: raw or qcow2,
        no backing or data file of its own (which could point the guest
        at any file on this host). InvalidDiskFormat and
        ImageUnacceptable say that no host can boot it."""
        image_id = image_meta['id']
        declared = image_meta.get('disk_format')
        if declared not in _DISK_FORMATS:
            # A kernel (aki), a ramdisk (ari), an ISO...: no host boots it
            # as a root disk, so the build aborts (no reschedule).
            raise exception.InvalidDiskFormat(disk_format=declared)

        def fetch(tmp_path):
            self._download(context, image_id, tmp_path)
            self._check_disk(image_id, tmp_path, _DISK_FORMATS[declared])
        return self._cached(cache_name(image_id), fetch)

    @staticmethod
    def _check_disk(image_id, path, expected):
        try:
            info = disk.qemu_img_info(path)
        except processutils.ProcessExecutionError as error:
            # This host's qemu-img (a version, a limit) may be what fails:
            # another host may read it, so this one does not condemn it.
            raise exception.InstanceDeployFailure(
                reason='qemu-img on this host cannot read image %s: %s' % (
                    image_id, (error.stderr or str(error)).strip()))
        found = info.get('format')
        specific = (info.get('format-specific') or {}).get('data') or {}
        if found not in ('raw', 'qcow2'):
            reason = 'its data is in format %s' % found
        elif expected and found != expected:
            reason = 'it claims to be %s but its data is %s' % (
                expected, found)
        elif info.get('backing-filename'):
            reason = 'it has a backing file'
        elif specific.get('data-file'):
            reason = 'it has an external data file'
        else:
            return
        raise exception.ImageUnacceptable(image_id=image_id, reason=reason)

    def ensure_blank(self, kind, size_bytes):
        """A formatted empty disk (``ext4`` or ``swap``) of one size,
        shared like an image: Nova's ``ephemeral_*`` / ``swap_*``."""
        name = '%s_%d' % ('swap' if kind == 'swap' else 'ephemeral_%s' % kind,
                          size_bytes // (1024 * 1024))
        label = None if kind == 'swap' else 'ephemeral0'
        return self._cached(name, lambda tmp_path: disk.make_formatted_raw(
            tmp_path, size_bytes, kind, label))


def link_or_copy(cached, path):
    """The instance's own name for a cached kernel or ramdisk, as in
    Nova's instance directory; a hard link (no 10-20 ms copy of a
    kernel per boot), a copy where the cache is on another file system.
    Neither is ever written to."""
    try:
        os.link(cached, path)
    except OSError as error:
        if error.errno != errno.EXDEV:
            raise
        shutil.copyfile(cached, path)
