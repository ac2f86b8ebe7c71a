// Entry of the `ctha` bin: everything lives in main() so tests can call it in-process.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
