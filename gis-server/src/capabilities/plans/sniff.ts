// What an upload is, by its first bytes (never by its name).

export type Sniffed = 'pdf' | 'png' | 'jpeg' | 'tiff' | 'dxf' | 'dwg';

export function sniff(head: Buffer): Sniffed | null {
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  const four = head.subarray(0, 4).toString('latin1');
  if (four === 'II*\0' || four === 'MM\0*' || four === 'II+\0' || four === 'MM\0+') return 'tiff';
  // DWG: AC1001 … AC1032, and the oldest AC1.50 / AC2.10 (refused later, naming their version).
  if (/^AC(10\d\d|[12]\.\d\d)/.test(head.subarray(0, 6).toString('latin1'))) return 'dwg';
  if (head.subarray(0, 22).toString('latin1') === 'AutoCAD Binary DXF\r\n\x1a\0') return 'dxf';
  // ASCII DXF: group code 0 then SECTION, possibly after 999 comments.
  if (/^(\s*999\r?\n[^\n]*\n)*\s*0\r?\n\s*SECTION\s*\r?\n/.test(head.toString('latin1'))) return 'dxf';
  return null;
}
