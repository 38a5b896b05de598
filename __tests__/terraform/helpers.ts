import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLines } from '../helpers/files.js';
import { makeTempDir, removeDir } from '../helpers/temp-dir.js';

/** This directory's fixtures. */
export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** How the fake answers one subcommand key (`plan`, `workspace-select`, …). */
export interface FakeAnswer {
  stdout?: string;
  stderr?: string;
  exit?: number;
  mode?: 'trap-exit' | 'trap-ignore';
}

/** A fake terraform binary in its own temp dir. */
export class FakeTerraform {
  readonly dir = makeTempDir('tf-runner-fake-');
  readonly binary = path.join(this.dir, 'terraform');
  /** Pass as the runner's `env` so the script finds its answers. */
  readonly env = { FAKE_DIR: this.dir };

  constructor() {
    copyFileSync(path.join(FIXTURES, 'fake-terraform.sh'), this.binary);
    chmodSync(this.binary, 0o755);
  }

  /** Sets the answer for a subcommand key. */
  answer(key: string, answer: FakeAnswer): this {
    if (answer.stdout !== undefined) writeFileSync(path.join(this.dir, `${key}.stdout`), answer.stdout);
    if (answer.stderr !== undefined) writeFileSync(path.join(this.dir, `${key}.stderr`), answer.stderr);
    if (answer.exit !== undefined) writeFileSync(path.join(this.dir, `${key}.exit`), String(answer.exit));
    if (answer.mode !== undefined) writeFileSync(path.join(this.dir, `${key}.mode`), answer.mode);
    return this;
  }

  /** Argument lists of every call so far. */
  calls(): string[][] {
    return this.read('calls.log').map((line) => line.split('\t'));
  }

  /** The environment of the last call. */
  lastEnv(): Record<string, string> {
    return Object.fromEntries(
      this.read('env.txt').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  }

  /** Signals the script trapped, in order. */
  signals(): string[] {
    return this.read('signals');
  }

  cleanup(): void {
    removeDir(this.dir);
  }

  private read(name: string): string[] {
    return readLines(path.join(this.dir, name));
  }
}

/** A temp working dir holding the hand-written terraform_data configuration. */
export function realProject(): string {
  const dir = makeTempDir('tf-runner-real-');
  copyFileSync(path.join(FIXTURES, 'main.tf.json'), path.join(dir, 'main.tf.json'));
  return dir;
}

/** A JSON line of terraform's UI stream, for fake answers. */
export function uiLine(message: Record<string, unknown>): string {
  return `${JSON.stringify({ '@level': 'info', '@module': 'terraform.ui', ...message })}\n`;
}

/** A diagnostic line of terraform's UI stream, for fake answers. */
export function diagnosticLine(severity: 'error' | 'warning', summary: string, detail = ''): string {
  return uiLine({ '@level': severity, type: 'diagnostic', diagnostic: { severity, summary, detail } });
}
