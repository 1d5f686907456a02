// Excel and CSV exports of an audit (issue 18), read back: every module of the plant once,
// statuses and findings as SQL counts them here, in the reader's language; a comment that
// a spreadsheet would run as a formula stays text; a client reads its validated audits only.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PLANTS } from '@calepin/data-fixtures';
import { type TestApp, bearer, testApp } from '../../test-support/app';

let t: TestApp;
let manager: Record<string, string>;
let client: Record<string, string>;
let auditId: string;
let plantId: string;
let otherAudit: string;

function binary(res: unknown, done: (error: Error | null, body: Buffer) => void) {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
}

beforeAll(async () => {
  t = await testApp();
  manager = bearer(await t.token('manager'));
  client = bearer(await t.token('client'));
  const { rows } = await t.db.pool.query(
    `select a.id, a.plant_id, p.name = $1 as rooftop from audits a join plants p on p.id = a.plant_id where a.audit_type = 'el'`,
    [DEMO_PLANTS.rooftop.name]);
  const rooftop = rows.find((r) => r.rooftop);
  auditId = rooftop.id;
  plantId = rooftop.plant_id;
  otherAudit = rows.find((r) => !r.rooftop).id;
  // A technician's comment that Excel would run as a formula.
  await t.db.pool.query(
    `update defects set description = '=HYPERLINK("http://example.invalid","click")'
      where id = (select id from defects where audit_id = $1 and module_id is not null order by id limit 1)`, [auditId]);
});
afterAll(async () => t?.close());

async function expectedStatuses(): Promise<Record<string, number>> {
  const { rows } = await t.db.pool.query(
    `select coalesce(am.status, 'pending') as status, count(*)::int as n from modules m
       left join audit_modules am on am.module_id = m.id and am.audit_id = $1 and am.deleted_at is null
      where m.plant_id = $2 and m.deleted_at is null group by 1`, [auditId, plantId]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function countingDefects(): Promise<number> {
  const { rows } = await t.db.pool.query(
    `select count(*)::int as n from defects where audit_id = $1 and deleted_at is null
        and (source = 'manual' or validated_at is not null) and review is distinct from 'rejected'`, [auditId]);
  return rows[0].n;
}

describe('the Excel workbook', () => {
  it('holds a summary, every module of the plant with its status, and the findings, in French', async () => {
    const res = await t.http.get(`/api/v1/audits/${auditId}/export.xlsx`).set(manager).set('Accept-Language', 'fr')
      .buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename=".*-el-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.body);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Synthèse', 'Résultats par module', 'Défauts']);

    const modules = book.getWorksheet('Résultats par module') as ExcelJS.Worksheet;
    const header = (modules.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 8)).toEqual(['Module', 'Chaîne', 'Position dans la chaîne', 'Table', 'Rangée', 'Colonne', 'Onduleur', 'État']);
    const words: Record<string, string> = { ok: 'OK', inequality: 'Inégalité', microcracks: 'Microfissures', dead: 'Mort', string_open: 'String ouvert', not_connected: 'Non connecté', pending: 'Non audité' };
    const read: Record<string, number> = {};
    const codes = new Set<string>();
    modules.eachRow((row, i) => {
      if (i === 1) return;
      codes.add(String(row.getCell(1).value));
      const status = String(row.getCell(8).value);
      read[status] = (read[status] ?? 0) + 1;
    });
    const expected = await expectedStatuses();
    expect(read).toEqual(Object.fromEntries(Object.entries(expected).map(([s, n]) => [words[s], n])));
    expect(codes.size).toBe(Object.values(expected).reduce((a, b) => a + b, 0));

    const defects = book.getWorksheet('Défauts') as ExcelJS.Worksheet;
    expect(defects.rowCount - 1).toBe(await countingDefects());
    let formula = false;
    let link: unknown;
    defects.eachRow((row) => row.eachCell((cell) => {
      if (cell.type === ExcelJS.ValueType.Formula) formula = true;
      if (String(cell.value).startsWith('=HYPERLINK')) link = cell.value;
    }));
    expect(formula).toBe(false);
    expect(link).toBe('=HYPERLINK("http://example.invalid","click")');

    const summary = book.getWorksheet('Synthèse') as ExcelJS.Worksheet;
    const facts = new Map<string, unknown>();
    summary.eachRow((row) => facts.set(String(row.getCell(1).value), row.getCell(2).value));
    expect(facts.get('Centrale')).toBe(DEMO_PLANTS.rooftop.name);
    expect(facts.get('Modules de la centrale')).toBe(codes.size);
    expect(facts.get('Mort')).toBe(expected.dead ?? 0);
  });
});

describe('the CSV files', () => {
  it('give one line per module, in English, with the statuses SQL counts', async () => {
    const res = await t.http.get(`/api/v1/audits/${auditId}/export.csv`).set(manager).set('Accept-Language', 'en').buffer(true).parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const text: string = res.body.toString('utf8');
    expect(text.startsWith('\ufeffModule,String,Position in string,Table,Row,Column,Inverter,Status,')).toBe(true);
    const lines: string[] = text.trimEnd().split('\r\n').slice(1);
    const expected = await expectedStatuses();
    expect(lines.length).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
    expect(lines.filter((l) => l.split(',')[7] === 'Dead').length).toBe(expected.dead ?? 0);
  });

  it('give the findings on request, a formula kept as text', async () => {
    const res = await t.http.get(`/api/v1/audits/${auditId}/export.csv?table=defects`).set(manager).buffer(true).parse(binary);
    expect(res.status).toBe(200);
    const lines: string[] = res.body.toString('utf8').trimEnd().split('\r\n');
    expect(lines.length - 1).toBe(await countingDefects());
    expect(lines.some((l) => l.includes('"\'=HYPERLINK(""http://example.invalid"",""click"")"'))).toBe(true);
  });

  it('say which table is unknown', async () => {
    const res = await t.http.get(`/api/v1/audits/${auditId}/export.csv?table=photos`).set(manager);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('table');
  });
});

describe('who may export', () => {
  it('a client: its own validated audits, nothing else', async () => {
    expect((await t.http.get(`/api/v1/audits/${auditId}/export.csv`).set(client)).status).toBe(200);
    expect((await t.http.get(`/api/v1/audits/${otherAudit}/export.xlsx`).set(client)).status).toBe(404);
    await t.db.pool.query('update audits set validated_at = null, validated_by = null where id = $1', [auditId]);
    expect((await t.http.get(`/api/v1/audits/${auditId}/export.xlsx`).set(client)).status).toBe(404);
    expect((await t.http.get(`/api/v1/audits/${auditId}/export.xlsx`).set(manager)).status).toBe(200);
  });
});
