"""/os-keypairs."""

import base64
import hashlib
import re

from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography import x509
import pytest

from minova import crypto
from minova import objects
from tests.unit.api import fakes
from tests.unit.api.fakes import ADMIN, OTHER, assert_fault

FINGERPRINT_RE = re.compile(r'^([0-9a-f]{2}:){15}[0-9a-f]{2}$')


def _public_key():
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH,
                            serialization.PublicFormat.OpenSSH).decode()


def _md5(public_key):
    digest = hashlib.md5(base64.b64decode(public_key.split()[1])).hexdigest()
    return ':'.join(digest[i:i + 2] for i in range(0, 32, 2))


def _names(user='alice'):
    return [k.name for k in objects.KeyPairList.get_by_user(
        fakes.admin_ctx(), user)]


def _create(api, name, version=None, token='alice:proj1', **extra):
    body = {'keypair': dict(name=name, **extra)}
    return api.post('/v2.1/os-keypairs', body, version=version, token=token)


# -- create ----------------------------------------------------------------

def test_generate_v21(api):
    resp = _create(api, 'gen')
    assert resp.status_int == 200
    kp = resp.json['keypair']
    assert set(kp) == {'name', 'public_key', 'fingerprint', 'user_id',
                       'private_key'}
    assert kp['user_id'] == 'alice'
    assert kp['public_key'].startswith('ssh-rsa ')
    assert 'PRIVATE KEY-----' in kp['private_key']
    assert kp['fingerprint'] == _md5(kp['public_key'])
    assert FINGERPRINT_RE.match(kp['fingerprint'])
    # The private key is the public key's other half.
    private = serialization.load_pem_private_key(
        kp['private_key'].encode(), None)
    public = private.public_key().public_bytes(
        serialization.Encoding.OpenSSH,
        serialization.PublicFormat.OpenSSH).decode()
    assert kp['public_key'].startswith(public)
    assert _names() == ['gen']


def test_generate_v22_has_type_and_201(api):
    resp = _create(api, 'gen', version='2.2')
    assert resp.status_int == 201
    assert resp.json['keypair']['type'] == 'ssh'


def test_import(api):
    public_key = _public_key()
    resp = _create(api, 'my key_1.@-x', version='2.2',
                   public_key=public_key)
    assert resp.status_int == 201
    kp = resp.json['keypair']
    assert 'private_key' not in kp
    assert kp['public_key'] == public_key
    assert kp['fingerprint'] == _md5(public_key)
    assert kp['type'] == 'ssh'


@pytest.mark.parametrize('public_key', [
    'not a key', 'ssh-rsa AAAA', '', 'ssh-rsa !!!! user@host'])
def test_import_invalid_key(api, public_key):
    msg = assert_fault(_create(api, 'bad', public_key=public_key), 400)
    assert 'fingerprint' in msg
    assert _names() == []


def test_x509_generate_and_import(api):
    resp = _create(api, 'cert', version='2.2', type='x509')
    assert resp.status_int == 201
    kp = resp.json['keypair']
    assert kp['type'] == 'x509'
    cert = x509.load_pem_x509_certificate(kp['public_key'].encode())
    assert kp['fingerprint'] == ':'.join(
        '%02x' % b for b in cert.fingerprint(hashes.SHA1()))
    assert 'private_key' in kp
    resp = _create(api, 'cert2', version='2.2', type='x509',
                   public_key=kp['public_key'])
    assert resp.status_int == 201
    assert resp.json['keypair']['fingerprint'] == kp['fingerprint']
    assert_fault(_create(api, 'cert3', version='2.2', type='x509',
                         public_key=_public_key()), 400)


def test_duplicate(api):
    assert _create(api, 'dup').status_int == 200
    msg = assert_fault(_create(api, 'dup'), 409)
    assert 'dup' in msg
    # Names are per user.
    assert _create(api, 'dup', token=OTHER).status_int == 200


@pytest.mark.parametrize('name', ['bad/name', 'semi;colon', 'ü', 'x' * 256])
def test_unsafe_or_long_names(api, name):
    assert_fault(_create(api, name), 400)
    assert _names() == []


@pytest.mark.parametrize('version,body', [
    ('2.1', {'keypair': {'name': 'x', 'type': 'ssh'}}),      # type is 2.2
    ('2.2', {'keypair': {'name': 'x', 'type': 'rsa'}}),
    ('2.9', {'keypair': {'name': 'x', 'user_id': 'bob'}}),   # 2.10
    ('2.2', {'keypair': {'public_key': 'k'}}),
    ('2.2', {'keypair': {'name': ''}}),
    ('2.2', {'keypair': {'name': ' x'}}),
    ('2.2', {'keypair': {'name': 'x', 'public_key': 5}}),
    ('2.2', {'name': 'x'}),
])
def test_bad_bodies(api, version, body):
    resp = api.post('/v2.1/os-keypairs', body, version=version)
    assert_fault(resp, 400)
    assert _names() == [] and _names('bob') == []


def test_quota(api, conf):
    conf.config(key_pairs=1, group='quota')
    assert _create(api, 'one').status_int == 200
    msg = assert_fault(_create(api, 'two'), 403)
    assert 'key pairs' in msg
    assert _names() == ['one']


