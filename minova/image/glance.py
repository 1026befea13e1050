"""Image API v2 client, the way Nova talks to Glance.

Every request has a time-out ([glance] timeout) and tries the next
server in [glance] api_servers, a second later, when one does not answer
or fails with a 5xx; errors become minova exceptions (ImageNotFound,
Invalid, Forbidden, ImageServiceUnavailable), never a hang. It speaks
plain Image API v2, so a real Glance works as well as minova-image-api.

Requests go through a keystoneauth1 session: with keystone they carry the
user's token and a service token (minova.service_auth); with noauth the
``user:project`` token of the context. keystoneauth1 and requests (6 MB)
are imported at the first request, not with this module: a service that
never talks to the image API (a compute host on the fake driver, the
scheduler) does not carry them (issue 15).
"""

import hashlib
import itertools
import os
import random
import re
from urllib import parse

from oslo_log import log as logging
from oslo_serialization import jsonutils

from minova import concurrency
import minova.conf
from minova import exception

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)

# Image attributes that are not free-form properties.
_CORE_KEYS = {'id', 'name', 'status', 'visibility', 'protected', 'checksum',
              'os_hash_algo', 'os_hash_value', 'size', 'virtual_size',
              'disk_format', 'container_format', 'min_ram', 'min_disk',
              'owner', 'created_at', 'updated_at', 'tags', 'self', 'file',
              'schema', 'direct_url', 'locations', 'os_hidden', 'stores'}


_PATCH_TYPE = 'application/openstack-images-v2.1-json-patch'


def _servers():
    servers = list(CONF.glance.api_servers)
    random.shuffle(servers)
    return itertools.cycle(servers)


def glance_url():
    """The image service's base URL (the first of [glance] api_servers),
    for the ``alternate`` links of the compute API's image views."""
    base = CONF.glance.api_servers[0].rstrip('/')
    return base[:-3] if base.endswith('/v2') else base


def properties_patch(current, wanted):
    """The JSON patch that turns properties ``current`` into ``wanted``
    (Nova's update with purge_props)."""
    ops = [{'op': 'remove', 'path': '/%s' % _pointer(key)}
           for key in sorted(set(current) - set(wanted))]
    ops += [{'op': 'replace' if key in current else 'add',
             'path': '/%s' % _pointer(key), 'value': value}
            for key, value in sorted(wanted.items())
            if key not in current or current[key] != value]
    return ops


def _pointer(key):
    return key.replace('~', '~0').replace('/', '~1')


def normalize(image):
    """Split a v2 image document into Nova's shape: core + properties."""
    result = {key: image.get(key) for key in _CORE_KEYS if key in image}
    result['properties'] = {k: v for k, v in image.items()
                            if k not in _CORE_KEYS}
    result['min_ram'] = int(image.get('min_ram') or 0)
    result['min_disk'] = int(image.get('min_disk') or 0)
    return result


def _error_message(resp):
    """The message of an image service error, JSON (Glance for JSON
    clients, Nova-style nested) or webob's HTML page."""
    try:
        body = resp.json()
    except ValueError:
        text = re.sub(r'<[^>]+>', ' ', resp.text or '')
        return ' '.join(text.split()) or resp.reason
    if isinstance(body, dict):
        if isinstance(body.get('message'), str):
            return body['message']
        for value in body.values():
            if isinstance(value, dict) and value.get('message'):
                return str(value['message'])
    return resp.reason


def _raise_for_status(resp, image_id=None):
    """The minova error for an image service answer >= 400."""
    code = resp.status_code
    if code < 400:
        return
    message = _error_message(resp)
    if code in (403, 404) and image_id is not None:
        # Nova too hides images one may not see behind "not found".
        raise exception.ImageNotFound(image_id=image_id)
    if code in (401, 403):
        raise exception.Forbidden(message='Image service refused the '
                                          'request: %s' % message)
    if code == 404:
        raise exception.NotFound(message=message)
    if code == 409:
        raise exception.Conflict(reason=message)
    if code < 500:
        raise exception.Invalid(reason=message)
    raise exception.ImageServiceUnavailable(
        reason='%s %s' % (code, message))


