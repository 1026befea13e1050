"""Property-based fuzzing of the real minova-api and minova-image-api
processes (issue 14): whatever a client sends, the answer is never a
5xx, every error body has the API's shape (Nova's one key with an
integer ``code`` and a string ``message``; Glance's ``code``/``title``/
``message`` on the image API), and a refused request leaves no server or
image row behind.

Bounded for CI: a few thousand requests in all (``MINOVA_FUZZ_SCALE``
multiplies the examples of every test), against one cloud with the fake
driver. The last test prints the totals.
"""

import collections
import json
import os
import urllib.parse

from hypothesis import example
from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
import pytest
import requests
import sqlalchemy

SCALE = float(os.environ.get('MINOVA_FUZZ_SCALE', '1'))
TOTALS = collections.Counter()
FAILURES = []
ADMIN = 'admin:admin'
USER = 'demo:demo'


def fuzz_settings(examples):
    return settings(max_examples=max(1, int(examples * SCALE)),
                    deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


# -- the cloud ---------------------------------------------------------------

class Target:
    """The cloud under fuzz, its DB for row counts, one server and one
    image that paths and actions name."""

    def __init__(self, cloud):
        self.cloud = cloud
        self.session = requests.Session()
        self.engine = sqlalchemy.create_engine(cloud.db.url)
        cloud.create_flavor('8', 'm1.fuzz', ram=64, disk=1, vcpus=1)
        self.image = cloud.create_image(name='fuzz-image')
        server = cloud.boot(name='fuzz-target', imageRef=self.image['id'],
                            flavorRef='8')['server']
        cloud.wait_for_server(server['id'])
        self.server_id = server['id']
        self.known_servers = set(self._uuids('instances'))

    def count(self, table):
        with self.engine.connect() as conn:
            return conn.execute(sqlalchemy.text(
                'SELECT COUNT(*) FROM %s' % table)).scalar()

    def _uuids(self, table):
        column = 'uuid' if table == 'instances' else 'id'
        with self.engine.connect() as conn:
            return [row[0] for row in conn.execute(sqlalchemy.text(
                'SELECT %s FROM %s WHERE deleted = 0' % (column, table)))]

    def clean_up_accepted(self):
        """Accepted creates are deleted again: the quota stays free."""
        for uuid in set(self._uuids('instances')) - self.known_servers:
            resp = self.send('compute', 'DELETE', '/v2.1/servers/' + uuid,
                             token=ADMIN, count=False)
            if resp.status_code in (204, 404):
                self.known_servers.add(uuid)

    def send(self, api, method, path, body=None, headers=None,
             token=USER, count=True):
        base = self.cloud.endpoint if api == 'compute' else \
            self.cloud.image_endpoint
        hdrs = {'Accept': 'application/json', 'X-Auth-Token': token}
        if body is not None:
            hdrs['Content-Type'] = 'application/json'
        hdrs.update(headers or {})
        resp = self.session.request(method, base + path, data=body,
                                    headers=hdrs, timeout=60)
        if count:
            TOTALS[resp.status_code] += 1
        return resp


@pytest.fixture(scope='module')
def target(make_cloud):
    cloud = make_cloud(computes={'host1': {}},
                       conf={'quota': {'instances': '20', 'cores': '40'}})
    return Target(cloud)


# -- the properties ----------------------------------------------------------

def _nova_fault(resp):
    body = resp.json()
    assert isinstance(body, dict) and len(body) == 1, body
    fault = next(iter(body.values()))
    assert isinstance(fault, dict), body
    assert fault.get('code') == resp.status_code, body
    assert isinstance(fault.get('message'), str) and fault['message'], body


def _glance_fault(resp):
    body = resp.json()
    assert isinstance(body, dict), body
    assert str(body.get('code', '')).startswith(str(resp.status_code)), body
    assert isinstance(body.get('title'), str), body
    assert isinstance(body.get('message'), str), body


def check(target, api, method, path, body=None, headers=None,
          token=USER, tables=()):
    """Send one request and assert the properties; returns the response."""
    before = {table: target.count(table) for table in tables}
    resp = target.send(api, method, path, body=body, headers=headers,
                       token=token)
    where = '%s %s -> %s: %r' % (method, path[:300], resp.status_code,
                                 resp.text[:500])
    if resp.status_code >= 500:
        FAILURES.append(where)
    assert resp.status_code < 500, where
    if resp.status_code >= 400 and method != 'HEAD':
        assert resp.headers.get('Content-Type', '').startswith(
            'application/json'), where
        try:
            (_nova_fault if api == 'compute' else _glance_fault)(resp)
        except (AssertionError, ValueError) as error:
            raise AssertionError('%s: %s' % (where, error))
        for table, count in before.items():
            assert target.count(table) <= count, \
                'a refused request left a %s row: %s' % (table, where)
    return resp


# -- strategies --------------------------------------------------------------

TEXT = st.text(max_size=40) | st.sampled_from(
    ['', ' ', 'vm', '\ud800', 'a\udfffb', '\x00', 'x' * 300, '%s', '1',
     '-1', '2.latest', 'null', '\u202e', '\U0001f600'])
SCALARS = (st.none() | st.booleans() | TEXT |
           st.integers(min_value=-2 ** 70, max_value=2 ** 70) |
           st.floats(allow_nan=True, allow_infinity=True))
JSON = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) |
    st.dictionaries(TEXT, inner, max_size=4), max_leaves=10)
