"""The SVG timeline and the HTML helpers: rows in order, bars to scale,
every text escaped."""

import xml.etree.ElementTree as ET

from minova.api.web import page
from minova.api.web import svg

NS = '{http://www.w3.org/2000/svg}'


def _row(event, start, duration, process='minova-api', host='h1',
         result='Success'):
    return {'event': event, 'process': process, 'host': host,
            'start': '2026-12-03T10:00:%09.6f' % start,
            'duration': duration, 'result': result, 'details': {}}


ROWS = [_row('api_accept', 0.0, 0.5),
        _row('scheduler_select_destinations', 0.5, 0.25,
             process='minova-scheduler'),
        _row('compute_spawn', 1.0, 1.0, process='minova-compute',
             host='<b>&host')]


def _parse(text):
    return ET.fromstring(text)


def _groups(root):
    return root.findall(NS + 'g')


def test_one_group_per_span_in_order_with_columns():
    root = _parse(svg.timeline(ROWS))
    groups = _groups(root)
    assert [g.get('data-event') for g in groups] == [
        'api_accept', 'scheduler_select_destinations', 'compute_spawn']
    texts = [[t.text for t in g.findall(NS + 'text')] for g in groups]
    assert texts[0] == ['API accepts (auth, validation, image)',
                        'minova-api', 'h1', '+0.000s', '0.500s']
    assert texts[1][0] == 'scheduler select_destinations'
    assert texts[1][3:] == ['+0.500s', '0.250s']
    # Escaped in the markup, the same text once parsed.
    assert texts[2][2] == '<b>&host'
    assert '<b>&host' not in svg.timeline(ROWS)


def test_bars_to_scale():
    root = _parse(svg.timeline(ROWS))
    bars = [g.find(NS + 'rect') for g in _groups(root)]
    xs = [float(b.get('x')) - svg.BAR_X for b in bars]
    widths = [float(b.get('width')) for b in bars]
    # The whole action is 2 s wide: 0.5 s is a quarter of the bar area.
    assert xs == [0.0, svg.BAR_WIDTH / 4, svg.BAR_WIDTH / 2]
    assert widths == [svg.BAR_WIDTH / 4, svg.BAR_WIDTH / 8,
                      svg.BAR_WIDTH / 2]
    assert [b.find(NS + 'title').text for b in bars][2] == \
        'compute_spawn: 1.000s'


def test_failed_step_is_marked():
    root = _parse(svg.timeline([_row('compute_claim', 0, 0.1,
                                     result='Error')]))
    [group] = _groups(root)
    assert group.find(NS + 'text').text == 'claim (Error)'
    assert group.find(NS + 'rect').get('class') == 'failed'


def test_no_rows_no_svg():
    assert svg.timeline([]) == ''


def test_page_escapes_titles_cells_and_links():
    html = page.document('<x>', '/minova', page.table(
        ('a&b',), [('<i>',), (page.Markup(page.link(
            page.server_href('/minova', 'a/b"c', 'req-1&2'), '<n>')),)]))
    assert '<x>' not in html and '&lt;x&gt;' in html
    assert '<i>' not in html and '&lt;i&gt;' in html
    assert 'a&amp;b' in html
    assert 'href="/minova/servers/a%2Fb%22c?action=req-1%262"' in html
    assert '&lt;n&gt;</a>' in html
