import { createHash } from 'node:crypto';
import type { UserInteractionInput } from '@marquee/domain';

/**
 * A UUID derived from the interaction itself (name-based, version 5 layout over SHA-1), so importing
 * the same file twice publishes the same ids and every consumer drops the second copy.
 */
export const importedInteractionId = (input: UserInteractionInput): string => {
  const hash = createHash('sha1').update(JSON.stringify(input)).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
