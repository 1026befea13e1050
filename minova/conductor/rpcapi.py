"""Client side of the conductor's two RPC APIs.

``ConductorAPI`` is the object indirection API: on a compute host, every
remotable object method (``instance.save()``) becomes a call here, so
compute never opens the database.

``ComputeTaskAPI`` (namespace ``compute_task``) starts long-running tasks.

Version history:

* ConductorAPI 1.0 - object_class_action_versions, object_action,
  object_backport_versions, ping
* ComputeTaskAPI 1.0 - build_instances
* ComputeTaskAPI 1.1 - unshelve_instance
* ComputeTaskAPI 1.30 - migrate_server (resize, cold migration)
* ComputeTaskAPI 1.31 - evacuate_instance
"""

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_versionedobjects import base as ovo_base

import minova.conf
from minova import rpc

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


class ConductorAPI(ovo_base.VersionedObjectIndirectionAPI):
    VERSION = '1.0'

    def __init__(self):
        self.client = rpc.get_client(messaging.Target(
            topic=CONF.conductor.topic, version='1.0'))

    def wait_until_ready(self, context, attempt_timeout=2):
        """Block until a conductor answers.

        A call published before any conductor has declared its queue is
        dropped by RabbitMQ, so ask with short time-outs, again and again,
        instead of one long wait.
        """
        attempt = 0
        while True:
            attempt += 1
            try:
                self.client.prepare(timeout=attempt_timeout).call(
                    context, 'ping', arg='ready')
                return
            except messaging.MessagingTimeout:
                LOG.warning('Waiting for a conductor to answer (attempt '
                            '%d)', attempt)

    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        return self.client.call(context, 'object_class_action_versions',
                                objname=objname, objmethod=objmethod,
                                object_versions=object_versions,
                                args=args, kwargs=kwargs)

    def object_action(self, context, objinst, objmethod, args, kwargs):
        return self.client.call(context, 'object_action', objinst=objinst,
                                objmethod=objmethod, args=args,
                                kwargs=kwargs)

    def object_backport_versions(self, context, objinst, object_versions):
        return self.client.call(context, 'object_backport_versions',
                                objinst=objinst,
                                object_versions=object_versions)


class ComputeTaskAPI:
    VERSION = '1.31'

    def __init__(self):
        self.client = rpc.get_client(messaging.Target(
            topic=CONF.conductor.topic, namespace='compute_task',
            version='1.0'))

    def build_instances(self, context, instances, image, request_spec,
                        admin_password=None, requested_networks=None):
        """Cast: schedule ``instances`` and build each on its host.

        Also the reschedule path: compute casts it again with the request
        spec whose ``retry`` lists the hosts already tried.
        """
        self.client.cast(context, 'build_instances', instances=instances,
                         image=image, request_spec=request_spec,
                         admin_password=admin_password,
                         requested_networks=requested_networks)

    def migrate_server(self, context, instance, flavor, clean_shutdown=True):
        """Call: schedule a resize (or, with the instance's own flavor, a
        cold migration) and start it on the destination. Returns once
        the destination has its prep_resize; raises NoValidHost.

        Added in 1.30.
        """
        cctxt = self.client.prepare(version='1.30')
        return cctxt.call(context, 'migrate_server', instance=instance,
                          flavor=flavor, clean_shutdown=clean_shutdown)

    def evacuate_instance(self, context, instance, migration, host=None,
                          force=False, admin_password=None):
        """Cast: schedule the rebuild of ``instance`` (whose host is down)
        on another host and send it there.

        Added in 1.31.
        """
        cctxt = self.client.prepare(version='1.31')
        cctxt.cast(context, 'evacuate_instance', instance=instance,
                   migration=migration, host=host, force=force,
                   admin_password=admin_password)

    def unshelve_instance(self, context, instance):
        """Cast: find a host for a shelved-offloaded instance (or use its
        own when it was only shelved) and unshelve it there."""
        self.client.prepare(version='1.1').cast(
            context, 'unshelve_instance', instance=instance)
