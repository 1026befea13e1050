"""/os-services: list, enable, disable, force down and delete services
(Nova's API before 2.53: integer ids, actions named in the URL).

minova's services are ``minova-<x>``; clients written for Nova name them
``nova-<x>`` (tempest lists ``binary=nova-compute``, novaclient's
``service-disable`` sends ``nova-compute`` by default). Both spellings are
accepted wherever a binary is given, and a list filtered by the Nova
spelling shows the services in that spelling, so the answer matches the
question as those clients check.
"""

from oslo_utils import strutils

from minova.api.openstack.compute import availability_zone
from minova.api.openstack.compute.schemas import services as schema
from minova.api.openstack.compute.views import services as view
from minova.api.openstack import wsgi
from minova.api import validation
from minova import exception
from minova import objects

_POLICY = 'os_compute_api:os-services:%s'
_NOVA_PREFIX = 'nova-'


def minova_binary(binary):
    """``nova-compute`` -> ``minova-compute``; others as they are."""
    if binary and binary.startswith(_NOVA_PREFIX):
        return 'mi' + binary
    return binary


def _as_asked(binary, asked):
    """The binary in the spelling of the ``binary`` filter, if any."""
    if asked and asked.startswith(_NOVA_PREFIX):
        return binary[len('mi'):] if binary.startswith('minova-') \
            else binary
    return binary


class ServiceController:

    @validation.query_schema(schema.index_query)
    def index(self, req):
        context = req.context
        context.can(_POLICY % 'list')
        asked = req.GET.get('binary')
        services = [s for s in objects.ServiceList.get_all(
            context, binary=minova_binary(asked), host=req.GET.get('host'))
            if s.binary not in availability_zone.API_BINARIES]
        zones = availability_zone.service_zones(context, services)
        shown = [view.show(req, s, zones[s.id], s.is_up()) for s in services]
        for body in shown:
            body['binary'] = _as_asked(body['binary'], asked)
        return {'services': shown}

    @validation.schema(schema.update, '2.1', '2.10')
    @validation.schema(schema.update_v211, '2.11')
    def update(self, req, id, body):
        context = req.context
        context.can(_POLICY % 'update')
        actions = {'enable': self._enable, 'disable': self._disable,
                   'disable-log-reason': self._disable_log_reason}
        if req.ver('2.11'):
            actions['force-down'] = self._force_down
        if id not in actions:
            raise exception.NotFound(message='Unknown action')
        return actions[id](context, body)

    def _enable(self, context, body):
        self._update(context, body, disabled=False, disabled_reason=None)
        return {'service': {'host': body['host'], 'binary': body['binary'],
                            'status': 'enabled'}}

    def _disable(self, context, body, reason=None):
        self._update(context, body, disabled=True, disabled_reason=reason)
        result = {'host': body['host'], 'binary': body['binary'],
                  'status': 'disabled'}
        if reason:
            result['disabled_reason'] = reason
        return {'service': result}

    def _disable_log_reason(self, context, body):
        if 'disabled_reason' not in body:
            raise exception.ValidationError(
                detail='Missing disabled reason field')
        return self._disable(context, body, body['disabled_reason'])

    def _force_down(self, context, body):
        if 'forced_down' not in body:
            raise exception.ValidationError(
                detail='Missing forced_down field')
        forced_down = strutils.bool_from_string(body['forced_down'])
        self._update(context, body, forced_down=forced_down)
        return {'service': {'host': body['host'], 'binary': body['binary'],
                            'forced_down': forced_down}}

    @staticmethod
    def _update(context, body, **values):
        host, binary = body['host'], minova_binary(body['binary'])
        if binary != availability_zone.COMPUTE_BINARY:
            raise exception.ValidationError(
                detail='Updating a %s service is not supported. Only '
                       '%s services can be updated.'
                       % (body['binary'], availability_zone.COMPUTE_BINARY))
        service = objects.Service.get_by_host_and_binary(context, host,
                                                         binary)
        if service is None:
            raise exception.ServiceNotFound(
                message='Could not find binary %s on host %s.'
                        % (body['binary'], host))
        for key, value in values.items():
            setattr(service, key, value)
        service.save()

    @wsgi.response(204)
    def delete(self, req, id):
        context = req.context
        context.can(_POLICY % 'delete')
        try:
            service_id = strutils.validate_integer(id, 'id')
        except ValueError as error:
            raise exception.InvalidInput(reason=str(error))
        service = objects.Service.get_by_id(context, service_id)
        if service.binary == availability_zone.COMPUTE_BINARY:
            # Deleting a host that runs servers would orphan them.
            if objects.InstanceList.get_by_host(context, service.host):
                raise exception.Conflict(
                    message='Unable to delete compute service that is '
                            'hosting instances. Migrate or delete the '
                            'instances first.')
            for node in objects.ComputeNodeList.get_by_host(context,
                                                            service.host):
                node.destroy()
        service.destroy()
