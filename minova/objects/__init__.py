"""Versioned objects: the one model of minova's data, in every process.

Objects are how services hand data to each other over RPC, and the only
callers of ``minova.db.api``. On a compute host, whose objects have no
database, remotable methods run in the conductor instead (the indirection
API), exactly as in Nova.
"""


def register_all():
    # Importing a module registers its objects as attributes of this
    # package, e.g. ``minova.objects.Instance``.
    __import__('minova.objects.block_device')
    __import__('minova.objects.compute_node')
    __import__('minova.objects.fixed_ip')
    __import__('minova.objects.flavor')
    __import__('minova.objects.floating_ip')
    __import__('minova.objects.instance')
    __import__('minova.objects.instance_action')
    __import__('minova.objects.instance_fault')
    __import__('minova.objects.instance_info_cache')
    __import__('minova.objects.instance_group')
    __import__('minova.objects.keypair')
    __import__('minova.objects.migration')
    __import__('minova.objects.network')
    __import__('minova.objects.request_spec')
    __import__('minova.objects.security_group')
    __import__('minova.objects.service')
    __import__('minova.objects.virtual_interface')
