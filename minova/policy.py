"""Policy enforcement with oslo.policy; defaults live in minova.policies."""

from oslo_config import cfg
from oslo_policy import policy

from minova import exception
from minova import policies

_ENFORCER = None


def init(conf=None):
    global _ENFORCER
    if _ENFORCER is None:
        _ENFORCER = policy.Enforcer(conf or cfg.CONF)
        _ENFORCER.register_defaults(policies.list_rules())
        _ENFORCER.load_rules()
    return _ENFORCER


def get_enforcer():
    """For oslo.policy's tools (the ``oslo.policy.enforcer`` entry point:
    ``oslopolicy-policy-generator --namespace minova``)."""
    import minova.conf
    minova.conf.CONF([], project='minova')
    return init(minova.conf.CONF)


def reset():
    global _ENFORCER
    if _ENFORCER is not None:
        _ENFORCER.clear()
    _ENFORCER = None


def authorize(context, action, target, fatal=True):
    enforcer = init()
    credentials = context.to_policy_values()
    credentials['is_admin'] = context.is_admin
    try:
        return enforcer.authorize(action, target, credentials,
                                  do_raise=fatal,
                                  exc=exception.PolicyNotAuthorized,
                                  action=action)
    except (policy.PolicyNotRegistered, policy.InvalidScope):
        # A token of the wrong scope ([oslo_policy] enforce_scope) is
        # refused as any other.
        raise exception.PolicyNotAuthorized(action=action)
