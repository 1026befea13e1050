"""Every minova error, each with its message template and HTTP code.

The API's fault middleware turns any MinovaException into Nova's error body
(``{"badRequest": {"code": 400, "message": "..."}}``) from ``code`` alone,
so controllers raise these and never build HTTP errors by hand.
"""

import logging

import oslo_messaging

LOG = logging.getLogger(__name__)


class MinovaException(Exception):
    msg_fmt = 'An unknown exception occurred.'
    code = 500
    headers = {}
    safe = False
    #: What an API client sees of a 5xx whose message is not ``safe`` to
    #: show (it names internal hosts): a clear sentence instead of the
    #: generic "Unexpected API Error". None: the generic text.
    public_msg = None

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        self.kwargs.setdefault('code', self.code)
        if not message:
            try:
                message = self.msg_fmt % kwargs
            except (KeyError, TypeError):
                LOG.exception('Bad arguments for %s: %s',
                              type(self).__name__, kwargs)
                message = self.msg_fmt
        self.message = message
        super().__init__(message)

    def format_message(self):
        return self.args[0] if self.args else self.msg_fmt


# 400 ----------------------------------------------------------------------

class Invalid(MinovaException):
    msg_fmt = 'Bad request: %(reason)s'
    code = 400


class RequestURITooLong(Invalid):
    msg_fmt = 'The request URI is longer than %(limit)d characters.'
    code = 414


class ValidationError(Invalid):
    msg_fmt = '%(detail)s'


class InvalidInput(Invalid):
    msg_fmt = 'Invalid input received: %(reason)s'


class InvalidRequest(Invalid):
    msg_fmt = 'The request is invalid: %(reason)s'


class MarkerNotFound(Invalid):
    msg_fmt = 'marker [%(marker)s] not found'


class FlavorNotFoundForCreate(Invalid):
    msg_fmt = 'Flavor %(flavor_id)s could not be found.'


class ImageNotFoundForCreate(Invalid):
    msg_fmt = 'Can not find requested image'


class ImageNotActive(Invalid):
    msg_fmt = 'Image %(image_id)s is not active.'


class FlavorMemoryTooSmall(Invalid):
    msg_fmt = "Flavor's memory is too small for requested image."


class FlavorDiskTooSmall(Invalid):
    msg_fmt = "Flavor's disk is too small for requested image."


class FlavorDiskSmallerThanImage(FlavorDiskTooSmall):
    msg_fmt = ("Flavor's disk is too small for requested image. Flavor "
               "disk is %(flavor_size)i bytes, image is %(image_size)i "
               "bytes.")


class ImageUnacceptable(Invalid):
    msg_fmt = 'Image %(image_id)s is unacceptable: %(reason)s'


class InvalidDiskFormat(Invalid):
    msg_fmt = 'Disk format %(disk_format)s is not acceptable'


class UnsupportedHardware(Invalid):
    msg_fmt = ("Requested hardware '%(model)s' is not supported by the "
               "'%(virt)s' virt driver")


class InstancePowerOffFailure(Invalid):
    msg_fmt = 'Failed to power off instance: %(reason)s'


class InstanceRebootFailure(Invalid):
    msg_fmt = 'Failed to reboot instance: %(reason)s'


class KeypairNotFoundForCreate(Invalid):
    msg_fmt = 'Invalid key_name provided.'


class InvalidKeypair(Invalid):
    msg_fmt = 'Keypair data is invalid: %(reason)s'


class InvalidAvailabilityZone(Invalid):
    msg_fmt = 'The requested availability zone is not available'


class InvalidServerGroupHint(Invalid):
    msg_fmt = 'Invalid server group %(group)s in scheduler hints.'


class ProjectIdMismatch(Invalid):
    msg_fmt = ("Malformed request URL: URL's project_id '%(url_project)s' "
               "doesn't match Context's project_id '%(ctx_project)s'")


class InvalidAPIVersionString(Invalid):
    msg_fmt = ('API Version String %(version)s is of invalid format. Must '
               'be of format MajorNum.MinorNum.')


class MalformedRequestBody(Invalid):
    msg_fmt = 'Malformed message body: %(reason)s'


class NoSuchAction(Invalid):
    msg_fmt = 'There is no such action: %(action)s'


