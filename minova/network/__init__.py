"""minova-network: networks, fixed IPs and MACs, bridges and DHCP, the way
nova-network's FlatDHCP manager did them (see ARCHITECTURE.md).

api.py (in-process callers) -> rpcapi.py (RPC client) -> manager.py (the
service); ipam.py takes addresses, model.py shapes the network info,
driver.py / linux_net.py / dhcp.py do the host side; every command they
run as root is an oslo.privsep entry point in ``minova.privsep``.
"""
