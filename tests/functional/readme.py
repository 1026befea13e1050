"""README.md's command blocks marked ``<!-- tested: NAME -->``: each runs
verbatim against a cloud (only its ports differ from the default stack's),
must succeed, and must leave nothing behind (servers, key pairs, images).
What every block shows whatever the driver is checked here too; the test
modules add what their driver shows."""

import json
import os
import re
import subprocess
import sys
import time

import requests

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)
# The default stack's endpoints, as the README writes them.
COMPUTE = 'http://127.0.0.1:8774'
IMAGE = 'http://127.0.0.1:9292'
BLOCK = re.compile(r'<!-- tested: ([\w-]+) -->\s*```sh\n(.*?)```', re.S)
CLEANUP_TIMEOUT = 180


def blocks():
    """Name -> text of every tested block, in README order."""
    with open(os.path.join(TOP, 'README.md')) as readme:
        return dict(BLOCK.findall(readme.read()))


def names():
    return list(blocks())


# The blocks whose outcome depends on the virt driver (real guests:
# boot, console, reboot, stop and start, the states of a server's life,
# reaching a guest by its floating IP): they run again on the libvirt
# stack. Every block runs on the fake-driver cloud; the other blocks
# (images, the API through each client) do the same things whatever the
# driver is, and tests/functional/test_libvirt.py, test_server_images.py
# and test_server_moves.py drive those on real guests.
GUEST_BLOCKS = ('minova-cli', 'openstack-states', 'floating-ips')


CLIENT_POLLS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                            'client_polls')


