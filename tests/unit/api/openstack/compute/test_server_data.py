"""/servers/{id}/metadata and /servers/{id}/tags (2.26), and the tag
filters of the server list."""

from oslo_utils import timeutils
import pytest

from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, OTHER, assert_fault
from tests.unit.api.openstack.compute import server_fakes as sf

TAGS = '2.26'


def _server(flavor, **kwargs):
    kwargs.setdefault('launched_at', timeutils.utcnow())
    return sf.server(flavor, **kwargs)


def _url(inst, *parts):
    return '/'.join(['%s/%s' % (sf.SERVERS, inst.uuid)] + list(parts))


def _stored(inst):
    return objects.Instance.get_by_uuid(fakes.admin_ctx(), inst.uuid)


@pytest.fixture
def inst(api, flavor):
    return _server(flavor, metadata={'a': '1', 'b': '2'})


# -- metadata -----------------------------------------------------------------

def test_metadata_index_and_show(api, inst):
    assert api.get(_url(inst, 'metadata')).json == {
        'metadata': {'a': '1', 'b': '2'}}
    assert api.get(_url(inst, 'metadata', 'a')).json == {'meta': {'a': '1'}}
    assert assert_fault(api.get(_url(inst, 'metadata', 'zz')), 404) == \
        'Metadata item was not found'


def test_metadata_post_merges_and_put_replaces(api, inst):
    resp = api.post(_url(inst, 'metadata'), {'metadata': {'b': 'x',
                                                          'c': '3'}})
    assert resp.status_int == 200, resp.text
    assert resp.json == {'metadata': {'a': '1', 'b': 'x', 'c': '3'}}
    resp = api.put(_url(inst, 'metadata'), {'metadata': {'z': '9'}})
    assert resp.json == {'metadata': {'z': '9'}}
    assert _stored(inst).metadata == {'z': '9'}


def test_metadata_put_one_and_delete_one(api, inst):
    resp = api.put(_url(inst, 'metadata', 'c'), {'meta': {'c': '3'}})
    assert resp.status_int == 200, resp.text
    assert resp.json == {'meta': {'c': '3'}}
    resp = api.delete(_url(inst, 'metadata', 'a'))
    assert resp.status_int == 204
    assert _stored(inst).metadata == {'b': '2', 'c': '3'}
    assert_fault(api.delete(_url(inst, 'metadata', 'a')), 404)


@pytest.mark.parametrize('key,body,message', [
    ('c', {'meta': {'d': '3'}}, 'Request body and URI mismatch'),
    ('c', {'meta': {'c': '3', 'd': '4'}}, None),
    ('c', {'meta': {}}, None),
    ('c', {'meta': {'c': 'x' * 256}}, None),
])
def test_metadata_put_one_bad_body(api, inst, key, body, message):
    got = assert_fault(api.put(_url(inst, 'metadata', key), body), 400)
    if message:
        assert got == message
    assert _stored(inst).metadata == {'a': '1', 'b': '2'}


def test_metadata_quota_is_403(api, inst, conf):
    conf.config(metadata_items=3, group='quota')
    assert api.post(_url(inst, 'metadata'),
                    {'metadata': {'c': '3'}}).status_int == 200
    message = assert_fault(api.post(_url(inst, 'metadata'),
                                    {'metadata': {'d': '4'}}), 403)
    assert message == 'Maximum number of metadata items exceeds 3'
    assert _stored(inst).metadata == {'a': '1', 'b': '2', 'c': '3'}


def test_metadata_change_refused_while_building_or_locked(api, flavor):
    building = _server(flavor, vm_state='building')
    message = assert_fault(api.post(_url(building, 'metadata'),
                                    {'metadata': {'c': '3'}}), 409)
    assert message == ("Cannot 'update metadata' instance %s while it is "
                       "in vm_state building" % building.uuid)
    assert "Cannot 'delete metadata'" in assert_fault(
        api.delete(_url(building, 'metadata', 'c')), 409)
    locked = _server(flavor, locked=True, metadata={'a': '1'})
    assert_fault(api.put(_url(locked, 'metadata', 'a'),
                         {'meta': {'a': '2'}}), 409)
    assert api.put(_url(locked, 'metadata', 'a'), {'meta': {'a': '2'}},
                   token=ADMIN).status_int == 200


