// ssh2 is CommonJS: Node's ESM loader cannot see its named exports, so take them off the default.
import ssh2 from 'ssh2';

/** ssh2's Server class and utils, loaded the way both Node ESM and the bundlers accept. */
export const { Server, utils } = ssh2;
