"""Who the CLI is and where the cloud's APIs are: the ``--os-*`` options
and ``OS_*`` variables of python-novaclient and python-openstackclient,
turned into one keystoneauth1 session and the place of each service.

Three ways in, as the real clients have:

- ``--os-cloud`` / ``OS_CLOUD``: a cloud of ``clouds.yaml``, read by
  openstacksdk's config loader (what openstackclient uses); options given
  on the command line or in ``OS_*`` variables override it;
- ``OS_AUTH_URL`` with ``OS_USERNAME``, ``OS_PASSWORD``,
  ``OS_PROJECT_NAME`` (and domains): keystone's password auth, endpoints
  from its service catalog;
- a token and an endpoint without keystone (minova's noauth2):
  keystoneauth1's ``admin_token`` plugin. A bare ``OS_TOKEN`` without
  ``OS_AUTH_URL`` means this, so ``OS_TOKEN=demo:demo`` plus the
  endpoint overrides is enough.

``OS_<SERVICE>_ENDPOINT_OVERRIDE`` skips the catalog for one service;
``OS_INTERFACE`` and ``OS_REGION_NAME`` pick a catalog entry.
"""

import argparse
import dataclasses
import os

from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1.identity import base as identity_base
from keystoneauth1 import loading
from keystoneauth1 import session as ks_session

from minova import version

SERVICES = ('compute', 'image')


class AuthError(Exception):
    """The options do not make a working login; the text says why."""


@dataclasses.dataclass(frozen=True)
class Service:
    """Where one API is: a catalog entry to look up, or a URL that
    overrides the catalog."""
    service_type: str
    interface: str
    region_name: str | None
    endpoint_override: str | None

    def filter(self):
        """keystoneauth1's endpoint filter for this service."""
        return {'service_type': self.service_type,
                'interface': self.interface,
                'region_name': self.region_name}


@dataclasses.dataclass(frozen=True)
class Cloud:
    session: ks_session.Session
    services: dict
    # False for token + endpoint auth: there is no catalog to look in.
    catalog: bool


def _given(argv, option, env):
    """Whether ``option`` is on the command line or ``env`` is set."""
    return bool(os.environ.get(env)) or any(
        arg == option or arg.startswith(option + '=') for arg in argv)


def default_auth_type(argv):
    """novaclient's rule, plus minova's noauth2: a token with keystone is
    ``token``, a token without it ``admin_token``, else ``password``."""
    if not _given(argv, '--os-token', 'OS_TOKEN'):
        return 'password'
    if _given(argv, '--os-auth-url', 'OS_AUTH_URL'):
        return 'token'
    return 'admin_token'


def register_options(parser, argv):
    """Every ``--os-*`` option, with its ``OS_*`` variable as default."""
    named_cloud = _given(argv, '--os-cloud', 'OS_CLOUD')
    parser.add_argument(
        '--os-cloud', metavar='<name>', default=os.environ.get('OS_CLOUD'),
        help='a cloud of clouds.yaml (env OS_CLOUD)')
    loading.register_session_argparse_arguments(parser)
    # With a named cloud, clouds.yaml says how to log in: a default here
    # would override it.
    loading.register_auth_argparse_arguments(
        parser, argv, default=None if named_cloud else default_auth_type(argv))
    parser.add_argument(
        '--os-interface', metavar='<interface>',
        default=os.environ.get('OS_INTERFACE'),
        help='catalog interface: public (default), internal or admin '
             '(env OS_INTERFACE)')
    parser.add_argument(
        '--os-region-name', metavar='<region>',
        default=os.environ.get('OS_REGION_NAME'),
        help='catalog region (env OS_REGION_NAME)')
    for service in SERVICES:
        loading.register_service_adapter_argparse_arguments(parser, service)
        # minova's earlier, shorter spelling.
        parser.add_argument(
            '--os-%s-endpoint' % service, metavar='<url>',
            dest='os_%s_endpoint_override' % service,
            default=argparse.SUPPRESS,
            help='same as --os-%s-endpoint-override' % service)


