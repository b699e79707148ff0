#!/usr/bin/env node
// The one `rongzhi` binary: TypeScript sources run through tsx, no separate server build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
