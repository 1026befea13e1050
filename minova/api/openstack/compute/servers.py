"""/servers: create, list, show, update, delete, and the power actions."""

from oslo_utils import timeutils
from oslo_utils import uuidutils

from minova.api.openstack import common
from minova.api.openstack.compute import flavors
from minova.api.openstack.compute.schemas import servers as schema
from minova.api.openstack.compute.views import servers as view
from minova.api.openstack import wsgi
from minova.api import validation
from minova.compute import api as compute_api
from minova.db.deferred import session as db_session
import minova.conf
from minova import exception
from minova.network import api as network_api
from minova import objects

CONF = minova.conf.CONF

_TRUE = ('true', '1', 'on', 'yes')


def _bool(value):
    return str(value).lower() in _TRUE


def _ref_id(ref):
    """imageRef / flavorRef may be an id or a URL ending in the id."""
    ref = str(ref)
    return ref.rstrip('/').rsplit('/', 1)[-1] if '/' in ref else ref


def _tag_filters(req):
    """From 2.26: tags, tags-any, not-tags, not-tags-any (comma lists)."""
    if not req.ver('2.26'):
        return {}
    return {key: req.GET[key].split(',') for key in
            ('tags', 'tags-any', 'not-tags', 'not-tags-any')
            if req.GET.get(key)}


def _service_status(service):
    """Nova's host_status of a server on the host of ``service``."""
    if service is None:
        return 'UNKNOWN'
    if service.forced_down or not service.is_up():
        return 'DOWN'
    return 'MAINTENANCE' if service.disabled else 'UP'


