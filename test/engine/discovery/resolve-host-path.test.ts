import { describe, expect, it } from 'vitest';
import { resolveHostPath } from '../../../engine/cybertrace/discovery/resolve-host-path.js';
import { linuxPaths } from '../../../engine/hosts/linux/linux-paths.js';
import { windowsPaths } from '../../../engine/hosts/windows/windows-paths.js';

const linux = { os: 'linux' as const, paths: linuxPaths };
const windows = { os: 'windows' as const, paths: windowsPaths };
const LBIN = '/opt/kaspersky/ktfs/bin';
const WBIN = 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\bin';

describe('resolveHostPath', () => {
  it('resolves Linux paths relative to the binary folder and keeps absolute ones', () => {
    expect(resolveHostPath(linux, LBIN, '../etc/cert.pem')).toEqual({ ok: true, path: '/opt/kaspersky/ktfs/etc/cert.pem' });
    expect(resolveHostPath(linux, LBIN, './cert.pem')).toEqual({ ok: true, path: '/opt/kaspersky/ktfs/bin/cert.pem' });
    expect(resolveHostPath(linux, LBIN, '/etc//ssl/../x.pem')).toEqual({ ok: true, path: '/etc/x.pem' });
    expect(resolveHostPath(linux, LBIN, '../../../../../x')).toEqual({ ok: true, path: '/x' });
    expect(resolveHostPath(linux, LBIN, '  ')).toEqual({ ok: false, reason: 'the path is empty' });
  });

  it('resolves Windows drive, rooted and relative paths with either separator', () => {
    expect(resolveHostPath(windows, WBIN, '..\\etc\\cert.pem')).toEqual({
      ok: true,
      path: 'C:\\Program Files\\Kaspersky Lab\\Kaspersky CyberTrace\\etc\\cert.pem',
    });
    expect(resolveHostPath(windows, WBIN, 'cert.pem')).toEqual({ ok: true, path: `${WBIN}\\cert.pem` });
    expect(resolveHostPath(windows, WBIN, 'd:/certs/a.pem')).toEqual({ ok: true, path: 'D:\\certs\\a.pem' });
    expect(resolveHostPath(windows, WBIN, '\\certs\\a.pem')).toEqual({ ok: true, path: 'C:\\certs\\a.pem' });
  });

  it('refuses what it cannot know on Windows instead of guessing', () => {
    for (const written of ['%ProgramData%\\x.pem', '\\\\server\\share\\x.pem', 'D:x.pem', 'C:\\bad|name.pem']) {
      const resolved = resolveHostPath(windows, WBIN, written);
      expect(resolved.ok, written).toBe(false);
    }
  });
});
