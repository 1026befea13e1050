"""Tempest is the judge of the compute API: a stack.sh stack with keystone
(the default), tempest from PyPI in its own virtualenv, the selection of
tests/tempest/ -- every compute API test for what minova serves with the
fake driver, then a few with real guests under the libvirt driver. Any
failure fails the test; a test may only be left out by listing it, with
its reason, in tests/tempest/skip.txt.

The totals (ran / passed / failed / skipped) are printed for the record
(pytest -s shows them)."""

import os
import re
import secrets
import subprocess
import time

import pytest

from tests.functional import cloud as cloud_lib
from tests.functional import tempest_lib
from tests.functional import test_devstack as devstack


def _keystone_env(env):
    env = dict(env)
    env.update({
        'MINOVA_AUTH': 'keystone',
        'MINOVA_KEYSTONE_PORT': str(cloud_lib.free_port()),
        'MINOVA_PASSWORD': secrets.token_urlsafe(12),
        'MINOVA_DEMO': 'no',
    })
    return env


def _cli(env, cloud, *args):
    cli_env = {k: v for k, v in env.items() if not k.startswith('OS_')}
    cli_env.update(OS_CLOUD=cloud, OS_CLIENT_CONFIG_FILE=env[
        'MINOVA_CLOUDS_YAML'])
    return subprocess.run([os.path.join(devstack.BIN, 'minova')] +
                          list(args), env=cli_env, capture_output=True,
                          text=True, check=True, timeout=120).stdout.strip()


def _openstack(env, cloud, *args):
    cli_env = {k: v for k, v in env.items() if not k.startswith('OS_')}
    cli_env.update(OS_CLOUD=cloud, OS_CLIENT_CONFIG_FILE=env[
        'MINOVA_CLOUDS_YAML'], PATH=devstack.BIN + os.pathsep +
        cli_env.get('PATH', ''))
    return subprocess.run(['openstack'] + list(args), env=cli_env,
                          capture_output=True, text=True, check=True,
                          timeout=120).stdout


def check_network_api_in_the_catalog(env):
    """The catalog's network service is minova-api's Network API: the
    openstack client finds the pool and the demo project's default
    group through it (tempest itself keeps neutron = false)."""
    networks = _openstack(env, 'devstack', 'network', 'list', '-f', 'value',
                          '-c', 'Name').split()
    assert 'public' in networks, networks
    groups = _openstack(env, 'devstack', 'security', 'group', 'list',
                        '-f', 'value', '-c', 'Name').split()
    assert groups == ['default'], groups


def _images(env):
    """Tempest's image_ref and image_ref_alt: stack.sh's image and a
    second public one."""
    first = _cli(env, 'devstack-admin', 'image-show', devstack.IMAGE, '-f',
                 'value', '-c', 'id')
    data = os.path.join(env['MINOVA_STATE'], 'alt.img')
    with open(data, 'w') as f:
        f.write('minova tempest alt image\n')
    second = _cli(env, 'devstack-admin', 'image-create', 'minova-test-alt',
                  '--file', data, '--disk-format', 'raw', '--visibility',
                  'public', '-f', 'value', '-c', 'id')
    return [first, second]


@pytest.fixture(scope='module')
def tempest_venv():
    started = time.monotonic()
    venv = tempest_lib.install()
    print('tempest %s in %s (%.0fs)' % (tempest_lib.VERSION, venv,
                                        time.monotonic() - started))
    return venv


def _stack_and_run(driver, selection, concurrency):
    with devstack.own_stack(driver) as env:
        env = _keystone_env(env)
        result, elapsed = devstack.script('stack.sh', env)
        assert 'auth: keystone' in result.stdout
        print('stack.sh (%s, keystone) from a fresh state: %.0fs'
              % (driver, elapsed))
        # status.sh answers through keystone too.
        status, _ = devstack.script('status.sh', env)
        assert 'auth keystone' in status.stdout
        check_network_api_in_the_catalog(env)
        base = os.path.dirname(env['MINOVA_STATE'])
        workspace = tempest_lib.write_workspace(base, env, _images(env))
        started = time.monotonic()
        totals, failed, out = tempest_lib.run(workspace, selection,
                                              concurrency)
        print('tempest %s: %s in %.0fs' % (selection, totals,
                                           time.monotonic() - started))
        if totals['failed']:
            totals, failed, out = _rerun_keystone_drops(
                workspace, env, totals, failed, out)
        assert totals['ran'], out[-5000:]
        assert not failed and totals['failed'] == 0, (
            'tempest failures (fix them, or list them with a reason in '
            'tests/tempest/skip.txt):\n%s\n%s' % (
                '\n'.join(failed), tempest_lib.failure_report(out)))
        return totals


def _keystone_log_tail(env, lines=60):
    path = os.path.join(env['MINOVA_STATE'], 'logs', 'keystone.log')
    try:
        with open(path, errors='replace') as log:
            return ''.join(log.readlines()[-lines:])
    except OSError as error:
        return str(error)


def _rerun_keystone_drops(workspace, env, totals, failed, out):
    """When every failure is keystone's uWSGI dropping a token request
    (and nothing minova answered), run those classes once more, alone;
    their second result is the result. Said loudly, with keystone's log,
    so that the drop stays visible until its cause is fixed."""
    classes = tempest_lib.keystone_drops(out)
    if not classes:
        return totals, failed, out + '\nkeystone.log:\n' + \
            _keystone_log_tail(env)
    print('keystone closed a token request without an answer in %s; '
          'keystone.log ends:\n%s' % (classes, _keystone_log_tail(env)))
    rerun = os.path.join(workspace, 'keystone-drops.txt')
    with open(rerun, 'w') as f:
        f.write(''.join('^%s\\.\n' % re.escape(c) for c in classes))
    again, failed, out = tempest_lib.run(workspace, include_list=rerun,
                                         concurrency=1)
    print('tempest rerun of %s: %s' % (classes, again))
    assert again['ran'], out[-5000:]
    totals = dict(totals, failed=again['failed'],
                  passed=totals['passed'] + (again['passed'] or 0))
    return totals, failed, out


def test_skip_file_gives_every_test_a_reason():
    for test_id, reason in tempest_lib.skipped_ids():
        assert reason and len(reason) > 10, test_id


def test_tempest_compute_api_fake_driver(tempest_venv):
    _stack_and_run('fake', 'fake', concurrency=2)


@pytest.mark.slow
def test_tempest_real_guests_libvirt(tempest_venv):
    reason = devstack.libvirtd_absent()
    if reason:
        pytest.skip(reason)
    _stack_and_run('libvirt', 'libvirt', concurrency=1)
