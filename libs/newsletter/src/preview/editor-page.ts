import Handlebars from 'handlebars';
import type { EditionSpec } from '../edition-spec';
import type { SampledSubscriber } from './newsletter-preview';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Edition {{spec.edition}} · Marquee</title>
<style>
  body { font-family: Helvetica, Arial, sans-serif; margin: 0; padding: 16px; background: #f3f1ec; color: #1d1d1f; }
  h1 { font-size: 22px; margin: 0 0 4px; }
  .window { color: #555; margin: 0 0 16px; }
  .subscriber { background: #fff; border-radius: 6px; padding: 12px 14px; margin: 0 0 12px; }
  .subscriber h2 { font-size: 16px; margin: 0 0 6px; display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
  .subscriber h2 a { font-size: 13px; font-weight: normal; color: #7a1f1f; }
  ol { margin: 0; padding-left: 20px; }
  li { margin: 4px 0; }
  .section { font-size: 11px; text-transform: uppercase; color: #fff; background: #7a1f1f; border-radius: 3px; padding: 1px 5px; }
  .section.popular { background: #6b4f00; }
  .reasons { color: #6b4f00; font-size: 13px; }
  .skipped { color: #777; font-style: italic; }
</style>
</head>
<body>
<h1>Edition {{spec.edition}}</h1>
<p class="window">{{spec.from}} – {{spec.to}}{{#if spec.city}} · {{spec.city}}{{/if}}{{#if spec.segment}} · segment {{spec.segment}}{{/if}} · a sample of {{subscribers.length}} subscribers</p>
{{#each subscribers}}
<section class="subscriber" data-user="{{userId}}">
  <h2>{{userId}}{{#if message}} <a href="{{htmlUrl}}">HTML</a> <a href="{{textUrl}}">text</a>{{/if}}</h2>
  {{#if message}}
  <ol>
    {{#each message.picks}}
    <li data-film="{{filmId}}"><span class="section {{section}}">{{section}}</span> <strong>{{title}}</strong>
      <div class="reasons">{{#each explanations}}{{this}}{{#unless @last}} · {{/unless}}{{/each}}</div></li>
    {{/each}}
  </ol>
  {{else}}
  <p class="skipped">skipped: {{reason}}</p>
  {{/if}}
</section>
{{/each}}
</body>
</html>`;

const template = Handlebars.create().compile(PAGE, { knownHelpersOnly: true, knownHelpers: { each: true, if: true, unless: true } });

/** The editor's page: a sample of an edition's subscribers, each with their picks and reasons (every value escaped). */
export const editorPage = (
  spec: EditionSpec,
  subscribers: readonly SampledSubscriber[],
  previewUrl: (userId: string, format: 'html' | 'text') => string,
): string =>
  template({
    spec,
    subscribers: subscribers.map(({ userId, outcome }) =>
      outcome.kind === 'newsletter'
        ? { userId, message: outcome.message, htmlUrl: previewUrl(userId, 'html'), textUrl: previewUrl(userId, 'text') }
        : { userId, reason: outcome.reason },
    ),
  });
