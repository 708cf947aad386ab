import { z } from 'zod';

/** A newsletter edition, e.g. `2026-W50`: the `sent` interaction, the CLI, the ledger and the preview take the same ids. */
export const EditionIdSchema = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be an edition id of 1-64 characters A-Z a-z 0-9 . _ : -');
