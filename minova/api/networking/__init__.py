"""A Network API (Neutron v2.0) façade over minova-network's nova-network
style security groups and floating IPs, so that clients which speak only
Neutron for them (python-openstackclient's ``security group`` and
``floating ip`` commands) work. Nothing here stores anything of its own:
each resource is a view of rows the compute API's os-security-groups and
os-floating-ips already keep (see README, "The Network API")."""
