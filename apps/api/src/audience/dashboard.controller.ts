import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';

/** ECharts' browser build, served from node_modules (no CDN, no build step). */
const ECHARTS = join(dirname(require.resolve('echarts/package.json')), 'dist', 'echarts.min.js');

/** The audience dashboard (apps/api/public/dashboard) and the chart library it draws with. */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  @Get()
  redirect(@Res() reply: FastifyReply) {
    void reply.redirect('/dashboard/', 302);
  }

  @Get('vendor/echarts.min.js')
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=86400')
  echarts(@Res() reply: FastifyReply) {
    void reply.send(createReadStream(ECHARTS));
  }
}
