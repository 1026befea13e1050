"""oslo.middleware's CORS filter sits at the top of both APIs."""

import webob

import minova.conf
from minova.image_api import app as image_app

CONF = minova.conf.CONF


def test_image_api_answers_cors_for_an_allowed_origin(db, conf, tmp_path):
    image_app.build_app(CONF)   # registers [cors]
    conf.config(allowed_origin=['https://dash.example'], group='cors')
    conf.config(store_path=str(tmp_path / 'images'), group='image_api')
    app = image_app.build_app(CONF)
    req = webob.Request.blank('/versions', headers={
        'Origin': 'https://dash.example'})
    resp = req.get_response(app)
    assert resp.status_int == 200
    assert resp.headers['Access-Control-Allow-Origin'] == \
        'https://dash.example'
    req = webob.Request.blank('/versions', headers={
        'Origin': 'https://evil.example'})
    assert 'Access-Control-Allow-Origin' not in req.get_response(app).headers