class ServersController:
    def __init__(self):
        self.compute_api = compute_api.API()
        self.network_api = network_api.API()

    # -- reading ----------------------------------------------------------

    @validation.query_schema(schema.index_query)
    def index(self, req):
        req.context.can('os_compute_api:servers:index',
                        self._project_target(req))
        with db_session.one_transaction():
            instances = self._get_servers(req)
        servers = [view.basic(req, i) for i in instances]
        return self._collection(req, servers, 'servers')

    @validation.query_schema(schema.index_query)
    def detail(self, req):
        req.context.can('os_compute_api:servers:detail',
                        self._project_target(req))
        with db_session.one_transaction():
            instances = self._get_servers(
                req, expected_attrs=['fault', 'info_cache'])
            # One query per relation for the whole page, not one per
            # server (an N+1 cost 386-566 ms for 100 servers on MariaDB).
            groups = objects.SecurityGroupList.names_by_instance(
                [i.uuid for i in instances]) if instances else {}
            host_statuses = self._host_statuses(req, instances)
        is_admin = self._sees_admin_attrs(req)
        servers = [view.show(req, i, is_admin,
                             None if host_statuses is None
                             else host_statuses.get(i.host, ''),
                             security_groups=groups[i.uuid])
                   for i in instances]
        return self._collection(req, servers, 'servers/detail')

    def _collection(self, req, servers, collection):
        """The page, with a next link back to the same collection."""
        result = {'servers': servers}
        limit, _marker = common.limited_params(req)
        links = common.collection_next_link(req, collection, servers, limit)
        if links:
            result['servers_links'] = links
        return result

    def _project_target(self, req):
        return {'project_id': req.context.project_id,
                'user_id': req.context.user_id}

    def _get_servers(self, req, expected_attrs=None):
        """One page of the servers the (schema-checked) query asks for."""
        filters = self._list_filters(req)
        if filters is None:
            return []
        statuses = req.GET.getall('status')
        wanted_statuses = None
        if statuses:
            wanted_statuses = self._status_filter(req, statuses, filters)
            if wanted_statuses is None:
                return []
        limit, marker = common.limited_params(req)
        sort_keys = req.GET.getall('sort_key') or None
        sort_dirs = req.GET.getall('sort_dir') or None

        def page(after):
            return self.compute_api.get_all(
                req.context, filters, sort_keys=sort_keys,
                sort_dirs=sort_dirs, limit=limit, marker=after,
                expected_attrs=expected_attrs)
        instances = page(marker)
        if not wanted_statuses:
            return instances
        # Statuses like ACTIVE and REBOOT share a vm_state: tell them
        # apart by mapping each row back to its status, and read on past
        # the rows that do not match so a page is not cut short.
        matching = []
        while True:
            matching += [i for i in instances
                         if common.status_from_state(
                             i.vm_state, i.task_state) in wanted_statuses]
            if len(matching) >= limit or len(instances) < limit:
                return matching[:limit]
            instances = page(instances[-1].uuid)

    def _list_filters(self, req):
        """The database filters of the query; None when nothing can match
        (an unknown flavor)."""
        context, params = req.context, req.GET
        filters = {'project_id': context.project_id}
        if 'all_tenants' in params and \
                params['all_tenants'] in ('', *_TRUE, 'True'):
            context.can('os_compute_api:servers:index:get_all_tenants', {})
            # Nova maps tenant_id to project_id (read only with
            # all_tenants, lp:1185290).
            project = params.get('tenant_id', params.get('project_id'))
            filters = {'project_id': project} if project else {}
        if 'changes-since' in params:
            filters['changes-since'] = timeutils.normalize_time(
                timeutils.parse_isotime(params['changes-since']))
        elif _bool(params.get('deleted', 'false')) and context.is_admin:
            filters['deleted'] = True
        for param, key in (('name', 'display_name'),
                           ('reservation_id', 'reservation_id')):
            if params.get(param):
                filters[key] = params[param]
        filters.update(_tag_filters(req))
        if params.get('image'):
            filters['image_ref'] = _ref_id(params['image'])
        if params.get('host') and context.is_admin:
            filters['host'] = params['host']
        if params.get('flavor'):
            try:
                filters['flavor_id'] = objects.Flavor.get_by_flavor_id(
                    context, _ref_id(params['flavor'])).id
            except exception.FlavorNotFound:
                return None
        return filters

    def _status_filter(self, req, statuses, filters):
        """Turn API statuses into a vm_state filter; returns the wanted
        statuses, or None when nothing can match.

        From 2.38 an unknown status is a 400; before it just matches
        nothing, as Nova did.
        """
        valid = common.valid_statuses()
        unknown = [s for s in statuses if s.upper() not in valid]
        if unknown:
            if req.ver('2.38'):
                raise exception.InvalidStatusFilter(status=unknown[0])
            return None
        vm_list, _tasks = common.task_and_vm_state_from_status(statuses)
        filters['vm_state'] = vm_list
        if 'deleted' in vm_list and 'changes-since' not in filters:
            filters['deleted'] = True
        return {s.upper() for s in statuses}

    def show(self, req, id):
        with db_session.one_transaction():
            instance = self._get_instance(
                req, id, expected_attrs=['fault', 'info_cache'])
            req.context.can('os_compute_api:servers:show',
                            {'project_id': instance.project_id})
            return {'server': view.show(req, instance,
                                        self._sees_admin_attrs(req),
                                        self._host_status(req, instance))}

    def _get_instance(self, req, id, expected_attrs=None):
        return self.compute_api.get(req.context, id,
                                    expected_attrs=expected_attrs)

    def _sees_admin_attrs(self, req):
        return req.context.can('os_compute_api:os-extended-server-'
                               'attributes', {}, fatal=False)

    def _shows_host_status(self, req):
        return req.ver('2.16') and req.context.can(
            'os_compute_api:servers:show:host_status', {}, fatal=False)

    def _host_status(self, req, instance):
        if not self._shows_host_status(req):
            return None
        if not instance.host:
            return ''
        return _service_status(objects.Service.get_by_host_and_binary(
            req.context.elevated(), instance.host, 'minova-compute'))

    def _host_statuses(self, req, instances):
        """{host: host_status} of the instances' hosts from one query of
        the compute services; None when the caller may not see it."""
        if not self._shows_host_status(req):
            return None
        hosts = {i.host for i in instances if i.host}
        if not hosts:
            return {}
        services = {s.host: s for s in objects.ServiceList.get_all(
            req.context.elevated(), binary='minova-compute')
            if s.host in hosts}
        return {host: _service_status(services.get(host)) for host in hosts}

    # -- create -----------------------------------------------------------

    @wsgi.response(202)
    @validation.schema(schema.create, '2.1', '2.18')
    @validation.schema(schema.create_v219, '2.19', '2.36')
    @validation.schema(schema.create_v237, '2.37')
    def create(self, req, body):
        context = req.context
        server = body['server']
        context.can('os_compute_api:servers:create',
                    {'project_id': context.project_id,
                     'user_id': context.user_id})
        boot = self._boot_request(req, body, server)
        instances, reservation_id = self.compute_api.create(context, boot)
        if _bool(server.get('return_reservation_id', False)):
            return {'reservation_id': reservation_id}
        first = instances[0]
        result = {'server': {
            'id': first.uuid,
            'links': common.links(req, 'servers', first.uuid),
            'OS-DCF:diskConfig': 'MANUAL',
            'security_groups': [{'name': name} for name in
                                boot.security_groups or ['default']],
            'adminPass': boot.admin_password,
        }}
        return wsgi.ResponseObject(result, headers={
            'Location': common.project_url(req, 'servers', first.uuid)})

    def _boot_request(self, req, body, server):
        context = req.context
        flavor_id = _ref_id(server['flavorRef'])
        try:
            # A private flavor the project has no access to is not found.
            flavor = flavors.get_flavor(context, flavor_id)
        except exception.FlavorNotFound:
            raise exception.FlavorNotFoundForCreate(flavor_id=flavor_id)
        if flavor.disabled:
            raise exception.FlavorNotFoundForCreate(flavor_id=flavor_id)
        image_id = self._image_id(server)
        zone, forced_host, forced_node = self._parse_zone(
            server.get('availability_zone'))
        min_count = int(server.get('min_count', 1))
        max_count = int(server.get('max_count', min_count))
        hints = dict(body.get('os:scheduler_hints') or
                     body.get('OS-SCH-HNT:scheduler_hints') or {})
        networks = self._requested_networks(req, server.get('networks'),
                                            max_count)
        password = server.get('adminPass') or \
            uuidutils.generate_uuid().replace('-', '')[:12]
        return compute_api.BootRequest(
            display_name=server['name'],
            display_description=server.get('description'),
            flavor=flavor, image_id=image_id,
            key_name=server.get('key_name'),
            metadata=server.get('metadata'),
            user_data=server.get('user_data'),
            availability_zone=zone, forced_host=forced_host,
            forced_node=forced_node,
            min_count=min_count, max_count=max_count,
            scheduler_hints=hints, requested_networks=networks,
            config_drive=_bool(server.get('config_drive', False)),
            access_ip_v4=server.get('accessIPv4'),
            access_ip_v6=server.get('accessIPv6'),
            admin_password=password,
            security_groups=[group['name'] for group in
                             server.get('security_groups') or []])

    def _image_id(self, server):
        """imageRef, or the image of a boot-index-0 image mapping."""
        for bdm in server.get('block_device_mapping_v2') or []:
            if bdm.get('source_type') in ('volume', 'snapshot') or \
                    bdm.get('destination_type') == 'volume':
                raise exception.InvalidInput(
                    reason='Block device mappings to volumes need a Block '
                           'Storage service, which minova does not have.')
        if server.get('block_device_mapping'):
            raise exception.InvalidInput(
                reason='Legacy block_device_mapping needs a Block Storage '
                       'service, which minova does not have.')
        image_ref = server.get('imageRef')
        if not image_ref:
            for bdm in server.get('block_device_mapping_v2') or []:
                if bdm.get('source_type') == 'image' and \
                        str(bdm.get('boot_index', '')) == '0':
                    image_ref = bdm.get('uuid')
        if not image_ref:
            return None
        image_id = _ref_id(image_ref)
        if not uuidutils.is_uuid_like(image_id):
            raise exception.ImageNotFoundForCreate()
        return image_id

    def _parse_zone(self, value):
        """``zone``, ``zone:host`` or ``zone:host:node`` (forced host)."""
        if not value:
            return None, None, None
        parts = value.split(':')
        if len(parts) > 3:
            raise exception.InvalidInput(
                reason='Unable to parse availability_zone %s' % value)
        zone = parts[0] or None
        host = parts[1] if len(parts) > 1 and parts[1] else None
        node = parts[2] if len(parts) > 2 and parts[2] else None
        return zone, host, node

    def _requested_networks(self, req, networks, max_count):
        """What the user asked for: None (auto), [] (none) or a list of
        {'uuid', 'fixed_ip'}, checked against the networks that exist
        before anything is written (400, or 409 for an ambiguous default
        network, as Nova answers)."""
        if networks == 'none':
            return []
        requested = None
        if networks and networks != 'auto':
            requested = []
            for network in networks:
                requested.append(self._requested_network(network, max_count,
                                                         requested))
        self.network_api.validate_networks(req.context, requested)
        return requested

    @staticmethod
    def _requested_network(network, max_count, earlier):
        if network.get('port'):
            raise exception.InvalidInput(
                reason='Ports need a Networking service (neutron), '
                       'which minova does not have; request networks '
                       'by uuid instead.')
        if not uuidutils.is_uuid_like(network.get('uuid')):
            raise exception.ValidationError(
                detail='Bad networks format: network uuid is not in proper '
                       'format (%s)' % network.get('uuid'))
        if network.get('fixed_ip') and max_count > 1:
            raise exception.InvalidInput(
                reason='max_count cannot be greater than 1 if an '
                       'fixed_ip is specified.')
        if network['uuid'] in [r['uuid'] for r in earlier]:
            raise exception.NetworkDuplicated(network_id=network['uuid'])
        return {'uuid': network['uuid'],
                'fixed_ip': network.get('fixed_ip')}

    # -- update / delete --------------------------------------------------

    @validation.schema(schema.update, '2.1', '2.18')
    @validation.schema(schema.update_v219, '2.19')
    def update(self, req, id, body):
        instance = self._authorized_instance(req, id, 'servers:update')
        server = body['server']
        values = {}
        if 'name' in server:
            values['display_name'] = server['name']
        if 'description' in server:
            values['display_description'] = server['description']
        if 'accessIPv4' in server:
            values['access_ip_v4'] = server['accessIPv4']
        if 'accessIPv6' in server:
            values['access_ip_v6'] = server['accessIPv6']
        self.compute_api.update(req.context, instance, **values)
        instance = self._get_instance(
            req, id, expected_attrs=['fault', 'info_cache'])
        # Below 2.75 (all minova serves) Nova answers with the update view.
        return {'server': view.update(req, instance)}

    @wsgi.response(204)
    def delete(self, req, id):
        instance = self._authorized_instance(req, id, 'servers:delete')
        if instance.locked and not req.context.is_admin:
            raise exception.InstanceIsLocked(instance_uuid=instance.uuid)
        self.compute_api.delete(req.context, instance)

    def _authorized_instance(self, req, id, rule):
        """The instance, if policy ``os_compute_api:<rule>`` allows."""
        instance = self._get_instance(req, id)
        req.context.can('os_compute_api:' + rule,
                        {'project_id': instance.project_id})
        return instance

    # -- actions ----------------------------------------------------------

    @wsgi.response(202)
    @wsgi.action('reboot')
    @validation.schema(schema.reboot)
    def _reboot(self, req, id, body):
        instance = self._authorized_instance(req, id, 'servers:reboot')
        self.compute_api.reboot(req.context, instance,
                                body['reboot']['type'].upper())

    @wsgi.response(202)
    @wsgi.action('os-stop')
    @validation.schema(schema.stop)
    def _stop(self, req, id, body):
        instance = self._authorized_instance(req, id, 'servers:stop')
        self.compute_api.stop(req.context, instance)

    @wsgi.response(202)
    @wsgi.action('os-start')
    @validation.schema(schema.start)
    def _start(self, req, id, body):
        instance = self._authorized_instance(req, id, 'servers:start')
        self.compute_api.start(req.context, instance)
