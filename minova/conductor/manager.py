"""Server side of the conductor's RPC APIs (see conductor/rpcapi.py)."""

import copy

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_utils import timeutils
from oslo_versionedobjects import base as ovo_base

from minova.compute import instance_state
from minova.compute import rpcapi as compute_rpcapi
from minova.compute import vm_states
from minova.conductor import stale_tasks
from minova.conductor.tasks import evacuate
from minova.conductor.tasks import migrate
import minova.conf
from minova import exception
from minova.image import glance
from minova import manager
from minova import objects
from minova.objects import instance_action
from minova.scheduler import rpcapi as scheduler_rpcapi
from minova.timeline import spans

CONF = minova.conf.CONF
LOG = logging.getLogger(__name__)


class ConductorManager:
    """Runs remotable object methods for services without a database."""

    target = messaging.Target(version='1.0')

    def ping(self, context, arg):
        return arg

    # A missing row is an answer for the caller, not a conductor error.
    @messaging.expected_exceptions(exception.MinovaException)
    def object_class_action_versions(self, context, objname, objmethod,
                                     object_versions, args, kwargs):
        objclass = ovo_base.VersionedObjectRegistry.obj_classes()[
            objname][0]
        result = getattr(objclass, objmethod)(context, *args, **kwargs)
        if isinstance(result, ovo_base.VersionedObject):
            target = object_versions.get(result.obj_name())
            if target and result.VERSION != target:
                result = result.obj_to_primitive(target_version=target)
                result = objclass.obj_from_primitive(result, context)
        return result

    @messaging.expected_exceptions(exception.MinovaException)
    def object_action(self, context, objinst, objmethod, args, kwargs):
        """Run ``objinst.objmethod`` here; return (changes, result)."""
        oldobj = objinst.obj_clone()
        result = getattr(objinst, objmethod)(*args, **kwargs)
        updates = {}
        for name, field in objinst.fields.items():
            if not objinst.obj_attr_is_set(name):
                continue
            if not oldobj.obj_attr_is_set(name) or \
                    getattr(oldobj, name) != getattr(objinst, name):
                updates[name] = field.to_primitive(objinst, name,
                                                   getattr(objinst, name))
        updates['obj_what_changed'] = objinst.obj_what_changed()
        return updates, result

    def object_backport_versions(self, context, objinst, object_versions):
        target = object_versions[objinst.obj_name()]
        return objinst.obj_to_primitive(target_version=target,
                                        version_manifest=object_versions)


