import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { FilmEventSchema } from '@marquee/domain';

const filmEventJsonSchema = z.toJSONSchema(FilmEventSchema, { io: 'input' });

@ApiTags('schema')
@Controller('schema')
export class SchemaController {
  @Get('film-event')
  @ApiOperation({ summary: 'JSON Schema of film events (the `film-events` topic and POST /events)' })
  filmEvent() {
    return filmEventJsonSchema;
  }
}
