// The DiagPV export as a typed model: its clients, projects, EL audits and module results,
// each checked, with the physical grid every audit's modules are laid out on.
import { DEFECT_TYPES, type MappedDefect, SEVERITIES, commentOf, moduleCode } from './mapping';
import { DumpError, type Insert, type InsertRow, type SqlValue } from './parse';

export interface DiagpvModule {
  line: number;
  identifier: string;
  code: string;
  string: number;
  position: number;
  defect: string;
  mapped: MappedDefect;
  severity: number;
  comment: string | null;
  /** Physical row and column on the roof, as laid out (see `layoutRule`). */
  row: number;
  column: number;
}

export interface DiagpvAudit {
  line: number;
  token: string;
  client: string;
  project: string;
  location: string | null;
  date: string | null;
  declared: { strings: number | null; modulesPerString: number | null; total: number | null };
  modules: DiagpvModule[];
  /** Rows whose physical column was missing: laid out by position in string. */
  rowsByPosition: number[];
}

export interface DiagpvExport {
  audits: DiagpvAudit[];
}

const KNOWN = Object.keys(DEFECT_TYPES).join(', ');

function text(row: InsertRow, column: string, required: true): string;
function text(row: InsertRow, column: string, required?: false): string | null;
function text(row: InsertRow, column: string, required = false): string | null {
  const v = row.values[column];
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw new DumpError(row.line, 'e.dump_column_missing', { column });
    return null;
  }
  return String(v).trim();
}

function whole(row: InsertRow, column: string, min: number, required: boolean): number | null {
  const v: SqlValue | undefined = row.values[column];
  if (v === undefined || v === null) {
    if (required) throw new DumpError(row.line, 'e.dump_column_missing', { column });
    return null;
  }
  const n = typeof v === 'number' ? v : /^\s*-?\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > 1_000_000) throw new DumpError(row.line, 'e.dump_whole', { column, min, value: String(v).slice(0, 40) });
  return n;
}

/** Rows of a table with SQLite's row ids: the `id` column, else 1, 2, 3… in file order. */
function rowsOf(inserts: Insert[], table: string): Map<number, InsertRow> {
  const rows = new Map<number, InsertRow>();
  let next = 1;
  for (const insert of inserts.filter((i) => i.table.toLowerCase() === table)) {
    for (const row of insert.rows) {
      const id = row.values.id === undefined ? next : whole(row, 'id', 1, true) as number;
      rows.set(id, row);
      next = id + 1;
    }
  }
  return rows;
}

function moduleOf(row: InsertRow): Omit<DiagpvModule, 'column'> & { column: number | null } {
  const string = whole(row, 'string_number', 1, true) as number;
  const position = whole(row, 'position_in_string', 1, true) as number;
  const defect = text(row, 'defect_type') ?? 'none';
  const mapped = DEFECT_TYPES[defect];
  if (!mapped) throw new DumpError(row.line, 'e.dump_defect_type', { value: defect.slice(0, 40), known: KNOWN });
  const severity = whole(row, 'severity_level', 0, false) ?? 0;
  if (!(severity in SEVERITIES)) throw new DumpError(row.line, 'e.dump_whole', { column: 'severity_level', min: 0, value: severity });
  return {
    line: row.line,
    identifier: text(row, 'module_identifier') ?? `S${string}-${position}`,
    code: moduleCode(string, position),
    string, position, defect, mapped, severity,
    comment: commentOf(text(row, 'comment')),
    // A missing physical row: the string is the row, as their "simple" mode draws it.
    row: whole(row, 'physical_row', 1, false) ?? string,
    column: whole(row, 'physical_col', 1, false),
  };
}

/**
 * Physical columns as given; a row where some are missing (LES FORGES leaves the first
 * module of each row without one) is laid out by position in string instead, so that no
 * two modules share a place and none is dropped.
 */
