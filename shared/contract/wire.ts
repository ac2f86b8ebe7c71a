import { z } from 'zod';

/** The WebSocket path of browser mode. */
export const WS_PATH = '/ws';

/** A call from the browser to `ctha ui`: `{type:"call", id, op, payload}`. */
export const WireCallSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  op: z.string(),
  payload: z.unknown(),
});

/** What `ctha ui` sends back: the envelope of a call, or an engine event. */
export const WireServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), envelope: z.unknown() }),
  z.object({ type: z.literal('event'), event: z.unknown() }),
]);

/** A call frame. */
export type WireCall = z.output<typeof WireCallSchema>;
/** A frame from the server. */
export type WireServerMessage = z.output<typeof WireServerMessageSchema>;
