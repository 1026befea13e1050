"""os-quota-sets, os-quota-class-sets and os-simple-tenant-usage."""

import datetime

from oslo_utils import timeutils
import pytest
import sqlalchemy as sa

from minova.db import api as db
from minova.db import models
from minova.db import session as db_session
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, USER, assert_fault

QS = '/v2.1/os-quota-sets/proj1'
QCS = '/v2.1/os-quota-class-sets/default'
USAGE = '/v2.1/os-simple-tenant-usage'

PROXY = {'fixed_ips', 'floating_ips', 'security_group_rules',
         'security_groups'}


def test_show_has_novas_resources_and_defaults(api):
    body = api.get(QS).json['quota_set']
    assert body['id'] == 'proj1'
    assert body['instances'] == 10 and body['cores'] == 20
    assert body['ram'] == 51200 and body['injected_file_path_bytes'] == 255
    assert PROXY <= set(body)
    body = api.get(QS, version='2.36').json['quota_set']
    assert not PROXY & set(body)
    assert {'instances', 'key_pairs', 'server_groups',
            'server_group_members', 'metadata_items'} <= set(body)


def test_show_of_another_project_is_403(api):
    assert_fault(api.get('/v2.1/os-quota-sets/proj2'), 403)
    assert api.get('/v2.1/os-quota-sets/proj2', token=ADMIN).status_int == \
        200


def test_update_is_for_admins_and_answers_without_id(api):
    assert_fault(api.put(QS, {'quota_set': {'instances': 5}}), 403)
    resp = api.put(QS, {'quota_set': {'instances': 5, 'cores': '7'}},
                   token=ADMIN)
    assert resp.status_int == 200, resp.text
    assert 'id' not in resp.json['quota_set']
    assert resp.json['quota_set']['instances'] == 5
    shown = api.get(QS).json['quota_set']
    assert (shown['instances'], shown['cores']) == (5, 7)
    assert api.get('/v2.1/limits').json['limits']['absolute'][
        'maxTotalInstances'] == 5


@pytest.mark.parametrize('body', [{'quota_set': {'instances': -2}},
                                  {'quota_set': {'instances': 'x'}},
                                  {'quota_set': {'bogus': 1}},
                                  {'quota_set': {'instances': 2 ** 31}},
                                  {'instances': 1}])
def test_update_bad_body_is_400(api, body):
    assert_fault(api.put(QS, body, token=ADMIN), 400)
    assert db.quota_get_all_by_project('proj1') == {}


def test_proxy_quotas_cannot_be_set_from_2_36(api):
    body = {'quota_set': {'floating_ips': 3}}
    assert_fault(api.put(QS, body, token=ADMIN, version='2.36'), 400)
    assert api.put(QS, body, token=ADMIN, version='2.35').status_int == 200


def test_update_below_usage_needs_force(api):
    for _ in range(3):
        fakes.instance()
    message = assert_fault(api.put(QS, {'quota_set': {'instances': 2}},
                                   token=ADMIN), 400)
    assert message == ('Quota limit 2 for instances must be greater than '
                       'or equal to already used and reserved 3.')
    resp = api.put(QS, {'quota_set': {'instances': 2, 'force': True}},
                   token=ADMIN)
    assert resp.status_int == 200, resp.text
    detail = api.get(QS + '/detail').json['quota_set']
    assert detail['instances'] == {'limit': 2, 'in_use': 3, 'reserved': 0}
    assert detail['id'] == 'proj1'


def test_user_quotas_within_the_project(api):
    api.put(QS, {'quota_set': {'cores': 8}}, token=ADMIN)
    message = assert_fault(api.put(QS + '?user_id=alice',
                                   {'quota_set': {'cores': 9}},
                                   token=ADMIN), 400)
    assert message == ('Quota limit 9 for cores must be less than or '
                       'equal to 8.')
    assert api.put(QS + '?user_id=alice', {'quota_set': {'cores': 4}},
                   token=ADMIN).status_int == 200
    assert api.get(QS + '?user_id=alice').json['quota_set']['cores'] == 4
    assert api.get(QS).json['quota_set']['cores'] == 8
    assert api.delete(QS + '?user_id=alice', token=ADMIN).status_int == 202
    assert api.get(QS + '?user_id=alice').json['quota_set']['cores'] == 8


