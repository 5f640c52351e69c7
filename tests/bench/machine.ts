import { readFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { chromiumVersion } from './chromium.ts';

function cpuModel(): string {
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1]!.trim();
  } catch {
    // Not Linux: fall back to what Node says.
  }
  return cpus()[0]?.model ?? 'unknown';
}

function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) return `${pretty[1]}, Linux ${release()}`;
  } catch {
    // No os-release: kernel only.
  }
  return `${process.platform} ${release()}`;
}

/** The markdown block at the top of docs/benchmarks.md: the machine and the date of the run. */
export function machineBlock(modules: string[], loadAtStart: number[], date = new Date()): string {
  return [
    `Last run: ${date.toISOString().replace(/\.\d+Z$/, 'Z')} (${modules.join(', ')}).`,
    '',
    '| machine | |',
    '|---|---|',
    `| CPU | ${cpuModel()} |`,
    `| cores | ${cpus().length} |`,
    `| memory | ${(totalmem() / 1024 ** 3).toFixed(1)} GiB |`,
    `| OS | ${osName()} |`,
    `| Node | ${process.version} |`,
    `| browser | ${chromiumVersion()} (headless) |`,
    `| load average at the start | ${loadAtStart.map((value) => value.toFixed(2)).join(', ')} (1, 5, 15 min; other work on the machine adds noise) |`,
  ].join('\n');
}