RAW_BODIES = st.sampled_from([
    b'', b'{', b'null', b'[]', b'\xff\xfe', b'{"server": "\xff"}',
    b'[' * 50000 + b']' * 50000, b'{"a":' * 20000 + b'1' + b'}' * 20000,
    b'{"server": {"name": "' + b'x' * 200000 + b'"}}',
    b'1e999999', b'{"server": {"name": 1' + b'0' * 5000 + b'}}',
    b'\x00' * 10])


def encode_query(pairs):
    """A query string from (key, value) pairs; bytes are percent-encoded
    as they are (invalid UTF-8 included)."""
    parts = []
    for key, value in pairs:
        parts.append('%s=%s' % (urllib.parse.quote(key, safe=''),
                                urllib.parse.quote(value, safe='')))
    return '&'.join(parts)


RAW_TEXT = st.binary(max_size=20) | st.text(max_size=20).map(
    lambda text: text.encode('utf-8', 'surrogatepass'))
QUERY_VALUE = RAW_TEXT | st.sampled_from(
    [b'1', b'0', b'-1', b'99999999999999999999999', b'true', b'abc',
     b'asc', b'desc', b'gt:2020-01-01T00:00:00Z', b'2020-13-45',
     b'in:a,b', b'\xff', b'%', b'1e400', b'nan'])

SERVER_KEYS = {
    'name': TEXT,
    'imageRef': TEXT,
    'flavorRef': TEXT | st.integers(),
    'metadata': JSON,
    'min_count': JSON,
    'max_count': JSON,
    'networks': JSON,
    'key_name': TEXT,
    'availability_zone': TEXT,
    'user_data': TEXT,
    'security_groups': JSON,
    'config_drive': JSON,
    'adminPass': JSON,
    'accessIPv4': TEXT,
    'description': JSON,
    'tags': JSON,
    'block_device_mapping_v2': JSON,
    'return_reservation_id': JSON,
    'OS-DCF:diskConfig': JSON,
}


@st.composite
def server_bodies(draw, image_id):
    valid = {'name': 'fuzz', 'imageRef': image_id, 'flavorRef': '8'}
    server = {}
    for key in draw(st.lists(st.sampled_from(sorted(SERVER_KEYS)),
                             max_size=6, unique=True)):
        server[key] = draw(SERVER_KEYS[key] | JSON)
    for key, value in valid.items():
        if key not in server and draw(st.booleans()):
            server[key] = value
    outer = {'server': server}
    if draw(st.integers(0, 9)) == 0:
        outer['os:scheduler_hints'] = draw(JSON)
    if draw(st.integers(0, 19)) == 0:
        outer = draw(JSON)
    return json.dumps(outer).encode()


