"""The /limits body: Nova's absolute limits and their usage."""

# quota resource -> the names it has in the body
_LIMIT_NAMES = {
    'ram': ['maxTotalRAMSize'],
    'instances': ['maxTotalInstances'],
    'cores': ['maxTotalCores'],
    'key_pairs': ['maxTotalKeypairs'],
    'floating_ips': ['maxTotalFloatingIps'],
    'metadata_items': ['maxServerMeta', 'maxImageMeta'],
    'injected_files': ['maxPersonality'],
    'injected_file_content_bytes': ['maxPersonalitySize'],
    'security_groups': ['maxSecurityGroups'],
    'security_group_rules': ['maxSecurityGroupRules'],
    'server_groups': ['maxServerGroups'],
    'server_group_members': ['maxServerGroupMembers'],
}

_USED_NAMES = {
    'ram': 'totalRAMUsed',
    'cores': 'totalCoresUsed',
    'instances': 'totalInstancesUsed',
    'floating_ips': 'totalFloatingIpsUsed',
    'security_groups': 'totalSecurityGroupsUsed',
    'server_groups': 'totalServerGroupsUsed',
}


def build(limits, usage, hidden=()):
    """``limits``/``usage``: resource -> int; ``hidden``: resources the
    negotiated microversion no longer shows."""
    absolute = {}
    for resource, names in _LIMIT_NAMES.items():
        if resource in hidden or resource not in limits:
            continue
        for name in names:
            absolute[name] = limits[resource]
    for resource, name in _USED_NAMES.items():
        if resource in hidden or resource not in usage:
            continue
        absolute[name] = usage[resource]
    return {'limits': {'rate': [], 'absolute': absolute}}
