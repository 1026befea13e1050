"""Every endpoint of the compute API in one table: path -> method ->
(controller class, method name). Each path is also served under
``/{project_id}``."""

from minova.api.openstack.compute import admin_actions
from minova.api.openstack.compute import attach_interfaces
from minova.api.openstack.compute import availability_zone
from minova.api.openstack.compute import console_output
from minova.api.openstack.compute import crash_dump
from minova.api.openstack.compute import deferred_delete
from minova.api.openstack.compute import evacuate
from minova.api.openstack.compute import flavor_access
from minova.api.openstack.compute import floating_ip_actions
from minova.api.openstack.compute import floating_ips
from minova.api.openstack.compute import flavor_extra_specs
from minova.api.openstack.compute import flavors
from minova.api.openstack.compute import hypervisors
from minova.api.openstack.compute import image_metadata
from minova.api.openstack.compute import images
from minova.api.openstack.compute import inject_network_info
from minova.api.openstack.compute import instance_actions
from minova.api.openstack.compute import ips
from minova.api.openstack.compute import keypairs
from minova.api.openstack.compute import limits
from minova.api.openstack.compute import lock_server
from minova.api.openstack.compute import migrate_server
from minova.api.openstack.compute import migrations
from minova.api.openstack.compute import networks
from minova.api.openstack.compute import pause_server
from minova.api.openstack.compute import quota_classes
from minova.api.openstack.compute import quota_sets
from minova.api.openstack.compute import security_group_actions
from minova.api.openstack.compute import security_group_default_rules
from minova.api.openstack.compute import security_groups
from minova.api.openstack.compute import rescue
from minova.api.openstack.compute import server_groups
from minova.api.openstack.compute import server_images
from minova.api.openstack.compute import server_metadata
from minova.api.openstack.compute import server_password
from minova.api.openstack.compute import server_rebuild
from minova.api.openstack.compute import server_tags
from minova.api.openstack.compute import servers
from minova.api.openstack.compute import services
from minova.api.openstack.compute import shelve
from minova.api.openstack.compute import simple_tenant_usage
from minova.api.openstack.compute import suspend_server

SERVERS_CONTROLLER = servers.ServersController
# Controllers whose @wsgi.action methods answer POST /servers/{id}/action.
ACTION_CONTROLLERS = (console_output.ConsoleOutputController,
                      pause_server.PauseServerController,
                      suspend_server.SuspendServerController,
                      lock_server.LockServerController,
                      admin_actions.AdminActionsController,
                      deferred_delete.DeferredDeleteController,
                      crash_dump.CrashDumpController,
                      inject_network_info.InjectNetworkInfoController,
                      migrate_server.MigrateServerController,
                      evacuate.EvacuateController,
                      security_group_actions.SecurityGroupActionController,
                      floating_ip_actions.FloatingIPActionController,
                      server_images.ServerImagesController,
                      server_rebuild.ServerRebuildController,
                      rescue.RescueController,
                      shelve.ShelveController)

_flavors = flavors.FlavorsController
_extra = flavor_extra_specs.FlavorExtraSpecsController
_access = flavor_access.FlavorAccessController
_hyp = hypervisors.HypervisorController
_actions = instance_actions.InstanceActionsController
_ifaces = attach_interfaces.InterfaceAttachmentController
_networks = networks.NetworkController
_meta = server_metadata.ServerMetadataController
_tags = server_tags.ServerTagsController
_quotas = quota_sets.QuotaSetsController
_classes = quota_classes.QuotaClassSetsController
_usage = simple_tenant_usage.SimpleTenantUsageController
_fip = floating_ips.FloatingIPController
_sg = security_groups.SecurityGroupController
_sg_rules = security_groups.SecurityGroupRulesController
_sg_default = security_group_default_rules.SecurityGroupDefaultRulesController
_server_migrations = migrations.ServerMigrationsController
_images = images.ImagesController
_image_meta = image_metadata.ImageMetadataController