class ComputeTaskManager(manager.Manager):
    """Long-running tasks: scheduling a build and sending it to hosts;
    the moves of a server (conductor/tasks/)."""

    target = messaging.Target(namespace='compute_task', version='1.31')

    def __init__(self):
        super().__init__()
        self.scheduler_rpcapi = scheduler_rpcapi.SchedulerAPI()
        self.compute_rpcapi = compute_rpcapi.ComputeAPI()
        self.image_api = glance.API()

    def build_instances(self, context, instances, image, request_spec,
                        admin_password=None, requested_networks=None):
        watch = timeutils.StopWatch().start()
        uuids = [i.uuid for i in instances]
        spec = request_spec
        if spec.retry is None:
            spec.retry = objects.SchedulerRetries(num_attempts=0, hosts=[])
        spec.retry.num_attempts += 1
        try:
            if spec.retry.num_attempts > CONF.scheduler.max_attempts:
                raise exception.MaxRetriesExceeded(
                    reason='Exceeded maximum number of retries. Exhausted '
                           'all hosts available for retrying build '
                           'failures for instance %s.' % uuids[0])
            with instance_action.OneWriteEventReporter(
                    context, 'conductor_schedule_and_build_instances',
                    CONF.host, *uuids):
                destinations = self.scheduler_rpcapi.select_destinations(
                    context, spec, uuids)
        except exception.NoValidHost as error:
            LOG.warning('Failed to schedule %s: %s', uuids,
                        error.format_message())
            for instance in instances:
                self._set_error(context, instance, error)
            return
        except Exception as error:
            # No scheduler answered (or it broke): never leave the
            # instances in BUILD.
            LOG.exception('Scheduling %s failed', uuids)
            for instance in instances:
                self._set_error(context, instance, error)
            return
        for instance, dest in zip(instances, destinations):
            instance_spec = copy.deepcopy(spec)
            instance_spec.instance_uuid = instance.uuid
            # A reschedule of this instance must not come back here.
            instance_spec.retry.hosts = list(spec.retry.hosts) + [
                [dest['host'], dest['nodename']]]
            LOG.info('Sending instance %s to host %s', instance.uuid,
                     dest['host'])
            with spans.span(context, 'conductor_cast_to_compute',
                            instance_uuid=instance.uuid,
                            to_host=dest['host']):
                # What the build needs, in its message: no call back.
                bdms = objects.BlockDeviceMappingList.get_by_instance_uuid(
                    context, instance.uuid)
                self.compute_rpcapi.build_and_run_instance(
                    context, instance, dest['host'], image, instance_spec,
                    admin_password=admin_password,
                    requested_networks=requested_networks,
                    node=dest['nodename'], limits=dest.get('limits'),
                    block_device_mapping=bdms)
        spans.flush(context, uuids)
        LOG.info('Scheduled %d instance(s) in %.3fs', len(instances),
                 watch.elapsed())

    # No host for the move is the API's answer (400), not our error.
    @messaging.expected_exceptions(exception.NoValidHost)
    def migrate_server(self, context, instance, flavor, clean_shutdown=True):
        migrate.MigrationTask(context, instance, flavor, clean_shutdown,
                              self.scheduler_rpcapi,
                              self.compute_rpcapi).execute()

    def evacuate_instance(self, context, instance, migration, host=None,
                          force=False, admin_password=None):
        evacuate.EvacuateTask(context, instance, migration, host, force,
                              admin_password, self.scheduler_rpcapi,
                              self.compute_rpcapi).execute()

    def unshelve_instance(self, context, instance):
        """A shelved instance starts again on its own host; an offloaded
        one goes where the scheduler says, booted from its shelve
        snapshot. No host: it stays offloaded, with a fault that says
        why; no snapshot: ERROR, as in Nova."""
        if instance.vm_state == vm_states.SHELVED:
            with spans.span(context, 'conductor_cast_to_compute',
                            to_host=instance.host):
                self.compute_rpcapi.unshelve_instance(
                    context, instance, instance.host, None,
                    node=instance.node)
            spans.flush(context, [instance.uuid])
            return
        with instance_state.unless_gone(instance):
            try:
                image = self.image_api.show(
                    context, instance.system_metadata['shelved_image_id'])
                with instance_action.EventReporter(
                        context, 'schedule_instances', CONF.host,
                        instance.uuid):
                    [dest] = self.scheduler_rpcapi.select_destinations(
                        context, _unshelve_spec(instance, image),
                        [instance.uuid])
            except exception.NoValidHost as error:
                instance_state.revert(context, instance, error, CONF.host,
                                      'unshelve')
                return
            except Exception as error:
                LOG.exception('Unshelving failed', instance=instance)
                instance_state.fail(context, instance, error, CONF.host,
                                    'unshelve', binary='minova-conductor')
                return
            instance.refresh()
            with spans.span(context, 'conductor_cast_to_compute',
                            to_host=dest['host']):
                self.compute_rpcapi.unshelve_instance(
                    context, instance, dest['host'], image,
                    node=dest['nodename'], limits=dest.get('limits'))
            spans.flush(context, [instance.uuid])

    @manager.periodic('conductor.stale_task_check_interval')
    def settle_stale_tasks(self, context):
        """Periodic: no instance stays in a task state (BUILD included)
        forever; see conductor/stale_tasks.py."""
        stale_tasks.check(context)

    @staticmethod
    def _set_error(context, instance, error):
        """ERROR with a fault that says why; the instance may be gone."""
        with instance_state.unless_gone(instance):
            instance_state.fail(context, instance, error, CONF.host,
                                binary='minova-conductor',
                                clear_placement=True)


def _unshelve_spec(instance, image):
    """What the scheduler needs to place an offloaded instance again."""
    return objects.RequestSpec(
        instance_uuid=instance.uuid, project_id=instance.project_id,
        user_id=instance.user_id, flavor=instance.flavor,
        image_id=image['id'],
        image_properties={k: (str(v) if v is not None else None)
                          for k, v in image.get('properties', {}).items()},
        num_instances=1, availability_zone=None, scheduler_hints={},
        retry=None, instance_group=None, force_hosts=[], force_nodes=[])
