"""Field types of minova's own that oslo.versionedobjects lacks."""

import netaddr
from oslo_versionedobjects import fields


class IPAddressText(fields.FieldType):
    """An IP address of one version, kept as text in canonical form.

    Nova's ``IPV4AddressField``/``IPV6AddressField`` coerce through
    netaddr and print ``str(address)``, so ``0000::babe:220.12.22.2`` is
    shown back as ``::babe:dc0c:1602``; this gives the same text while the
    column stays a string.
    """

    def __init__(self, version):
        super().__init__()
        self.version = version

    def coerce(self, obj, attr, value):
        try:
            address = netaddr.IPAddress(str(value), version=self.version)
        except (netaddr.AddrFormatError, ValueError) as error:
            raise ValueError('%r is not an IPv%d address for %s: %s'
                             % (value, self.version, attr, error))
        return str(address)


class IPV4AddressTextField(fields.AutoTypedField):
    AUTO_TYPE = IPAddressText(4)


class IPV6AddressTextField(fields.AutoTypedField):
    AUTO_TYPE = IPAddressText(6)
