/** For handlers that return JSON text they built themselves: Fastify sends a string of this type as is. */
export const JSON_TEXT = 'application/json; charset=utf-8';
