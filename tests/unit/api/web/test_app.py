"""/minova/ and /minova/servers/<id> through the whole paste pipeline:
auth by header, cookie or (noauth2) URL, policy, 404 pages, the same
spans as ``minova server-timeline --json``."""

import re
import xml.etree.ElementTree as ET

import pytest

from minova.api.web import client as client_lib
from minova.api.web import views
from minova import objects
from minova.timeline import spans
from tests.unit.api import fakes
from tests.unit.api.openstack.compute import server_fakes
from tests.unit.api.fakes import ADMIN, OTHER, USER

NS = '{http://www.w3.org/2000/svg}'


@pytest.fixture
def booted(api):
    """A server with a create whose steps are spans, and a later stop."""
    inst = server_fakes.server(fakes.flavor(), display_name='web<vm>')
    ctx = fakes.user_ctx(inst.user_id, inst.project_id)
    objects.InstanceAction.action_start(ctx, inst.uuid, 'create')
    with spans.span(ctx, 'api_accept'):
        pass
    with spans.span(ctx, 'scheduler_select_destinations',
                    filters=[['RamFilter', 2, 1]]):
        pass
    spans.flush(ctx, [inst.uuid])
    stop = fakes.action(inst, 'stop', events=[('compute_stop_instance',
                                               None)])
    return inst, ctx.request_id, stop


def _svg(resp):
    match = re.search(r'<svg .*?</svg>', resp.text, re.S)
    return ET.fromstring(match.group(0)) if match else None


def _events(resp):
    return [g.get('data-event') for g in _svg(resp).findall(NS + 'g')]


def test_server_page_draws_the_last_action(api, booted):
    inst, create, stop = booted
    resp = api.get('/minova/servers/%s' % inst.uuid, token=ADMIN)
    assert resp.status_int == 200
    assert resp.content_type == 'text/html'
    assert _events(resp) == ['compute_stop_instance']
    assert 'stop %s' % stop in resp.text
    # Each action links to its own timeline; the name is escaped.
    assert 'href="/minova/servers/%s?action=%s"' % (inst.uuid, create) \
        in resp.text
    assert 'web&lt;vm&gt;' in resp.text and 'web<vm>' not in resp.text


def test_server_page_of_another_action_matches_the_cli_json(api, booted):
    inst, create, _stop = booted
    resp = api.get('/minova/servers/%s?action=%s' % (inst.uuid, create),
                   token=ADMIN)
    assert resp.status_int == 200
    assert _events(resp) == ['api_accept', 'scheduler_select_destinations']
    # The step's details as the terminal prints them.
    assert '<td>scheduler select_destinations</td><td>RamFilter 2-&gt;1' \
        in resp.text
    # The same document the CLI prints with --json.
    ctx = fakes.admin_ctx()
    _server, _actions, doc = views.server_timeline(
        client_lib.ComputeClient(), ctx, inst.uuid, create)
    assert [s['event'] for s in doc['spans']] == _events(resp)
    assert doc['spans'][1]['details'] == {'filters': [['RamFilter', 2, 1]]}
    assert doc['spans'][1]['process'] == spans.process_name()


def test_owner_sees_the_actions_but_not_the_steps(api, booted):
    inst, create, _stop = booted
    resp = api.get('/minova/servers/%s' % inst.uuid, token=USER)
    assert resp.status_int == 200
    assert _svg(resp) is None
    assert 'admins only' in resp.text and create in resp.text


@pytest.mark.parametrize('path', [
    '/minova/servers/ffffffff-0000-0000-0000-000000000000',
    '/minova/servers/%3Cscript%3E',
    '/minova/nowhere'])
def test_unknown_is_a_404_page(api, booted, path):
    resp = api.get(path, token=ADMIN)
    assert resp.status_int == 404
    assert resp.content_type == 'text/html'
    assert '<script>' not in resp.text


def test_unknown_action_is_a_404_page(api, booted):
    inst, _create, _stop = booted
    resp = api.get('/minova/servers/%s?action=req-nope' % inst.uuid,
                   token=ADMIN)
    assert resp.status_int == 404 and 'req-nope' in resp.text


def test_other_projects_server_is_not_found(api, booted):
    inst, _create, _stop = booted
    resp = api.get('/minova/servers/%s' % inst.uuid, token=OTHER)
    assert resp.status_int == 404


def test_no_token_is_refused(api, booted):
    resp = api.get('/minova/', token=None)
    assert resp.status_int == 401
    assert resp.content_type == 'text/html'
    assert 'X-Auth-Token' in resp.text      # the auth filter's message


