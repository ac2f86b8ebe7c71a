// Small value schemas every part of the evidence shares.
import { z } from 'zod';
import { REQUIREMENT_IDS } from '../requirements/ids.js';

/** A lower-case hex SHA-256 digest. */
export const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, { error: 'expected a lower-case hex SHA-256' });

/** An ISO 8601 date-time with an offset (the laptop's clock unless said otherwise). */
export const IsoTimeSchema = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time' });

/** One of the eight requirements or the optional alerts item. */
export const RequirementIdSchema = z.enum(REQUIREMENT_IDS, { error: `expected one of ${REQUIREMENT_IDS.join(', ')}` });

/** A non-empty name (instance, engineer, cluster). */
export const NameSchema = z.string().trim().min(1, { error: 'expected a non-empty name' });
