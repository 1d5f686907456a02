// Imported first by main.tsx, before any schema exists: zod probes `new Function` when a
// schema is built, to compile faster validators, and the Content-Security-Policy (no
// 'unsafe-eval') refuses it; the browser then reports a violation on every page. Never probe.
import { z } from 'zod';

z.config({ jitless: true });
