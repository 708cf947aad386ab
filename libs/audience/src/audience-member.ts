import { createHash } from 'node:crypto';

/**
 * Who counts as one audience member in the sketches: the user, else the visitor a recommendation
 * was shown to. Only a hash goes into the store, never the id itself.
 */
export const audienceMember = (event: { userId?: string; recommendationId?: string }): string | undefined => {
  if (event.userId !== undefined) return userMember(event.userId);
  if (event.recommendationId !== undefined)
    return createHash('sha256').update(`r:${event.recommendationId}`).digest('base64url').slice(0, 16);
  return undefined;
};

export const userMember = (userId: string): string => createHash('sha256').update(`u:${userId}`).digest('base64url').slice(0, 16);