def body_or_raw(strategy):
    return st.one_of(strategy, RAW_BODIES)


MICROVERSIONS = st.sampled_from(
    [None, '2.1', '2.19', '2.26', '2.37', '2.52', '2.latest', '3.0', '2.0',
     'abc', '2.1000', '2.-1', ' 2.1'])


def version_headers(version):
    if version is None:
        return {}
    return {'OpenStack-API-Version': 'compute %s' % version}


# -- the tests ---------------------------------------------------------------

@fuzz_settings(600)
@given(data=st.data(), legacy=st.integers(0, 4), version=MICROVERSIONS)
@example(data=None, legacy=0, version=None)
def test_server_create_bodies(target, data, legacy, version):
    if data is None:
        body = b'[' * 100000 + b']' * 100000
    else:
        body = data.draw(body_or_raw(server_bodies(target.image['id'])))
    path = {0: '/v2/servers', 1: '/v2/demo/servers'}.get(
        legacy, '/v2.1/servers')
    check(target, 'compute', 'POST', path, body=body,
          headers=version_headers(version), tables=('instances',))
    target.clean_up_accepted()


LIST_PATHS = ['/servers', '/servers/detail', '/flavors', '/flavors/detail',
              '/os-keypairs', '/images', '/images/detail', '/os-hypervisors',
              '/os-services', '/os-migrations', '/limits',
              '/os-availability-zone', '/os-server-groups',
              '/os-simple-tenant-usage', '/os-quota-sets/demo',
              '/servers/{server}/os-instance-actions', '/os-networks',
              '/os-floating-ips', '/os-security-groups']
QUERY_KEYS = st.sampled_from(
    [b'name', b'limit', b'marker', b'sort_key', b'sort_dir',
     b'changes-since', b'changes-before', b'status', b'all_tenants',
     b'minRam', b'minDisk', b'is_public', b'flavor', b'image', b'ip',
     b'host', b'deleted', b'tags', b'tags-any', b'not-tags', b'user_id',
     b'project_id', b'tenant_id', b'start', b'end', b'detailed',
     b'hypervisor_hostname_pattern', b'with_servers', b'binary',
     b'migration_type', b'locked', b'uuid', b'reservation_id']) | RAW_TEXT


@fuzz_settings(500)
@given(path=st.sampled_from(LIST_PATHS), legacy=st.booleans(),
       admin=st.booleans(), version=MICROVERSIONS,
       pairs=st.lists(st.tuples(QUERY_KEYS, QUERY_VALUE), max_size=5))
@example(path='/servers', legacy=False, admin=False, version=None,
         pairs=[(b'name', b'\xff')])
def test_list_query_strings(target, path, legacy, admin, version, pairs):
    path = ('/v2' if legacy else '/v2.1') + path.format(
        server=target.server_id)
    check(target, 'compute', 'GET', path + '?' + encode_query(pairs),
          headers=version_headers(version),
          token=ADMIN if admin else USER)


HEADER_NAMES = st.sampled_from(
    ['OpenStack-API-Version', 'X-OpenStack-Nova-API-Version',
     'Content-Type', 'Accept', 'X-Auth-Token', 'X-Auth-Project-Id',
     'X-Forwarded-For', 'X-Forwarded-Proto', 'X-Forwarded-Host',
     'Forwarded', 'Origin', 'X-OpenStack-Request-ID', 'Accept-Language',
     'X-Roles', 'X-Project-Id', 'Access-Control-Request-Method',
     'X-Fuzz'])