ROUTES = (
    ('/flavors', {'GET': (_flavors, 'index'),
                  'POST': (_flavors, 'create')}),
    ('/flavors/detail', {'GET': (_flavors, 'detail')}),
    ('/flavors/{id}', {'GET': (_flavors, 'show'),
                       'DELETE': (_flavors, 'delete')}),
    ('/flavors/{id}/action', {'POST': (_access, 'action')}),
    ('/flavors/{flavor_id}/os-flavor-access', {'GET': (_access, 'index')}),
    ('/flavors/{flavor_id}/os-extra_specs', {'GET': (_extra, 'index'),
                                             'POST': (_extra, 'create')}),
    ('/flavors/{flavor_id}/os-extra_specs/{id}', {
        'GET': (_extra, 'show'), 'PUT': (_extra, 'update'),
        'DELETE': (_extra, 'delete')}),
    ('/images', {'GET': (_images, 'index')}),
    ('/images/detail', {'GET': (_images, 'detail')}),
    ('/images/{id}', {'GET': (_images, 'show'),
                      'DELETE': (_images, 'delete')}),
    ('/images/{image_id}/metadata', {'GET': (_image_meta, 'index'),
                                     'POST': (_image_meta, 'create'),
                                     'PUT': (_image_meta, 'update_all')}),
    ('/images/{image_id}/metadata/{id}', {
        'GET': (_image_meta, 'show'), 'PUT': (_image_meta, 'update'),
        'DELETE': (_image_meta, 'delete')}),
    ('/limits', {'GET': (limits.LimitsController, 'index')}),
    ('/os-availability-zone', {
        'GET': (availability_zone.AvailabilityZoneController, 'index')}),
    ('/os-availability-zone/detail', {
        'GET': (availability_zone.AvailabilityZoneController, 'detail')}),
    ('/os-floating-ip-pools', {
        'GET': (floating_ips.FloatingIPPoolsController, 'index')}),
    ('/os-floating-ips', {'GET': (_fip, 'index'), 'POST': (_fip, 'create')}),
    ('/os-floating-ips/{id}', {'GET': (_fip, 'show'),
                               'DELETE': (_fip, 'delete')}),
    ('/os-hypervisors', {'GET': (_hyp, 'index')}),
    ('/os-hypervisors/detail', {'GET': (_hyp, 'detail')}),
    ('/os-hypervisors/statistics', {'GET': (_hyp, 'statistics')}),
    ('/os-hypervisors/{id}', {'GET': (_hyp, 'show')}),
    ('/os-hypervisors/{id}/uptime', {'GET': (_hyp, 'uptime')}),
    ('/os-hypervisors/{id}/search', {'GET': (_hyp, 'search')}),
    ('/os-hypervisors/{id}/servers', {'GET': (_hyp, 'servers')}),
    ('/os-keypairs', {'GET': (keypairs.KeypairController, 'index'),
                      'POST': (keypairs.KeypairController, 'create')}),
    ('/os-keypairs/{id}', {'GET': (keypairs.KeypairController, 'show'),
                           'DELETE': (keypairs.KeypairController,
                                      'delete')}),
    ('/os-migrations', {'GET': (migrations.MigrationsController,
                                'index')}),
    ('/os-networks', {'GET': (_networks, 'index')}),
    ('/os-networks/{id}', {'GET': (_networks, 'show')}),
    ('/os-quota-class-sets/{id}', {'GET': (_classes, 'show'),
                                   'PUT': (_classes, 'update')}),
    ('/os-quota-sets/{id}', {'GET': (_quotas, 'show'),
                             'PUT': (_quotas, 'update'),
                             'DELETE': (_quotas, 'delete')}),
    ('/os-quota-sets/{id}/defaults', {'GET': (_quotas, 'defaults')}),
    ('/os-quota-sets/{id}/detail', {'GET': (_quotas, 'detail')}),
    ('/os-simple-tenant-usage', {'GET': (_usage, 'index')}),
    ('/os-simple-tenant-usage/{id}', {'GET': (_usage, 'show')}),
    ('/os-security-groups', {'GET': (_sg, 'index'),
                             'POST': (_sg, 'create')}),
    ('/os-security-groups/{id}', {'GET': (_sg, 'show'),
                                  'PUT': (_sg, 'update'),
                                  'DELETE': (_sg, 'delete')}),
    ('/os-security-group-rules', {'POST': (_sg_rules, 'create')}),
    ('/os-security-group-rules/{id}', {'DELETE': (_sg_rules, 'delete')}),
    ('/os-security-group-default-rules', {'GET': (_sg_default, 'index'),
                                          'POST': (_sg_default, 'create')}),
    ('/os-security-group-default-rules/{id}', {
        'GET': (_sg_default, 'show'), 'DELETE': (_sg_default, 'delete')}),
    ('/os-server-groups', {
        'GET': (server_groups.ServerGroupController, 'index'),
        'POST': (server_groups.ServerGroupController, 'create')}),
    ('/os-server-groups/{id}', {
        'GET': (server_groups.ServerGroupController, 'show'),
        'DELETE': (server_groups.ServerGroupController, 'delete')}),
    ('/os-services', {'GET': (services.ServiceController, 'index')}),
    ('/os-services/{id}', {'PUT': (services.ServiceController, 'update'),
                           'DELETE': (services.ServiceController,
                                      'delete')}),
    ('/servers', {'GET': (servers.ServersController, 'index'),
                  'POST': (servers.ServersController, 'create')}),
    ('/servers/detail', {'GET': (servers.ServersController, 'detail')}),
    ('/servers/{id}', {'GET': (servers.ServersController, 'show'),
                       'PUT': (servers.ServersController, 'update'),
                       'DELETE': (servers.ServersController, 'delete')}),
    ('/servers/{id}/action', {'POST': (servers.ServersController,
                                       'action')}),
    ('/servers/{server_id}/ips', {'GET': (ips.IPsController, 'index')}),
    ('/servers/{server_id}/ips/{id}', {'GET': (ips.IPsController, 'show')}),
    ('/servers/{server_id}/os-interface', {'GET': (_ifaces, 'index')}),
    ('/servers/{server_id}/os-interface/{id}', {'GET': (_ifaces, 'show')}),
    ('/servers/{server_id}/metadata', {
        'GET': (_meta, 'index'), 'POST': (_meta, 'create'),
        'PUT': (_meta, 'update_all')}),
    ('/servers/{server_id}/metadata/{id}', {
        'GET': (_meta, 'show'), 'PUT': (_meta, 'update'),
        'DELETE': (_meta, 'delete')}),
    ('/servers/{server_id}/tags', {
        'GET': (_tags, 'index'), 'PUT': (_tags, 'update_all'),
        'DELETE': (_tags, 'delete_all')}),
    ('/servers/{server_id}/tags/{id}', {
        'GET': (_tags, 'show'), 'PUT': (_tags, 'update'),
        'DELETE': (_tags, 'delete')}),
    ('/servers/{server_id}/os-security-groups', {
        'GET': (security_groups.ServerSecurityGroupController, 'index')}),
    ('/servers/{server_id}/migrations', {
        'GET': (_server_migrations, 'index')}),
    ('/servers/{server_id}/migrations/{id}', {
        'GET': (_server_migrations, 'show')}),
    ('/servers/{server_id}/os-server-password', {
        'GET': (server_password.ServerPasswordController, 'index'),
        'DELETE': (server_password.ServerPasswordController, 'clear')}),
    ('/servers/{server_id}/os-instance-actions', {
        'GET': (_actions, 'index')}),
    ('/servers/{server_id}/os-instance-actions/{id}', {
        'GET': (_actions, 'show')}),
)