class ComputeServiceUnavailable(Invalid):
    # Nova's API answers 400 when the host's compute service is down.
    msg_fmt = 'Compute service of %(host)s is unavailable at this time.'


class InvalidSortKey(Invalid):
    msg_fmt = 'Sort key supplied is invalid: %(key)s'


class InvalidStatusFilter(Invalid):
    msg_fmt = "Invalid status value: %(status)s"


class TriggerCrashDumpNotSupported(Invalid):
    msg_fmt = 'Triggering crash dump is not supported'


class InvalidQuotaValue(Invalid):
    msg_fmt = ('Quota limit %(limit)s for %(resource)s must be greater than '
               'or equal to already used and reserved %(minimum)s.')


class QuotaAboveProjectLimit(Invalid):
    msg_fmt = ('Quota limit %(limit)s for %(resource)s must be less than or '
               'equal to %(maximum)s.')


class TooManyTags(Invalid):
    msg_fmt = 'The number of tags exceeded the per-server limit %(limit)d'


class MetadataURIMismatch(Invalid):
    msg_fmt = 'Request body and URI mismatch'


class NetworkNotFoundForCreate(Invalid):
    msg_fmt = 'Network %(network_id)s could not be found.'


class NetworkDuplicated(Invalid):
    msg_fmt = 'Duplicate networks (%(network_id)s) are not allowed'


class FixedIpNotFoundForNetwork(Invalid):
    msg_fmt = ('Fixed IP address (%(address)s) does not exist in network '
               '(%(network_uuid)s).')


class FixedIpReserved(Invalid):
    msg_fmt = ('Fixed IP address %(address)s is reserved in network '
               '%(network_uuid)s (network, gateway or broadcast address).')


class FixedIpAlreadyInUse(Invalid):
    msg_fmt = ('Fixed IP address %(address)s is already in use on instance '
               '%(instance_uuid)s.')


class SecurityGroupExists(Invalid):
    msg_fmt = ('Security group %(security_group_name)s already exists for '
               'project %(project_id)s.')


class SecurityGroupInUse(Invalid):
    msg_fmt = 'Security group is still in use'


class SecurityGroupRuleExists(Invalid):
    msg_fmt = 'This rule already exists in group %(rule)s'


class SecurityGroupDefaultRuleExists(Invalid):
    msg_fmt = 'This default rule already exists.'


class SecurityGroupExistsForInstance(Invalid):
    msg_fmt = ('Security group %(security_group_id)s is already associated '
               'with the instance %(instance_id)s')


class SecurityGroupNotExistsForInstance(Invalid):
    msg_fmt = ('Security group %(security_group_id)s is not associated with '
               'the instance %(instance_id)s')


class SecurityGroupNotFoundForCreate(Invalid):
    msg_fmt = 'Unable to find security_group with name or id %(name)s'


class FixedIpNotFoundForInstance(Invalid):
    msg_fmt = 'Instance %(instance_uuid)s has no fixed IP %(address)s.'


class FloatingIpAssociated(Invalid):
    msg_fmt = 'Floating IP %(address)s is associated.'


class NoFixedIpForFloating(Invalid):
    msg_fmt = ('Instance %(instance_id)s has no fixed IP to associate a '
               'floating IP with.')


class InvalidNetwork(Invalid):
    msg_fmt = 'Invalid network: %(reason)s'


# 403 ----------------------------------------------------------------------

class Forbidden(MinovaException):
    msg_fmt = 'Forbidden'
    code = 403


class PolicyNotAuthorized(Forbidden):
    msg_fmt = "Policy doesn't allow %(action)s to be performed."


class ImageNotAuthorized(Forbidden):
    msg_fmt = 'Not authorized for image %(image_id)s.'


class OverQuota(Forbidden):
    msg_fmt = 'Quota exceeded for resources: %(overs)s'


class TooManyInstances(OverQuota):
    msg_fmt = ('Quota exceeded for %(overs)s: Requested %(req)s, but '
               'already used %(used)s of %(allowed)s %(overs)s')


class KeypairLimitExceeded(OverQuota):
    msg_fmt = 'Quota exceeded, too many key pairs.'


class ServerGroupLimitExceeded(OverQuota):
    msg_fmt = 'Quota exceeded, too many server groups.'


class MetadataLimitExceeded(OverQuota):
    msg_fmt = 'Maximum number of metadata items exceeds %(allowed)d'


class SecurityGroupLimitExceeded(OverQuota):
    msg_fmt = 'Quota exceeded, too many security groups.'


class SecurityGroupRuleLimitExceeded(OverQuota):
    msg_fmt = 'Quota exceeded, too many security group rules.'


class FloatingIpLimitExceeded(OverQuota):
    msg_fmt = 'Maximum number of floating IPs exceeded'


# 404 ----------------------------------------------------------------------

class NotFound(MinovaException):
    msg_fmt = 'Resource could not be found.'
    code = 404


class InstanceNotFound(NotFound):
    msg_fmt = 'Instance %(instance_id)s could not be found.'


class MetadataItemNotFound(NotFound):
    msg_fmt = 'Metadata item was not found'


class InstanceTagNotFound(NotFound):
    msg_fmt = "Instance %(instance_id)s has no tag '%(tag)s'"


class FlavorNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s could not be found.'


class FlavorAccessNotFound(NotFound):
    msg_fmt = ('Flavor access not found for %(flavor_id)s / '
               '%(project_id)s combination.')


class FlavorAccessNotAvailable(NotFound):
    msg_fmt = 'Access list not available for public flavors.'


class FlavorExtraSpecNotFound(NotFound):
    msg_fmt = 'Flavor %(flavor_id)s has no extra specs with key %(key)s.'


class ImageNotFound(NotFound):
    msg_fmt = 'Image %(image_id)s could not be found.'


class KeypairNotFound(NotFound):
    msg_fmt = 'Keypair %(name)s not found for user %(user_id)s'


class ServiceNotFound(NotFound):
    msg_fmt = 'Service %(service_id)s could not be found.'


class ComputeHostNotFound(NotFound):
    msg_fmt = 'Compute host %(host)s could not be found.'


class ComputeNodeNotFound(NotFound):
    msg_fmt = 'Compute node %(node_id)s could not be found.'


class HypervisorNotFound(NotFound):
    msg_fmt = 'Hypervisor %(hypervisor_id)s could not be found.'


class InstanceActionNotFound(NotFound):
    msg_fmt = 'Action for request_id %(request_id)s on instance ' \
              '%(instance_uuid)s not found'


class InstanceGroupNotFound(NotFound):
    msg_fmt = 'Instance group %(group_uuid)s could not be found.'


class VersionNotFoundForAPIMethod(NotFound):
    msg_fmt = 'API version %(version)s is not supported on this method.'


class NetworkNotFound(NotFound):
    msg_fmt = 'Network %(network_id)s could not be found.'


class PortNotFound(NotFound):
    msg_fmt = 'Port %(port_id)s could not be found.'


# 405 / 406 / 409 ----------------------------------------------------------

class MethodNotAllowed(MinovaException):
    msg_fmt = 'The method is not allowed for this resource.'
    code = 405


class UnsupportedMediaType(MinovaException):
    msg_fmt = 'Unsupported Content-Type'
    code = 415


class InvalidGlobalAPIVersion(MinovaException):
    msg_fmt = ('Version %(req_ver)s is not supported by the API. Minimum '
               'is %(min_ver)s and maximum is %(max_ver)s.')
    code = 406


class Conflict(MinovaException):
    msg_fmt = 'Conflict: %(reason)s'
    code = 409


class FlavorAccessExists(Conflict):
    msg_fmt = ('Flavor access already exists for flavor %(flavor_id)s and '
               'project %(project_id)s combination.')


class FlavorAccessPublic(Conflict):
    msg_fmt = 'Can not add access to a public flavor.'


class InstanceInvalidState(Conflict):
    msg_fmt = ("Cannot '%(action)s' instance %(instance_uuid)s while it is "
               "in %(attr)s %(state)s")


class InstanceIsLocked(Conflict):
    msg_fmt = 'Instance %(instance_uuid)s is locked'


class InstanceNotRunning(Conflict):
    msg_fmt = 'Instance %(instance_id)s is not running.'


class FlavorExists(Conflict):
    msg_fmt = 'Flavor with name %(name)s already exists.'


class FlavorIdExists(Conflict):
    msg_fmt = 'Flavor with ID %(flavor_id)s already exists.'


class KeyPairExists(Conflict):
    msg_fmt = "Key pair '%(key_name)s' already exists."


class InstanceGroupIdExists(Conflict):
    msg_fmt = 'Instance group %(group_uuid)s already exists.'


class UnexpectedVMStateError(Conflict):
    msg_fmt = ('Unexpected VM state: expecting %(expected)s but the actual '
               'state is %(actual)s')


class UnexpectedTaskState(Conflict):
    msg_fmt = ('Unexpected task state: expecting %(expected)s but the '
               'actual state is %(actual)s')


class UnexpectedDeletingTaskState(UnexpectedTaskState):
    pass


class InstanceExists(Conflict):
    msg_fmt = 'Instance %(name)s already exists.'


class ServiceBinaryExists(Conflict):
    msg_fmt = 'Service with host %(host)s binary %(binary)s exists.'


class NetworkAmbiguous(Conflict):
    msg_fmt = ('More than one possible network found. Specify network '
               'ID(s) to select which one(s) to connect to.')


class NetworkInUse(Conflict):
    msg_fmt = ('Network %(network_id)s is still in use: %(count)d fixed '
               'IP(s) allocated.')


class NetworkExists(Conflict):
    msg_fmt = 'A network with bridge %(bridge)s already exists.'


class FloatingIpExists(Conflict):
    msg_fmt = 'Some addresses of pool %(pool)s exist already.'


class FloatingIpPoolInUse(Conflict):
    msg_fmt = ('Pool %(pool)s has %(count)s floating IP(s) allocated to '
               'projects.')


class FixedIpExists(Conflict):
    msg_fmt = ('Fixed IP address %(address)s is already taken in network '
               '%(network_id)s.')


class VirtualInterfaceExists(Conflict):
    msg_fmt = 'A virtual interface with MAC %(address)s already exists.'


class CidrConflict(Conflict):
    msg_fmt = ('Requested cidr (%(cidr)s) conflicts with existing cidr '
               '(%(other)s)')


# 5xx ----------------------------------------------------------------------

class ImageServiceUnavailable(MinovaException):
    msg_fmt = 'The image service is unavailable: %(reason)s'
    # The reason names the image service's address: logs and instance
    # faults get it, API clients this.
    public_msg = ('The image service is unavailable. Please try again '
                  'later.')
    code = 503


class DatabaseUnavailable(MinovaException):
    """The database did not take the request: its server is gone, or a
    lock stayed held beyond the retries (SQLite's file, a deadlock)."""
    msg_fmt = 'The database is unavailable: %(reason)s'
    public_msg = ('The database is busy or unavailable. Please try '
                  'again later.')
    code = 503


class ServiceTimeout(MinovaException, oslo_messaging.MessagingTimeout):
    """An RPC call got no reply in time. Still a MessagingTimeout for
    code that retries on one; says which service, not a message id."""
    msg_fmt = ('The %(service)s service did not answer within %(timeout)s '
               'seconds. Please try again later.')
    code = 503
    safe = True


class ServiceUnavailable(MinovaException):
    msg_fmt = 'Service unavailable: %(reason)s'
    code = 503


class NoValidHost(MinovaException):
    msg_fmt = 'No valid host was found. %(reason)s'


def explanation_of(error):
    """The scheduler's explanation (which filter removed which host and
    why) an error carries, or None. A kwarg, so it crosses RPC with the
    exception; admins only: it goes into a fault's details."""
    return getattr(error, 'kwargs', {}).get('explanation') or None


class MaxRetriesExceeded(NoValidHost):
    msg_fmt = 'Exceeded maximum number of retries. %(reason)s'


class ComputeResourcesUnavailable(MinovaException):
    msg_fmt = 'Insufficient compute resources: %(reason)s.'


class RescheduledException(MinovaException):
    msg_fmt = 'Build of instance %(instance_uuid)s was re-scheduled: ' \
              '%(reason)s'


class BuildAbortException(MinovaException):
    msg_fmt = 'Build of instance %(instance_uuid)s aborted: %(reason)s'


class TaskStateTimeout(MinovaException):
    msg_fmt = ('Task %(task_state)s made no progress for %(seconds)s '
               'seconds: %(outcome)s')


class TaskInterrupted(MinovaException):
    msg_fmt = ('Task %(task_state)s was interrupted by a restart of the '
               'compute service on %(host)s: %(outcome)s')


class InstanceNotRescuable(Invalid):
    msg_fmt = 'Instance %(instance_id)s cannot be rescued: %(reason)s'


class InstanceDeployFailure(MinovaException):
    msg_fmt = 'Failed to deploy instance: %(reason)s'


class HypervisorUnavailable(MinovaException):
    msg_fmt = 'Connection to the hypervisor is broken on host: %(host)s'


class HypervisorTimeout(MinovaException):
    msg_fmt = ('The hypervisor did not finish %(operation)s within '
               '%(seconds)s seconds')


class ConsoleNotAvailable(MinovaException):
    msg_fmt = 'Guest console output is not available.'
    code = 409


class ObjectActionError(MinovaException):
    msg_fmt = 'Object action %(action)s failed because: %(reason)s'


class OrphanedObjectError(MinovaException):
    msg_fmt = 'Cannot call %(method)s on orphaned %(objtype)s object'


class NoMoreFixedIps(MinovaException):
    msg_fmt = 'No fixed IP addresses available for network: %(net)s'


class VirtualInterfaceMacAddressException(MinovaException):
    msg_fmt = 'Creation of virtual interface with unique mac address failed'


class NetworkSetupFailed(MinovaException):
    msg_fmt = 'Setting up network %(network)s on this host failed: %(reason)s'


class PrivilegedArgumentError(MinovaException):
    msg_fmt = 'Refused to run a privileged command on %(what)s: %(reason)s'


class DBNotConfigured(MinovaException):
    msg_fmt = ('This service has no database connection; it must reach '
               'the database through the conductor.')


class SecurityGroupNotFound(NotFound):
    msg_fmt = 'Security group %(security_group_id)s not found.'


class SecurityGroupDefaultRuleNotFound(NotFound):
    msg_fmt = 'Security group default rule (%(rule_id)s) not found.'


class SecurityGroupRuleNotFound(NotFound):
    msg_fmt = 'Rule (%(rule_id)s) not found.'


class FloatingIpNotFound(NotFound):
    msg_fmt = 'Floating IP not found for ID %(id)s.'


class FloatingIpNotFoundForAddress(NotFound):
    msg_fmt = 'Floating IP not found for address %(address)s.'


class FloatingIpPoolNotFound(NotFound):
    msg_fmt = 'Floating IP pool not found.'


class NoMoreFloatingIps(NotFound):
    msg_fmt = 'No more floating IPs in pool %(pool)s.'


class FloatingIpNotAssociatedWithInstance(Conflict):
    msg_fmt = ('Floating IP %(address)s is not associated with instance '
               '%(instance_id)s.')


# -- moves of servers between hosts (resize, migrate, evacuate) -----------

class CannotResizeToSameFlavor(Invalid):
    msg_fmt = "When resizing, instances must change flavor!"


class CannotResizeDisk(Invalid):
    msg_fmt = "Server disk was unable to be resized because: %(reason)s"


class ResizeFlavorNotFound(Invalid):
    msg_fmt = "Unable to locate requested flavor."


class InstanceNotResized(Invalid):
    msg_fmt = "Instance has not been resized."


class ComputeServiceInUse(Invalid):
    msg_fmt = "Compute service of %(host)s is still in use."


class EvacuateToSameHost(Invalid):
    msg_fmt = "The target host can't be the same one."


class NoValidHostForMove(Invalid):
    msg_fmt = "No valid host was found. %(reason)s"


class MigrationNotFound(NotFound):
    msg_fmt = "Migration %(migration_id)s could not be found."


class MigrationNotFoundByStatus(MigrationNotFound):
    msg_fmt = ("Migration not found for instance %(instance_id)s with "
               "status %(status)s.")


class MigrationError(MinovaException):
    msg_fmt = "Migration error: %(reason)s"


class MigrationNotFoundForInstance(MigrationNotFound):
    msg_fmt = ("Migration %(migration_id)s not found for instance "
               "%(instance_id)s")
