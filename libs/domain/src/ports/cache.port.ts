/** Port for the shared answer cache: Redis in production, memory in embedded mode. */
export interface Cache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(keys: string[]): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const CACHE = Symbol('Cache');
