"""minova.api.openstack.common: status map, pagination, links."""

from urllib import parse

import pytest

from minova.api.openstack import api_version_request as api_version
from minova.api.openstack import common
from minova.api.openstack import wsgi
from minova import exception


@pytest.mark.parametrize('vm_state,task_state,status', [
    ('active', None, 'ACTIVE'),
    ('active', 'rebooting', 'REBOOT'),
    ('active', 'reboot_pending', 'REBOOT'),
    ('active', 'reboot_started', 'REBOOT'),
    ('active', 'rebooting_hard', 'HARD_REBOOT'),
    ('active', 'reboot_started_hard', 'HARD_REBOOT'),
    ('active', 'powering-off', 'ACTIVE'),
    ('active', 'deleting', 'ACTIVE'),
    ('building', 'scheduling', 'BUILD'),
    ('building', None, 'BUILD'),
    ('stopped', None, 'SHUTOFF'),
    ('stopped', 'powering-on', 'SHUTOFF'),
    ('error', None, 'ERROR'),
    ('deleted', None, 'DELETED'),
    ('soft-delete', None, 'SOFT_DELETED'),
    ('paused', None, 'PAUSED'),
    ('suspended', None, 'SUSPENDED'),
    ('something-new', None, 'ERROR'),
])
def test_status_from_state(vm_state, task_state, status):
    assert common.status_from_state(vm_state, task_state) == status


@pytest.mark.parametrize('statuses,vm_states,task_states', [
    (['ACTIVE'], ['active'], {'default'}),
    (['reboot'], ['active'], {'rebooting', 'reboot_pending',
                              'reboot_started'}),
    (['HARD_REBOOT'], ['active'], {'rebooting_hard', 'reboot_pending_hard',
                                   'reboot_started_hard'}),
    (['SHUTOFF', 'ERROR'], ['error', 'stopped'], {'default'}),
    (['NOPE'], [], set()),
])
def test_task_and_vm_state_from_status(statuses, vm_states, task_states):
    assert common.task_and_vm_state_from_status(statuses) == \
        (vm_states, task_states)


def test_valid_statuses():
    assert common.valid_statuses() == {
        'ACTIVE', 'REBOOT', 'HARD_REBOOT', 'BUILD', 'SHUTOFF', 'PAUSED',
        'SUSPENDED', 'ERROR', 'DELETED', 'SOFT_DELETED', 'RESIZE',
        'VERIFY_RESIZE', 'REVERT_RESIZE', 'REBUILD', 'RESCUE', 'SHELVED',
        'SHELVED_OFFLOADED'}


def _req(query='', path='/v2.1/servers', project=None):
    req = wsgi.Request.blank(path + query)
    req.environ['SCRIPT_NAME'] = '/v2.1'
    req.environ['PATH_INFO'] = path[len('/v2.1'):]
    args = {'project_id': project} if project else {}
    req.environ['wsgiorg.routing_args'] = ((), args)
    req.environ['minova.api_version'] = api_version.APIVersionRequest('2.1')
    return req


@pytest.mark.parametrize('query,params', [
    ('', {}), ('?limit=5', {'limit': 5}), ('?marker=abc', {'marker': 'abc'}),
    ('?limit=0&marker=m', {'limit': 0, 'marker': 'm'})])
def test_pagination_params(query, params):
    assert common.get_pagination_params(_req(query)) == params


@pytest.mark.parametrize('query,message', [
    ('?limit=abc', 'limit param must be an integer'),
    ('?limit=1.5', 'limit param must be an integer'),
    ('?limit=-1', 'limit param must be positive')])
def test_bad_pagination_params(query, message):
    with pytest.raises(exception.ValidationError) as error:
        common.get_pagination_params(_req(query))
    assert error.value.format_message() == message
    assert error.value.code == 400


def test_limited_params_cap(conf):
    conf.config(max_limit=10, group='api')
    assert common.limited_params(_req()) == (10, None)
    assert common.limited_params(_req('?limit=3&marker=m')) == (3, 'm')
    assert common.limited_params(_req('?limit=50')) == (10, None)


def test_links_without_and_with_project():
    assert common.links(_req(), 'servers', 'abc') == [
        {'rel': 'self', 'href': 'http://localhost/v2.1/servers/abc'},
        {'rel': 'bookmark', 'href': 'http://localhost/servers/abc'}]
    assert common.links(_req(project='p1'), 'servers', 'abc') == [
        {'rel': 'self', 'href': 'http://localhost/v2.1/p1/servers/abc'},
        {'rel': 'bookmark', 'href': 'http://localhost/p1/servers/abc'}]


def test_compute_link_prefix(conf):
    conf.config(compute_link_prefix='https://api.example/compute/v2.1',
                group='api')
    assert common.project_url(_req(), 'flavors', 1) == \
        'https://api.example/compute/v2.1/flavors/1'
    assert common.bookmark_url(_req(), 'flavors', 1) == \
        'https://api.example/compute/flavors/1'


def test_next_link_only_for_a_full_page():
    items = [{'id': 'a'}, {'id': 'b'}]
    assert common.collection_next_link(_req('?limit=3'), 'servers', items,
                                       3) == []
    assert common.collection_next_link(_req(), 'servers', [], 3) == []
    [link] = common.collection_next_link(_req('?limit=2&name=x'),
                                         'servers/detail', items, 2)
    url = parse.urlparse(link['href'])
    assert link['rel'] == 'next'
    assert url.path == '/v2.1/servers/detail'
    assert parse.parse_qs(url.query) == {'limit': ['2'], 'marker': ['b'],
                                         'name': ['x']}


def test_next_link_with_another_id_key():
    [link] = common.collection_next_link(_req(), 'flavors',
                                         [{'flavorid': 'f1'}], 1,
                                         id_key='flavorid')
    assert 'marker=f1' in link['href']
