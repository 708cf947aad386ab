export { AUDIENCE_OPTIONS, type AudienceModuleOptions } from './audience-options';
export { AudienceConsumers } from './audience-consumers';
export { AudienceModule } from './audience.module';
export { CatalogueProgramme } from './catalogue-programme';
export { CurrentThemes } from './current-themes';
export { SYNTHETIC_SOURCE, syntheticInteractions, type SyntheticFilm, type SyntheticOptions } from './synthetic-interactions';
export { ThemeRecomputation } from './theme-recomputation';
