import type { z } from 'zod';
import type { RequirementId } from '../ids.js';
import { CertificateValueSchema, type CertificateValue } from './certificate.js';
import { ExportTasksValueSchema, type ExportTasksValue } from './export-tasks.js';
import { FormatsValueSchema, type FormatsValue } from './formats.js';
import { KasperskyFeedsValueSchema, type KasperskyFeedsValue } from './kaspersky-feeds.js';
import { LicenseValueSchema, type LicenseValue } from './license.js';
import { ReqRuleValueSchema, type ReqRuleValue } from './req-rule.js';
import { ServiceFeedsValueSchema, type ServiceFeedsValue } from './service-feeds.js';
import { SwitchedTextValueSchema, type SwitchedTextValue } from './switched-text.js';

/** The observed value type of each requirement. */
export interface RequirementValues {
  readonly req1: CertificateValue;
  readonly req2: KasperskyFeedsValue;
  readonly req3: ServiceFeedsValue;
  readonly req4: LicenseValue;
  readonly req5: ExportTasksValue;
  readonly req6: ReqRuleValue;
  readonly req7: FormatsValue;
  readonly req8: SwitchedTextValue;
  readonly alerts: SwitchedTextValue;
}

/** The schema of each requirement's observed value; an observation read back from a file is checked with it. */
export const REQUIREMENT_VALUE_SCHEMAS: { readonly [K in RequirementId]: z.ZodType<RequirementValues[K]> } = {
  req1: CertificateValueSchema,
  req2: KasperskyFeedsValueSchema,
  req3: ServiceFeedsValueSchema,
  req4: LicenseValueSchema,
  req5: ExportTasksValueSchema,
  req6: ReqRuleValueSchema,
  req7: FormatsValueSchema,
  req8: SwitchedTextValueSchema,
  alerts: SwitchedTextValueSchema,
};

export type { CanonicalElement } from './canonical-element.js';
export type { ActiveFeed } from './kaspersky-feeds.js';
export type { ReqRule } from './req-rule.js';
export { FORMAT_ELEMENTS, type FormatElement } from './formats.js';
export type {
  CertificateValue,
  ExportTasksValue,
  FormatsValue,
  KasperskyFeedsValue,
  LicenseValue,
  ReqRuleValue,
  ServiceFeedsValue,
  SwitchedTextValue,
};
