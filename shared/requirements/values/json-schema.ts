import { z } from 'zod';
import type { JsonValue } from '../json.js';

/** Any JSON value (zod's z.json(), typed as our JsonValue). */
export const JsonSchema: z.ZodType<JsonValue> = z.json() as z.ZodType<JsonValue>;
