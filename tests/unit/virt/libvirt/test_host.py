"""The libvirt connection: calls off the hub, bounded, re-opened when
lost."""

import time

import libvirt
import pytest

from minova import exception
from minova.virt.libvirt import host as libvirt_host
from tests.unit.virt.libvirt import fakelibvirt


def test_calls_run_on_the_connection(host, fake_conn):
    assert host.get_version() == (9000000, 7002022)
    assert host.get_hypervisor_type() == 'QEMU'
    assert host.get_info()[1:3] == [7936, 2]
    assert host.uri == 'qemu:///system'


def test_a_lost_connection_is_reopened(libvirt_conf):
    first, second = fakelibvirt.Connection(), fakelibvirt.Connection()
    opener = fakelibvirt.Opener(first, second)
    host = libvirt_host.Host('qemu:///system', opener)
    assert host.list_domain_uuids() == []
    first.broken = True   # libvirtd restarted
    assert host.list_domain_uuids() == []
    assert opener.uris == ['qemu:///system', 'qemu:///system']
    assert second.calls == 1


def test_other_errors_are_not_retried(host, fake_conn):
    with pytest.raises(libvirt.libvirtError):
        host.call('failing', lambda conn: conn.lookupByUUIDString('nope'))
    assert fake_conn.calls == 1


def test_libvirtd_down_is_hypervisor_unavailable(libvirt_conf):
    host = libvirt_host.Host('qemu:///system', fakelibvirt.Opener())
    with pytest.raises(exception.HypervisorUnavailable):
        host.get_version()


def test_still_down_after_reopening(libvirt_conf):
    conn = fakelibvirt.Connection()
    host = libvirt_host.Host('qemu:///system', fakelibvirt.Opener(conn))
    host.get_version()
    conn.broken = True
    with pytest.raises(exception.HypervisorUnavailable):
        host.get_version()


def test_a_hung_call_fails_within_its_time_limit(host, fake_conn,
                                                 libvirt_conf):
    libvirt_conf.config(call_timeout=1, group='libvirt')
    started = time.monotonic()
    with pytest.raises(exception.HypervisorTimeout) as error:
        host.call('hanging', lambda conn: time.sleep(3))
    assert time.monotonic() - started < 2.5
    assert 'hanging' in str(error.value)
    # The wedged connection is dropped; the next call opens a new one.
    assert host._conn is None


def test_capabilities(host):
    assert host.get_host_arch() == 'x86_64'
    assert ('x86_64', 'kvm', 'hvm') in host.get_guest_types()
    assert '"model": "Broadwell"' in host.get_cpu_info()
