import { Type, type Static } from '@fastify/type-provider-typebox';
import { COMMAND_TYPES, type CommandType } from '@argus/core';

export const CommandBody = Type.Object(
  {
    type: Type.Unsafe<CommandType>(Type.String({ enum: [...COMMAND_TYPES] })),
    args: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** Bounded by ARGUS_COMMAND_TIMEOUT_SECONDS. */
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100 })),
  },
  { additionalProperties: false },
);
export type CommandBody = Static<typeof CommandBody>;

export const CommandResponse = Type.Object({
  id: Type.String(),
  ok: Type.Boolean(),
  result: Type.Optional(Type.Unknown()),
  error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
});
export type CommandResponse = Static<typeof CommandResponse>;
