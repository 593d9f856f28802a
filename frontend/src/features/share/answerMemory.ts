import type { Decision, FeedbackOut } from '../../api/models';

/**
 * The client's answer on a link, remembered on this device (localStorage, one entry per link), so a
 * reload shows «Вы ответили: …» instead of a blank form. Storage may be missing or full (private
 * windows, disabled storage): then the page simply forgets.
 */
const key = (token: string) => `tortodelova.share-answer.${token}`;
const DECISIONS: readonly Decision[] = ['approved', 'changes_requested'];

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const isAnswer = (value: unknown): value is FeedbackOut => {
  const v = value as Partial<FeedbackOut> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.generation_id === 'string' &&
    DECISIONS.includes(v.decision as Decision) &&
    (v.comment === null || typeof v.comment === 'string') &&
    (v.name === null || typeof v.name === 'string') &&
    typeof v.created_at === 'string'
  );
};

/** The answer given on this device, if any (anything unreadable counts as none). */
export function recallAnswer(token: string): FeedbackOut | null {
  try {
    const parsed: unknown = JSON.parse(storage()?.getItem(key(token)) ?? 'null');
    return isAnswer(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

export function rememberAnswer(token: string, answer: FeedbackOut): void {
  try {
    storage()?.setItem(key(token), JSON.stringify(answer));
  } catch {
    // full or refused: the answer is with the baker all the same
  }
}
