"""Which domains of a libvirtd, possibly shared, this compute made.

The host name in minova's metadata is not enough: two clouds (or a test
cloud and devstack) on one libvirtd may both have a compute called
``host1``, and would reap each other's guests. A domain is this
compute's only when its metadata names this host *and* it has disks,
every one of them a file under this compute's ``instances_path``: a path
on this machine that two deployments cannot share without already
sharing (and reaping) each other's instance directories.

A domain that names this host but fails the disk test cannot be proven
ours (another cloud's, or ours from before ``instances_path`` changed):
it is never destroyed, only logged, once per domain and process. Nor is
the reverse, a domain with a disk under this compute's instances_path
whose metadata names another host or none (a peer's on a shared path,
or a domain defined by hand on our files). ``unproven`` lists both for
``minova-manage audit``, which reports them and never touches them.
"""

import os
from xml.etree import ElementTree as etree

from oslo_log import log as logging

from minova.virt.libvirt import config as vconfig

LOG = logging.getLogger(__name__)

OURS = 'ours'
FOREIGN = 'foreign'        # no minova metadata, or another host's
UNPROVEN = 'unproven'      # names this host, disks elsewhere


def disk_sources(domain_xml):
    """The file of each of the domain's disks (None for a disk that is
    not a file: a block device, a network disk, an empty drive)."""
    root = etree.fromstring(domain_xml)
    return [disk.find('source').get('file')
            if disk.find('source') is not None else None
            for disk in root.findall('devices/disk')]


def _under(path, directory):
    path = os.path.realpath(path)
    return os.path.commonpath([path, directory]) == directory and \
        path != directory


def disks_under(domain_xml, instances_path):
    """Does the domain have disks, each a file under ``instances_path``?"""
    directory = os.path.realpath(instances_path)
    disks = disk_sources(domain_xml)
    return bool(disks) and all(path and _under(path, directory)
                               for path in disks)


def _any_disk_under(domain_xml, instances_path):
    directory = os.path.realpath(instances_path)
    return any(path and _under(path, directory)
               for path in disk_sources(domain_xml))


def _disks(domain_xml):
    return ', '.join(map(str, disk_sources(domain_xml))) or 'none'


def unproven(domain_xmls, host, instances_path):
    """{uuid: {'host': the host its metadata names (or None), 'detail':
    why}} for each domain of ``domain_xmls`` ({uuid: xml}) that is
    neither provably ours nor plainly another's: it names ``host`` with
    disks elsewhere, or has a disk under ``instances_path`` and names
    another host or none."""
    found = {}
    for uuid, xml in domain_xmls.items():
        named = vconfig.metadata_host(xml)
        verdict = classify(xml, host, instances_path)
        if verdict == UNPROVEN:
            detail = ('names host %s in its metadata but its disks (%s) '
                      'are not all under %s' % (host, _disks(xml),
                                                instances_path))
        elif verdict == FOREIGN and _any_disk_under(xml, instances_path):
            detail = ('has disks under %s (%s) but its metadata names %s'
                      % (instances_path, _disks(xml),
                         'host %s' % named if named else 'no host'))
        else:
            continue
        found[uuid] = {'host': named, 'detail': detail}
    return found


def classify(domain_xml, host, instances_path):
    """OURS, FOREIGN or UNPROVEN (see the module's text)."""
    if vconfig.metadata_host(domain_xml) != host:
        return FOREIGN
    if disks_under(domain_xml, instances_path):
        return OURS
    return UNPROVEN


class Ownership:
    """The classification of a host's domains, logging each unproven
    domain once (the reaper asks every poll interval)."""

    def __init__(self):
        self._logged = set()

    def guests_of_host(self, domain_xmls, host, instances_path):
        """uuids among ``domain_xmls`` ({uuid: xml}) that are ours."""
        ours = set()
        for uuid, xml in domain_xmls.items():
            verdict = classify(xml, host, instances_path)
            if verdict == OURS:
                ours.add(uuid)
            elif verdict == UNPROVEN and uuid not in self._logged:
                self._logged.add(uuid)
                LOG.warning(
                    'Domain %s names host %s in its minova metadata but '
                    'its disks (%s) are not all under this compute\'s '
                    'instances_path %s: it may be another cloud\'s, so it '
                    'is never reaped here', uuid, host, _disks(xml),
                    instances_path)
        return ours