def clean_env():
    """No OS_* variables of whoever runs the tests, this Python's console
    scripts first on PATH, and the ``openstack`` client's ``--wait``
    polling every second (client_polls/sitecustomize.py)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith('OS_')}
    env['PATH'] = BIN + os.pathsep + env.get('PATH', '')
    env['PYTHONPATH'] = os.pathsep.join(
        p for p in (CLIENT_POLLS, env.get('PYTHONPATH')) if p)
    return env


def run(name, compute, image, cwd, env=None):
    """Run block ``name`` against the cloud at ``compute`` and ``image``
    (``http://host:port``) in ``cwd``; the finished process."""
    script = blocks()[name].replace(COMPUTE, compute).replace(IMAGE, image)
    started = time.monotonic()
    result = subprocess.run(['bash', '-euxo', 'pipefail', '-c', script],
                            cwd=str(cwd), env=env or clean_env(),
                            capture_output=True, text=True, timeout=1200)
    print('README block %s: %.1fs, exit %d'
          % (name, time.monotonic() - started, result.returncode))
    assert result.returncode == 0, '%s\n%s' % (result.stdout[-6000:],
                                               result.stderr[-6000:])
    return result


def inventory(compute, image):
    """What a block could leave behind: every project's servers, the demo
    user's key pairs, every image (names, sorted)."""
    admin = {'X-Auth-Token': 'admin:admin'}
    servers = requests.get(compute + '/v2.1/servers', headers=admin,
                           params={'all_tenants': 1}, timeout=30)
    keypairs = requests.get(compute + '/v2.1/os-keypairs', timeout=30,
                            headers={'X-Auth-Token': 'demo:demo'})
    for resp in (servers, keypairs):
        assert resp.status_code == 200, resp.text
    images, url = [], image + '/v2/images'
    while url:
        resp = requests.get(url, headers=admin, timeout=30)
        assert resp.status_code == 200, resp.text
        images += [i['name'] for i in resp.json()['images']]
        url = image + resp.json()['next'] if resp.json().get('next') else None
    return {'servers': sorted(s['name'] for s in servers.json()['servers']),
            'keypairs': sorted(k['keypair']['name']
                               for k in keypairs.json()['keypairs']),
            'images': sorted(images), **network_inventory(compute)}


def network_inventory(compute):
    """The demo project's floating IPs and security groups with their
    rules (nothing where the cloud has no minova-network)."""
    demo = {'X-Auth-Token': 'demo:demo'}
    fips = requests.get(compute + '/v2.1/os-floating-ips', headers=demo,
                        timeout=30)
    groups = requests.get(compute + '/v2.1/os-security-groups',
                          headers=demo, timeout=30)
    if fips.status_code != 200 or groups.status_code != 200:
        return {}
    return {'floating_ips': sorted(f['ip'] for f in
                                   fips.json()['floating_ips']),
            'security_groups': sorted(
                (g['name'], len(g['rules']))
                for g in groups.json()['security_groups'])}


def run_and_clean(name, compute, image, cwd):
    """Run block ``name`` and check that the cloud is as before it (a
    delete without waiting may need a moment)."""
    before = inventory(compute, image)
    result = run(name, compute, image, cwd)
    deadline = time.monotonic() + CLEANUP_TIMEOUT
    after = inventory(compute, image)
    while after != before and time.monotonic() < deadline:
        time.sleep(1)
        after = inventory(compute, image)
    assert after == before, 'README block %s left %s behind' % (name, after)
    check(name, result, cwd)
    return result


def _minova_cli(out, err, cwd):
    assert 'Uploading [########################] 100%' in err
    assert 'Server vm1 ACTIVE' in err and 'Server vm1 SHUTOFF' in err
    assert '2 servers: 2 ACTIVE' in err
    assert '3 servers: 3 deleted' in err
    assert 'BEGIN' in (cwd / 'mykey.pem').read_text()
    for action in ('create', 'reboot', 'stop', 'start'):
        assert '| %s ' % action in out   # instance-action-list


def _minova_cli_images(out, err, cwd):
    for line in ('Server vm5 ACTIVE', 'Server vm5 RESCUE',
                 'Server vm5 SHELVED_OFFLOADED'):
        assert line in err
    assert 'vm5-snap' in out and 's3cret' in out
    for action in ('createImage', 'createBackup', 'rebuild', 'rescue',
                   'unrescue', 'shelve', 'unshelve'):
        assert '| %s ' % action in out   # instance-action-list


def _openstack(out, err, cwd):
    assert 'my-image-2' in out
    assert 'BEGIN' in (cwd / 'mykey2.pem').read_text()


def _openstack_images(out, err, cwd):
    assert "image_type='snapshot'" in out   # image show vm6-snap
    assert 'SHELVED_OFFLOADED' in out
    for action in ('createImage', 'createBackup', 'rebuild', 'shelve',
                   'unshelve', 'rescue', 'unrescue'):
        assert '| %s ' % action in out   # server event list


def _openstack_states(out, err, cwd):
    assert out.count('m1.micro') >= 2   # confirmed, then reverted to it
    for action in ('resize', 'confirmResize', 'revertResize', 'pause',
                   'unpause', 'suspend', 'resume', 'lock', 'unlock'):
        assert '| %s ' % action in out   # server event list
    assert '| locked | True ' in out


def _nova(out, err, cwd):
    assert 'Finished' in out   # nova boot --poll
    assert 'mykey3' in out


def _clouds_yaml(out, err, cwd):
    assert 'm1.nano' in out and 'minova-test' in out
    assert 'default' in out.split()   # through network_endpoint_override
    assert not (cwd / 'clouds.yaml').exists()


def json_documents(text):
    """The JSON bodies curl printed one after the other."""
    decoder, found, at = json.JSONDecoder(), [], 0
    while at < len(text):
        if text[at].isspace():
            at += 1
            continue
        document, at = decoder.raw_decode(text, at)
        found.append(document)
    return found


def _curl(out, err, cwd):
    flavors, servers, console = json_documents(out)
    assert 'm1.nano' in [f['name'] for f in flavors['flavors']]
    [vm4] = [s for s in servers['servers'] if s['name'] == 'vm4']
    assert vm4['status'] == 'ACTIVE', vm4
    assert isinstance(console['output'], str)


def _floating_ips(out, err, cwd):
    # The plain openstack client through the Network API façade.
    assert '"tcp","0.0.0.0/0","22:22"' in out
    assert '"icmp","0.0.0.0/0",""' in out
    assert "{'name': 'ssh-and-ping'}" in out
    # The floating IP list (a stack's demo server may hold one too), and
    # vm6's addresses with the one attached.
    fips = re.findall(r'"([\d.]+)","[\d.]+"', out)
    assert fips, out
    assert any(re.search(r"\['[\d.]+', '%s'\]" % re.escape(fip), out)
               for fip in fips), out


def _curl_legacy(out, err, cwd):
    assert out.strip() == '{"servers": []}'


CHECKS = {'minova-cli': _minova_cli,
          'minova-cli-images': _minova_cli_images, 'openstack': _openstack,
          'openstack-images': _openstack_images,
          'openstack-states': _openstack_states,
          'nova': _nova, 'clouds-yaml': _clouds_yaml, 'curl': _curl,
          'curl-legacy': _curl_legacy, 'floating-ips': _floating_ips}


def check(name, result, cwd):
    """What block ``name`` shows with any driver."""
    CHECKS[name](result.stdout, result.stderr, cwd)