def test_metadata_of_another_project_is_404(api, flavor):
    theirs = _server(flavor, project_id='proj2')
    assert_fault(api.get(_url(theirs, 'metadata')), 404)
    assert api.get(_url(theirs, 'metadata'), token=OTHER).status_int == 200


# -- tags -------------------------------------------------------------------

def test_tags_need_2_26(api, inst):
    assert_fault(api.get(_url(inst, 'tags'), version='2.25'), 404)
    assert api.get(_url(inst, 'tags'), version=TAGS).json == {'tags': []}


def test_tag_add_check_delete(api, inst):
    resp = api.put(_url(inst, 'tags', 'web'), None, version=TAGS)
    assert resp.status_int == 201, resp.text
    assert resp.headers['Location'].endswith(
        '/servers/%s/tags/web' % inst.uuid)
    assert api.put(_url(inst, 'tags', 'web'), None,
                   version=TAGS).status_int == 204
    assert api.get(_url(inst, 'tags', 'web'), version=TAGS).status_int == \
        204
    assert assert_fault(api.get(_url(inst, 'tags', 'db'), version=TAGS),
                        404) == "Instance %s has no tag 'db'" % inst.uuid
    shown = api.get(_url(inst), version=TAGS).json['server']
    assert shown['tags'] == ['web']
    assert 'tags' not in api.get(_url(inst), version='2.25').json['server']
    assert api.delete(_url(inst, 'tags', 'web'),
                      version=TAGS).status_int == 204
    assert_fault(api.delete(_url(inst, 'tags', 'web'), version=TAGS), 404)


def test_tags_replace_and_delete_all(api, inst):
    resp = api.put(_url(inst, 'tags'), {'tags': ['a', 'b', 'a']},
                   version=TAGS)
    assert resp.status_int == 200, resp.text
    assert resp.json == {'tags': ['a', 'b']}
    assert api.delete(_url(inst, 'tags'), version=TAGS).status_int == 204
    assert _stored(inst).tags == []


@pytest.mark.parametrize('tags', [['a/b'], ['a,b'], [''], ['x' * 61],
                                  ['t%d' % i for i in range(51)]])
def test_bad_tags_are_400(api, inst, tags):
    assert_fault(api.put(_url(inst, 'tags'), {'tags': tags}, version=TAGS),
                 400)
    assert _stored(inst).tags == []


def test_bad_tag_in_the_url_is_400(api, inst):
    message = assert_fault(api.put(_url(inst, 'tags', 'a,b'), None,
                                   version=TAGS), 400)
    assert message.startswith("Tag 'a,b' is invalid.")


def test_fifty_tags_at_most(api, flavor):
    inst = _server(flavor, tags=['t%d' % i for i in range(50)])
    assert assert_fault(api.put(_url(inst, 'tags', 'more'), None,
                                version=TAGS), 400) == \
        'The number of tags exceeded the per-server limit 50'


def test_tag_change_refused_in_error(api, flavor):
    inst = _server(flavor, vm_state='error')
    assert assert_fault(api.put(_url(inst, 'tags', 'a'), None,
                                version=TAGS), 409) == (
        "Cannot 'update tag' instance %s while it is in vm_state error"
        % inst.uuid)


# -- tag filters --------------------------------------------------------------

@pytest.fixture
def tagged(api, flavor):
    return {name: _server(flavor, display_name=name, tags=tags)
            for name, tags in (('ab', ['a', 'b']), ('a', ['a']),
                               ('c', ['c']), ('none', []),
                               ('tricky', ['x"a', 'b_', 'a%']))}


@pytest.mark.parametrize('query,names', [
    ('tags=a', {'ab', 'a'}),
    ('tags=a,b', {'ab'}),
    ('tags-any=b,c', {'ab', 'c'}),
    ('not-tags=a,b', {'a', 'c', 'none', 'tricky'}),
    ('not-tags-any=a,c', {'none', 'tricky'}),
    ('tags=b_', {'tricky'}),
    ('tags=a%25', {'tricky'}),
    ('tags=a&not-tags-any=b', {'a'}),
])
def test_tag_filters(api, tagged, query, names):
    resp = api.get('%s?%s' % (sf.SERVERS, query), version=TAGS)
    assert resp.status_int == 200, resp.text
    assert {s['name'] for s in resp.json['servers']} == names


def test_tag_filters_need_2_26(api, tagged):
    resp = api.get('%s?tags=a' % sf.SERVERS, version='2.25')
    assert len(resp.json['servers']) == len(tagged)
