#!/usr/bin/env node
// Entry point of `npx etape` and `npm start`: runs the TypeScript CLI through tsx.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./cli.ts');
const code = await runCli(process.argv.slice(2));
if (code !== 0) process.exit(code);
