import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import * as z from 'zod';
import { authorizeCase } from '../auth/permissions.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { dynamo } from '../aws/clients.js';
import { now } from '../clock.js';
import { config } from '../config.js';
import { conflict } from '../errors.js';
import { casePk } from './case-keys.js';
import { getCase, recordChange } from './case-repository.js';
import { actorOf } from './declare-case.js';

export const commentBody = z.strictObject({
  text: z.string().trim().min(1).max(4000),
  /** Staff-only notes are hidden from the claimant; claimants' comments are always shared. */
  visibility: z.enum(['shared', 'staff']).default('shared'),
});

export interface Comment {
  readonly commentId: string;
  readonly at: string;
  readonly author: { readonly username: string; readonly role: string };
  readonly text: string;
  readonly visibility: 'shared' | 'staff';
}

const COMMENT_PREFIX = 'COMMENT#';

export async function addComment(principal: Principal, caseId: string, body: z.output<typeof commentBody>): Promise<Comment> {
  const record = authorizeCase(principal, 'case:comment', await getCase(caseId));
  if (record.status === 'closed') throw conflict('A closed case takes no more comments');
  const isClaimant = hasRole(principal, 'claimant') && record.ownerId === principal.userId;
  const actor = actorOf(principal, isClaimant ? 'claimant' : undefined);
  const at = now().toISOString();
  const comment: Comment = {
    commentId: ulid(),
    at,
    author: { username: actor.username, role: actor.role },
    text: body.text,
    visibility: isClaimant ? 'shared' : body.visibility,
  };
  await recordChange(caseId, { at, actor, action: 'comment.added', details: { commentId: comment.commentId, visibility: comment.visibility } }, {
    linkedWrites: [
      {
        Put: {
          TableName: config().TABLE_NAME,
          Item: { pk: casePk(caseId), sk: `${COMMENT_PREFIX}${comment.commentId}`, entity: 'comment', caseId, ...comment },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ],
  });
  return comment;
}

/** The newest comments the caller may see, oldest first. */
export async function recentComments(caseId: string, staff: boolean, limit = 50): Promise<Comment[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: config().TABLE_NAME,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(caseId), ':prefix': COMMENT_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map(({ commentId, at, author, text, visibility }) => ({ commentId, at, author, text, visibility }) as Comment)
    .filter((c) => staff || c.visibility === 'shared')
    .reverse();
}
