/** The one way a domain file declares a channel, so index.ts can assemble them all with their types. */
import { z } from 'zod';

export const NoRequest = z.undefined();

export function channel<Req extends z.ZodType, Res extends z.ZodType>(def: {
  request: Req;
  response: Res;
  summary: string;
}) {
  return def;
}
