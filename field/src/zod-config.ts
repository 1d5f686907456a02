// Imported first by main.tsx, before any schema exists (as web/src/zod-config.ts): zod
// probes `new Function` to compile faster validators, and the field app's
// Content-Security-Policy (no 'unsafe-eval') refuses it with a reported violation.
import { z } from 'zod';

z.config({ jitless: true });
