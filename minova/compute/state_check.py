"""Nova's ``check_instance_state``: may an action run in the instance's
current state? 409 with Nova's message when it may not."""

from minova import exception


def check_instance_state(instance, action, vm_state=None,
                         task_state=(None,), must_have_launched=True):
    """Raise InstanceInvalidState unless the instance's vm_state is in
    ``vm_state`` and its task_state in ``task_state`` (None: any), and
    (``must_have_launched``) it was launched once."""
    if vm_state is not None and instance.vm_state not in vm_state:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=instance.uuid, attr='vm_state',
            state=instance.vm_state)
    if task_state is not None and instance.task_state not in task_state:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=instance.uuid, attr='task_state',
            state=instance.task_state)
    if must_have_launched and not instance.launched_at:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=instance.uuid, attr='launched_at',
            state=instance.launched_at)
