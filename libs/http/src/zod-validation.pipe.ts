import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { validate } from '@marquee/domain';

/** Validates a request part against the same zod schema the consumers use; 400 names the fields. */
@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const result = validate(this.schema, value);
    if (!result.ok) throw new BadRequestException(result.reason);
    return result.value;
  }
}
