// Requirement 5's comparison (REFERENCE 3.5 step 5, 4.5): names, enabled and filters are compared;
// documented settings and per-instance parts are shown in the detail, never compared.
import { describe, expect, it } from 'vitest';
import { exportTasksComparer } from '../../../shared/requirements/compare/export-tasks.js';
import type { ExportTask, ExportTasksValue } from '../../../shared/requirements/values/export-tasks.js';
import { ExportTasksValueSchema } from '../../../shared/requirements/values/export-tasks.js';
import { CTX } from './fixtures.js';

const WINDOW = { field: 'ioc_updated_timestamp', value: '%NOW%-7', included: 'true' };
const CATEGORY = { field: 'category', value: 'KL_APT_Hash_MD5', included: 'true' };

function task(overrides: Partial<ExportTask> = {}): ExportTask {
  return {
    name: 'weekly',
    enabled: 'true',
    filters: [CATEGORY, WINDOW],
    settings: { delimiter: ',', update_frequency: '1440' },
    perInstance: [],
    ...overrides,
  };
}
const value = (...tasks: ExportTask[]): ExportTasksValue => ExportTasksValueSchema.parse({ tasks });
const compare = (reference: ExportTasksValue, instance: ExportTasksValue) => exportTasksComparer.compare(reference, instance, CTX);

describe('requirement 5 comparison', () => {
  it('matches tasks that differ only in per-instance parts, and names them (never their values) in the detail', () => {
    const result = compare(value(task({ perInstance: ['@creator_id'] })), value(task({ perInstance: ['@creator_id', '@password'] })));
    expect(result.status).toBe('match');
    expect(result.detail).toBe('same 1 export task(s) as the reference; task weekly per-instance, not compared: @creator_id, @password');
  });

  it('matches tasks whose documented, not required settings differ, and shows both values', () => {
    const result = compare(value(task()), value(task({ settings: { delimiter: ';', update_frequency: '1440' } })));
    expect(result.status).toBe('match');
    expect(result.detail).toContain(
      'task weekly: delimiter ";" (reference ","): documented, not asked to match (REFERENCE 3.5), not compared',
    );
  });

  it('treats filters as a set: the same filters in another order match', () => {
    expect(compare(value(task()), value(task({ filters: [WINDOW, CATEGORY] }))).status).toBe('match');
  });

  it('drifts on a filter value, a filter the instance lacks, an included flag and the enabled state', () => {
    expect(compare(value(task()), value(task({ filters: [CATEGORY, { ...WINDOW, value: '%NOW%-30' }] })))).toEqual({
      status: 'drift',
      detail: 'different task weekly',
    });
    expect(compare(value(task()), value(task({ filters: [CATEGORY] }))).status).toBe('drift');
    expect(compare(value(task()), value(task({ filters: [CATEGORY, { ...WINDOW, included: 'false' }] }))).status).toBe('drift');
    expect(compare(value(task()), value(task({ enabled: 'false' }))).status).toBe('drift');
  });

  it('drifts on the task set and says what a fix leaves for the engineer on a missing task', () => {
    const result = compare(
      value(task({ perInstance: ['@creator_id'] }), task({ name: 'daily' })),
      value(task({ name: 'daily' }), task({ name: 'local' })),
    );
    expect(result.status).toBe('drift');
    expect(result.detail).toBe(
      "missing task weekly; extra task local; task weekly is added without the reference's per-instance @creator_id: set them by hand in CyberTrace Web (e.g. the creator and credentials, REFERENCE 4.5)",
    );
  });

  it('groups instances by the compared part only', () => {
    expect(exportTasksComparer.comparable(value(task({ perInstance: ['@a'], settings: {} })))).toEqual(
      exportTasksComparer.comparable(value(task())),
    );
    expect(exportTasksComparer.comparable(value(task({ enabled: 'false' })))).not.toEqual(exportTasksComparer.comparable(value(task())));
  });
});