function layOut(modules: ReturnType<typeof moduleOf>[]): { modules: DiagpvModule[]; rowsByPosition: number[] } {
  const byRow = new Map<number, ReturnType<typeof moduleOf>[]>();
  for (const m of modules) {
    const members = byRow.get(m.row);
    if (members) members.push(m);
    else byRow.set(m.row, [m]);
  }
  const out: DiagpvModule[] = [];
  const rowsByPosition: number[] = [];
  for (const [row, members] of [...byRow].sort((a, b) => a[0] - b[0])) {
    const byPosition = members.some((m) => m.column === null);
    if (byPosition) rowsByPosition.push(row);
    const ordered = byPosition ? [...members].sort((a, b) => a.string - b.string || a.position - b.position) : members;
    const taken = new Map<number, string>();
    ordered.forEach((m, i) => {
      const column = byPosition ? i + 1 : (m.column as number);
      const other = taken.get(column);
      if (other) throw new DumpError(m.line, 'e.dump_place_taken', { row, column, other, code: m.identifier });
      taken.set(column, m.identifier);
      out.push({ ...m, column });
    });
  }
  return { modules: out, rowsByPosition };
}

/** The EL audits of a dump, each with its client, project and module results. */
export function readExport(inserts: Insert[]): DiagpvExport {
  const clients = rowsOf(inserts, 'clients');
  const projects = rowsOf(inserts, 'projects');
  const interventions = rowsOf(inserts, 'interventions');
  const auditRows = rowsOf(inserts, 'el_audits');
  if (auditRows.size === 0) throw new DumpError(inserts[0]?.line ?? 1, 'e.dump_no_audit');

  const audits: DiagpvAudit[] = [];
  const byId = new Map<number, DiagpvAudit>();
  const byToken = new Map<string, DiagpvAudit>();
  for (const [id, row] of auditRows) {
    const token = text(row, 'audit_token', true);
    if (byToken.has(token)) throw new DumpError(row.line, 'e.dump_twice', { what: 'audit_token', value: token });
    const interventionId = whole(row, 'intervention_id', 1, false);
    const intervention = interventionId === null ? undefined : interventions.get(interventionId);
    if (interventionId !== null && !intervention) throw new DumpError(row.line, 'e.dump_reference', { column: 'intervention_id', value: interventionId, table: 'interventions' });
    const projectId = intervention ? whole(intervention, 'project_id', 1, true) : null;
    const project = projectId === null ? undefined : projects.get(projectId);
    if (intervention && !project) throw new DumpError(intervention.line, 'e.dump_reference', { column: 'project_id', value: projectId ?? '', table: 'projects' });
    const clientId = project ? whole(project, 'client_id', 1, true) : null;
    const client = clientId === null ? undefined : clients.get(clientId);
    if (project && !client) throw new DumpError(project.line, 'e.dump_reference', { column: 'client_id', value: clientId ?? '', table: 'clients' });
    const audit: DiagpvAudit = {
      line: row.line,
      token,
      client: client ? text(client, 'name', true) : text(row, 'client_name', true),
      project: project ? text(project, 'name', true) : text(row, 'project_name', true),
      location: (project && text(project, 'site_address')) ?? text(row, 'location'),
      date: (intervention && text(intervention, 'intervention_date')) ?? text(row, 'created_at'),
      declared: {
        strings: whole(row, 'string_count', 0, false),
        modulesPerString: whole(row, 'modules_per_string', 0, false),
        total: whole(row, 'total_modules', 0, false),
      },
      modules: [],
      rowsByPosition: [],
    };
    audits.push(audit);
    byId.set(id, audit);
    byToken.set(token, audit);
  }

  const found = new Map<DiagpvAudit, ReturnType<typeof moduleOf>[]>();
  const seen = new Map<DiagpvAudit, Set<string>>();
  for (const row of rowsOf(inserts, 'el_modules').values()) {
    const token = text(row, 'audit_token');
    const auditId = whole(row, 'el_audit_id', 1, false);
    const audit = (token && byToken.get(token)) || (auditId !== null ? byId.get(auditId) : undefined);
    if (!audit) {
      throw new DumpError(row.line, 'e.dump_reference', token ? { column: 'audit_token', value: token, table: 'el_audits' } : { column: 'el_audit_id', value: auditId ?? '', table: 'el_audits' });
    }
    const m = moduleOf(row);
    const codes = seen.get(audit) ?? new Set<string>();
    if (codes.has(m.code)) throw new DumpError(row.line, 'e.dump_twice', { what: 'module', value: m.identifier });
    codes.add(m.code);
    seen.set(audit, codes);
    const list = found.get(audit);
    if (list) list.push(m);
    else found.set(audit, [m]);
  }
  for (const audit of audits) {
    const laid = layOut(found.get(audit) ?? []);
    audit.modules = laid.modules;
    audit.rowsByPosition = laid.rowsByPosition;
  }
  return { audits };
}
