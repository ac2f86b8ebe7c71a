import type { VerifyCheck, VerifyFailureCode } from '../../../shared/report/verification.js';

/** Raised inside a verification to stop at the first failed check. */
export class CheckFailed extends Error {
  override readonly name = 'CheckFailed';
  constructor(
    readonly code: VerifyFailureCode,
    message: string,
  ) {
    super(message);
  }
}

/** The checks of one verification, in the order they ran. */
export class CheckList {
  readonly checks: VerifyCheck[] = [];

  /** Records a check that held. */
  pass(name: string, detail: string): void {
    this.checks.push({ name, ok: true, detail });
  }

  /** Records a failed check and stops the verification with its reason. */
  fail(name: string, code: VerifyFailureCode, detail: string): never {
    this.checks.push({ name, ok: false, detail, code });
    throw new CheckFailed(code, detail);
  }

  /** Passes or fails a check on a condition. */
  expect(condition: boolean, name: string, code: VerifyFailureCode, ok: string, failure: string): void {
    if (condition) this.pass(name, ok);
    else this.fail(name, code, failure);
  }
}
