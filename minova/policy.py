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
    except policy.PolicyNotRegistered:
        raise exception.PolicyNotAuthorized(action=action)
