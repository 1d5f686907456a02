// MapLibre 6 parses tiles in a module worker that it looks for beside its own file; once
// bundled, that file moved: tell it where Vite put the worker.
import { setWorkerUrl } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';

setWorkerUrl(workerUrl);
