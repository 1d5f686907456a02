// DWG versions: the first six bytes of a DWG name its format (AC1015 = AutoCAD 2000 …).

/** What acad-ts's DwgReader reads: R14 (AC1014) to 2018+ (AC1032). */
export const DWG_READABLE: ReadonlySet<string> = new Set(['AC1014', 'AC1015', 'AC1018', 'AC1021', 'AC1024', 'AC1027', 'AC1032']);

const NAMES: Record<string, string> = {
  'AC1.50': 'R2.05', 'AC2.10': 'R2.10', AC1001: 'R2.2', AC1002: 'R2.5', AC1003: 'R2.6', AC1004: 'R9', AC1006: 'R10',
  AC1009: 'R11/R12', AC1012: 'R13', AC1014: 'R14', AC1015: '2000', AC1018: '2004', AC1021: '2007', AC1024: '2010',
  AC1027: '2013', AC1032: '2018',
};

/** The version string of a DWG head (`AC1032`). */
export const dwgVersion = (head: Buffer) => head.subarray(0, 6).toString('latin1');

/** A person's name for a version: `DWG 2018 (AC1032)`. */
export const dwgLabel = (version: string) => (NAMES[version] ? `DWG ${NAMES[version]} (${version})` : `DWG ${version}`);
