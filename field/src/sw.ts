/// <reference lib="webworker" />
// The field app's service worker: the app shell (every file of this build, listed at build
// time by vite.config.ts) cached on install, served cache-first, so that the app starts with
// no network. API calls and anything else go to the network untouched. A new build installs
// a new cache and removes the old one.
const sw = self as unknown as ServiceWorkerGlobalScope;
export {};

const PRECACHE = "__PRECACHE__" as unknown as { version: string; files: string[] };
const CACHE = `calepin-field-${PRECACHE.version}`;
const scope = new URL(sw.registration.scope);
const urls = PRECACHE.files.map((f) => new URL(f, scope).href);

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(urls)).then(() => sw.skipWaiting()));
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('calepin-field-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  // Navigations within the app (?mission=…) get the shell; files get their cached copy.
  const key = request.mode === 'navigate' ? scope.href : url.origin + url.pathname;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => (await cache.match(key)) ?? fetch(request)),
  );
});
