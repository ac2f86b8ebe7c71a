import { renderServiceConf4x } from './service-conf-4x.js';
import { renderServiceConf5x } from './service-conf-5x.js';
import type { ServiceConfInput } from './service-conf-parts.js';

/** kl_feed_service.conf in the layout of the instance's version, as LF text. */
export function renderServiceConf(input: ServiceConfInput): string {
  switch (input.version) {
    case '4.1':
    case '4.4':
      return renderServiceConf4x(input);
    case '5.1':
      return renderServiceConf5x(input);
  }
}
