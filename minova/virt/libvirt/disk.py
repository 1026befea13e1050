"""Disk files on the compute host: qemu-img, mkfs and mkswap, each run
with a time limit so a stuck tool fails the build instead of hanging it.
"""

import json
import subprocess

from oslo_concurrency import processutils
from oslo_log import log as logging

import minova.conf

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

GiB = 1024 ** 3

# qemu-img parses untrusted image headers: Nova caps what it may use.
QEMU_IMG_LIMITS = processutils.ProcessLimits(address_space=1 * GiB,
                                             cpu_time=30)


def _kill_if_running(proc):
    # processutils leaves a process that passed its time-out running.
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def execute(*cmd, timeout=None, prlimit=None):
    """Run ``cmd`` (processutils logs it with its exit code and time);
    its stdout. A failure, a missing program or a time-out raises
    processutils.ProcessExecutionError (the process is killed on
    time-out)."""
    timeout = timeout or CONF.libvirt.command_timeout
    try:
        out, _err = processutils.execute(
            *cmd, timeout=timeout, prlimit=prlimit,
            on_completion=_kill_if_running)
    except subprocess.TimeoutExpired:
        raise processutils.ProcessExecutionError(
            cmd=' '.join(cmd), exit_code='(killed)',
            description='no result in %ss: killed' % timeout)
    except OSError as error:
        raise processutils.ProcessExecutionError(
            cmd=' '.join(cmd), exit_code='(not run)', description=error)
    return out


def qemu_img_info(path):
    """``qemu-img info`` as a dict (format, virtual-size, backing...).
    ``-U``: the file may be open by a running guest."""
    out = execute('qemu-img', 'info', '-U', '--output=json', path,
                  prlimit=QEMU_IMG_LIMITS)
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


def flatten(path, dst_path):
    """One standalone qcow2 from the overlay ``path`` and its backing
    file. ``-U``: the guest may hold the file open (paused)."""
    execute('qemu-img', 'convert', '-U', '-q', '-f', 'qcow2', '-O',
            'qcow2', path, dst_path)
