// The pending-restart journal beside the project file (ansible#4766: a restart must not be lost when a run dies).
import { readFile, rm } from 'node:fs/promises';
import { ApiError } from '../../../shared/contract/errors.js';
import { besideProject } from '../../project/project-file.js';
import { OWNER_ONLY_MODE, writeFileAtomic } from '../../util/atomic-write.js';
import type { JournalDocument, JournalEntry } from './journal-schema.js';
import { JOURNAL_FORMAT_VERSION, JournalDocumentSchema } from './journal-schema.js';

/** `cluster.ctha.json` → `cluster.ctha-journal.json`, beside the project file. */
export function journalPathFor(projectPath: string): string {
  return besideProject(projectPath, 'journal');
}

/**
 * The journal of one project. Instances apply in parallel, so every change goes through one queue and
 * the whole file is rewritten atomically each time: a reader (or the next run) never sees half an entry.
 * The file is removed when its last entry is cleared.
 */
export class ApplyJournal {
  readonly path: string;
  readonly #projectPath: string;
  readonly #entries = new Map<string, JournalEntry>();
  #queue: Promise<void> = Promise.resolve();

  private constructor(projectPath: string, entries: readonly JournalEntry[]) {
    this.#projectPath = projectPath;
    this.path = journalPathFor(projectPath);
    for (const entry of entries) this.#entries.set(entry.instance, entry);
  }

  /** Opens the journal of a project (empty when there is no file); a damaged file is an error that names it. */
  static async open(projectPath: string): Promise<ApplyJournal> {
    const path = journalPathFor(projectPath);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new ApplyJournal(projectPath, []);
      throw new ApiError({ code: 'io', message: `cannot read the apply journal ${path}: ${(error as Error).message}` });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const result = JournalDocumentSchema.safeParse(parsed);
    if (!result.success) {
      // Never guessed past: it may name backups that must not be lost. A person has to look at it.
      throw new ApiError({
        code: 'io',
        message: `the apply journal ${path} is damaged; it lists backups of an interrupted apply: inspect it, restore by hand if needed, then remove it`,
      });
    }
    return new ApplyJournal(projectPath, result.data.entries);
  }

  /** Entries left by earlier runs (and this one, so far). */
  entries(): JournalEntry[] {
    return [...this.#entries.values()];
  }

  /** The entry of one instance. */
  get(instance: string): JournalEntry | undefined {
    return this.#entries.get(instance);
  }

  /** Writes (or replaces) an instance's entry; resolves once it is on disk. */
  put(entry: JournalEntry): Promise<void> {
    this.#entries.set(entry.instance, { ...entry, updatedAt: new Date().toISOString() });
    return this.#flush();
  }

  /** Applies a change to an instance's entry and writes it; a missing entry is an error (a bug, not a host's failure). */
  update(instance: string, change: (entry: JournalEntry) => JournalEntry): Promise<void> {
    const entry = this.#entries.get(instance);
    if (!entry) return Promise.reject(new Error(`no journal entry for ${instance}`));
    return this.put(change(entry));
  }

  /** Removes an instance's entry once its apply finished (applied or rolled back and answering). */
  clear(instance: string): Promise<void> {
    if (!this.#entries.delete(instance)) return Promise.resolve();
    return this.#flush();
  }

  #flush(): Promise<void> {
    const snapshot: JournalDocument = {
      journalFormatVersion: JOURNAL_FORMAT_VERSION,
      project: this.#projectPath,
      entries: [...this.#entries.values()],
    };
    const write = async (): Promise<void> => {
      if (snapshot.entries.length === 0) await rm(this.path, { force: true });
      // It names hosts, paths and backups: owner-only, like plans and evidence.
      else await writeFileAtomic(this.path, `${JSON.stringify(snapshot, null, 2)}\n`, { mode: OWNER_ONLY_MODE });
    };
    // A failed write must fail its caller, but not every later one.
    const next = this.#queue.then(write);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
