// npm run docs:permissions: rewrites the matrix in docs/permissions.md from the routes.
import { readFile, writeFile } from 'node:fs/promises';
import { apiRoutes } from '@calepin/gis-server';
import { permissionMatrix } from '../gis-server/src/capabilities/openapi/permissions';

const path = new URL('../docs/permissions.md', import.meta.url);
const doc = await readFile(path, 'utf8');
const begin = '<!-- matrix:begin -->';
const end = '<!-- matrix:end -->';
const [head, rest] = doc.split(begin);
const tail = rest?.split(end)[1];
if (head === undefined || tail === undefined) throw new Error(`docs/permissions.md lacks ${begin} … ${end}`);
await writeFile(path, `${head}${begin}\n${permissionMatrix(apiRoutes)}\n${end}${tail}`);
console.log('docs/permissions.md updated');
