"""Images from servers on the compute host: createImage, createBackup,
and the snapshot a shelve takes.

The API wrote the image record and moved the instance to
``image_snapshot`` (``image_backup``, ``shelving``); here the driver
walks it through ``image_pending_upload`` (the disk is being flattened)
and ``image_uploading`` (the data goes to the image service), with the
states a shelve has for the same steps. A snapshot that fails deletes
its image, so no queued image is left behind, and the instance goes back
to where it was (compute/instance_state ``acting``).
"""

from oslo_log import log as logging
from oslo_utils import timeutils

from minova.compute import instance_state
from minova.compute import task_states
from minova import exception
from minova.timeline import spans

LOG = logging.getLogger(__name__)

# The driver's task states, as a shelve shows them.
SHELVE_STATES = {
    task_states.IMAGE_PENDING_UPLOAD:
        task_states.SHELVING_IMAGE_PENDING_UPLOAD,
    task_states.IMAGE_UPLOADING: task_states.SHELVING_IMAGE_UPLOADING,
}


class Snapshotter:
    def __init__(self, host, driver, image_api):
        self.host = host
        self.driver = driver
        self.image_api = image_api

    def take(self, context, instance, image_id, states=None):
        """The instance's disk into image ``image_id``; ``states`` maps
        the driver's task states to the ones this action shows."""
        states = states or {}
        with timeutils.StopWatch() as watch, spans.span(
                context, 'compute_snapshot', image_id=image_id):
            try:
                self.driver.snapshot(
                    context, instance, image_id,
                    lambda task_state, expected_state=None:
                    instance_state.advance(
                        instance, states.get(task_state, task_state),
                        expected_task_state=None if expected_state is None
                        else [states.get(expected_state, expected_state)]))
            except Exception:
                self.delete_image(context, image_id)
                raise
        LOG.info('Snapshot %s taken and uploaded in %.2fs', image_id,
                 watch.elapsed(), instance=instance)

    def delete_image(self, context, image_id):
        try:
            self.image_api.delete(context, image_id)
        except exception.ImageNotFound:
            pass
        except Exception:
            LOG.exception('Deleting image %s failed', image_id)

    def _still_wanted(self, context, instance, image_id, task_state):
        """False (its image deleted) for a message that waited out a
        restart of this host, which settled its task."""
        if instance_state.still_in(instance, [task_state]):
            return True
        self.delete_image(context, image_id)
        return False

    def snapshot_instance(self, context, instance, image_id):
        if not self._still_wanted(context, instance, image_id,
                                  task_states.IMAGE_SNAPSHOT):
            return
        with instance_state.acting(context, instance, self.host, 'snapshot',
                                   'compute_snapshot_instance'):
            self.take(context, instance, image_id)
            self._finish(context, instance, 'snapshot')

    def backup_instance(self, context, instance, image_id, backup_type,
                        rotation):
        if not self._still_wanted(context, instance, image_id,
                                  task_states.IMAGE_BACKUP):
            return
        with instance_state.acting(context, instance, self.host, 'backup',
                                   'compute_backup_instance'):
            self.take(context, instance, image_id)
            self.rotate_backups(context, instance, backup_type, rotation,
                                newest=image_id)
            self._finish(context, instance, 'backup')

    def _finish(self, context, instance, action):
        instance_state.finish(context, instance, self.host, action,
                              instance.vm_state,
                              self.driver.get_info(instance).state,
                              [task_states.IMAGE_UPLOADING])

    def rotate_backups(self, context, instance, backup_type, rotation,
                       newest=None):
        """Only the newest ``rotation`` backups of ``backup_type`` of
        this instance stay (0: none, the new one included).

        ``newest`` is the backup just taken: it counts as the newest
        whatever the image service's clock says, since backups taken in
        the same second (a DATETIME column has no fractions) tie on
        ``created_at`` and would otherwise rotate in no defined order."""
        backups = self.image_api.list(context, filters={
            'instance_uuid': instance.uuid, 'image_type': 'backup',
            'backup_type': backup_type, 'sort_key': 'created_at',
            'sort_dir': 'desc'})
        backups.sort(key=lambda image: image['id'] != newest)
        for image in backups[rotation:]:
            LOG.info('Rotating out backup %s', image['id'],
                     instance=instance)
            self.delete_image(context, image['id'])
