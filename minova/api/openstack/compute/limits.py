"""/limits: the project's absolute limits and what it uses of them."""

from minova.api.openstack.compute.views import limits as view
from minova import objects
from minova import quota

# 2.36 removed the proxy APIs' quotas from the body.
_HIDDEN_FROM_2_36 = ('floating_ips', 'security_groups',
                     'security_group_rules')


class LimitsController:

    def index(self, req):
        context = req.context
        context.can('os_compute_api:limits')
        project_id = req.GET.get('tenant_id') or context.project_id
        if project_id != context.project_id:
            context.can('os_compute_api:limits:other_project',
                        {'project_id': project_id})
        # With the limits minova does not enforce (quota.UNENFORCED).
        limits = quota.get_limits(project_id)
        usage = dict(quota.count_instance_usage(project_id))
        usage['server_groups'] = len(objects.InstanceGroupList
                                     .get_by_project_id(context, project_id))
        usage.update(floating_ips=0, security_groups=0)
        hidden = _HIDDEN_FROM_2_36 if req.ver('2.36') else ()
        return view.build(limits, usage, hidden)
