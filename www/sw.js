// Keeps the playground working offline once it has been loaded: every same-origin file the page fetches (the page,
// its modules, the core's two wasm modules, minibox) is stored in a cache as it arrives. Network first, so a new
// build of the site is picked up at once; the cache answers only when the network does not (offline, or the server
// is gone). Nothing else is intercepted.

const CACHE = "layerlab-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(request);
        if (response.ok && response.type === "basic") await cache.put(request, response.clone());
        return response;
      } catch (error) {
        const cached = await cache.match(request, { ignoreSearch: true });
        if (cached) return cached;
        throw error;
      }
    })(),
  );
});

// The page names what it fetched before this worker controlled it; fetch and keep those now.
self.addEventListener("message", (event) => {
  const urls = event.data && Array.isArray(event.data.keep) ? event.data.keep : [];
  const same = urls.filter((url) => typeof url === "string" && new URL(url, self.location.href).origin === self.location.origin);
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(same.map((url) => cache.match(url).then((hit) => hit || cache.add(url).catch(() => {})))),
    ),
  );
});
