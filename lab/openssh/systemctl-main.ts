// Entry of dist/lab/systemctl.js: `systemctl.js --lab-instance FILE <systemctl arguments>`, which the lab
// puts on an OpenSSH host's PATH in place of systemd's systemctl.
import { readFileSync } from 'node:fs';
import type { LabInstance } from '../spec.js';
import { systemctl } from './systemctl.js';

const [flag, instanceFile, ...rest] = process.argv.slice(2);
if (flag !== '--lab-instance' || instanceFile === undefined) {
  process.stderr.write('usage: systemctl.js --lab-instance FILE <systemctl arguments>\n');
  process.exitCode = 1;
} else {
  const instance = JSON.parse(readFileSync(instanceFile, 'utf8')) as LabInstance;
  process.exitCode = await systemctl(instance, rest, process.getuid?.() === 0);
}