def test_delete_goes_back_to_the_defaults(api):
    api.put(QS, {'quota_set': {'ram': 1024}}, token=ADMIN)
    assert_fault(api.delete(QS), 403)
    assert api.delete(QS, token=ADMIN).status_int == 202
    assert api.get(QS).json['quota_set']['ram'] == 51200


def test_quota_classes_set_the_defaults(api):
    body = api.get(QCS, token=ADMIN).json['quota_class_set']
    assert body['id'] == 'default' and body['instances'] == 10
    assert 'server_groups' not in body
    assert_fault(api.put(QCS, {'quota_class_set': {'instances': 3}}), 403)
    resp = api.put(QCS, {'quota_class_set': {'instances': 3}}, token=ADMIN)
    assert resp.status_int == 200, resp.text
    assert resp.json['quota_class_set']['instances'] == 3
    assert 'id' not in resp.json['quota_class_set']
    assert api.get(QS + '/defaults').json['quota_set']['instances'] == 3
    assert api.get(QS).json['quota_set']['instances'] == 3


# -- simple tenant usage --------------------------------------------------

def _iso(value):
    return value.strftime('%Y-%m-%dT%H:%M:%S')


@pytest.fixture
def period(api):
    """Two servers of proj1 (one deleted after 2 hours) and one of proj2,
    in a period of 10 hours that ended an hour ago."""
    now = timeutils.utcnow().replace(microsecond=0)
    start, end = now - datetime.timedelta(hours=11), \
        now - datetime.timedelta(hours=1)
    hours = datetime.timedelta(hours=1)
    fakes.instance(display_name='a', launched_at=start - hours, vcpus=2,
                   memory_mb=512, root_gb=10)
    gone = fakes.instance(display_name='b', launched_at=start + hours)
    gone.destroy()
    with db_session.session_scope() as session:
        session.execute(sa.update(models.Instance).where(
            models.Instance.uuid == gone.uuid).values(
                terminated_at=start + 3 * hours))
    fakes.instance(display_name='c', project_id='proj2',
                   launched_at=end + hours / 2)
    fakes.instance(display_name='d', project_id='proj2',
                   launched_at=start)
    return '?start=%s&end=%s' % (_iso(start), _iso(end))


def test_usage_of_a_project(api, period):
    resp = api.get('%s/proj1%s' % (USAGE, period))
    assert resp.status_int == 200, resp.text
    usage = resp.json['tenant_usage']
    assert usage['tenant_id'] == 'proj1'
    assert usage['total_hours'] == pytest.approx(12.0)
    assert usage['total_vcpus_usage'] == pytest.approx(10 * 2 + 2 * 1)
    assert usage['total_memory_mb_usage'] == pytest.approx(
        10 * 512 + 2 * 512)
    servers = {s['name']: s for s in usage['server_usages']}
    assert servers['b']['state'] == 'terminated'
    assert servers['a']['local_gb'] == 10
    assert set(servers['a']) >= {'instance_id', 'hours', 'flavor',
                                 'started_at', 'ended_at', 'uptime'}


def test_usage_list_is_for_admins(api, period):
    assert_fault(api.get(USAGE + period, token=USER), 403)
    usages = api.get(USAGE + period, token=ADMIN).json['tenant_usages']
    assert {u['tenant_id'] for u in usages} == {'proj1', 'proj2'}
    assert all('server_usages' not in u for u in usages)
    for detailed in ('1', 'True'):
        usages = api.get(USAGE + period + '&detailed=' + detailed,
                         token=ADMIN).json['tenant_usages']
        assert all('server_usages' in u for u in usages)


@pytest.mark.parametrize('query,message', [
    ('?start=2026-01-02T00:00:00&end=2026-01-01T00:00:00',
     'Invalid start time. The start time cannot occur after the end time.'),
    ('?start=yesterday',
     'Invalid datetime string: Datetime is in invalid format'),
])
def test_usage_bad_period_is_400(api, query, message):
    assert assert_fault(api.get(USAGE + '/proj1' + query), 400) == message


def test_usage_of_a_project_without_servers_is_empty(api):
    assert api.get(USAGE + '/proj1').json == {'tenant_usage': {}}
