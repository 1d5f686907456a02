import { defineConfig } from 'vite';

// The web app is built into web/dist and served by gis-server at /. In development,
// `npm run dev -w web` proxies the server paths to a gis-server on :8080 (GIS_SERVER to change it).
// The workspaces it imports (@calepin/core, @calepin/map-kit) are TypeScript sources, linked
// by npm into node_modules and compiled with the app: no build step of their own.
const target = process.env.GIS_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  // React's automatic JSX runtime through esbuild: no Babel plugin needed for a build.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    sourcemap: true,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: separate files stay cached across releases.
        manualChunks(id) {
          if (id.includes('node_modules/maplibre-gl')) return 'maplibre';
          if (id.includes('node_modules/terra-draw')) return 'terra-draw';
          if (/node_modules\/(react|react-dom|react-router|scheduler|@tanstack|i18next|react-i18next)\//.test(id)) return 'react';
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
