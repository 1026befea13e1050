"""A user opens the web pages of a real cloud: the overview at /minova/
and a server's boot drawn as an SVG timeline at /minova/servers/<id>,
over HTTP and in headless Chromium (the rendered page's elements checked
by their text, a screenshot that shows the bars).

Chromium cannot be given an X-Auth-Token header from its command line;
it opens ``?minova_token=admin:admin``, which the pages' token filter
accepts with noauth2 only (it sets the ``minova_token`` cookie for the
page's links). With keystone a browser sets that cookie itself.

``MINOVA_WEB_SCREENSHOT=<file>`` keeps the screenshot (that is how
doc/images/server-timeline.png was made).
"""

import os
import re
import shutil
import subprocess
import time

import pytest
import requests

from tests.functional import png
from tests.functional import test_timeline

CHROMIUM = shutil.which('chromium') or shutil.which('chromium-browser')
# The labels of the boot's steps the page must show, in order.
STEP_LABELS = ['API accepts (auth, validation, image)', 'quota',
               'rows written', 'cast to conductor',
               'scheduler select_destinations', 'cast to compute',
               'claim', 'network allocate (call)', 'spawn',
               'fake driver spawn']
# svg.COLOURS of minova-api and minova-compute: their bars are drawn.
BAR_COLOURS = [(0x4e, 0x79, 0xa7), (0xe1, 0x57, 0x59)]


@pytest.fixture(scope='module')
def cloud(make_cloud):
    c = make_cloud(computes={'host1': {}, 'host2': {}},
                   conf={'network': {'network_driver': 'noop'}})
    c.create_network('private', '10.20.50.0/24')
    c.create_flavor('42', 'm1.nano', ram=128, disk=1, vcpus=1)
    c.image = c.create_image(name='web-image')
    c.api.version = c.admin.version = '2.37'
    return c


@pytest.fixture(scope='module')
def booted(cloud):
    server_id, _elapsed = test_timeline.boot_and_time(
        cloud, name='web-vm', flavorRef='42', imageRef=cloud.image['id'],
        networks='auto')
    # The compute and scheduler write their spans just after ACTIVE.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        events = [s['event'] for s in test_timeline.timeline(cloud,
                                                             server_id)]
        if 'fake_spawn' in events and \
                'scheduler_select_destinations' in events:
            return server_id
        time.sleep(0.2)
    raise AssertionError('the boot spans never arrived: %s' % events)


def get(cloud, path, token='admin:admin', **kwargs):
    headers = {'X-Auth-Token': token} if token else {}
    return requests.get(cloud.endpoint + path, headers=headers, timeout=30,
                        **kwargs)


def in_order(text, labels):
    positions = [text.find('>%s<' % label) for label in labels]
    return -1 not in positions and positions == sorted(positions), \
        dict(zip(labels, positions))


def test_server_page_over_http(cloud, booted):
    resp = get(cloud, '/minova/servers/%s' % booted)
    assert resp.status_code == 200, resp.text
    assert resp.headers['Content-Type'].startswith('text/html')
    ok, where = in_order(resp.text, STEP_LABELS)
    assert ok, where
    spans = test_timeline.timeline(cloud, booted)
    # One row per span of the CLI's --json, in its order.
    events = re.findall(r'<g class="span" data-event="([^"]+)"', resp.text)
    assert events == [s['event'] for s in spans]
    assert '>minova-scheduler<' in resp.text


def test_overview_over_http(cloud, booted):
    text = get(cloud, '/minova/').text
    for section in ('Services', 'Hosts', 'Servers per host and state',
                    'Last actions'):
        assert '<h2>%s</h2>' % section in text
    assert '>minova-conductor<' in text and '>host1<' in text
    assert '/minova/servers/%s?action=req-' % booted in text
    # A user sees the server and no admin data.
    user = get(cloud, '/minova/', token='demo:demo').text
    assert 'web-vm' in user and '<h2>Services</h2>' not in user


def test_cookie_and_404(cloud, booted):
    resp = get(cloud, '/minova/servers/%s' % booted, token=None,
               cookies={'minova_token': 'admin:admin'})
    assert resp.status_code == 200 and 'fake driver spawn' in resp.text
    missing = get(cloud, '/minova/servers/no-such-server')
    assert missing.status_code == 404
    assert missing.headers['Content-Type'].startswith('text/html')
    assert get(cloud, '/minova/', token=None).status_code == 401


def chromium(*args, tmp_path):
    if CHROMIUM is None:
        pytest.skip('no chromium binary (CI installs Debian\'s chromium)')
    result = subprocess.run(
        [CHROMIUM, '--headless', '--no-sandbox', '--disable-gpu',
         '--user-data-dir=%s' % (tmp_path / 'profile')] + list(args),
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_chromium_renders_the_timeline(cloud, booted, tmp_path):
    url = '%s/minova/servers/%s?minova_token=admin:admin' % (
        cloud.endpoint, booted)
    dom = chromium('--dump-dom', url, tmp_path=tmp_path)
    ok, where = in_order(dom, STEP_LABELS)
    assert ok, (where, dom[-3000:])
    assert '<svg' in dom and 'web-vm' in dom

    shot = tmp_path / 'timeline.png'
    chromium('--screenshot=%s' % shot, '--window-size=1200,800',
             '--hide-scrollbars', url, tmp_path=tmp_path)
    width, height, rows = png.pixels(shot.read_bytes())
    assert (width, height) == (1200, 800)
    colours = {pixel for row in rows for pixel in row}
    assert len(colours) > 20, 'a blank screenshot'
    for colour in BAR_COLOURS:
        assert colour in colours, 'no bar in %s' % colour
    keep = os.environ.get('MINOVA_WEB_SCREENSHOT')
    if keep:
        shutil.copyfile(shot, keep)
