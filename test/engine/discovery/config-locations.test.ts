// Where kl_feed_util.conf is read from (issue 11 item 3), decided without a host: the project's override,
// the service config's FeedUtil/ConfigurationPath resolved from bin (REFERENCE 1.2, 1.3, 4.3), or the
// help's folder when there is no pointer to follow.
import { describe, expect, it } from 'vitest';
import { feedUtilPointer, feedUtilTarget } from '../../../engine/cybertrace/discovery/config-locations.js';
import { hostFile } from '../../../engine/cybertrace/discovery/host-file.js';
import { linuxPaths } from '../../../engine/hosts/linux/linux-paths.js';
import { windowsPaths } from '../../../engine/hosts/windows/windows-paths.js';

const LINUX = { os: 'linux' as const, paths: linuxPaths };
const WINDOWS = { os: 'windows' as const, paths: windowsPaths };
const conf4x = (pointer: string) =>
  hostFile(
    '/opt/kaspersky/ktfs/etc/kl_feed_service.conf',
    Buffer.from(
      `<Configuration><InputSettings/><GUISettings><FeedUtil><ConfigurationPath>${pointer}</ConfigurationPath></FeedUtil></GUISettings></Configuration>`,
    ),
  );
const conf5x = (pointer: string) =>
  hostFile(
    'C:\\CT\\bin\\kl_feed_service.conf',
    Buffer.from(
      `<Configuration><Domains><Domain name="General"><InputSettings/></Domain></Domains><ServiceSettings><FeedUtil><ConfigurationPath>${pointer}</ConfigurationPath></FeedUtil></ServiceSettings></Configuration>`,
    ),
  );

describe('feedUtilTarget', () => {
  it('4.x Linux: the pointer relative to bin, as the help writes it', () => {
    const target = feedUtilTarget(
      LINUX,
      '/opt/kaspersky/ktfs/bin',
      '/opt/kaspersky/ktfs/etc/kl_feed_util.conf',
      conf4x('../conf/kl_feed_util.conf'),
      undefined,
    );
    expect(target.path).toBe('/opt/kaspersky/ktfs/conf/kl_feed_util.conf');
    expect(target.location).toEqual({
      source: 'pointer',
      evidence:
        'Configuration/GUISettings/FeedUtil/ConfigurationPath "../conf/kl_feed_util.conf" in /opt/kaspersky/ktfs/etc/kl_feed_service.conf (resolved from /opt/kaspersky/ktfs/bin, the binary\'s folder)',
    });
  });

  it('5.x Windows: ServiceSettings/FeedUtil, a bare name sits in bin; an environment variable is refused, never guessed', () => {
    expect(feedUtilTarget(WINDOWS, 'C:\\CT\\bin', 'C:\\CT\\bin\\kl_feed_util.conf', conf5x('kl_feed_util.conf'), undefined).path).toBe(
      'C:\\CT\\bin\\kl_feed_util.conf',
    );
    const variable = feedUtilTarget(
      WINDOWS,
      'C:\\CT\\bin',
      'C:\\CT\\bin\\kl_feed_util.conf',
      conf5x('%ProgramData%\\kl_feed_util.conf'),
      undefined,
    );
    expect(variable.path).toBeUndefined();
    expect(variable.file).toMatchObject({ present: false, reason: expect.stringMatching(/uses an environment variable/) as unknown });
    expect(variable.location.source).toBe('pointer');
  });

  it('no pointer, an empty one or an unreadable service config: the help folder, saying why', () => {
    const none = feedUtilTarget(
      LINUX,
      '/opt/kaspersky/ktfs/bin',
      '/opt/kaspersky/ktfs/etc/kl_feed_util.conf',
      hostFile('/x/kl_feed_service.conf', Buffer.from('<Configuration><InputSettings/></Configuration>')),
      undefined,
    );
    expect(none).toEqual({
      path: '/opt/kaspersky/ktfs/etc/kl_feed_util.conf',
      location: {
        source: 'default',
        evidence: "the help's folder (REFERENCE 4.3): no pointer to follow, it has no Configuration/GUISettings/FeedUtil/ConfigurationPath",
      },
    });
    expect(feedUtilPointer(conf4x('  '))).toEqual({ reason: 'its Configuration/GUISettings/FeedUtil/ConfigurationPath is empty' });
    expect(
      feedUtilTarget(
        LINUX,
        '/b',
        '/e/kl_feed_util.conf',
        { path: '/e/kl_feed_service.conf', present: false, reason: 'the file does not exist' },
        undefined,
      ).location.evidence,
    ).toContain('/e/kl_feed_service.conf was not read (the file does not exist)');
  });

  it("the project's configPaths wins over any pointer", () => {
    const target = feedUtilTarget(
      LINUX,
      '/opt/kaspersky/ktfs/bin',
      '/opt/kaspersky/ktfs/etc/kl_feed_util.conf',
      conf4x('../etc/kl_feed_util.conf'),
      '/opt/kaspersky/ktfs/other/kl_feed_util.conf',
    );
    expect(target).toEqual({
      path: '/opt/kaspersky/ktfs/other/kl_feed_util.conf',
      location: { source: 'project', evidence: 'configPaths.feedUtilConf in the project: /opt/kaspersky/ktfs/other/kl_feed_util.conf' },
    });
  });
});
