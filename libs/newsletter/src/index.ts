export {
  EditionRun,
  emptyCounts,
  type EditionCounts,
  type EditionRunOptions,
  type EditionRunParts,
  type PlannedNewsletter,
  type PlanTask,
  type Produced,
  produceInThisThread,
} from './edition-run';
export { EditionSpecSchema, type EditionSpec } from './edition-spec';
export { isoWeekWindow } from './edition-window';
export { editionTools, type EditionTools, type NewsletterOptions } from './edition-tools';
export { NewsletterErasure } from './erasure/newsletter-erasure';
export { NewsletterErasureConsumer, NewsletterErasureModule, type NewsletterErasureOptions } from './erasure/newsletter-erasure.module';
export { FileEditionLedger } from './ledger/file-edition-ledger';
export { MemoryEditionLedger } from './ledger/memory-edition-ledger';
export { RedisEditionLedger } from './ledger/redis-edition-ledger';
export { EditionCandidates } from './planning/edition-candidates';
export { EditionPlanner, type EditionPlannerOptions, type Plan, type SkipReason } from './planning/edition-planner';
export { deterministicUuid, NewsletterLinks, type NewsletterLinkOptions } from './planning/newsletter-links';
export { EDITION_LEDGER, type EditionLedger, type LedgerEntry } from './ports/edition-ledger.port';
export { editionLedgerFor, type NewsletterStoreOptions } from './newsletter-stores';
export { NEWSLETTER_SINKS, type NewsletterSink } from './ports/newsletter-sink.port';
export { SUBSCRIBER_SOURCE, type SubscriberSource } from './ports/subscriber-source.port';
export { HtmlRenderer } from './rendering/html-renderer';
export { NEWSLETTER_MJML } from './rendering/newsletter.mjml';
export { NewsletterRenderer } from './rendering/newsletter-renderer';
export { editorPage } from './preview/editor-page';
export {
  NewsletterPreview,
  PreviewQuerySchema,
  type PreviewOutcome,
  type PreviewQuery,
  type SampledSubscriber,
} from './preview/newsletter-preview';
export { SentRecorder } from './sent-recorder';
export { JsonlSubscriberSource, type RejectedSubscriberLine } from './sources/jsonl-subscriber-source';
export { ProfileSubscriberSource } from './sources/profile-subscriber-source';
export { FileNewsletterSink, jsonRendering } from './sinks/file-newsletter-sink';
export { MemoryNewsletterSink } from './sinks/memory-newsletter-sink';
export { NEWSLETTER_EDITION_HEADER, NEWSLETTER_HASH_HEADER, TopicNewsletterSink } from './sinks/topic-newsletter-sink';
export { SubscriberSchema, type Subscriber } from './subscriber';
