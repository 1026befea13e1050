"""The checks the compute API makes before an action, as Nova's
``check_instance_state`` and ``check_instance_lock`` decorators do.

    @state_check.check_instance_lock
    @state_check.check_instance_state(vm_state=[vm_states.ACTIVE])
    def pause(self, context, instance): ...

A refused action raises InstanceInvalidState (409, "Cannot 'pause'
instance <uuid> while it is in vm_state stopped") or InstanceIsLocked
(409; admins pass a lock). The action's name is the method's name.
"""

import functools

from minova import exception


def check_instance_state(vm_state=None, task_state=(None,),
                         must_have_launched=True):
    """The instance's vm_state must be one of ``vm_state`` and its
    task_state one of ``task_state`` (None: any); with
    ``must_have_launched`` it must have run once (``launched_at``)."""
    def outer(func):
        @functools.wraps(func)
        def inner(self, context, instance, *args, **kwargs):
            _refuse_unless(func.__name__, instance, 'vm_state', vm_state)
            _refuse_unless(func.__name__, instance, 'task_state', task_state)
            if must_have_launched and not instance.launched_at:
                raise exception.InstanceInvalidState(
                    action=func.__name__, instance_uuid=instance.uuid,
                    attr='launched_at', state=instance.launched_at)
            return func(self, context, instance, *args, **kwargs)
        return inner
    return outer


def _refuse_unless(action, instance, attr, allowed):
    state = instance[attr]
    if allowed is not None and state not in allowed:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=instance.uuid, attr=attr,
            state=state)


def check_instance_lock(func):
    """A locked instance refuses the action, except to an admin."""
    @functools.wraps(func)
    def inner(self, context, instance, *args, **kwargs):
        if instance.locked and not context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
        return func(self, context, instance, *args, **kwargs)
    return inner
