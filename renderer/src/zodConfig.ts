import { z } from 'zod';

// zod compiles object schemas with `new Function` when it may, and probes for that with a
// `new Function("")` in a try. The page's CSP forbids eval, so the probe is refused and reported as
// a policy violation at every start, noise that would hide a real one. The page parses little, so
// the interpreted path costs nothing that matters. Imported first by main.tsx.
z.config({ jitless: true });
