export { ProfilerAppModule } from './profiler-app.module';
