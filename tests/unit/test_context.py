"""minova.context: the request context, elevation and policy checks."""

import pytest

from minova import context as minova_context
from minova import exception


def test_defaults():
    ctx = minova_context.RequestContext(user_id='u', project_id='p')
    assert not ctx.is_admin and ctx.read_deleted == 'no'
    assert ctx.request_id.startswith('req-')
    assert ctx.timestamp is not None


def test_two_contexts_two_request_ids():
    assert minova_context.RequestContext().request_id != \
        minova_context.RequestContext().request_id


def test_to_and_from_dict():
    ctx = minova_context.RequestContext(user_id='u', project_id='p',
                                        roles=['reader'],
                                        remote_address='10.0.0.1')
    back = minova_context.RequestContext.from_dict(ctx.to_dict())
    assert (back.user_id, back.project_id, back.roles,
            back.remote_address, back.request_id) == \
        ('u', 'p', ['reader'], '10.0.0.1', ctx.request_id)


def test_elevated_is_an_admin_copy():
    ctx = minova_context.RequestContext(user_id='u', project_id='p',
                                        roles=['member'])
    admin = ctx.elevated(read_deleted='yes')
    assert admin.is_admin and 'admin' in admin.roles
    assert admin.read_deleted == 'yes'
    assert admin.request_id == ctx.request_id
    assert not ctx.is_admin and ctx.roles == ['member']
    assert ctx.elevated().read_deleted == 'no'


def test_admin_context():
    ctx = minova_context.get_admin_context(read_deleted='yes')
    assert ctx.is_admin and ctx.roles == ['admin']
    assert ctx.read_deleted == 'yes' and ctx.project_id is None


def test_can(user_ctx, admin_ctx):
    own = {'project_id': 'proj1', 'user_id': 'alice'}
    other = {'project_id': 'proj2', 'user_id': 'bob'}
    assert user_ctx.can('os_compute_api:servers:show', own)
    with pytest.raises(exception.PolicyNotAuthorized) as error:
        user_ctx.can('os_compute_api:servers:show', other)
    assert error.value.code == 403
    assert user_ctx.can('os_compute_api:servers:show', other,
                        fatal=False) is False
    assert user_ctx.can('os_compute_api:servers:index')    # own target
    assert admin_ctx.can('os_compute_api:servers:show', other)
    with pytest.raises(exception.PolicyNotAuthorized):
        user_ctx.can('os_compute_api:os-services:list', {})
    with pytest.raises(exception.PolicyNotAuthorized):
        admin_ctx.can('no:such:rule', {})
