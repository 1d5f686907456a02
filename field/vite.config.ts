import { createHash } from 'node:crypto';
import { type Plugin, defineConfig } from 'vite';

// The field app is built into field/dist and served by gis-server at /field/. Like web/,
// it compiles the workspaces it imports (@calepin/core, @calepin/map-kit) from their sources.
// In development, `npm run dev -w field` proxies the server paths to a gis-server on :8080.
const target = process.env.GIS_SERVER ?? 'http://127.0.0.1:8080';

/**
 * The service worker (src/sw.ts, built as /field/sw.js beside index.html so that its scope is
 * /field/) learns the files of this build: the placeholder is replaced by their list and the
 * build's hash, so a new build installs a new cache and drops the old one.
 */
function precacheList(): Plugin {
  return {
    name: 'calepin-precache',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map') && f !== 'sw.js').sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
      const sw = bundle['sw.js'];
      if (!sw || sw.type !== 'chunk') throw new Error('calepin-precache: sw.js was not built');
      sw.code = sw.code.replace('"__PRECACHE__"', JSON.stringify({ version, files: ['./', ...files] }));
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/field/',
  esbuild: { jsx: 'automatic' },
  plugins: [precacheList()],
  // sqlite-wasm finds its .wasm beside its module (new URL(…, import.meta.url)): not pre-bundled.
  optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: true,
    rollupOptions: {
      input: { main: 'index.html', sw: 'src/sw.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        manualChunks(id) {
          if (id.includes('node_modules/maplibre-gl')) return 'maplibre';
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          if (id.includes('node_modules/zod')) return 'zod';
          if (id.includes('node_modules/three')) return 'three';
          if (/node_modules\/(proj4|mgrs|wkt-parser|geographiclib)/.test(id)) return 'proj4';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': target, '/tiles': target },
  },
});
