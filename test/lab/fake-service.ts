import type { ServiceLike, ServiceResult, ServiceState } from '../../lab/emulated/types.js';

/** A service stand-in for emulated test hosts: records calls; can refuse to start or take its time. */
export class FakeService implements ServiceLike {
  state: ServiceState = 'active';
  refuseStart = false;
  delayMs = 0;
  readonly calls: string[] = [];

  async start(): Promise<ServiceResult> {
    this.calls.push('start');
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.state === 'active') return { ok: true, message: 'already running' };
    if (this.refuseStart) {
      this.state = 'failed';
      return { ok: false, message: 'invalid configuration' };
    }
    this.state = 'active';
    return { ok: true, message: 'started' };
  }

  async stop(): Promise<ServiceResult> {
    this.calls.push('stop');
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    this.state = 'inactive';
    return { ok: true, message: 'stopped' };
  }

  status(): Promise<ServiceState> {
    return Promise.resolve(this.state);
  }
}
