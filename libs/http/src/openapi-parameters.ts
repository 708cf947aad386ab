import type { OpenAPIObject } from '@nestjs/swagger';

type Parameter = { name: string; in: string; description?: string };

/**
 * One entry per parameter of an operation: a header read with `@Headers('accept-language')` is
 * documented by Nest as `accept-language` next to the `@ApiHeader` of `Accept-Language`, and HTTP
 * header names are case-insensitive. The entry with a description is kept.
 */
export const withoutDuplicateParameters = (document: OpenAPIObject): OpenAPIObject => {
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path)) {
      const parameters = (operation as { parameters?: Parameter[] } | undefined)?.parameters;
      if (!Array.isArray(parameters)) continue;
      const kept = new Map<string, Parameter>();
      for (const parameter of parameters) {
        const id = `${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`;
        const seen = kept.get(id);
        if (!seen || (!seen.description && parameter.description)) kept.set(id, parameter);
      }
      (operation as { parameters: Parameter[] }).parameters = [...kept.values()];
    }
  }
  return document;
};
