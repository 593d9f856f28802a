import { describe, expect, it } from 'vitest';
import { toTransactionQuery } from './TransactionFilters';

describe('toTransactionQuery', () => {
  it('searches the journal by a part of the e-mail, or by the exact user when given an ID', () => {
    expect(toTransactionQuery({ user: ' anna@ ' }, 25, 0)).toMatchObject({ email: 'anna@', user_id: undefined });
    const id = '11111111-1111-4111-8111-111111111111';
    expect(toTransactionQuery({ user: id }, 25, 0)).toMatchObject({ user_id: id, email: undefined });
    expect(toTransactionQuery({ user: '' }, 25, 50)).toMatchObject({ user_id: undefined, email: undefined, offset: 50 });
  });
});
