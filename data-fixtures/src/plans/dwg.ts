// DWG plans written with acad-ts (MIT), the same drawing as the DXF in local units:
// tables as closed LWPOLYLINEs on layer TABLES, the frame on CADRE.
import { writeFile } from 'node:fs/promises';
import { ACadVersion, CadDocument, DwgWriter, Layer, LwPolyline, XY } from '@node-projects/acad-ts';

/** The versions the fixtures write: 2000, 2004, 2010, 2018. */
export const DWG_VERSIONS = ['AC1015', 'AC1018', 'AC1024', 'AC1032'] as const;
export type DwgVersion = (typeof DWG_VERSIONS)[number];

/** A closed polyline per ring (the ring's last point, equal to its first, is dropped). */
export function dwgDocument(version: DwgVersion, layers: Record<string, [number, number][][]>): CadDocument {
  const doc = new CadDocument();
  doc.header!.version = ACadVersion[version];
  for (const [name, rings] of Object.entries(layers)) {
    const layer = new Layer();
    layer.name = name;
    doc.layers!.add(layer);
    for (const ring of rings) {
      const open = ring.slice(0, ring.length - 1).map(([x, y]) => new XY(x, y));
      const polyline = new LwPolyline(open);
      polyline.isClosed = true;
      polyline.layer = layer;
      doc.modelSpace!.entities.add(polyline);
    }
  }
  return doc;
}

export async function writeDwg(path: string, version: DwgVersion, layers: Record<string, [number, number][][]>): Promise<void> {
  await writeFile(path, DwgWriter.writeToBuffer(dwgDocument(version, layers)));
}
