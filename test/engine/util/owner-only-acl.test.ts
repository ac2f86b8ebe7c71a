// Owner-only files on Windows are an ACL set with icacls (engine/util/owner-only-acl.ts). No Windows here:
// these tests fix the exact command and its error; the call itself is made only on win32.
import { describe, expect, it } from 'vitest';
import { currentAccount, ownerOnlyAclArgs, restrictToOwner } from '../../../engine/util/owner-only-acl.js';

describe('owner-only ACL on Windows', () => {
  it('removes inheritance and grants full control to the one account, nothing else', () => {
    expect(ownerOnlyAclArgs('C:\\Users\\eng\\plan.json', 'CORP\\eng')).toEqual([
      'C:\\Users\\eng\\plan.json',
      '/inheritance:r',
      '/grant:r',
      'CORP\\eng:(F)',
    ]);
  });

  it('names the account DOMAIN\\user when Windows gives the domain, the user alone otherwise', () => {
    expect(currentAccount({ USERNAME: 'eng', USERDOMAIN: 'CORP' })).toBe('CORP\\eng');
    expect(currentAccount({ USERNAME: 'eng' })).toBe('eng');
  });

  it('runs icacls without a shell and passes its failure on', async () => {
    const calls: { file: string; args: readonly string[] }[] = [];
    await restrictToOwner(
      'C:\\x\\journal.json',
      async (file, args) => {
        calls.push({ file, args });
      },
      'eng',
    );
    expect(calls).toEqual([{ file: 'icacls', args: ['C:\\x\\journal.json', '/inheritance:r', '/grant:r', 'eng:(F)'] }]);
    await expect(
      restrictToOwner('C:\\x\\y', () => Promise.reject(new Error('icacls C:\\x\\y failed: Access is denied.')), 'eng'),
    ).rejects.toThrow('Access is denied.');
  });
});
