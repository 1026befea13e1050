"""Body of the injectNetworkInfo action: any value, as Nova's schema."""

inject_network_info = {
    'type': 'object',
    'properties': {'injectNetworkInfo': {}},
    'required': ['injectNetworkInfo'],
    'additionalProperties': False,
}
