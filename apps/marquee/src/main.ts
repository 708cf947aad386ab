import 'reflect-metadata';
import { createHttpApp } from '../../api/src/http/create-http-app';
import { exitOnStartupFailure, listen } from '../../api/src/http/listen';
import { MarqueeModule } from './marquee.module';

createHttpApp(MarqueeModule).then(listen).catch(exitOnStartupFailure);
