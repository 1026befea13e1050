"""Options of the timeline: the timed steps (spans) each process records
for a request, kept as instance action events (``minova server-timeline``)."""

from oslo_config import cfg

timeline_group = cfg.OptGroup('timeline', title='Timeline options')

timeline_opts = [
    cfg.BoolOpt('enabled', default=True,
                help='Record the steps of each server action (API, '
                     'conductor, scheduler, compute, virt driver) with '
                     'their process, host, start and duration, as events '
                     'of the instance action. Compute sends its steps to '
                     'the conductor in one call per build (and per step '
                     'of another action); off, nothing is recorded or '
                     'sent.'),
    cfg.IntOpt('guest_ready_timeout', default=300, min=0,
               help='After a build went ACTIVE, watch the guest\'s '
                    'console log (libvirt) for at most this many seconds '
                    'for guest_ready_text and record when it showed as '
                    'the last step of the create timeline ("guest '
                    'ready"). 0: no watch.'),
    cfg.StrOpt('guest_ready_text', default='minova-guest ready',
               help='What a guest prints on its serial console once it '
                    'is up (minova\'s test image prints the default).'),
]


def register_opts(conf):
    conf.register_group(timeline_group)
    conf.register_opts(timeline_opts, group=timeline_group)


def list_opts():
    return {timeline_group.name: timeline_opts}
