"""A server action's spans as an inline SVG: one row per step in the
order the steps began, with process, host, start offset and duration,
and a bar to scale. The rows are ``minova.timeline.render.spans``, the
same the terminal draws."""

import html

from minova.timeline import render

ROW = 22
TOP = 44
BAR_X = 720
BAR_WIDTH = 420
WIDTH = BAR_X + BAR_WIDTH + 10
# Where each text column is anchored: step, process and host at their
# left, the numbers (start, took) at their right.
COLUMNS = ((8, 'step'), (300, 'process'), (440, 'host'),
           (630, 'start'), (700, 'took'))
NUMBERS = 3     # the columns from this one on are right-aligned
COLOURS = {'minova-api': '#4e79a7', 'minova-conductor': '#f28e2b',
           'minova-scheduler': '#59a14f', 'minova-compute': '#e15759',
           'minova-network': '#b07aa1'}


def _text(x, y, text, anchor='start', css=''):
    return ('<text x="%d" y="%d" text-anchor="%s"%s>%s</text>'
            % (x, y, anchor, ' class="%s"' % css if css else '',
               html.escape(str(text))))


def _bar(row, offset, total, y):
    scale = BAR_WIDTH / total if total else 0
    x = BAR_X + offset * scale
    width = max(1.0, (row['duration'] or 0) * scale)
    colour = COLOURS.get(row['process'], '#9c9c9c')
    failed = row['result'] not in (None, 'Success')
    return ('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"%s>'
            '<title>%s</title></rect>'
            % (x, y - 13, min(width, BAR_X + BAR_WIDTH - x), ROW - 6,
               '#d62728' if failed else colour,
               ' class="failed"' if failed else '',
               html.escape('%s: %s' % (row['event'], _took(row)))))


def _took(row):
    return '-' if row['duration'] is None else '%.3fs' % row['duration']


def _row(row, origin, total, y):
    offset = render.offset(row, origin)
    cells = (render.label(row), row['process'], row['host'] or '-',
             '+%.3fs' % offset, _took(row))
    parts = ['<g class="span" data-event="%s">' % html.escape(row['event'])]
    parts += [_text(x, y, text[:44] if i == 0 else text[:22],
                    'end' if i >= NUMBERS else 'start',
                    'step' if i == 0 else '')
              for i, ((x, _name), text) in enumerate(zip(COLUMNS, cells))]
    parts += [_bar(row, offset, total, y), '</g>']
    return ''.join(parts)


def timeline(rows):
    """The SVG element of ``rows`` (render.spans), or '' for none."""
    rows = [r for r in rows if r['start']]
    if not rows:
        return ''
    origin, total = render.extent(rows)
    height = TOP + ROW * len(rows) + 10
    out = ['<svg xmlns="http://www.w3.org/2000/svg" class="timeline" '
           'width="%d" height="%d" viewBox="0 0 %d %d" role="img" '
           'aria-label="timeline">' % (WIDTH, height, WIDTH, height)]
    out += [_text(x, 18, name, 'end' if i >= NUMBERS else 'start', 'head')
            for i, (x, name) in enumerate(COLUMNS)]
    out.append(_text(BAR_X, 18, '0s', css='head'))
    out.append(_text(BAR_X + BAR_WIDTH, 18, '%.3fs' % total, 'end', 'head'))
    out.append('<rect x="%d" y="%d" width="%d" height="%d" fill="none" '
               'stroke="#ccc"/>' % (BAR_X, TOP - 18, BAR_WIDTH,
                                    ROW * len(rows) + 4))
    for index, row in enumerate(rows):
        out.append(_row(row, origin, total, TOP + ROW * index))
    out.append('</svg>')
    return '\n'.join(out)
