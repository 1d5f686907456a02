// Which code may import which (docs/architecture.md, "Dependencies"), checked by ESLint's
// no-restricted-imports on every source file:
// - core imports nothing of ours; the servers import core and sql; the apps and the map kit
//   import core (and the apps the map kit); nothing reaches into another workspace by path;
// - a gis-server capability (src/capabilities/<name>/) does not import another one: what
//   two capabilities share lives in a shared layer of src/ (http, access, db, geo, layers,
//   editing, gdal, storage, jobs); a tile source kind (tile-server/src/sources/<kind>/)
//   imports only the sources' common interface.
// The rule only sees import strings, so the checks are written per folder depth: from a
// file N folders below a workspace, `../` N+1 times leaves it.

/** Each layer's source folder and the workspaces it may import, by package name. */
const LAYERS = [
  { dir: 'core/src', may: [] },
  { dir: 'sql/src', may: [] },
  { dir: 'data-fixtures/src', may: ['core'] },
  { dir: 'gis-server/src', may: ['core', 'sql'] },
  { dir: 'tile-server/src', may: ['core', 'sql'] },
  { dir: 'map-kit/src', may: ['core'] },
  { dir: 'web/src', may: ['core', 'map-kit'] },
  { dir: 'field/src', may: ['core', 'map-kit'] },
];

/** Folders whose subfolders must not import one another, and the files of the folder they may use. */
const SIBLINGS = [
  { dir: 'gis-server/src/capabilities', what: 'capability', shared: [] },
  { dir: 'tile-server/src/sources', what: 'tile source', shared: ['source'] },
];

const MAX_DEPTH = 6;
const EXTENSIONS = '{ts,tsx,js,mjs}';
const filesAt = (dir, depth) => [`${dir}/${'*/'.repeat(depth)}*.${EXTENSIONS}`];
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function packagePatterns(layer) {
  const own = layer.dir.split('/')[0];
  const allowed = [own, ...layer.may].flatMap((w) => [`!@calepin/${w}`, `!@calepin/${w}/*`]);
  const what = layer.may.length ? `only ${layer.may.map((w) => `@calepin/${w}`).join(' and ')}` : 'nothing of ours';
  return [{ group: ['@calepin/*', ...allowed], message: `${layer.dir} may import ${what} (docs/architecture.md).` }];
}

/** From `depth` folders below the workspace root, a relative import that leaves it. */
function leavePattern(layer, depth) {
  return {
    regex: `^(\\.\\./){${depth + 1},}`,
    message: `Leaves ${layer.dir.split('/')[0]}/ by path: import the other workspace by its package name, if this layer may.`,
  };
}

/** From `depth` folders below a sibling folder, a relative import of another sibling. */
function siblingPatterns(group, depth) {
  const shared = group.shared.map((name) => `(?!${escape(name)}(\\.[a-z]+)?$)`).join('');
  const base = group.dir.split('/').pop();
  return [
    {
      regex: `^(\\.\\./){${depth}}(?!\\.\\./)${shared}`,
      message: `One ${group.what} does not import another's internals: move what both need to a shared layer.`,
    },
    { regex: `^(\\.\\./)+${escape(base)}/`, message: `One ${group.what} does not import another's internals.` },
  ];
}

const rule = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export const boundaries = [
  ...LAYERS.flatMap((layer) => {
    const inWorkspace = layer.dir.split('/').length - 1; // src is one folder below the workspace
    return Array.from({ length: MAX_DEPTH }, (_, below) => ({
      files: filesAt(layer.dir, below),
      rules: rule([...packagePatterns(layer), leavePattern(layer, inWorkspace + below)]),
    }));
  }),
  // Later blocks win for the same rule: these repeat the layer's patterns beside their own.
  ...SIBLINGS.flatMap((group) => {
    const layer = LAYERS.find((l) => group.dir.startsWith(`${l.dir}/`));
    const below = group.dir.split('/').length - layer.dir.split('/').length;
    const inWorkspace = layer.dir.split('/').length - 1;
    return Array.from({ length: MAX_DEPTH - below }, (_, extra) => ({
      files: filesAt(group.dir, extra + 1),
      rules: rule([
        ...packagePatterns(layer),
        leavePattern(layer, inWorkspace + below + extra + 1),
        ...siblingPatterns(group, extra + 1),
      ]),
    }));
  }),
];
