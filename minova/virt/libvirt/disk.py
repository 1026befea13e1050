"""Disk files on the compute host: qemu-img, mkfs and mkswap, each run
with a time limit so a stuck tool fails the build instead of hanging it.
"""

import json
import subprocess
import time

from oslo_log import log as logging

import minova.conf
from minova import exception

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

GiB = 1024 ** 3

# qemu-img parses untrusted image headers: Nova caps what it may use.
_QEMU_IMG_INFO_LIMITS = ('prlimit', '--as=%d' % (1 * GiB), '--cpu=30', '--')


def execute(*cmd, timeout=None):
    """Run ``cmd``; its stdout. A failure or time-out raises
    ProcessExecutionError (the process is killed on time-out)."""
    timeout = timeout or CONF.libvirt.command_timeout
    started = time.monotonic()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise exception.ProcessExecutionError(
            cmd=' '.join(cmd), exit_code='(killed)',
            stderr='no result in %ss' % timeout)
    except OSError as error:
        raise exception.ProcessExecutionError(
            cmd=' '.join(cmd), exit_code='(not run)', stderr=error)
    LOG.debug('%s returned %s in %.3fs', ' '.join(cmd), proc.returncode,
              time.monotonic() - started)
    if proc.returncode != 0:
        raise exception.ProcessExecutionError(
            cmd=' '.join(cmd), exit_code=proc.returncode,
            stderr=proc.stderr.strip())
    return proc.stdout


def qemu_img_info(path):
    """``qemu-img info`` as a dict (format, virtual-size, backing...).
    ``-U``: the file may be open by a running guest."""
    out = execute(*_QEMU_IMG_INFO_LIMITS, 'qemu-img', 'info', '-U',
                  '--output=json', path)
    return json.loads(out)


def create_overlay(path, backing_file, backing_format, size_bytes):
    """A qcow2 file that reads ``backing_file`` until written to: the
    shared cached image stays untouched, each guest writes its own."""
    execute('qemu-img', 'create', '-q', '-f', 'qcow2', '-b', backing_file,
            '-F', backing_format, path, str(size_bytes))


def make_formatted_raw(path, size_bytes, kind, label=None):
    """A sparse raw file holding an empty ext4 file system or swap."""
    with open(path, 'wb') as out:
        out.truncate(size_bytes)
    if kind == 'swap':
        execute('mkswap', path)
    else:
        cmd = ['mkfs.%s' % kind, '-q', '-F']
        if label:
            cmd += ['-L', label]
        execute(*cmd, path)


def qcow2_virtual_size(path):
    """The virtual size from a qcow2 header (bytes 24-31, big endian)
    without running qemu-img; None for anything that is not qcow2."""
    try:
        with open(path, 'rb') as disk:
            header = disk.read(32)
    except OSError:
        return None
    if len(header) < 32 or header[:4] != b'QFI\xfb':
        return None
    return int.from_bytes(header[24:32], 'big')