def _network_errors():
    """What a request that got no answer raises."""
    from keystoneauth1 import exceptions as ks_exceptions
    import requests
    return (requests.RequestException, ks_exceptions.ConnectionError,
            ks_exceptions.RequestTimeout)


class API:
    def __init__(self, session=None):
        self._given_session = session

    @property
    def _session(self):
        if self._given_session is None:
            from keystoneauth1 import session as ks_session
            import requests
            self._given_session = ks_session.Session(
                session=requests.Session())
        return self._given_session

    def _headers(self, context):
        headers = {'Accept': 'application/json'}
        if context is None:
            return headers
        if not getattr(context, 'auth_token', None):
            # noauth: an admin context without a user still acts as admin.
            user = context.user_id or ('admin' if context.is_admin else '')
            project = context.project_id or user
            headers['X-Auth-Token'] = '%s:%s' % (user, project)
        if context.project_id:
            headers['X-Project-Id'] = context.project_id
        if context.is_admin:
            headers['X-Roles'] = 'admin'
        headers['X-OpenStack-Request-ID'] = context.global_id
        return headers

    def _request(self, context, method, path, stream=False, **kwargs):
        headers = self._headers(context)
        headers.update(kwargs.pop('headers', {}))
        from minova import service_auth
        auth = service_auth.get_auth_plugin(context)
        servers = _servers()
        attempts = CONF.glance.num_retries + 1
        last_error = None
        body = kwargs.get('data')
        start = body.tell() if hasattr(body, 'seek') else None
        for attempt in range(attempts):
            if attempt:
                # As Nova: a second before the next try, so that an image
                # service that is restarting gets the time to listen.
                concurrency.sleep(1)
            if start is not None:
                # A retry sends the whole file again, not what the failed
                # attempt left unread.
                body.seek(start)
            base = next(servers).rstrip('/')
            if base.endswith('/v2'):
                base = base[:-3]
            url = '%s/v2%s' % (base, path)
            try:
                resp = self._session.request(
                    url, method, headers=headers, stream=stream,
                    timeout=CONF.glance.timeout, auth=auth,
                    authenticated=auth is not None, raise_exc=False,
                    **kwargs)
            except _network_errors() as error:
                LOG.warning('Image service %s did not answer: %s', base,
                            error)
                last_error = error
                continue
            if resp.status_code >= 500:
                last_error = '%s %s' % (resp.status_code,
                                        _error_message(resp))
                LOG.warning('Image service %s failed: %s', base, last_error)
                resp.close()
                continue
            return resp
        raise exception.ImageServiceUnavailable(reason=str(last_error))

    def _json(self, resp):
        try:
            return resp.json()
        except ValueError:
            raise exception.ImageServiceUnavailable(
                reason='the image service answered something that is not '
                       'JSON (is [glance] api_servers right?)')

    def show(self, context, image_id):
        """The image's metadata; ImageNotFound if there is no such image."""
        resp = self._request(context, 'GET',
                             '/images/%s' % parse.quote(image_id, safe=''))
        _raise_for_status(resp, image_id)
        return normalize(self._json(resp))

    def list(self, context, filters=None, limit=None, page_size=None):
        """Images visible to ``context`` that match ``filters`` (Glance's
        query parameters: name, status, visibility, owner, properties,
        ``sort``...), following the service's pages up to ``limit``."""
        params = dict(filters or {})
        if page_size:
            params['limit'] = page_size
        path = '/images?%s' % parse.urlencode(params, doseq=True)
        images = []
        while path:
            resp = self._request(context, 'GET', path)
            _raise_for_status(resp)
            body = self._json(resp)
            images.extend(normalize(image) for image in body['images'])
            if limit is not None and len(images) >= limit:
                return images[:limit]
            next_link = body.get('next')
            # Links are absolute paths ("/v2/images?marker=...").
            path = next_link[3:] if next_link and \
                next_link.startswith('/v2/') else None
        return images

    def delete(self, context, image_id):
        """Delete the image: ImageNotFound, or ImageNotAuthorized when the
        service refuses (someone else's or a protected image)."""
        resp = self._request(context, 'DELETE', '/images/%s' %
                             parse.quote(image_id, safe=''))
        self._raise_unless_allowed(resp, image_id)

    def update_properties(self, context, image_id, properties):
        """Make the image's free-form properties exactly ``properties``;
        returns the image as the service has it now."""
        image = self.show(context, image_id)
        patch = properties_patch(image['properties'], properties)
        if not patch:
            return image
        resp = self._request(
            context, 'PATCH', '/images/%s' % parse.quote(image_id, safe=''),
            data=jsonutils.dump_as_bytes(patch),
            headers={'Content-Type': _PATCH_TYPE})
        self._raise_unless_allowed(resp, image_id)
        return normalize(self._json(resp))

    @staticmethod
    def _raise_unless_allowed(resp, image_id):
        if resp.status_code == 403:
            raise exception.ImageNotAuthorized(image_id=image_id)
        _raise_for_status(resp, image_id)

    def download(self, context, image_id, dst_path, chunk_size=65536):
        """Stream the image's data into ``dst_path``; returns its size.

        The data goes to a temporary file renamed into place once its
        checksum matches, so ``dst_path`` never holds a partial image.
        """
        import requests  # loaded by the first request already
        resp = self._request(context, 'GET', '/images/%s/file' %
                             parse.quote(image_id, safe=''), stream=True)
        _raise_for_status(resp, image_id)
        if resp.status_code == 204:
            raise exception.ImageNotActive(image_id=image_id)
        expected_md5 = resp.headers.get('Content-MD5')
        tmp_path = '%s.part' % dst_path
        md5 = hashlib.md5(usedforsecurity=False)
        size = 0
        try:
            with open(tmp_path, 'wb') as dst:
                for chunk in resp.iter_content(chunk_size):
                    dst.write(chunk)
                    md5.update(chunk)
                    size += len(chunk)
            if expected_md5 and md5.hexdigest() != expected_md5:
                raise exception.ImageServiceUnavailable(
                    reason='data of image %s does not match its checksum'
                           % image_id)
            os.rename(tmp_path, dst_path)
        except requests.RequestException as error:
            _remove(tmp_path)
            raise exception.ImageServiceUnavailable(
                reason='download of image %s broke off: %s' % (image_id,
                                                               error))
        except BaseException:
            _remove(tmp_path)
            raise
        finally:
            resp.close()
        return size

    # -- writing (snapshots, backups, shelve) ----------------------------

    def create(self, context, image_meta):
        """A new image record (status ``queued``) from Nova's shape: core
        keys plus ``properties``, flattened as Image API v2 wants them."""
        body = {k: v for k, v in image_meta.items()
                if k != 'properties' and v is not None}
        body.update({k: str(v) for k, v in
                     (image_meta.get('properties') or {}).items()
                     if v is not None})
        resp = self._request(context, 'POST', '/images', json=body)
        _raise_for_status(resp)
        return normalize(self._json(resp))

    def upload(self, context, image_id, path, disk_format=None,
               container_format='bare'):
        """The image's data from the file ``path``; the formats of the
        data are set first (a snapshot is qcow2 whatever its source)."""
        quoted = parse.quote(image_id, safe='')
        if disk_format:
            changes = [{'op': 'add', 'path': '/disk_format',
                        'value': disk_format},
                       {'op': 'add', 'path': '/container_format',
                        'value': container_format}]
            resp = self._request(
                context, 'PATCH', '/images/%s' % quoted, json=changes,
                headers={'Content-Type': _PATCH_TYPE})
            _raise_for_status(resp, image_id)
        with open(path, 'rb') as data:
            resp = self._request(
                context, 'PUT', '/images/%s/file' % quoted, data=data,
                headers={'Content-Type': 'application/octet-stream'})
        _raise_for_status(resp, image_id)


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass
