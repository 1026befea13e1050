"""SQLAlchemy models of minova's tables (the schema itself is in alembic).

Rows Nova soft deletes keep ``deleted = id`` instead of vanishing, so unique
constraints include ``deleted`` and a name can be reused after a delete.
"""

from oslo_utils import timeutils
from sqlalchemy import (Boolean, Column, DateTime, Float, ForeignKey, Index,
                        Integer, String, Text, UniqueConstraint)
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class TimestampMixin:
    created_at = Column(DateTime, default=timeutils.utcnow)
    updated_at = Column(DateTime, onupdate=timeutils.utcnow)


class SoftDeleteMixin:
    deleted_at = Column(DateTime)
    deleted = Column(Integer, default=0, nullable=False)


class Instance(Base, TimestampMixin, SoftDeleteMixin):
    __tablename__ = 'instances'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_instances0uuid'),
        Index('instances_project_id_deleted_idx', 'project_id', 'deleted'),
        Index('instances_host_deleted_idx', 'host', 'deleted'),
        Index('instances_reservation_id_idx', 'reservation_id'),
        Index('instances_updated_at_idx', 'updated_at'),
        # The order and filters of GET /servers (migration 0011).
        Index('instances_deleted_created_at_idx', 'deleted', 'created_at',
              'id'),
        Index('instances_project_id_deleted_created_at_idx', 'project_id',
              'deleted', 'created_at', 'id'),
        Index('instances_image_ref_idx', 'image_ref'),
        Index('instances_instance_type_id_idx', 'instance_type_id'),
        Index('instances_vm_state_deleted_idx', 'vm_state', 'deleted'),
    )
    id = Column(Integer, primary_key=True, autoincrement=True)
    uuid = Column(String(36), nullable=False)
    user_id = Column(String(255))
    project_id = Column(String(255))
    image_ref = Column(String(255))
    kernel_id = Column(String(255))
    ramdisk_id = Column(String(255))
    hostname = Column(String(255))
    launch_index = Column(Integer)
    key_name = Column(String(255))
    key_data = Column(Text)
    power_state = Column(Integer)
    vm_state = Column(String(255))
    task_state = Column(String(255))
    memory_mb = Column(Integer)
    vcpus = Column(Integer)
    root_gb = Column(Integer)
    ephemeral_gb = Column(Integer)
    # Flavor.usage().disk_mb (root + ephemeral + swap), written with the
    # flavor: what the placement query counts, without parsing the flavor.
    disk_mb = Column(Integer)
    host = Column(String(255))
    node = Column(String(255))
    instance_type_id = Column(Integer)
    user_data = Column(Text)
    reservation_id = Column(String(255))
    launched_at = Column(DateTime)
    terminated_at = Column(DateTime)
    availability_zone = Column(String(255))
    display_name = Column(String(255))
    display_description = Column(Text)
    locked = Column(Boolean, default=False)
    locked_by = Column(String(255))
    config_drive = Column(String(255))
    access_ip_v4 = Column(String(39))
    access_ip_v6 = Column(String(39))
    progress = Column(Integer)
    root_device_name = Column(String(255))
    # 1 once the guest of a deleted instance is known gone from its host
    # (Nova's column): until then its addresses stay allocated.
    cleaned = Column(Integer, default=0, nullable=False)
    # JSON documents, as Nova keeps them in instance_extra/metadata tables.
    flavor = Column(Text)
    metadata_ = Column('metadata', Text)
    system_metadata = Column(Text)
    tags = Column(Text)


class InstanceFault(Base, TimestampMixin):
    __tablename__ = 'instance_faults'
    __table_args__ = (Index('instance_faults_instance_uuid_idx',
                            'instance_uuid'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    instance_uuid = Column(String(36), nullable=False)
    code = Column(Integer, nullable=False)
    message = Column(String(255))
    details = Column(Text)
    host = Column(String(255))


class InstanceAction(Base, TimestampMixin):
    __tablename__ = 'instance_actions'
    __table_args__ = (Index('instance_uuid_request_id_idx', 'instance_uuid',
                            'request_id'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    action = Column(String(255))
    instance_uuid = Column(String(36))
    request_id = Column(String(255))
    user_id = Column(String(255))
    project_id = Column(String(255))
    start_time = Column(DateTime)
    finish_time = Column(DateTime)
    message = Column(String(255))


class InstanceActionEvent(Base, TimestampMixin):
    __tablename__ = 'instance_actions_events'
    id = Column(Integer, primary_key=True, autoincrement=True)
    event = Column(String(255))
    action_id = Column(Integer, ForeignKey('instance_actions.id'),
                       nullable=False, index=True)
    start_time = Column(DateTime)
    finish_time = Column(DateTime)
    result = Column(String(255))
    traceback = Column(Text)
    host = Column(String(255))
    details = Column(Text)
    # JSON of a timeline span (timeline/spans.py); NULL for other events.
    span = Column(Text)


class Flavor(Base, TimestampMixin):
    __tablename__ = 'flavors'
    __table_args__ = (UniqueConstraint('flavorid', name='uniq_flavors0flavorid'),
                      UniqueConstraint('name', name='uniq_flavors0name'))
    id = Column(Integer, primary_key=True, autoincrement=True)
    flavorid = Column(String(255), nullable=False)
    name = Column(String(255), nullable=False)
    memory_mb = Column(Integer, nullable=False)
    vcpus = Column(Integer, nullable=False)
    root_gb = Column(Integer, nullable=False, default=0)
    ephemeral_gb = Column(Integer, nullable=False, default=0)
    swap = Column(Integer, nullable=False, default=0)
    rxtx_factor = Column(Float, default=1.0)
    vcpu_weight = Column(Integer)
    disabled = Column(Boolean, default=False)
    is_public = Column(Boolean, default=True)
    description = Column(Text)
    extra_specs = Column(Text)


class FlavorProject(Base, TimestampMixin):
    """A project that may use a non-public flavor (os-flavor-access)."""
    __tablename__ = 'flavor_projects'
    __table_args__ = (UniqueConstraint(
        'flavor_id', 'project_id',
        name='uniq_flavor_projects0flavor_id0project_id'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    flavor_id = Column(Integer, ForeignKey('flavors.id', ondelete='CASCADE'),
                       nullable=False)
    project_id = Column(String(255), nullable=False)


class KeyPair(Base, TimestampMixin):
    __tablename__ = 'key_pairs'
    __table_args__ = (UniqueConstraint('user_id', 'name',
                                       name='uniq_key_pairs0user_id0name'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    name = Column(String(255), nullable=False)
    user_id = Column(String(255), nullable=False)
    fingerprint = Column(String(255))
    public_key = Column(Text)
    type = Column(String(10), nullable=False, default='ssh')


class Service(Base, TimestampMixin, SoftDeleteMixin):
    __tablename__ = 'services'
    __table_args__ = (
        UniqueConstraint('host', 'binary', 'deleted',
                         name='uniq_services0host0binary0deleted'),
        UniqueConstraint('uuid', name='uniq_services0uuid'))
    id = Column(Integer, primary_key=True, autoincrement=True)
    uuid = Column(String(36), nullable=False)
    host = Column(String(255), nullable=False)
    binary = Column(String(255), nullable=False)
    topic = Column(String(255))
    report_count = Column(Integer, nullable=False, default=0)
    disabled = Column(Boolean, default=False)
    disabled_reason = Column(String(255))
    forced_down = Column(Boolean, default=False)
    last_seen_up = Column(DateTime)
    version = Column(Integer, default=0)


class ComputeNode(Base, TimestampMixin, SoftDeleteMixin):
    __tablename__ = 'compute_nodes'
    __table_args__ = (
        UniqueConstraint('host', 'hypervisor_hostname', 'deleted',
                         name='uniq_compute_nodes0host0hypervisor_hostname'
                              '0deleted'),
        UniqueConstraint('uuid', name='uniq_compute_nodes0uuid'))
    id = Column(Integer, primary_key=True, autoincrement=True)
    uuid = Column(String(36), nullable=False)
    host = Column(String(255), nullable=False)
    hypervisor_hostname = Column(String(255), nullable=False)
    hypervisor_type = Column(String(255))
    hypervisor_version = Column(Integer)
    vcpus = Column(Integer, nullable=False)
    memory_mb = Column(Integer, nullable=False)
    local_gb = Column(Integer, nullable=False)
    vcpus_used = Column(Integer, nullable=False, default=0)
    memory_mb_used = Column(Integer, nullable=False, default=0)
    local_gb_used = Column(Integer, nullable=False, default=0)
    free_ram_mb = Column(Integer)
    free_disk_gb = Column(Integer)
    disk_available_least = Column(Integer)
    current_workload = Column(Integer)
    running_vms = Column(Integer)
    cpu_info = Column(Text)
    host_ip = Column(String(39))
    cpu_allocation_ratio = Column(Float)
    ram_allocation_ratio = Column(Float)
    disk_allocation_ratio = Column(Float)
    # What the host keeps for itself, so the scheduler can count usage
    # from instance rows: used = reserved + sum of placed instances.
    reserved_host_memory_mb = Column(Integer, default=0)
    reserved_host_disk_mb = Column(Integer, default=0)
    reserved_host_cpus = Column(Integer, default=0)
    # The zone this host's compute service is configured with.
    availability_zone = Column(String(255))
    # JSON list of [architecture, hypervisor_type, vm_mode].
    supported_instances = Column(Text)


class BlockDeviceMapping(Base, TimestampMixin, SoftDeleteMixin):
    __tablename__ = 'block_device_mapping'
    __table_args__ = (Index('block_device_mapping_instance_uuid_idx',
                            'instance_uuid'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    instance_uuid = Column(String(36), nullable=False)
    source_type = Column(String(255))
    destination_type = Column(String(255))
    boot_index = Column(Integer)
    device_name = Column(String(255))
    device_type = Column(String(255))
    disk_bus = Column(String(255))
    guest_format = Column(String(255))
    image_id = Column(String(36))
    volume_size = Column(Integer)
    delete_on_termination = Column(Boolean, default=False)


class Quota(Base, TimestampMixin):
    """Per-project limits that override the [quota] defaults."""
    __tablename__ = 'quotas'
    __table_args__ = (UniqueConstraint('project_id', 'resource',
                                       name='uniq_quotas0project_id0resource'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    project_id = Column(String(255), nullable=False)
    resource = Column(String(255), nullable=False)
    hard_limit = Column(Integer)


class QuotaClass(Base, TimestampMixin):
    """The limits of a quota class; class ``default`` overrides the
    [quota] defaults of every project."""
    __tablename__ = 'quota_classes'
    __table_args__ = (UniqueConstraint(
        'class_name', 'resource',
        name='uniq_quota_classes0class_name0resource'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    class_name = Column(String(255), nullable=False)
    resource = Column(String(255), nullable=False)
    hard_limit = Column(Integer)


class ProjectUserQuota(Base, TimestampMixin):
    """Per-user limits inside a project (over the project's)."""
    __tablename__ = 'project_user_quotas'
    __table_args__ = (UniqueConstraint(
        'user_id', 'project_id', 'resource',
        name='uniq_project_user_quotas0user_id0project_id0resource'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    project_id = Column(String(255), nullable=False)
    user_id = Column(String(255), nullable=False)
    resource = Column(String(255), nullable=False)
    hard_limit = Column(Integer)


class InstanceGroup(Base, TimestampMixin):
    __tablename__ = 'instance_groups'
    __table_args__ = (UniqueConstraint('uuid', name='uniq_instance_groups0uuid'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    uuid = Column(String(36), nullable=False)
    name = Column(String(255))
    user_id = Column(String(255))
    project_id = Column(String(255))
    policy = Column(String(255))
    members = relationship('InstanceGroupMember', lazy='selectin',
                           cascade='all, delete-orphan')


class InstanceGroupMember(Base, TimestampMixin):
    __tablename__ = 'instance_group_member'
    id = Column(Integer, primary_key=True, autoincrement=True)
    group_id = Column(Integer, ForeignKey('instance_groups.id'),
                      nullable=False, index=True)
    instance_uuid = Column(String(36), nullable=False, index=True)


class Network(Base, TimestampMixin, SoftDeleteMixin):
    """A nova-network style flat network: one IPv4 subnet on one bridge."""
    __tablename__ = 'networks'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_networks0uuid'),
        UniqueConstraint('bridge', 'deleted',
                         name='uniq_networks0bridge0deleted'),
    )
    id = Column(Integer, primary_key=True, autoincrement=True)
    uuid = Column(String(36), nullable=False)
    label = Column(String(255))
    cidr = Column(String(43), nullable=False)
    netmask = Column(String(39))
    gateway = Column(String(39))
    broadcast = Column(String(39))
    dhcp_server = Column(String(39))
    dns1 = Column(String(39))
    dns2 = Column(String(39))
    bridge = Column(String(15), nullable=False)


class FixedIp(Base, TimestampMixin):
    """One address of a network that is taken: reserved (network, gateway,
    broadcast) or allocated to an instance. A free address has no row, so
    the unique constraint is what makes two allocations of one address
    impossible."""
    __tablename__ = 'fixed_ips'
    __table_args__ = (
        UniqueConstraint('network_id', 'address',
                         name='uniq_fixed_ips0network_id0address'),
        Index('fixed_ips_instance_uuid_idx', 'instance_uuid'),
    )
    id = Column(Integer, primary_key=True, autoincrement=True)
    network_id = Column(Integer, ForeignKey('networks.id'), nullable=False)
    address = Column(String(39), nullable=False)
    allocated = Column(Boolean, nullable=False, default=False)
    reserved = Column(Boolean, nullable=False, default=False)
    instance_uuid = Column(String(36))
    virtual_interface_id = Column(Integer,
                                  ForeignKey('virtual_interfaces.id'))


class VirtualInterface(Base, TimestampMixin):
    """A server's NIC on a network: its MAC, unique across the cloud."""
    __tablename__ = 'virtual_interfaces'
    __table_args__ = (
        UniqueConstraint('address', name='uniq_virtual_interfaces0address'),
        UniqueConstraint('uuid', name='uniq_virtual_interfaces0uuid'),
        Index('virtual_interfaces_instance_uuid_idx', 'instance_uuid'),
    )
    id = Column(Integer, primary_key=True, autoincrement=True)
    uuid = Column(String(36), nullable=False)
    address = Column(String(17), nullable=False)
    network_id = Column(Integer, ForeignKey('networks.id'), nullable=False)
    instance_uuid = Column(String(36), nullable=False)


class InstanceInfoCache(Base, TimestampMixin):
    """The network info of an instance as JSON, so the API can show its
    addresses without asking minova-network."""
    __tablename__ = 'instance_info_caches'
    __table_args__ = (
        UniqueConstraint('instance_uuid',
                         name='uniq_instance_info_caches0instance_uuid'),)
    id = Column(Integer, primary_key=True, autoincrement=True)
    instance_uuid = Column(String(36), nullable=False)
    network_info = Column(Text)


class SecurityGroup(Base, TimestampMixin, SoftDeleteMixin):
    """A project's named set of inbound rules (nova-network style)."""
    __tablename__ = 'security_groups'
    __table_args__ = (
        UniqueConstraint('project_id', 'name', 'deleted',
                         name='uniq_security_groups0project_id0name0deleted'),
    )
    id = Column(Integer, primary_key=True, autoincrement=True)
    name = Column(String(255), nullable=False)
    description = Column(String(255))
    user_id = Column(String(255))
    project_id = Column(String(255), nullable=False)


class SecurityGroupRule(Base, TimestampMixin):
    """What a group lets in: a protocol and port range from a CIDR, or
    from the members of another group (``group_id``)."""
    __tablename__ = 'security_group_rules'
    id = Column(Integer, primary_key=True, autoincrement=True)
    parent_group_id = Column(Integer, ForeignKey('security_groups.id'),
                             nullable=False)
    protocol = Column(String(255))
    from_port = Column(Integer)
    to_port = Column(Integer)
    cidr = Column(String(43))
    group_id = Column(Integer, ForeignKey('security_groups.id'))


class SecurityGroupDefaultRule(Base, TimestampMixin):
    """Rules copied into each project's new ``default`` group."""
    __tablename__ = 'security_group_default_rules'
    id = Column(Integer, primary_key=True, autoincrement=True)
    protocol = Column(String(255))
    from_port = Column(Integer)
    to_port = Column(Integer)
    cidr = Column(String(43))


class SecurityGroupInstanceAssociation(Base, TimestampMixin):
    __tablename__ = 'security_group_instance_association'
    __table_args__ = (
        UniqueConstraint('security_group_id', 'instance_uuid',
                         name='uniq_security_group_instance0group0instance'),
        Index('security_group_instance_association_instance_uuid_idx',
              'instance_uuid'),
    )
    id = Column(Integer, primary_key=True, autoincrement=True)
    security_group_id = Column(Integer, ForeignKey('security_groups.id'),
                               nullable=False)
    instance_uuid = Column(String(36), nullable=False)


class FloatingIp(Base, TimestampMixin):
    """An address of a pool: free (no project), allocated to a project,
    or associated with a fixed IP (NATed in the network's router)."""
    __tablename__ = 'floating_ips'
    __table_args__ = (
        UniqueConstraint('address', name='uniq_floating_ips0address'),
        Index('floating_ips_project_id_idx', 'project_id'),
        Index('floating_ips_pool_idx', 'pool'),
    )
    id = Column(Integer, primary_key=True, autoincrement=True)
    address = Column(String(39), nullable=False)
    pool = Column(String(255), nullable=False)
    project_id = Column(String(255))
    fixed_ip_id = Column(Integer, ForeignKey('fixed_ips.id'))
    auto_assigned = Column(Boolean, nullable=False, default=False)


class Migration(Base, TimestampMixin, SoftDeleteMixin):
    """One move of an instance between hosts (resize, cold migration,
    evacuation), as Nova's ``migrations`` table. ``old_flavor`` and
    ``new_flavor`` are the flavor documents (Nova keeps them in
    instance_extra); their usage columns let the placement query count
    a move without parsing them."""
    __tablename__ = 'migrations'
    __table_args__ = (
        Index('migrations_instance_uuid_and_status_idx', 'deleted',
              'instance_uuid', 'status'),
        Index('migrations_by_host_nodes_and_status_idx', 'deleted',
              'source_compute', 'dest_compute', 'status'),
    )
    id = Column(Integer, primary_key=True, autoincrement=True)
    source_compute = Column(String(255))
    dest_compute = Column(String(255))
    source_node = Column(String(255))
    dest_node = Column(String(255))
    dest_host = Column(String(255))
    status = Column(String(255))
    instance_uuid = Column(String(36))
    old_instance_type_id = Column(Integer)
    new_instance_type_id = Column(Integer)
    migration_type = Column(String(255))
    hidden = Column(Boolean, default=False)
    old_flavor = Column(Text)
    new_flavor = Column(Text)
    old_memory_mb = Column(Integer)
    old_vcpus = Column(Integer)
    old_disk_mb = Column(Integer)
    new_memory_mb = Column(Integer)
    new_vcpus = Column(Integer)
    new_disk_mb = Column(Integer)


# An integer no column can hold matches no row; the drivers would fail
# on it (SQLite raises OverflowError past 64 bits): queries skip it.
_INT_RANGE = range(-2 ** 63, 2 ** 63)


def storable(value):
    """Whether a column could hold ``value`` (False: no row matches)."""
    return not isinstance(value, int) or value in _INT_RANGE