def test_admin_creates_for_other_user_v210(api):
    resp = _create(api, 'for-bob', version='2.10', token=ADMIN,
                   user_id='bob')
    assert resp.status_int == 201
    assert resp.json['keypair']['user_id'] == 'bob'
    assert _names('bob') == ['for-bob']
    assert_fault(_create(api, 'steal', version='2.10', user_id='bob'), 403)
    assert _names('bob') == ['for-bob']


# -- list, show, delete ----------------------------------------------------

def test_index_versions(api):
    _create(api, 'a', public_key=_public_key())
    resp = api.get('/v2.1/os-keypairs')
    assert resp.status_int == 200
    [item] = resp.json['keypairs']
    assert set(item) == {'keypair'}
    assert set(item['keypair']) == {'name', 'public_key', 'fingerprint'}
    resp = api.get('/v2.1/os-keypairs', version='2.2')
    assert resp.json['keypairs'][0]['keypair']['type'] == 'ssh'
    assert 'keypairs_links' not in resp.json
    assert api.get('/v2.1/os-keypairs', token=OTHER).json == {
        'keypairs': []}


def test_index_pagination_v235(api):
    for name in ('a', 'b', 'c'):
        _create(api, name, public_key=_public_key())
    resp = api.get('/v2.1/os-keypairs?limit=2', version='2.35')
    names = [k['keypair']['name'] for k in resp.json['keypairs']]
    assert names == ['a', 'b']
    [link] = resp.json['keypairs_links']
    assert link['rel'] == 'next' and 'marker=b' in link['href']
    assert '/os-keypairs?' in link['href']
    resp = api.get('/v2.1/os-keypairs?limit=2&marker=b', version='2.35')
    assert [k['keypair']['name'] for k in resp.json['keypairs']] == ['c']
    assert 'keypairs_links' not in resp.json
    assert_fault(api.get('/v2.1/os-keypairs?marker=zzz', version='2.35'),
                 400)
    assert_fault(api.get('/v2.1/os-keypairs?limit=x', version='2.35'), 400)
    # Before 2.35 the parameters mean nothing.
    resp = api.get('/v2.1/os-keypairs?limit=1', version='2.34')
    assert len(resp.json['keypairs']) == 3


def test_index_user_id_v210(api):
    _create(api, 'bobs', token=OTHER, public_key=_public_key())
    resp = api.get('/v2.1/os-keypairs?user_id=bob', version='2.10',
                   token=ADMIN)
    assert [k['keypair']['name'] for k in resp.json['keypairs']] == ['bobs']
    assert_fault(api.get('/v2.1/os-keypairs?user_id=bob', version='2.10'),
                 403)
    # Before 2.10, user_id is ignored.
    resp = api.get('/v2.1/os-keypairs?user_id=bob', version='2.9')
    assert resp.json['keypairs'] == []


def test_show(api):
    public_key = _public_key()
    _create(api, 'k', public_key=public_key)
    resp = api.get('/v2.1/os-keypairs/k')
    assert resp.status_int == 200
    kp = resp.json['keypair']
    assert set(kp) == {'name', 'public_key', 'fingerprint', 'user_id',
                       'id', 'created_at', 'updated_at', 'deleted',
                       'deleted_at'}
    assert isinstance(kp['id'], int)
    assert kp['deleted'] is False and kp['deleted_at'] is None
    assert re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$',
                    kp['created_at'])
    assert kp['public_key'] == public_key
    assert api.get('/v2.1/os-keypairs/k',
                   version='2.2').json['keypair']['type'] == 'ssh'
    msg = assert_fault(api.get('/v2.1/os-keypairs/nope'), 404)
    assert 'nope' in msg
    assert_fault(api.get('/v2.1/os-keypairs/k', token=OTHER), 404)
    resp = api.get('/v2.1/os-keypairs/k?user_id=alice', version='2.10',
                   token=ADMIN)
    assert resp.status_int == 200
    assert_fault(api.get('/v2.1/os-keypairs/k?user_id=alice',
                         version='2.10', token=OTHER), 403)


@pytest.mark.parametrize('version,code', [('2.1', 202), ('2.2', 204),
                                          ('2.38', 204)])
def test_delete(api, version, code):
    _create(api, 'k', public_key=_public_key())
    resp = api.delete('/v2.1/os-keypairs/k', version=version)
    assert resp.status_int == code
    assert resp.body == b''
    assert _names() == []
    assert_fault(api.delete('/v2.1/os-keypairs/k', version=version), 404)


def test_delete_other_user_v210(api):
    _create(api, 'k', token=OTHER, public_key=_public_key())
    assert_fault(api.delete('/v2.1/os-keypairs/k?user_id=bob',
                            version='2.10'), 403)
    resp = api.delete('/v2.1/os-keypairs/k?user_id=bob', version='2.10',
                      token=ADMIN)
    assert resp.status_int == 204
    assert _names('bob') == []


def test_legacy_v2(api):
    resp = api.post('/v2/proj1/os-keypairs', {'keypair': {'name': 'k'}})
    assert resp.status_int == 200
    assert api.delete('/v2/proj1/os-keypairs/k').status_int == 202


def test_fingerprint_helpers():
    key = _public_key()
    assert crypto.ssh_fingerprint(key) == _md5(key)
    private, public = crypto.generate_ssh_key()
    assert public.endswith(' Generated-by-Minova')
    assert FINGERPRINT_RE.match(crypto.ssh_fingerprint(public))
