"""The key pair body, as Nova shows it per microversion (before 2.92)."""

from minova.api.openstack import common
from minova.api.openstack.compute.views import times

_INDEX_KEYS = ('name', 'public_key', 'fingerprint')
_CREATE_KEYS = _INDEX_KEYS + ('user_id',)


def _with_type(req, keypair, body):
    if req.ver('2.2'):
        body['type'] = keypair.type
    return body


def create(req, keypair, private_key=None):
    body = {key: keypair[key] for key in _CREATE_KEYS}
    if private_key is not None:
        body['private_key'] = private_key
    return {'keypair': _with_type(req, keypair, body)}


def show(req, keypair):
    body = {key: keypair[key] for key in _CREATE_KEYS}
    body.update(id=keypair.id, deleted=False, deleted_at=None,
                created_at=times.strtime(keypair.created_at),
                updated_at=times.strtime(keypair.updated_at))
    return {'keypair': _with_type(req, keypair, body)}


def index(req, keypairs, limit=None):
    items = [_with_type(req, k, {key: k[key] for key in _INDEX_KEYS})
             for k in keypairs]
    result = {'keypairs': [{'keypair': item} for item in items]}
    if limit is not None:
        links = common.collection_next_link(req, 'os-keypairs', items,
                                            limit, id_key='name')
        if links:
            result['keypairs_links'] = links
    return result
