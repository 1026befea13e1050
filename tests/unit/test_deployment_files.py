"""Static checks of what deploys minova: every shell script passes
shellcheck, every systemd unit passes ``systemd-analyze verify``."""

import glob
import os
import re
import shutil
import subprocess

import pytest

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
UNITS = os.path.join(TOP, 'etc', 'systemd')
SERVICES = ('minova-api', 'minova-conductor', 'minova-scheduler',
            'minova-compute', 'minova-network', 'minova-image-api')


def shell_scripts():
    """Files of the repository whose first line runs a shell, plus the
    library that the devstack scripts source."""
    found = [os.path.join(TOP, 'devstack', 'lib.sh')]
    for folder in ('devstack', 'tools', '.ci', 'benchmarks'):
        for path in sorted(glob.glob(os.path.join(TOP, folder, '*'))):
            if not os.path.isfile(path):
                continue
            with open(path, 'rb') as script:
                first = script.readline()
            if re.match(rb'#!.*\b(ba)?sh\b', first) and path not in found:
                found.append(path)
    return found


def _tool(name):
    path = shutil.which(name)
    assert path, '%s is not installed (apt-get install %s)' % (
        name, 'systemd' if name == 'systemd-analyze' else name)
    return path


@pytest.mark.parametrize('script', shell_scripts(),
                         ids=lambda p: os.path.relpath(p, TOP))
def test_shellcheck_clean(script):
    result = subprocess.run([_tool('shellcheck'), '-x', script],
                            cwd=os.path.dirname(script),
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_devstack_script_is_checked():
    names = {os.path.basename(p) for p in shell_scripts()}
    assert {'stack.sh', 'unstack.sh', 'clean.sh', 'status.sh', 'lib.sh',
            'build-test-image', 'run'} <= names


def test_systemd_units_verify(tmp_path):
    """The units as stack.sh installs them: ExecStart rewritten to a bin
    dir (here stand-ins, so the check needs no installed service)."""
    bin_dir = tmp_path / 'bin'
    bin_dir.mkdir()
    units = tmp_path / 'units'
    units.mkdir()
    for service in SERVICES:
        stub = bin_dir / service
        stub.write_text('#!/bin/sh\nexit 0\n')
        stub.chmod(0o755)
    names = []
    for path in sorted(glob.glob(os.path.join(UNITS, '*'))):
        with open(path) as unit:
            text = unit.read().replace('/usr/local/bin/', '%s/' % bin_dir)
        (units / os.path.basename(path)).write_text(text)
        names.append(os.path.basename(path))
    assert set(names) == {s + '.service' for s in SERVICES} | {
        'minova.target'}
    result = subprocess.run([_tool('systemd-analyze'), 'verify'] + names,
                            cwd=str(units), capture_output=True, text=True)
    # verify exits 0 on warnings it "ignores"; any output is a finding.
    assert result.returncode == 0 and not result.stderr.strip(), \
        result.stderr


@pytest.mark.parametrize('service', SERVICES)
def test_unit_contents(service):
    with open(os.path.join(UNITS, service + '.service')) as unit:
        text = unit.read()
    assert ('ExecStart=/usr/local/bin/%s --config-file '
            '/etc/minova/minova.conf\n' % service) in text
    assert 'Restart=on-failure\n' in text
    assert 'After=network-online.target' in text
    assert 'StandardOutput=append:/var/lib/minova/logs/%s.log' % service \
        in text
    user = re.search(r'^User=(\w+)$', text, re.M).group(1)
    # Only what needs root (libvirt, bridges, namespaces) runs as root.
    expected = 'root' if service in ('minova-compute',
                                     'minova-network') else 'minova'
    assert user == expected
    if service != 'minova-image-api':
        assert 'rabbitmq-server.service' in text
    if service == 'minova-compute':
        assert 'libvirtd.service' in text


@pytest.mark.parametrize('service', SERVICES)
def test_units_are_hardened(service):
    """systemd-analyze's exposure rating: compute and network keep only
    the capabilities they need, the others run with none."""
    result = subprocess.run(
        [_tool('systemd-analyze'), 'security', '--offline=yes',
         os.path.join(UNITS, service + '.service')],
        capture_output=True, text=True)
    rating = float(re.search(r'Overall exposure level for \S+: ([\d.]+)',
                             result.stdout).group(1))
    assert rating <= (6.0 if service == 'minova-network' else 3.0), rating
