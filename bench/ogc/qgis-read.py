# Reads every feature of a WFS layer through QGIS's WFS provider with its default settings
# (version Maximum, paging as the server advertises it), as a user adding the layer does.
# Prints {"seconds", "features"}.
#   qgis-read.py <wfs url> <typename> [<user> <password>]
import json
import os
import sys
import time

os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')
from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402

url, typename = sys.argv[1:3]
user, password = (sys.argv[3:5] + ['', ''])[:2]
app = QgsApplication([], False)
app.initQgis()
started = time.perf_counter()
auth = f" username='{user}' password='{password}'" if user else ''
layer = QgsVectorLayer(f"url='{url}' typename='{typename}' version='auto'{auth}", typename, 'WFS')
if not layer.isValid():
    sys.exit(f'{typename} is not a valid WFS layer')
features = sum(1 for _ in layer.getFeatures())
print(json.dumps({'seconds': time.perf_counter() - started, 'features': features}), flush=True)
os._exit(0)
