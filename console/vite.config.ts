import { defineConfig } from 'vite';

// The cloud serves console/dist at `/`, so assets are addressed from the root
// (deep links such as /admin/users load the same index.html and the same
// absolute asset paths). In `npm run dev -w @argus/console`, /api goes to a
// locally running cloud (default port 8080) so the dev server and the API
// share one origin and one session cookie, as they do in production.
export default defineConfig({
  base: '/',
  // Vite 8 transforms TS/TSX with oxc: Preact's automatic JSX runtime, the
  // same as "jsx"/"jsxImportSource" in tsconfig.json. No @preact/preset-vite:
  // its only gains here (devtools alias, prefresh HMR) do not justify a
  // plugin that lags behind Vite majors.
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // hls.js alone is ~580 kB minified (typebox, behind the contracts' limits,
    // ~40 kB; Preact and signals ~20 kB); the console is one page, so splitting
    // would only add a request. Raise the warning limit instead of ignoring it.
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
