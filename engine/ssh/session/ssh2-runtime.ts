// ssh2 is CommonJS: Node's ESM loader cannot see its named exports, so take them off the default.
import ssh2 from 'ssh2';

/** ssh2's Client class and utils, loaded the way both Node ESM and the bundler accept. */
export const { Client, utils } = ssh2;

/** An ssh2 client connection. */
export type Ssh2Client = InstanceType<typeof Client>;
