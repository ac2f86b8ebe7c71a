// Every emulated cmdlet, by lower-case name.
import type { Cmdlet } from './cmdlet.js';
import { getContent, getFileHash, setContent } from './cmdlets-content.js';
import { getChildItem, getItem, newItem, testPath } from './cmdlets-items.js';
import { copyItem, moveItem, removeItem } from './cmdlets-move.js';
import { getPSDrive, outNull, outString, selectObject, writeError, writeHost, writeOutput } from './cmdlets-misc.js';
import { getCimInstance } from './cmdlets-cim.js';
import { getService, restartService, startService, stopService } from './cmdlets-service.js';

const ALL: readonly Cmdlet[] = [
  getContent,
  setContent,
  getFileHash,
  testPath,
  getItem,
  getChildItem,
  newItem,
  copyItem,
  moveItem,
  removeItem,
  getService,
  getCimInstance,
  startService,
  stopService,
  restartService,
  writeOutput,
  writeHost,
  writeError,
  outNull,
  outString,
  selectObject,
  getPSDrive,
];

/** Cmdlets by lower-case name. */
export const CMDLETS: ReadonlyMap<string, Cmdlet> = new Map(ALL.map((cmdlet) => [cmdlet.name.toLowerCase(), cmdlet]));
