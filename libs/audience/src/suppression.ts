/** A row of an analytics answer before suppression: what it is about, its distinct users and its figures. */
export interface MeasuredRow<D extends object, M extends Record<string, number>> {
  dimensions: D;
  users: number;
  measures: M;
}

export type PublishedRow<D extends object, M extends Record<string, number>> = D & {
  hidden: boolean;
  /** Null when hidden. */
  users: number | null;
} & { [K in keyof M]: number | null };

export interface PublishedTable<D extends object, M extends Record<string, number>> {
  rows: PublishedRow<D, M>[];
  /** Sums over the rows shown only, so that no hidden row can be recovered as total minus the others. */
  total: M;
  hiddenRows: number;
}

/**
 * The one suppression step every analytics answer and export goes through: a row with fewer than
 * `minUsers` distinct users is hidden (its figures and users null), and totals are sums of the
 * rows shown, never the stored totals.
 */
export class Suppression {
  constructor(readonly minUsers: number) {}

  visible(users: number): boolean {
    return users >= this.minUsers;
  }

  table<D extends object, M extends Record<string, number>>(
    rows: readonly MeasuredRow<D, M>[],
    measureNames: readonly (keyof M)[],
  ): PublishedTable<D, M> {
    const total = Object.fromEntries(measureNames.map((name) => [name, 0])) as Record<keyof M, number>;
    let hiddenRows = 0;
    const published = rows.map((row) => {
      if (!this.visible(row.users)) {
        hiddenRows += 1;
        return {
          ...row.dimensions,
          hidden: true,
          users: null,
          ...Object.fromEntries(measureNames.map((name) => [name, null])),
        } as PublishedRow<D, M>;
      }
      for (const name of measureNames) total[name] += row.measures[name];
      return { ...row.dimensions, hidden: false, users: row.users, ...row.measures } as PublishedRow<D, M>;
    });
    return { rows: published, total: total as M, hiddenRows };
  }
}
