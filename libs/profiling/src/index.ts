export { FILM_VECTORS, Profiler, type FilmVectors, type ProfilerCounters } from './profiler';
export { PROFILING_OPTIONS, ProfilingConsumer, type ProfilingOptions } from './profiling.consumer';
export { ProfilingModule } from './profiling.module';
