"""virt/libvirt/move.py: a disk flattened on the source, read in pieces
by the destination and checked; the source's kept files for a revert;
which domains are this host's."""

import os
import subprocess
import types

import pytest

from minova import exception
from minova.virt.libvirt import move


@pytest.fixture
def instance(conf, tmp_path):
    conf.config(instances_path=str(tmp_path / 'source'),
                migration_chunk_kb=64)
    inst = types.SimpleNamespace(uuid='6b1f0d4e-0000-4000-8000-000000000001')
    base = tmp_path / 'base.raw'
    with open(base, 'wb') as out:
        out.write(b'minova' * 100000)
    os.makedirs(move.instance_dir(inst))
    subprocess.run(['qemu-img', 'create', '-q', '-f', 'qcow2', '-b',
                    str(base), '-F', 'raw',
                    os.path.join(move.instance_dir(inst), 'disk')],
                   check=True)
    with open(os.path.join(move.instance_dir(inst), 'disk.config'),
              'wb') as out:
        out.write(b'config drive')
    return inst


def _read_from_source(conf, inst, source_path):
    calls = []

    def read(name, offset, length):
        calls.append(offset)
        conf.config(instances_path=source_path)
        try:
            return move.read_chunk(inst, name, offset, length)
        finally:
            conf.config(instances_path=target_path)
    target_path = source_path + '-dest'
    return read, calls, target_path


def test_the_disk_arrives_flattened_and_checked(conf, instance, tmp_path):
    source_path = str(tmp_path / 'source')
    info = move.prepare_source(instance)
    assert sorted(f['name'] for f in info['files']) == ['disk',
                                                        'disk.config']
    assert os.listdir(source_path) == [instance.uuid + '_resize']
    read, calls, target_path = _read_from_source(conf, instance,
                                                 source_path)
    conf.config(instances_path=target_path)
    move.pull(instance, info, read)
    disk = os.path.join(target_path, instance.uuid, 'disk')
    out = subprocess.run(['qemu-img', 'info', disk], check=True,
                         capture_output=True, text=True).stdout
    assert 'backing file' not in out      # standalone: no base needed
    raw = str(tmp_path / 'back.raw')
    subprocess.run(['qemu-img', 'convert', '-O', 'raw', disk, raw],
                   check=True)
    with open(raw, 'rb') as data:
        assert data.read(6000) == b'minova' * 1000
    assert len(calls) > 2                 # read in 64 KiB pieces


def test_a_damaged_file_is_refused(conf, instance, tmp_path):
    info = move.prepare_source(instance)
    for item in info['files']:
        item['sha256'] = '0' * 64
    read, _calls, target_path = _read_from_source(
        conf, instance, str(tmp_path / 'source'))
    conf.config(instances_path=target_path)
    with pytest.raises(exception.MigrationError):
        move.pull(instance, info, read)
    assert not os.path.exists(os.path.join(target_path, instance.uuid,
                                           'disk'))


def test_only_moving_files_are_served(instance):
    move.prepare_source(instance)
    with pytest.raises(exception.MigrationError):
        move.read_chunk(instance, '../../etc/passwd', 0, 10)


def test_revert_and_confirm_on_the_source(instance):
    move.prepare_source(instance)
    move.restore_source(instance)
    assert sorted(os.listdir(move.instance_dir(instance))) == [
        'disk', 'disk.config']
    move.prepare_source(instance)
    move.drop_source(instance)
    assert not os.path.exists(move.resize_dir(instance))


def test_owns_by_the_disks_path(conf, tmp_path):
    conf.config(instances_path=str(tmp_path / 'mine'))
    xml = ("<domain><devices><disk><source file='%s/u/disk'/></disk>"
           "</devices></domain>")
    assert move.owns(xml % (tmp_path / 'mine'))
    assert not move.owns(xml % (tmp_path / 'theirs'))
