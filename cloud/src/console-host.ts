import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CloudApp } from './app.js';
import { notFoundHandler } from './http/error-handler.js';

/**
 * Serves the built console (Vite output) at `/`, with the SPA fallback: a
 * GET for any non-API path that is not a file answers index.html, so deep
 * links work. Registered on the root instance because the not-found handler
 * is per encapsulation context. Returns whether a console was found.
 */
export async function hostConsole(app: CloudApp, dir: string): Promise<boolean> {
  const index = path.join(dir, 'index.html');
  if (!existsSync(index)) {
    app.setNotFoundHandler(notFoundHandler);
    return false;
  }
  // The console's files are public (the sign-in page is among them); the API behind them is not.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, access: 'public' };
    });
    await scope.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      cacheControl: false, // set below, per kind of file
      setHeaders(reply, file) {
        // Vite fingerprints everything under assets/; index.html must be revalidated to pick up a new build.
        const hashed = file.split(path.sep).includes('assets');
        reply.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  });
  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const apiPath = request.url === '/api' || request.url.startsWith('/api/');
    if (apiPath || (request.method !== 'GET' && request.method !== 'HEAD')) return notFoundHandler(request, reply);
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(createReadStream(index));
  });
  return true;
}
