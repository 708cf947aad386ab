import 'reflect-metadata';
import { validateMarqueeConfig } from '@marquee/config';
import { exitOnStartupFailure, listen } from '@marquee/http';
import { createApiApp } from './api-app';

Promise.resolve()
  .then(() => createApiApp(validateMarqueeConfig(process.env)))
  .then(listen)
  .catch(exitOnStartupFailure);
