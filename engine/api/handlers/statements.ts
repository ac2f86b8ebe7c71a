// The engine's handlers of the engineer's statements: `project.attest`, `project.waive`, `project.removeStatement` (contract: shared/contract/ops/statements.ts).
import type { z } from 'zod';
import { ApiError } from '../../../shared/contract/errors.js';
import type { StatementKind, statementOperations } from '../../../shared/contract/ops/statements.js';
import { validateProject } from '../../../shared/project/parse.js';
import type { Project } from '../../../shared/project/schema.js';
import { REQUIREMENT_IDS } from '../../../shared/requirements/ids.js';
import { readProjectFile, writeProjectFile } from '../../project/project-file.js';

type Ops = typeof statementOperations;
/** The statement handlers, typed from their contract entries. */
export type StatementHandlers = { readonly [K in keyof Ops]: (input: z.output<Ops[K]['input']>) => Promise<z.output<Ops[K]['output']>> };

// One statement's key: the project holds at most one of each kind per requirement and instance once saved here.
interface Target {
  readonly requirement: string;
  readonly instance: string;
}

const LISTS: Readonly<Record<StatementKind, 'attestations' | 'waivers'>> = { attestation: 'attestations', waiver: 'waivers' };

/**
 * Creates the statement handlers. Each reads the project file as it is on disk, refuses a statement about
 * an instance or requirement the project does not have, and writes the file atomically only when accepted.
 */
export function createStatementHandlers(): StatementHandlers {
  return {
    'project.attest': async ({ path, attestation }) => replaceStatement(path, 'attestation', attestation),
    'project.waive': async ({ path, waiver }) => {
      if (waiver.expires !== undefined && Date.parse(waiver.expires) <= Date.parse(waiver.date)) {
        const message = `the waiver would expire (${waiver.expires}) before it is given (${waiver.date}); nothing was written`;
        throw new ApiError({
          code: 'invalid-input',
          message,
          issues: [{ path: 'waiver.expires', message: 'expected a date after the waiver' }],
        });
      }
      return replaceStatement(path, 'waiver', waiver);
    },
    'project.removeStatement': async ({ path, kind, requirement, instance }) => {
      const opened = await readProjectFile(path);
      checkTarget(opened.project, opened.path, { requirement, instance });
      const list = LISTS[kind];
      const kept = (opened.project[list] as readonly Target[]).filter((entry) => !same(entry, { requirement, instance }));
      if (kept.length === opened.project[list].length) {
        throw new ApiError({
          code: 'not-found',
          message: `no ${kind} of ${requirement} on ${instance} in ${opened.path}; nothing was written`,
        });
      }
      return save(opened.path, { ...opened.project, [list]: kept });
    },
  };
}

// Any earlier statement of the same kind, requirement and instance is replaced: the file says one thing per cell.
async function replaceStatement(path: string, kind: StatementKind, statement: Target) {
  const opened = await readProjectFile(path);
  checkTarget(opened.project, opened.path, statement);
  const list = LISTS[kind];
  const kept = (opened.project[list] as readonly Target[]).filter((entry) => !same(entry, statement));
  return save(opened.path, { ...opened.project, [list]: [...kept, statement] });
}

// The project returned is the one written: validated (and so normalised) the way writeProjectFile writes it.
async function save(path: string, project: Project) {
  const written = await writeProjectFile(path, project);
  const checked = validateProject(project);
  return { path: written.path, project: checked.ok ? checked.project : project, sha256: written.sha256 };
}

// The contract already refuses a requirement id it does not know; the instance can only be checked against the file.
function checkTarget(project: Project, path: string, target: Target): void {
  if (!(REQUIREMENT_IDS as readonly string[]).includes(target.requirement)) {
    throw new ApiError({
      code: 'invalid-input',
      message: `no requirement "${target.requirement}"; expected one of ${REQUIREMENT_IDS.join(', ')}`,
      issues: [{ path: 'requirement', message: 'unknown requirement' }],
    });
  }
  if (!project.instances.some((instance) => instance.name === target.instance)) {
    const names = project.instances.map((instance) => instance.name).join(', ');
    throw new ApiError({
      code: 'invalid-input',
      message: `no instance "${target.instance}" in ${path} (it has ${names}); nothing was written`,
      issues: [{ path: 'instance', message: 'unknown instance' }],
    });
  }
}

function same(a: Target, b: Target): boolean {
  return a.requirement === b.requirement && a.instance === b.instance;
}
