// QGIS Server from Debian's packages, as it is usually deployed: one FastCGI process
// (qgis_mapserv.fcgi under spawn-fcgi) behind nginx, on 127.0.0.1, serving the same
// PostGIS rows as Calepin (copied into a table of its own) through a project with one layer. Its packages are installed
// by this benchmark (scripts/system-packages.sh with CALEPIN_TEST_PACKAGES), never by
// npm test.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Property } from '../../gis-server/src/layers/columns';
import { FID_SQL } from '../../gis-server/src/capabilities/ogc/values';
import { layerNamed } from '../../gis-server/src/layers/catalog';

const run = promisify(execFile);
const PACKAGES = 'qgis-server spawn-fcgi nginx-light curl';
const FCGI = '/usr/lib/cgi-bin/qgis_mapserv.fcgi';
export const QGIS_TABLE = 'bench_qgis_modules';

export interface QgisServer {
  /** The WFS endpoint (…/qgis?MAP is not needed: the project comes from the environment). */
  url: string;
  /** The FastCGI process, whose memory is QGIS Server's. */
  pid: number;
  version: string;
  stop(): Promise<void>;
}

export async function installQgisServer(): Promise<void> {
  await run('bash', ['scripts/system-packages.sh', '--test'], {
    env: { ...process.env, CALEPIN_TEST_PACKAGES: PACKAGES },
    maxBuffer: 64 * 1024 * 1024,
  });
}

/**
 * The table QGIS Server reads: the rows and columns Calepin's WFS publishes for modules,
 * copied into a plain table with an int8 key and a spatial index, QGIS's best case (it
 * read a view of the same relation more slowly: 84 s for the BBOX request, whose rows
 * PostgreSQL returns in 0.2 s).
 */
export async function createQgisTable(url: string, properties: readonly Property[]): Promise<void> {
  const layer = layerNamed('modules');
  if (!layer) throw new Error('no modules layer');
  const names = ['fid', 'id', ...properties.map((p) => p.name), 'geom'];
  const columns = names.slice(1, -1).map((c) => `s."${c}"`).join(', ');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Kept from the last run when it holds the same columns and as many rows as the layer.
    const { rows } = await client.query<{ kind: string; columns: string[] | null }>(
      `select c.relkind as kind, (select array_agg(attname::text order by attnum) from pg_attribute
                                    where attrelid = c.oid and attnum > 0 and not attisdropped) as columns
         from pg_class c where c.relname = $1 and c.relnamespace = 'public'::regnamespace`,
      [QGIS_TABLE],
    );
    const found = rows[0];
    if (found?.kind === 'r' && JSON.stringify(found.columns) === JSON.stringify(names)) {
      const counts = await client.query<{ same: boolean }>(
        `select (select count(*) from ${QGIS_TABLE}) = (select count(*) from (${layer.source}) s) as same`,
      );
      if (counts.rows[0]?.same) return;
    }
    if (found) await client.query(`drop ${found.kind === 'v' ? 'view' : 'table'} ${QGIS_TABLE}`);
    await client.query(`create table ${QGIS_TABLE} as select ${FID_SQL} as fid, ${columns}, s.geom from (${layer.source}) s`);
    await client.query(`alter table ${QGIS_TABLE} add primary key (fid)`);
    await client.query(`create index on ${QGIS_TABLE} using gist (geom)`);
    await client.query(`analyze ${QGIS_TABLE}`);
  } finally {
    await client.end();
  }
}

const waitForPort = async (port: number, path: string) => {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}${path}`).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`nothing answers on 127.0.0.1:${port}${path}`);
};

/** Stops a child, killing it when it has not stopped 5 s after SIGTERM (QGIS Server busy with a request). */
function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startQgisServer(url: string, ports: { http: number; fcgi: number }): Promise<QgisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'calepin-qgis-server-'));
  const db = new URL(url);
  const project = join(dir, 'bench.qgs');
  const base = `http://127.0.0.1:${ports.http}/qgis`;
  await run('/usr/bin/python3', [
    new URL('./qgis-project.py', import.meta.url).pathname, project, db.hostname, db.port || '5432',
    db.pathname.slice(1), decodeURIComponent(db.username), decodeURIComponent(db.password), QGIS_TABLE, base,
  ], { env: { ...process.env, HOME: dir, QT_QPA_PLATFORM: 'offscreen' } });

  const fcgi = spawn('spawn-fcgi', ['-n', '-a', '127.0.0.1', '-p', String(ports.fcgi), '--', FCGI], {
    env: {
      ...process.env,
      HOME: dir,
      QT_QPA_PLATFORM: 'offscreen',
      QGIS_PROJECT_FILE: project,
      QGIS_SERVER_LOG_LEVEL: '2',
      QGIS_SERVER_LOG_STDERR: '1',
      XDG_RUNTIME_DIR: dir,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  for (const sub of ['body', 'fastcgi', 'proxy', 'uwsgi', 'scgi']) await mkdir(join(dir, sub));
  const conf = join(dir, 'nginx.conf');
  await writeFile(
    conf,
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; fastcgi_temp_path ${dir}/fastcgi; proxy_temp_path ${dir}/proxy;
  uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${ports.http};
    location /qgis {
      include /etc/nginx/fastcgi_params;
      fastcgi_pass 127.0.0.1:${ports.fcgi};
      fastcgi_read_timeout 900s;
    }
  }
}
`,
  );
  const nginx = spawn('nginx', ['-c', conf, '-p', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForPort(ports.http, '/qgis?SERVICE=WFS&REQUEST=GetCapabilities&VERSION=1.1.0');
  const { stdout } = await run('dpkg-query', ['-W', '-f=${Version}', 'qgis-server']);
  return {
    url: base,
    pid: fcgi.pid as number,
    version: stdout.trim(),
    async stop() {
      await Promise.all([stopChild(nginx), stopChild(fcgi)]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
