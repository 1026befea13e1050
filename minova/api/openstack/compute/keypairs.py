"""/os-keypairs: a user's SSH (or x509) keys, imported or generated here.

Microversions: 2.2 adds ``type`` and answers create with 201 and delete
with 204; 2.10 lets admins name another ``user_id``; 2.35 paginates the
list.
"""

import string

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import keypairs as schema
from minova.api.openstack.compute.views import keypairs as view
from minova.api.openstack import wsgi
from minova.api import validation
import minova.conf
from minova import exception
from minova import objects
from minova import quota

CONF = minova.conf.CONF

_POLICY = 'os_compute_api:os-keypairs:%s'
_NAME_CHARS = frozenset(string.ascii_letters + string.digits + ' _-.@')


def _crypto():
    """minova.crypto, imported at the first key request: cryptography
    costs minova-api 7.5 MB of RSS it would carry from its start."""
    from minova import crypto
    return crypto


# -- the controller ---------------------------------------------------------

class KeypairController:

    @validation.query_schema(schema.index_query, '2.1', '2.9')
    @validation.query_schema(schema.index_query_v210, '2.10', '2.34')
    @validation.query_schema(schema.index_query_v235, '2.35')
    def index(self, req):
        user_id = self._user_id(req, req.GET.get('user_id'))
        req.context.can(_POLICY % 'index', {'user_id': user_id})
        if req.ver('2.35'):
            limit, marker = common.limited_params(req)
            keypairs = objects.KeyPairList.get_by_user(
                req.context, user_id, limit=limit, marker=marker)
            return view.index(req, keypairs, limit)
        return view.index(req, objects.KeyPairList.get_by_user(
            req.context, user_id))

    def show(self, req, id):
        user_id = self._user_id(req, req.GET.get('user_id'))
        req.context.can(_POLICY % 'show', {'user_id': user_id})
        keypair = objects.KeyPair.get_by_name(req.context, user_id, id)
        return view.show(req, keypair)

    def delete(self, req, id):
        user_id = self._user_id(req, req.GET.get('user_id'))
        req.context.can(_POLICY % 'delete', {'user_id': user_id})
        objects.KeyPair.get_by_name(req.context, user_id, id).destroy()
        return wsgi.ResponseObject(None, code=204 if req.ver('2.2')
                                   else 202)

    @validation.schema(schema.create, '2.1', '2.1')
    @validation.schema(schema.create_v22, '2.2', '2.9')
    @validation.schema(schema.create_v210, '2.10')
    def create(self, req, body):
        context = req.context
        params = body['keypair']
        user_id = self._user_id(req, params.get('user_id'))
        context.can(_POLICY % 'create', {'user_id': user_id})
        name = params['name']
        key_type = params.get('type', 'ssh')
        self._check_name(name)
        self._check_quota(context, user_id, 1)

        private_key = None
        public_key = params.get('public_key')
        if public_key is None:
            if key_type == 'x509':
                private_key, public_key = _crypto().generate_x509_cert(
                    user_id)
            else:
                private_key, public_key = _crypto().generate_ssh_key()
        crypto = _crypto()
        fingerprint = (crypto.x509_fingerprint(public_key)
                       if key_type == 'x509'
                       else crypto.ssh_fingerprint(public_key))

        keypair = objects.KeyPair(context=context, name=name,
                                  user_id=user_id, public_key=public_key,
                                  fingerprint=fingerprint, type=key_type)
        keypair.create()
        if CONF.quota.recheck_quota:
            try:
                self._check_quota(context, user_id, 0)
            except exception.KeypairLimitExceeded:
                keypair.destroy()
                raise
        return wsgi.ResponseObject(view.create(req, keypair, private_key),
                                   code=201 if req.ver('2.2') else 200)

    @staticmethod
    def _user_id(req, requested):
        # Only 2.10+ knows of other users; policy decides who may ask.
        if requested and req.ver('2.10'):
            return requested
        return req.context.user_id

    @staticmethod
    def _check_name(name):
        if not set(name) <= _NAME_CHARS:
            raise exception.InvalidKeypair(
                reason='Keypair name contains unsafe characters')
        if not 1 <= len(name) <= 255:
            raise exception.InvalidKeypair(
                reason='Keypair name must be string and between 1 and 255 '
                       'characters long')

    @staticmethod
    def _check_quota(context, user_id, delta):
        count = objects.KeyPairList.get_count_by_user(context, user_id)
        if not quota.check_count('key_pairs', context.project_id,
                                 count + delta):
            raise exception.KeypairLimitExceeded()