# What requests sends: latin-1, no CR/LF, no leading whitespace.
HEADER_VALUES = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xff,
                  blacklist_characters='\x7f'), max_size=60).map(
    str.strip) | st.sampled_from(
    ['compute 2.latest', 'compute 9.9', 'compute', 'application/xml',
     'text/plain', 'application/json; charset=latin-1', '*/*',
     'req-not-a-uuid', 'x' * 8000, ':', 'admin:admin', 'a:b:c'])


@fuzz_settings(300)
@given(headers=st.dictionaries(HEADER_NAMES, HEADER_VALUES, max_size=4),
       request_kind=st.integers(0, 3))
def test_headers(target, headers, request_kind):
    if request_kind == 0:
        check(target, 'compute', 'GET', '/v2.1/servers/detail',
              headers=headers)
    elif request_kind == 1:
        check(target, 'compute', 'POST', '/v2.1/os-keypairs',
              body=b'{"keypair": {"name": 1}}', headers=headers,
              tables=('key_pairs',))
    elif request_kind == 2:
        check(target, 'compute', 'GET', '/', headers=headers)
    else:
        check(target, 'compute', 'GET',
              '/v2.1/servers/%s' % target.server_id, headers=headers)


PATH_PATTERNS = [
    '/v2.1/{seg}', '/v2.1/servers/{seg}', '/v2.1/servers/{server}/{seg}',
    '/v2.1/flavors/{seg}', '/v2.1/flavors/{seg}/os-extra_specs',
    '/v2.1/os-keypairs/{seg}', '/v2.1/images/{seg}',
    '/v2.1/servers/{server}/metadata/{seg}',
    '/v2.1/servers/{server}/os-instance-actions/{seg}',
    '/v2.1/servers/{server}/tags/{seg}', '/v2.1/os-hypervisors/{seg}',
    '/v2.1/os-services/{seg}', '/v2.1/os-quota-sets/{seg}',
    '/v2.1/servers/{server}/ips/{seg}', '/v2/{seg}/servers',
    '/v2/demo/servers/{seg}', '/{seg}', '/v2.1/os-server-groups/{seg}',
    '/v2.1/servers/{seg}/action']
SEGMENTS = RAW_TEXT.map(lambda raw: urllib.parse.quote(raw, safe='')) | \
    st.sampled_from(['%ff', '%', '%zz', '..', '.', '%2F', 'detail',
                     'x' * 9000, '%00', '0', '-1', '99999999999999999999'])
METHODS = st.sampled_from(['GET', 'POST', 'PUT', 'DELETE', 'PATCH',
                           'HEAD', 'OPTIONS'])


@fuzz_settings(400)
@given(pattern=st.sampled_from(PATH_PATTERNS), seg=SEGMENTS,
       method=METHODS, body=st.none() | JSON.map(json.dumps))
def test_paths(target, pattern, seg, method, body):
    if seg in ('', '.', '..') and method != 'GET':
        # The client would resolve it to the fuzz's own server.
        method = 'GET'
    path = pattern.format(seg=seg, server=target.server_id)
    if method in ('GET', 'HEAD', 'OPTIONS', 'DELETE'):
        body = None
    check(target, 'compute', method, path, body=body,
          tables=('instances', 'images'))


ACTIONS = ['addFloatingIp', 'addSecurityGroup', 'confirmResize',
           'createBackup', 'createImage', 'evacuate', 'injectNetworkInfo',
           'lock', 'migrate', 'os-getConsoleOutput', 'os-resetState',
           'os-start', 'os-stop', 'pause', 'reboot', 'rebuild',
           'removeFloatingIp', 'removeSecurityGroup', 'rescue', 'resize',
           'resume', 'revertResize', 'shelve', 'suspend',
           'trigger_crash_dump', 'unlock', 'unpause', 'unrescue',
           'unshelve', 'changePassword', 'os-migrateLive', 'x']


@fuzz_settings(500)
@given(name=st.sampled_from(ACTIONS) | TEXT, value=JSON,
       admin=st.booleans(), version=MICROVERSIONS, raw=st.integers(0, 19))
