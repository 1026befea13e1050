"""The accounts and catalog of a minova stack in keystone, made idempotent.

    keystone_accounts.py  (settings in the environment, see main())

After ``keystone-manage bootstrap`` (the admin user and project, the
admin/member/reader roles, the identity endpoints) this adds what devstack
adds for Nova and Glance: the ``service`` project and role, the ``minova``
service user (admin and service in it), the ``demo`` and ``alt_demo``
users in projects of their names (member), admin on both projects for
``admin``, and the compute, image and network (minova-api's Network API
façade) services with public, internal and admin endpoints. Run again,
it changes only what differs (a new password, a moved endpoint).
"""

import os
import sys

from keystoneauth1.identity import v3
from keystoneauth1 import session as ks_session

DOMAIN = 'default'
INTERFACES = ('public', 'internal', 'admin')


class Keystone:
    """Just enough of the identity API v3, through one admin session."""

    def __init__(self, auth_url, password):
        auth = v3.Password(auth_url=auth_url, username='admin',
                           password=password, project_name='admin',
                           user_domain_id=DOMAIN, project_domain_id=DOMAIN)
        self.session = ks_session.Session(auth=auth)
        self.url = auth_url.rstrip('/')

    def _call(self, method, path, **kwargs):
        resp = self.session.request(self.url + path, method,
                                    raise_exc=False, **kwargs)
        if resp.status_code >= 400:
            sys.exit('keystone: %s %s: %s %s' % (method, path,
                                                 resp.status_code, resp.text))
        return resp.json() if resp.content else None

    def find(self, collection, **filters):
        found = self._call('GET', '/%s' % collection, params=filters)
        return found[collection][0] if found[collection] else None

    def ensure(self, collection, member, values, **filters):
        """The member matching ``filters``, created from ``values`` when
        missing, updated when a value differs."""
        current = self.find(collection, **filters)
        if current is None:
            print('   keystone: %s %s' % (member, values.get('name') or
                                          values.get('url')))
            return self._call('POST', '/%s' % collection,
                              json={member: values})[member]
        changed = {k: v for k, v in values.items()
                   if k != 'password' and current.get(k) != v}
        if changed:
            self._call('PATCH', '/%s/%s' % (collection, current['id']),
                       json={member: changed})
        return current

    def grant(self, role, user, project):
        self._call('PUT', '/projects/%s/users/%s/roles/%s' % (
            project['id'], user['id'], role['id']))


def ensure_user(ks, name, password, project):
    user = ks.ensure('users', 'user',
                     {'name': name, 'domain_id': DOMAIN,
                      'default_project_id': project['id'],
                      'password': password}, name=name, domain_id=DOMAIN)
    # A re-run with another password applies it.
    ks._call('PATCH', '/users/%s' % user['id'],
             json={'user': {'password': password}})
    return user


def ensure_endpoints(ks, name, service_type, url, region):
    service = ks.ensure('services', 'service',
                        {'name': name, 'type': service_type,
                         'enabled': True}, type=service_type)
    for interface in INTERFACES:
        ks.ensure('endpoints', 'endpoint',
                  {'service_id': service['id'], 'interface': interface,
                   'url': url, 'region_id': region, 'enabled': True},
                  service_id=service['id'], interface=interface)


def main():
    env = os.environ
    ks = Keystone(env['KEYSTONE_AUTH_URL'], env['ADMIN_PASSWORD'])
    roles = {name: ks.ensure('roles', 'role', {'name': name}, name=name)
             for name in ('admin', 'member', 'reader', 'service')}
    projects = {name: ks.ensure('projects', 'project',
                                {'name': name, 'domain_id': DOMAIN,
                                 'description': description},
                                name=name, domain_id=DOMAIN)
                for name, description in (
                    ('service', 'The services\' own users'),
                    ('demo', 'The demo project'),
                    ('alt_demo', 'A second project, for isolation tests'))}
    admin = ks.find('users', name='admin', domain_id=DOMAIN)
    service_user = ensure_user(ks, 'minova', env['SERVICE_PASSWORD'],
                               projects['service'])
    for role in ('admin', 'service'):
        ks.grant(roles[role], service_user, projects['service'])
    for name in ('demo', 'alt_demo'):
        user = ensure_user(ks, name, env['ADMIN_PASSWORD'], projects[name])
        ks.grant(roles['member'], user, projects[name])
        ks.grant(roles['admin'], admin, projects[name])
    region = env.get('REGION', 'RegionOne')
    ensure_endpoints(ks, 'minova', 'compute', env['COMPUTE_URL'], region)
    ensure_endpoints(ks, 'minova-image', 'image', env['IMAGE_URL'], region)
    # The Network API façade (minova-api's /networking); tempest still
    # has [service_available] neutron = false.
    ensure_endpoints(ks, 'minova-network', 'network', env['NETWORK_URL'],
                     region)
    print('   keystone: users admin, demo, alt_demo, minova; compute, '
          'image and network endpoints')


if __name__ == '__main__':
    main()
