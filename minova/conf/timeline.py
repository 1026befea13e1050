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
                     'the conductor in one call per build; off, nothing '
                     'is recorded or sent.'),
]


def register_opts(conf):
    conf.register_group(timeline_group)
    conf.register_opts(timeline_opts, group=timeline_group)


def list_opts():
    return {timeline_group.name: timeline_opts}
