import { join } from 'node:path';
import type { Newsletter, NewsletterMessage } from '@marquee/domain';
import { WorkerPool } from '@marquee/embedder';
import type { NewsletterLinkOptions, NewsletterRenderer, PlannedNewsletter } from '@marquee/newsletter';

/** One newsletter to render in a worker: its language travels as the locale it was planned in. */
export interface RenderTask {
  newsletter: Newsletter;
  locale: string;
}

export const renderInThisThread =
  (renderer: NewsletterRenderer) =>
  async (planned: readonly PlannedNewsletter[]): Promise<NewsletterMessage[]> =>
    planned.map((p) => renderer.render(p.newsletter, p.language));

/** Renders across worker threads (one per core by default) while the main thread plans the next batch. */
export class RenderPool {
  private constructor(private readonly pool: WorkerPool<RenderTask[], NewsletterMessage[]>) {}

  static async start(size: number, links: NewsletterLinkOptions): Promise<RenderPool> {
    const pool = await WorkerPool.start<RenderTask[], NewsletterMessage[], unknown>({
      script: join(__dirname, 'render.worker.js'),
      size,
      workerData: { links },
    });
    return new RenderPool(pool);
  }

  get size(): number {
    return this.pool.size;
  }

  async render(planned: readonly PlannedNewsletter[]): Promise<NewsletterMessage[]> {
    const tasks = planned.map((p) => ({ newsletter: p.newsletter, locale: p.language.locale }));
    const chunk = Math.ceil(tasks.length / this.pool.size);
    const chunks: RenderTask[][] = [];
    for (let i = 0; i < tasks.length; i += chunk) chunks.push(tasks.slice(i, i + chunk));
    return (await this.pool.run(chunks, 'bulk')).flat();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
