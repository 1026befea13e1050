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


def require_state(instance, action, vm_state=None, task_state=(None,),
                  must_have_launched=True):
    """Raise InstanceInvalidState unless the instance's vm_state is in
    ``vm_state`` and its task_state in ``task_state`` (None: any), and
    (``must_have_launched``) it was launched once. For code that checks
    inside a method (compute/move_api.py); the decorator below wraps it."""
    _refuse_unless(action, instance, 'vm_state', vm_state)
    _refuse_unless(action, instance, 'task_state', task_state)
    if must_have_launched and not instance.launched_at:
        raise exception.InstanceInvalidState(
            action=action, instance_uuid=instance.uuid,
            attr='launched_at', state=instance.launched_at)


def check_instance_state(vm_state=None, task_state=(None,),
                         must_have_launched=True):
    """Decorator: the method runs only when ``require_state`` passes,
    with the method's name as the action's."""
    def outer(func):
        @functools.wraps(func)
        def inner(self, context, instance, *args, **kwargs):
            require_state(instance, func.__name__, vm_state, task_state,
                          must_have_launched)
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
