"""The file store: one file per image under ``[image_api] store_path``.

Data is streamed in ``chunk_size`` pieces both ways, so a transfer holds
one chunk in memory whatever the image size. An upload is written to
``<id>.partial`` and renamed to ``<id>`` only once every byte is on disk
and hashed, so a broken upload never leaves a file under the image's name.
"""

import errno
import hashlib
import os
import struct

from oslo_log import log as logging

from minova.image_api import exception

LOG = logging.getLogger(__name__)

HASH_ALGO = 'sha512'


class UploadResult:
    def __init__(self, size, checksum, os_hash_value):
        self.size = size
        self.checksum = checksum
        self.os_hash_value = os_hash_value


class FileStore:
    def __init__(self, path, chunk_size=64 * 1024):
        self.path = path
        self.chunk_size = chunk_size

    def _file(self, image_id):
        # Ids are validated UUIDs; basename() is belt and braces.
        return os.path.join(self.path, os.path.basename(image_id))

    def add(self, image_id, reader, expected_size, max_size,
            progress=None):
        """Copy ``reader`` into the store, hashing as it goes.

        ``expected_size`` (the Content-Length, None when chunked) must
        match what arrives; more than ``max_size`` bytes is refused;
        ``progress()`` is called after each chunk (an error it raises
        ends the upload). On any failure the partial file is removed and
        the error raised.
        """
        os.makedirs(self.path, exist_ok=True)
        final = self._file(image_id)
        partial = final + '.partial'
        md5, sha = hashlib.md5(usedforsecurity=False), hashlib.new(HASH_ALGO)
        size = 0
        try:
            with open(partial, 'wb') as dst:
                while True:
                    want = self.chunk_size
                    if expected_size is not None:
                        want = min(want, expected_size - size)
                        if want <= 0:
                            break
                    chunk = reader.read(want)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > max_size:
                        raise exception.ImageTooLarge(image_id=image_id,
                                                      limit=max_size)
                    md5.update(chunk)
                    sha.update(chunk)
                    dst.write(chunk)
                    if progress is not None:
                        progress()
                if expected_size is not None and size != expected_size:
                    raise exception.ImageSizeMismatch(
                        image_id=image_id, expected=expected_size,
                        received=size)
                dst.flush()
                # On disk before the image can turn active.
                os.fsync(dst.fileno())
            os.rename(partial, final)
        except OSError as error:
            _remove(partial)
            if error.errno in (errno.ENOSPC, errno.EDQUOT):
                raise exception.StoreFull(reason=error.strerror)
            raise
        except BaseException:
            _remove(partial)
            raise
        return UploadResult(size, md5.hexdigest(), sha.hexdigest())

    def open(self, image_id):
        """A chunk iterator over the image's file (closes it when done or
        when the server closes it early, e.g. on a client disconnect)."""
        try:
            src = open(self._file(image_id), 'rb')
        except FileNotFoundError:
            raise exception.ImageNotFound(image_id=image_id)
        return _ChunkIterator(src, self.chunk_size)

    def delete(self, image_id):
        _remove(self._file(image_id))
        _remove(self._file(image_id) + '.partial')

    def virtual_size(self, image_id, disk_format, size):
        """What the guest sees: the qcow2 header's size, or the file's."""
        if disk_format in ('raw', 'iso'):
            return size
        if disk_format != 'qcow2':
            return None
        with open(self._file(image_id), 'rb') as src:
            header = src.read(32)
        if len(header) < 32 or header[:4] != b'QFI\xfb':
            return None
        return struct.unpack('>Q', header[24:32])[0]


class _ChunkIterator:
    def __init__(self, src, chunk_size):
        self._src = src
        self._chunk_size = chunk_size

    def __iter__(self):
        return self

    def __next__(self):
        chunk = self._src.read(self._chunk_size)
        if not chunk:
            self.close()
            raise StopIteration
        return chunk

    def close(self):
        self._src.close()


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
    except OSError as error:
        LOG.warning('Could not remove %s: %s', path, error)
