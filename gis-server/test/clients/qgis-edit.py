# Loads Calepin's WFS layers in QGIS (PyQGIS, headless), then edits calepin:modules the way
# a user does in the attribute table and on the map: add a module, move it and change its
# tilt, try to change its derived status, delete it; each step committed on its own.
# Prints one JSON line of what QGIS reported.
#   qgis-edit.py <wfs url> <e-mail> <password> <version: auto|2.0.0|1.1.0> <polygon WKT> <code>
import json
import os
import sys

os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
from qgis.core import (QgsApplication, QgsFeature, QgsFeatureRequest, QgsGeometry,  # noqa: E402
                       QgsVectorDataProvider, QgsVectorLayer)

url, user, password, version, wkt, code = sys.argv[1:7]
app = QgsApplication([], False)
app.initQgis()
# What QGIS tells its user lands in the message log (the server's exception text included).
messages = []
QgsApplication.messageLog().messageReceived.connect(lambda text, tag, level: messages.append(f'{tag}: {text}'))


def load(typename):
    uri = (f"url='{url}' typename='{typename}' version='{version}' username='{user}' "
           f"password='{password}' restrictToRequestBBOX='0'")
    return QgsVectorLayer(uri, typename, 'WFS')


def edit_tools(layer):
    caps = layer.dataProvider().capabilities()
    return {
        'add': bool(caps & QgsVectorDataProvider.AddFeatures),
        'change': bool(caps & QgsVectorDataProvider.ChangeAttributeValues),
        'delete': bool(caps & QgsVectorDataProvider.DeleteFeatures),
    }


out = {'editTools': {}}
for name in ['modules', 'plants', 'strings', 'defects', 'photos']:
    layer = load('calepin:' + name)
    out['editTools'][name] = edit_tools(layer) if layer.isValid() else 'invalid'

modules = load('calepin:modules')
out['count'] = modules.featureCount()
out['fields'] = [f.name() for f in modules.fields()]

if out['editTools']['modules']['add']:
    modules.startEditing()
    feature = QgsFeature(modules.fields())
    feature.setAttribute('code', code)
    feature.setGeometry(QgsGeometry.fromWkt(wkt))
    modules.addFeature(feature)
    out['insert'] = modules.commitChanges()

    modules.reload()
    found = list(modules.getFeatures(QgsFeatureRequest().setFilterExpression(f"\"code\" = '{code}'")))
    out['found'] = len(found)
    if found:
        fid = found[0].id()
        out['id'] = found[0]['id']
        modules.startEditing()
        moved = QgsGeometry(found[0].geometry())
        moved.translate(0.000001, 0.000001)
        modules.changeGeometry(fid, moved)
        modules.changeAttributeValue(fid, modules.fields().indexOf('tiltDeg'), 31.5)
        out['update'] = modules.commitChanges()

        modules.startEditing()
        modules.changeAttributeValue(fid, modules.fields().indexOf('status'), 'dead')
        out['statusChange'] = modules.commitChanges()
        app.processEvents()
        out['statusMessages'] = [m for m in messages if m.startswith('WFS')]
        modules.rollBack()

        modules.startEditing()
        modules.deleteFeature(fid)
        out['delete'] = modules.commitChanges()

print(json.dumps(out), flush=True)
# QGIS may crash while tearing down its providers: leave without it.
os._exit(0)
