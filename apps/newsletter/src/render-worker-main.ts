import { parentPort, workerData } from 'node:worker_threads';
import { NewsletterLinks, NewsletterRenderer, type NewsletterLinkOptions } from '@marquee/newsletter';
import { newsletterLanguage } from '@marquee/text';
import type { RenderTask } from './render-pool';

const start = async (): Promise<void> => {
  const port = parentPort;
  if (!port) throw new Error('render-worker-main runs in a worker thread');
  const links = new NewsletterLinks((workerData as { links: NewsletterLinkOptions }).links);
  const renderer = await NewsletterRenderer.create((n) => links.previewUrl(n.userId, n, 'text'));
  port.on('message', ({ id, payload }: { id: number; payload: RenderTask[] }) => {
    try {
      const result = payload.map(({ newsletter, locale }) => renderer.render(newsletter, newsletterLanguage([locale])));
      port.postMessage({ id, ok: true, result });
    } catch (error) {
      port.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
  port.postMessage({ type: 'ready', info: {} });
};

start().catch((error: unknown) => parentPort?.postMessage({ type: 'failed', error: String(error) }));