def test_action_bodies(target, name, value, admin, version, raw):
    body = json.dumps({name: value}).encode()
    if raw == 0:
        body = json.dumps(value).encode()
    check(target, 'compute', 'POST',
          '/v2.1/servers/%s/action' % target.server_id, body=body,
          headers=version_headers(version), token=ADMIN if admin else USER,
          tables=('instances', 'images'))


IMAGE_KEYS = {'name': JSON, 'disk_format': TEXT, 'container_format': TEXT,
              'visibility': TEXT, 'min_disk': JSON, 'min_ram': JSON,
              'protected': JSON, 'tags': JSON, 'id': TEXT,
              'os_hidden': JSON, 'kernel_id': JSON, 'x_fuzz': JSON}


@st.composite
def image_requests(draw, image_id):
    kind = draw(st.integers(0, 4))
    if kind == 0:
        body = {key: draw(IMAGE_KEYS[key]) for key in draw(st.lists(
            st.sampled_from(sorted(IMAGE_KEYS)), max_size=5, unique=True))}
        raw = draw(st.one_of(st.just(json.dumps(body).encode()),
                             RAW_BODIES))
        return 'POST', '/v2/images', raw, 'application/json'
    if kind == 1:
        pairs = draw(st.lists(st.tuples(st.sampled_from(
            [b'limit', b'marker', b'sort', b'sort_key', b'sort_dir',
             b'size_max', b'size_min', b'name', b'visibility', b'status',
             b'member_status', b'tag', b'created_at', b'updated_at',
             b'os_hidden', b'id', b'disk_format']) | RAW_TEXT,
            QUERY_VALUE), max_size=4))
        return 'GET', '/v2/images?' + encode_query(pairs), None, None
    if kind == 2:
        ops = draw(JSON | st.lists(st.fixed_dictionaries(
            {'op': st.sampled_from(['add', 'replace', 'remove', 'x']) | JSON,
             'path': st.sampled_from(['/name', '/tags', '/x', '/min_ram',
                                      '/visibility', '/id']) | JSON},
            optional={'value': JSON}), max_size=3))
        return ('PATCH', '/v2/images/%s' % image_id,
                json.dumps(ops).encode(),
                draw(st.sampled_from(
                    ['application/openstack-images-v2.1-json-patch',
                     'application/json'])))
    seg = draw(SEGMENTS)
    method = draw(METHODS)
    path = draw(st.sampled_from(
        ['/v2/images/{seg}', '/v2/images/{image}/tags/{seg}',
         '/v2/images/{seg}/file', '/v2/{seg}', '/v2/schemas/{seg}',
         '/v2/images/{image}/members/{seg}']))
    return method, path.format(seg=seg, image=image_id), None, None


@fuzz_settings(600)
@given(data=st.data(), admin=st.booleans())
@example(data=None, admin=False)
def test_image_api(target, data, admin):
    if data is None:
        request = ('GET', '/v2/images?size_max=1' + '0' * 400, None, None)
    else:
        request = data.draw(image_requests(target.image['id']))
    method, path, body, content_type = request
    headers = {'Content-Type': content_type} if content_type else {}
    if method in ('DELETE', 'PUT') and target.image['id'] in path and \
            '/tags/' not in path:
        method = 'GET'  # the fuzz keeps its image
    check(target, 'image', method, path, body=body, headers=headers,
          token=ADMIN if admin else USER, tables=('images',))


def test_totals():
    """Printed for the closing note; no 5xx at all."""
    requests_sent = sum(TOTALS.values())
    client_errors = {code: n for code, n in sorted(TOTALS.items())
                     if 400 <= code < 500}
    server_errors = sum(n for code, n in TOTALS.items() if code >= 500)
    print('\nfuzz totals: %d requests, 4xx by code %s, 5xx = %d' % (
        requests_sent, client_errors, server_errors))
    for failure in FAILURES[:20]:
        print('  5xx:', failure)
    assert requests_sent > 0
    assert server_errors == 0
