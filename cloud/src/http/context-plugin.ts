import fp from 'fastify-plugin';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';

/**
 * A bounded context of the cloud as a named fastify plugin: its routes,
 * built from the options it declares (its repositories and services), and
 * the contexts it needs registered first. fastify refuses to start when a
 * dependency is missing or registered later, so the order in app.ts is
 * checked, not just written down.
 */
export function contextPlugin<O extends object>(name: string, dependencies: readonly string[], ...routes: ReadonlyArray<FastifyPluginAsyncTypebox<O>>) {
  return fp<O>(
    async (app, options) => {
      for (const route of routes) await app.register(route, options);
    },
    { name: `argus-${name}`, dependencies: [...dependencies], fastify: '5.x' },
  );
}