def connect(options, requests_session=None):
    """The session and services the parsed ``options`` describe.

    ``requests_session``: the HTTP layer under keystoneauth1 (tests)."""
    try:
        if options.os_cloud:
            auth, session_args, services = _from_clouds_yaml(options)
        else:
            auth, session_args, services = _from_options(options)
    except ks_exceptions.ClientException as error:
        raise AuthError(_auth_problem(error))
    session = ks_session.Session(
        auth=auth, session=requests_session, app_name='minova',
        app_version=version.VERSION, timeout=options.timeout,
        **session_args)
    catalog = isinstance(auth, identity_base.BaseIdentityPlugin)
    return Cloud(session, services, catalog)


def _from_options(options):
    """novaclient's way: keystoneauth1 loads the plugin the options name."""
    if options.os_auth_type == 'admin_token' and not options.os_endpoint:
        # noauth2 with per-service URLs: the compute one serves as the
        # plugin's endpoint, as OS_ENDPOINT did before.
        options.os_endpoint = options.os_compute_endpoint_override
    _default_domain(options)
    auth = loading.load_auth_from_argparse_arguments(options)
    if auth is None:
        raise AuthError('no authentication type: set OS_AUTH_TYPE')
    session_args = {'verify': _verify(options.insecure, options.os_cacert),
                    'cert': _cert(options.os_cert, options.os_key)}
    services = {}
    for name in SERVICES:
        services[name] = Service(
            service_type=_option(options, name, 'service_type') or name,
            interface=(_option(options, name, 'interface') or
                       options.os_interface or 'public'),
            region_name=options.os_region_name,
            endpoint_override=_option(options, name, 'endpoint_override'))
    return auth, session_args, services


def _from_clouds_yaml(options):
    """openstackclient's way: the cloud's entry, with the options given
    here on top."""
    # openstacksdk takes half a second to import: only when needed.
    from openstack import config
    from openstack import exceptions as sdk_exceptions

    given = {k: v for k, v in vars(options).items()
             if k.startswith('os_') and k != 'os_cloud' and
             v not in (None, '')}
    if options.insecure:
        given['insecure'] = True
    try:
        region = config.OpenStackConfig().get_one(
            cloud=options.os_cloud, argparse=argparse.Namespace(**given))
    except sdk_exceptions.ConfigException as error:
        raise AuthError('clouds.yaml: %s' % error)
    verify, cert = region.get_requests_verify_args()
    services = {}
    for name in SERVICES:
        services[name] = Service(
            service_type=region.get_service_type(name),
            interface=region.get_interface(name) or 'public',
            region_name=region.get_region_name(name) or None,
            endpoint_override=region.get_endpoint(name))
    return region.get_auth(), {'verify': verify, 'cert': cert}, services


def _option(options, service, key):
    return getattr(options, 'os_%s_%s' % (service, key), None)


def _default_domain(options):
    """Keystone v3 needs a domain for names; openstackclient assumes
    ``default`` when none is given, so do we."""
    domain_options = ('os_default_domain_id', 'os_default_domain_name',
                      'os_user_domain_id', 'os_user_domain_name')
    if hasattr(options, 'os_default_domain_id') and not any(
            getattr(options, name, None) for name in domain_options):
        options.os_default_domain_id = 'default'


def _verify(insecure, cacert):
    if insecure:
        return False
    return cacert or True


def _cert(cert, key):
    if cert and key:
        return (cert, key)
    return cert


def _auth_problem(error):
    """One line saying what is missing, and the ways to log in."""
    if isinstance(error, ks_exceptions.MissingRequiredOptions):
        missing = ', '.join(
            'OS_' + opt.dest.upper() for opt in error.options)
        return ('missing %s: log in with OS_CLOUD (clouds.yaml), or '
                'OS_AUTH_URL with OS_USERNAME, OS_PASSWORD and '
                'OS_PROJECT_NAME, or (noauth2) OS_TOKEN with '
                'OS_COMPUTE_ENDPOINT_OVERRIDE' % missing)
    return str(error)
