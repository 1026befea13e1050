"""What the conductor offers in-process callers (the API, compute)."""

from minova.conductor import rpcapi


class ComputeTaskAPI:
    def __init__(self):
        self.rpcapi = rpcapi.ComputeTaskAPI()

    def build_instances(self, context, instances, image, request_spec,
                        admin_password=None, requested_networks=None):
        self.rpcapi.build_instances(context, instances, image, request_spec,
                                    admin_password=admin_password,
                                    requested_networks=requested_networks)

    def migrate_server(self, context, instance, flavor, clean_shutdown=True):
        return self.rpcapi.migrate_server(context, instance, flavor,
                                          clean_shutdown)

    def evacuate_instance(self, context, instance, migration, host=None,
                          force=False, admin_password=None):
        self.rpcapi.evacuate_instance(context, instance, migration,
                                      host=host, force=force,
                                      admin_password=admin_password)

    def unshelve_instance(self, context, instance):
        self.rpcapi.unshelve_instance(context, instance)
