import type { RequirementId } from '../../shared/requirements/ids.js';
import type { StepId } from './steps.js';

/** What each engine-backed step will show once its capability exists; the empty states quote it. */
export const STEP_NOTES: Readonly<Record<Exclude<StepId, 'project' | 'prechecks' | RequirementId>, string>> = {
  apply:
    'The exact bytes of every file to change per instance, as a unified and a semantic diff, then the apply itself: ' +
    'backup, atomic write, service stop and start where needed, readiness check, and rollback on any failure.',
  probe:
    'A live end-to-end check per instance: a ReplyBack session, a test event, and proof that every reply starts ' +
    'with the request id and that a LookupFinished event arrives.',
  report:
    'The signed verification bundle: evidence.json with its detached CMS signature, report.pdf, VERIFY.txt, ' +
    'and the built-in verifier.',
};

/** What the audit reads for each requirement and compares with the reference instance (DESIGN.md section 2). */
export const REQUIREMENT_NOTES: Readonly<Record<RequirementId, string>> = {
  req1: 'The SHA-256 fingerprint of the PEM certificate named by CertFile in kl_feed_util.conf.',
  req2: 'The Kaspersky Threat Data Feeds enabled in kl_feed_util.conf (and, on 5.x, the per-domain feed list).',
  req3:
    'OSINT, custom and third-party feed configurations; manual context fields and FalsePositive / InternalTI ' +
    'indicators by spot-check of a list you supply, or by your explicit attestation.',
  req4: 'The digest of the license key file under httpsrv/lic, or Community Edition on every instance.',
  req5: 'The IoCExports tasks in kl_feed_service.conf: names and filter rules, compared semantically.',
  req6: 'The CONTEXT regex rule named by the project (regex ^(\\d+)\\s) in the default or a named event source.',
  req7: 'The detection and informational event formats, each of which must start with the %REQ% placeholder.',
  req8: 'FinishedEventFormat enabled as "%REQ% LookupFinished", applied with a service stop, edit and start.',
  alerts: 'AlertConnectionString pointing at the Balancer host and its cybertrace_port (optional).',
};
