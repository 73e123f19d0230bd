import { defineConfig } from 'vite';

// The cloud serves console/dist at `/`, so assets are addressed from the root.
// In `npm run dev -w @argus/console`, /api goes to a locally running cloud
// (default port 8080) so the dev server and the API share one origin, as they
// do in production.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // hls.js alone is ~400 kB minified; the console is one page, so splitting
    // would only add a request. Raise the warning limit instead of ignoring it.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false },
    },
  },
});
