/// <reference lib="webworker" />
// The field app's service worker: the app shell (every file of this build, listed at build
// time by vite.config.ts) cached on install, served cache-first, so that the app starts with
// no network; the map labels' glyphs (gis-server's /glyphs/…) likewise, so that codes are
// written on the map offline. API calls and anything else go to the network untouched. A
// new build installs a new cache and removes the old one.
const sw = self as unknown as ServiceWorkerGlobalScope;
export {};

const PRECACHE = "__PRECACHE__" as unknown as { version: string; files: string[] };
const CACHE = `calepin-field-${PRECACHE.version}`;
const scope = new URL(sw.registration.scope);
const urls = PRECACHE.files.map((f) => new URL(f, scope).href);

sw.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(urls)).then(() => sw.skipWaiting()));
});

/**
 * The glyph files (map-kit's GLYPHS_PATH; a literal here: this worker is one file, it
 * imports nothing) and their own cache, kept across builds: the app asks for the labels'
 * ranges when it downloads a package (map-kit's LABEL_GLYPH_PATHS), the map for others.
 */
const GLYPHS = '/glyphs/';
const GLYPH_CACHE = 'calepin-glyphs';

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
  if (url.origin === scope.origin && url.pathname.startsWith(GLYPHS)) {
    // Cache-first; a range fetched online is kept for the next time offline.
    event.respondWith(caches.open(GLYPH_CACHE).then(async (cache) => {
      const known = await cache.match(url.href);
      if (known) return known;
      const response = await fetch(request);
      if (response.ok) await cache.put(url.href, response.clone());
      return response;
    }));
    return;
  }
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return;
  // Navigations within the app (?mission=…) get the shell; files get their cached copy.
  const key = request.mode === 'navigate' ? scope.href : url.origin + url.pathname;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => (await cache.match(key)) ?? fetch(request)),
  );
});

// Web Push (docs/notifications.md): the server's notifications shown by the system, even
// with the app closed; a newer one of the same mission and kind replaces the older (tag).
interface PushPayload { title: string; body: string; url: string; tag: string }

sw.addEventListener('push', (event) => {
  let data: PushPayload;
  try {
    data = event.data?.json() as PushPayload;
  } catch {
    return;
  }
  if (!data?.title) return;
  event.waitUntil(sw.registration.showNotification(data.title, {
    body: data.body, tag: data.tag, data: { url: data.url }, icon: new URL('icon-192.png', scope).href, lang: '',
  }));
});

// A tap opens the mission: in the app's window if one is open, else in a new one.
sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data as { url?: string } | null)?.url ?? scope.href, scope.origin).href;
  event.waitUntil((async () => {
    const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
    const open = windows.find((w) => w.url.startsWith(scope.href));
    if (open) {
      await open.navigate(url);
      await open.focus();
    } else {
      await sw.clients.openWindow(url);
    }
  })());
});
