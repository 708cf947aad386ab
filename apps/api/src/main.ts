import 'reflect-metadata';
import { ApiModule } from './api.module';
import { createHttpApp } from './http/create-http-app';
import { exitOnStartupFailure, listen } from './http/listen';

createHttpApp(ApiModule).then(listen).catch(exitOnStartupFailure);
