# Writes the QGIS Server project of the OGC benchmark: one PostGIS layer, `modules`, over
# the table of Calepin's modules rows (bench/ogc/qgis-server.ts), published by WFS.
#   qgis-project.py <project.qgs> <host> <port> <dbname> <user> <password> <table> <service url>
import os
import sys

os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsDataSourceUri,  # noqa: E402
                       QgsProject, QgsVectorLayer, QgsWkbTypes)

path, host, port, dbname, user, password, table, service = sys.argv[1:9]
app = QgsApplication([], False)
app.initQgis()

uri = QgsDataSourceUri()
uri.setConnection(host, port, dbname, user, password)
# An int8 key (the 52-bit feature id Calepin's WFS shows as gml:id): QGIS's fastest kind.
uri.setDataSource('public', table, 'geom', '', 'fid')
uri.setSrid('4326')
uri.setWkbType(QgsWkbTypes.Polygon)
uri.setUseEstimatedMetadata(True)
layer = QgsVectorLayer(uri.uri(False), 'modules', 'postgres')
if not layer.isValid():
    sys.exit(f'the PostGIS layer {table} is not valid')
layer.setShortName('modules')

project = QgsProject.instance()
project.setCrs(QgsCoordinateReferenceSystem('EPSG:4326'))
project.setTitle('Calepin OGC benchmark')
project.addMapLayer(layer)
# The address clients follow (capabilities' DCP links): behind nginx, QGIS Server drops the port.
project.writeEntry('WFSUrl', '/', service)
project.writeEntry('WFSLayers', '/', [layer.id()])
project.writeEntry('WFSLayersPrecision', '/' + layer.id(), 8)
project.writeEntry('WMSCrsList', '/', ['EPSG:4326', 'EPSG:3857', 'EPSG:2154'])
project.writeEntry('WMSServiceCapabilities', '/', True)
if not project.write(path):
    sys.exit(f'cannot write {path}')
print(path, flush=True)
os._exit(0)
