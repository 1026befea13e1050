"""The demo project's way in, as devstack makes it: its ``default``
security group allows ICMP and SSH from anywhere, and (``--server``)
that server has a floating IP from the pool ``public``, whose address
is printed. Running it again changes nothing.

Through openstacksdk's nova-network calls (``has_network=False``: the
compute API's os-security-groups and os-floating-ips), as user demo:
the stack's clouds.yaml with keystone, the token demo:demo with noauth2.
Settings come from the environment: AUTH, CLOUDS_YAML, COMPUTE_URL,
IMAGE_URL.
"""

import argparse
import os

import openstack

RULES = (('icmp', None, None), ('tcp', 22, 22))


def connect():
    if os.environ['AUTH'] == 'keystone':
        os.environ['OS_CLIENT_CONFIG_FILE'] = os.environ['CLOUDS_YAML']
        return openstack.connect(cloud='devstack', has_network=False)
    compute = os.environ['COMPUTE_URL']
    return openstack.connect(
        auth_type='admin_token',
        auth={'token': 'demo:demo',
              'endpoint': compute.rsplit('/', 1)[0] + '/v3'},
        compute_endpoint_override=compute,
        image_endpoint_override=os.environ['IMAGE_URL'],
        has_network=False)


def allow_icmp_and_ssh(conn):
    group = conn.get_security_group('default')
    have = {(r['protocol'], r['port_range_min'], r['port_range_max'])
            for r in group['security_group_rules']}
    for protocol, low, high in RULES:
        if (protocol, low, high) not in have:
            conn.create_security_group_rule(
                'default', protocol=protocol, port_range_min=low,
                port_range_max=high, remote_ip_prefix='0.0.0.0/0')


def floating_ip(conn, name):
    """The server's floating IP: the one it has, or a new one."""
    server = conn.get_server(name)
    fixed = {address['addr'] for addresses in server['addresses'].values()
             for address in addresses}
    for fip in conn.list_floating_ips():
        if fip['fixed_ip_address'] in fixed:
            return fip['floating_ip_address']
    fip = conn.create_floating_ip(network='public')
    conn.add_ip_list(server, [fip['floating_ip_address']])
    return fip['floating_ip_address']


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--server', help='give this server a floating IP')
    args = parser.parse_args()
    conn = connect()
    allow_icmp_and_ssh(conn)
    if args.server:
        print(floating_ip(conn, args.server))


if __name__ == '__main__':
    main()
