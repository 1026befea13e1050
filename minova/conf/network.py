"""Options of minova-network: fixed-IP allocation and the host side
(bridges, namespaces, dnsmasq), and the default network of a boot."""

from oslo_config import cfg

from minova.conf import paths

network_group = cfg.OptGroup('network', title='Networking options')

network_opts = [
    cfg.StrOpt('default_network',
               help='Label or uuid of the network that servers join when '
                    'they ask for none (``networks`` omitted or "auto"). '
                    'Empty: the only network, when exactly one exists; '
                    'with several, such a request is refused with 409.'),
    cfg.StrOpt('network_driver', default='linux_net',
               choices=[('linux_net', 'a Linux bridge per network and '
                                      'dnsmasq in a network namespace '
                                      '(needs root)'),
                        ('noop', 'addresses only, nothing on the host')],
               help='What minova-network does on its host for a network.'),
    cfg.StrOpt('networks_path', default=paths.state_path_def('networks'),
               help='Where minova-network keeps, per network, the dnsmasq '
                    'hosts, lease and pid files and a record of what it '
                    'set up on this host. dnsmasq drops to an unprivileged '
                    'user, so every directory above it must be '
                    'traversable by that user.'),
    cfg.StrOpt('dnsmasq_user', default='nobody',
               help='The user dnsmasq drops its root privileges to.'),
    cfg.IntOpt('dhcp_lease_time', default=86400, min=120,
               help='Seconds a DHCP lease lasts.'),
    cfg.StrOpt('base_mac', default='fa:16:3e:00:00:00',
               help='MAC addresses of virtual interfaces are this one with '
                    'its last three octets random.'),
    cfg.IntOpt('create_unique_mac_address_attempts', default=5, min=1,
               help='Random MACs tried before a virtual interface fails '
                    '(each must be unique in virtual_interfaces).'),
    cfg.IntOpt('fixed_ip_allocation_attempts', default=100, min=1,
               help='Addresses tried for one allocation. Each try inserts a '
                    'row that the unique (network_id, address) constraint '
                    'rejects when a concurrent allocation took the address '
                    'first; the loser tries another free one.'),
    cfg.IntOpt('host_sync_interval', default=10, min=0,
               help='Seconds between two passes that bring this host in '
                    'line with the database: networks set up or torn down, '
                    'a dead dnsmasq restarted, addresses of deleted '
                    'servers freed. 0 disables the pass.'),
    cfg.StrOpt('public_bridge',
               help='The bridge of the "public" network floating IPs live '
                    'on: each network\'s namespace becomes its router, '
                    'with a port in this bridge holding the network\'s '
                    'floating IPs, and NATs them to the fixed IPs (only '
                    'inside that namespace). Empty: no floating IPs can be '
                    'associated. minova never puts a physical port into '
                    'it; the rest of the world is whatever the operator '
                    'joins to it (devstack: the namespace minova-outside).'),
    cfg.StrOpt('flat_interface',
               help='A host interface (e.g. eth1) that this host adds to '
                    'every guest network bridge it sets up: minova-network '
                    'for its networks, a compute host when it plugs a '
                    'guest\'s VIF (nova-network\'s and os-vif\'s option of '
                    'the same name). It joins the bridges of several hosts '
                    'into one LAN, so that guests on a second compute host '
                    'reach the DHCP server, router and metadata proxy of '
                    'their network. It must be a dedicated interface with '
                    'no address (minova moves none to the bridge, and '
                    'refuses one that has any); never the public bridge. '
                    'Empty (the default): bridges get no physical port. '
                    'devstack, the tests and CI never set it.'),
    cfg.StrOpt('default_floating_pool', default='public',
               help='The pool a floating IP comes from when a request '
                    'names none.'),
    cfg.StrOpt('public_cidr',
               help='The range of the public network (floating IP pools '
                    'are cut from it; the outside has an address in it), '
                    'e.g. 172.24.4.0/24.'),
]


def register_opts(conf):
    conf.register_group(network_group)
    conf.register_opts(network_opts, group=network_group)


def list_opts():
    return {network_group.name: network_opts}