def test_token_from_cookie(api, booted):
    inst, _create, _stop = booted
    resp = api.get('/minova/servers/%s' % inst.uuid, token=None,
                   headers={'Cookie': 'minova_token=admin:admin'})
    assert resp.status_int == 200 and _svg(resp) is not None


def test_noauth2_token_in_the_url_sets_the_cookie(api, booted):
    resp = api.get('/minova/?minova_token=admin:admin', token=None)
    assert resp.status_int == 200
    cookie = resp.headers['Set-Cookie']
    assert cookie.startswith('minova_token=admin:admin')
    assert 'HttpOnly' in cookie and 'Path=/minova' in cookie


def test_url_token_is_ignored_with_keystone(api, booted, conf):
    conf.config(auth_strategy='keystone', group='api')
    from minova.api.web import cookie
    seen = {}

    def app(environ, start_response):
        seen['token'] = environ.get('HTTP_X_AUTH_TOKEN')
        start_response('200 OK', [])
        return [b'']
    import webob
    req = webob.Request.blank('/?minova_token=admin:admin')
    resp = req.get_response(cookie.CookieToken(app))
    assert seen['token'] is None and 'Set-Cookie' not in resp.headers


def test_overview_for_admins(api, booted):
    inst, create, stop = booted
    fakes.service('host1')
    fakes.compute_node('host1')
    resp = api.get('/minova/', token=ADMIN)
    assert resp.status_int == 200
    text = resp.text
    assert '<h2>Services</h2>' in text and 'minova-compute' in text
    # Usage as the hypervisors API has it: used / total.
    assert '2 / 8' in text and '2048 / 16384 MB' in text
    assert '10 / 100 GB' in text
    assert '<td>host1</td><td>ACTIVE</td><td>1</td>' in text
    assert 'href="/minova/servers/%s?action=%s"' % (inst.uuid, stop) in text
    assert text.index(stop) < text.index(create)    # newest first


def test_overview_for_a_user_has_no_admin_data(api, booted):
    inst, _create, _stop = booted
    fakes.service('host1')
    fakes.compute_node('host1')
    server_fakes.server(objects.Flavor.get_by_flavor_id(
        fakes.admin_ctx(), '1'), project_id='proj2', user_id='bob',
        display_name='bobs')
    text = api.get('/minova/', token=USER).text
    assert 'Services' not in text and 'Hosts' not in text
    assert 'web&lt;vm&gt;' in text and 'bobs' not in text


def test_pages_policy(api, booted, conf, tmp_path):
    from minova import policy
    rules = tmp_path / 'policy.yaml'
    rules.write_text('"minova:web:pages": "role:admin"\n')
    conf.config(policy_file=str(rules), group='oslo_policy')
    policy.reset()
    resp = api.get('/minova/', token=USER)
    assert resp.status_int == 403 and resp.content_type == 'text/html'
    assert api.get('/minova/', token=ADMIN).status_int == 200


def test_read_only(api, booted):
    resp = api.post('/minova/', {}, token=ADMIN)
    assert resp.status_int == 405


def test_server_page_of_a_multi_create_labels_each_instance(api):
    flavor = fakes.flavor()
    one, two = (server_fakes.server(flavor, display_name=name,
                                    reservation_id='r-multi',
                                    launch_index=index)
                for index, name in enumerate(('m-1', 'm-2')))
    ctx = fakes.user_ctx(one.user_id, one.project_id)
    for inst in (one, two):
        objects.InstanceAction.action_start(ctx, inst.uuid, 'create')
    with spans.span(ctx, 'api_accept'):
        pass
    for inst in (one, two):
        with spans.span(ctx, 'scheduler_select_destinations',
                        instance_uuid=inst.uuid):
            pass
    spans.flush(ctx, [one.uuid, two.uuid])
    # Each host writes its own build's steps.
    for inst in (two, one):
        with spans.span(ctx, 'compute_claim'):
            pass
        spans.flush(ctx, [inst.uuid])
    resp = api.get('/minova/servers/%s' % two.uuid, token=ADMIN)
    assert resp.status_int == 200
    steps = [t.text for t in _svg(resp).iter(NS + 'text')
             if t.get('class') == 'step']
    assert steps == [
        'API accepts (auth, validation, image)',
        'm-1: scheduler select_destinations', 'm-1: claim',
        'm-2: scheduler select_destinations', 'm-2: claim']
