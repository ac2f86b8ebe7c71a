import { z } from 'zod';

// zod probes `new Function` to speed up parsing; under the renderer's CSP (no 'unsafe-eval') that probe
// fails harmlessly but still raises a securitypolicyviolation report. Imported first by main.tsx.
z.config({ jitless: true });
