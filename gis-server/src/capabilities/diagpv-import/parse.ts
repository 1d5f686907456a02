// Reads the INSERT statements of a SQLite dump as data. The file is never executed: a
// tokenizer walks it, every value is a string, a number or NULL, and anything that is not
// an INSERT, a PRAGMA, a SELECT, a transaction or a CREATE is refused with its line.
import type { MessageKey, MessageParams } from '@calepin/core';

export type SqlValue = string | number | null;

export interface InsertRow {
  line: number;
  values: Record<string, SqlValue>;
}

export interface Insert {
  table: string;
  line: number;
  rows: InsertRow[];
}

/** What is wrong with the file, and on which line (1-based). */
export class DumpError extends Error {
  constructor(
    readonly line: number,
    readonly key: MessageKey,
    readonly params: MessageParams = {},
  ) {
    super(`line ${line}: ${key}`);
    this.name = 'DumpError';
  }
}

type Token =
  | { kind: 'word'; text: string; line: number }
  | { kind: 'string'; text: string; line: number }
  | { kind: 'number'; value: number; line: number }
  | { kind: 'punct'; text: string; line: number };

function* tokens(sql: string): Generator<Token> {
  let i = 0;
  let line = 1;
  const n = sql.length;
  while (i < n) {
    const c = sql[i] as string;
    if (c === '\n') { line++; i++; continue; }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\ufeff') { i++; continue; }
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      const start = line;
      i += 2;
      while (i < n && !(sql[i] === '*' && sql[i + 1] === '/')) { if (sql[i] === '\n') line++; i++; }
      if (i >= n) throw new DumpError(start, 'e.dump_unterminated_comment');
      i += 2;
      continue;
    }
    if (c === "'") {
      const start = line;
      let text = '';
      i++;
      for (;;) {
        if (i >= n) throw new DumpError(start, 'e.dump_unterminated_string');
        const d = sql[i] as string;
        if (d === "'") {
          if (sql[i + 1] === "'") { text += "'"; i += 2; continue; }
          i++;
          break;
        }
        if (d === '\n') line++;
        text += d;
        i++;
      }
      yield { kind: 'string', text, line: start };
      continue;
    }
    if (c === '"' || c === '`' || c === '[') {
      // A quoted identifier.
      const close = c === '[' ? ']' : c;
      const end = sql.indexOf(close, i + 1);
      if (end < 0 || sql.slice(i + 1, end).includes('\n')) throw new DumpError(line, 'e.dump_unterminated_name');
      yield { kind: 'word', text: sql.slice(i + 1, end), line };
      i = end + 1;
      continue;
    }
    const number = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(sql.slice(i, i + 40));
    if (number && (c !== '-' && c !== '+' || /[\d.]/.test(sql[i + 1] ?? ''))) {
      yield { kind: 'number', value: Number(number[0]), line };
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_$]*/.exec(sql.slice(i, i + 200));
    if (word) {
      yield { kind: 'word', text: word[0], line };
      i += word[0].length;
      continue;
    }
    yield { kind: 'punct', text: c, line };
    i++;
  }
}

const describe = (t: Token | undefined) =>
  !t ? 'end of file' : t.kind === 'number' ? String(t.value) : t.kind === 'string' ? `'${t.text.slice(0, 40)}'` : t.text.slice(0, 40);

/** Statements that a dump may hold and that say nothing about the data: skipped whole. */
const SKIPPED = new Set(['PRAGMA', 'SELECT', 'BEGIN', 'COMMIT', 'END', 'CREATE', 'WITH', 'ANALYZE', 'VACUUM']);

/** Every INSERT of the dump, in file order, with the line of each row. */
export function parseInserts(sql: string): Insert[] {
  const stream = tokens(sql);
  let peeked: Token | undefined;
  let done = false;
  const next = (): Token | undefined => {
    if (peeked) { const t = peeked; peeked = undefined; return t; }
    if (done) return undefined;
    const r = stream.next();
    if (r.done) { done = true; return undefined; }
    return r.value;
  };
  const peek = () => (peeked ??= next());
  let lastLine = 1;
  const expect = (what: string, test: (t: Token) => boolean): Token => {
    const t = next();
    if (!t || !test(t)) throw new DumpError(t?.line ?? lastLine, 'e.dump_expected', { expected: what, found: describe(t) });
    lastLine = t.line;
    return t;
  };
  const isPunct = (p: string) => (t: Token) => t.kind === 'punct' && t.text === p;
  const isWord = (w: string) => (t: Token) => t.kind === 'word' && t.text.toUpperCase() === w;

  const inserts: Insert[] = [];
  for (let first = next(); first; first = next()) {
    lastLine = first.line;
    if (first.kind === 'punct' && first.text === ';') continue;
    const keyword = first.kind === 'word' ? first.text.toUpperCase() : '';
    if (SKIPPED.has(keyword)) {
      // Up to the end of the statement; strings are tokens, so a ';' inside one does not end it.
      for (let t = next(); t && !(t.kind === 'punct' && t.text === ';'); t = next()) lastLine = t.line;
      continue;
    }
    if (keyword !== 'INSERT') throw new DumpError(first.line, 'e.dump_statement', { statement: describe(first).toUpperCase() });
    if (peek() && isWord('OR')(peek() as Token)) { next(); expect('a conflict clause', (t) => t.kind === 'word'); }
    expect('INTO', isWord('INTO'));
    const table = (expect('a table name', (t) => t.kind === 'word') as { text: string }).text;
    expect('(', isPunct('('));
    const columns: string[] = [];
    for (;;) {
      columns.push((expect('a column name', (t) => t.kind === 'word') as { text: string }).text);
      const sep = expect(', or )', (t) => t.kind === 'punct' && (t.text === ',' || t.text === ')'));
      if ((sep as { text: string }).text === ')') break;
    }
    expect('VALUES', isWord('VALUES'));
    const insert: Insert = { table, line: first.line, rows: [] };
    for (;;) {
      const open = expect('(', isPunct('('));
      const values: SqlValue[] = [];
      for (;;) {
        const v = expect('a value', (t) => t.kind === 'string' || t.kind === 'number' || isWord('NULL')(t)
          || isWord('TRUE')(t) || isWord('FALSE')(t));
        values.push(v.kind === 'string' ? v.text : v.kind === 'number' ? v.value
          : v.kind === 'word' && v.text.toUpperCase() === 'TRUE' ? 1 : v.kind === 'word' && v.text.toUpperCase() === 'FALSE' ? 0 : null);
        const sep = expect(', or )', (t) => t.kind === 'punct' && (t.text === ',' || t.text === ')'));
        if ((sep as { text: string }).text === ')') break;
      }
      if (values.length !== columns.length) {
        throw new DumpError(open.line, 'e.dump_arity', { count: values.length, columns: columns.length, table });
      }
      insert.rows.push({ line: open.line, values: Object.fromEntries(columns.map((c, i) => [c, values[i] as SqlValue])) });
      const sep = next();
      if (!sep || (sep.kind === 'punct' && sep.text === ';')) break;
      if (!(sep.kind === 'punct' && sep.text === ',')) {
        throw new DumpError(sep.line, 'e.dump_expected', { expected: ', or ;', found: describe(sep) });
      }
    }
    inserts.push(insert);
  }
  return inserts;
}
