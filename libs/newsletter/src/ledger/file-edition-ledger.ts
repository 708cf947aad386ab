import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { EditionIdSchema } from '@marquee/domain';
import type { EditionLedger, LedgerEntry } from '../ports/edition-ledger.port';

const SUFFIX = '.ledger.jsonl';

/**
 * A ledger in a directory, one append-only JSONL file per edition, fsync'd after every batch.
 * A line torn by a crash is ignored when the file is read again: that subscriber is simply done
 * again (their output is rewritten in place, the same bytes). One writer per edition at a time:
 * an erasure rewrites the file, so it must not race a CLI run of that edition (Redis has no such window).
 */
export class FileEditionLedger implements EditionLedger {
  private readonly loaded = new Map<string, Map<string, string>>();

  constructor(private readonly directory: string) {}

  private fileOf(edition: string): string {
    return join(this.directory, `${EditionIdSchema.parse(edition)}${SUFFIX}`);
  }

  private async load(edition: string): Promise<Map<string, string>> {
    let entries = this.loaded.get(edition);
    if (entries) return entries;
    entries = new Map();
    let text = '';
    try {
      text = await readFile(this.fileOf(edition), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const { u, h } = JSON.parse(line) as { u: string; h: string };
        entries.set(u, h);
      } catch {
        // A line torn by a crash: its subscriber was not durably done.
      }
    }
    this.loaded.set(edition, entries);
    return entries;
  }

  async done(edition: string, userIds: readonly string[]): Promise<Map<string, string>> {
    const entries = await this.load(edition);
    const done = new Map<string, string>();
    for (const userId of userIds) {
      const hash = entries.get(userId);
      if (hash !== undefined) done.set(userId, hash);
    }
    return done;
  }

  async record(edition: string, entries: readonly LedgerEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const loaded = await this.load(edition);
    await mkdir(this.directory, { recursive: true });
    // A torn line left by a crash must not swallow the first line appended after it.
    const lines = `\n${entries.map(({ userId, contentHash }) => JSON.stringify({ u: userId, h: contentHash })).join('\n')}\n`;
    const file = await open(this.fileOf(edition), 'a');
    try {
      await file.appendFile(lines);
      await file.sync();
    } finally {
      await file.close();
    }
    for (const { userId, contentHash } of entries) loaded.set(userId, contentHash);
  }

  async *entries(edition: string): AsyncIterable<LedgerEntry> {
    for (const [userId, contentHash] of await this.load(edition)) yield { userId, contentHash };
  }

  async forget(userId: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.directory);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const name of names.filter((n) => n.endsWith(SUFFIX))) {
      const edition = name.slice(0, -SUFFIX.length);
      // Read afresh: another process (a CLI run) may have appended since this one last read it.
      this.loaded.delete(edition);
      const entries = await this.load(edition);
      if (!entries.delete(userId)) continue;
      const path = join(this.directory, name);
      const staging = `${path}.${process.pid}.tmp`;
      const file = await open(staging, 'w');
      try {
        await file.writeFile([...entries].map(([u, h]) => `${JSON.stringify({ u, h })}\n`).join(''));
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(staging, path);
    }
  }

  async close(): Promise<void> {
    this.loaded.clear();
  }
}
