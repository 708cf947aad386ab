export { InfrastructureModule } from './infrastructure.module';
