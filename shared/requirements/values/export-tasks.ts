import { z } from 'zod';
import { CanonicalElementSchema } from './canonical-element.js';

/** Requirement 5: the IoCExports/IoCExport tasks by name, each with its attributes and Filter children in file order. */
export const ExportTasksValueSchema = z.strictObject({
  /** Sorted by name; `export_dir` is a local folder and is not compared. */
  tasks: z.array(z.strictObject({ name: z.string().nullable(), content: CanonicalElementSchema })),
});

/** Requirement 5's observed value. */
export type ExportTasksValue = z.output<typeof ExportTasksValueSchema>;
