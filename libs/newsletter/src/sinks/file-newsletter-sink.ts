import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Newsletter, NewsletterMessage } from '@marquee/domain';
import type { NewsletterSink } from '../ports/newsletter-sink.port';

/** Files written at once (each is fsync'd on its own). */
const CONCURRENT_FILES = 32;

const writeDurably = async (path: string, data: string): Promise<void> => {
  const staging = `${path}.tmp`;
  const file = await open(staging, 'w');
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(staging, path);
};

const syncDirectory = async (path: string): Promise<void> => {
  const directory = await open(path, 'r');
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
};

/** The JSON rendering: the newsletter without its HTML and text, with the hash of all three. */
export const jsonRendering = ({ html: _html, text: _text, ...json }: NewsletterMessage): Newsletter & { contentHash: string } => json;

/**
 * Writes `<out>/<edition>/<userId>.html`, `.txt` and `.json`, each to a staging file that is
 * fsync'd and renamed into place, then the directory is fsync'd: once `write` resolves the files
 * survive a crash, and a rerun overwrites them with the same bytes rather than adding any.
 */
export class FileNewsletterSink implements NewsletterSink {
  readonly name = 'files';

  constructor(private readonly outDirectory: string) {}

  async write(newsletters: readonly NewsletterMessage[]): Promise<void> {
    const directories = new Set<string>();
    const writes: (() => Promise<void>)[] = [];
    for (const newsletter of newsletters) {
      const directory = join(this.outDirectory, newsletter.edition);
      if (!directories.has(directory)) {
        directories.add(directory);
        await mkdir(directory, { recursive: true });
      }
      const base = join(directory, newsletter.userId);
      writes.push(
        () => writeDurably(`${base}.html`, newsletter.html),
        () => writeDurably(`${base}.txt`, newsletter.text),
        () => writeDurably(`${base}.json`, `${JSON.stringify(jsonRendering(newsletter))}\n`),
      );
    }
    for (let i = 0; i < writes.length; i += CONCURRENT_FILES) await Promise.all(writes.slice(i, i + CONCURRENT_FILES).map((w) => w()));
    for (const directory of directories) await syncDirectory(directory);
  }

  async forget(userId: string): Promise<void> {
    let editions: string[];
    try {
      editions = await readdir(this.outDirectory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const edition of editions) {
      const base = join(this.outDirectory, edition, userId);
      await Promise.all(
        ['.html', '.txt', '.json', '.html.tmp', '.txt.tmp', '.json.tmp'].map((ext) => rm(`${base}${ext}`, { force: true })),
      );
    }
  }
}
