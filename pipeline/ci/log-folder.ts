import type { CiInfo } from './detect.js';

/** Opens and closes collapsible sections of a CI log. Each method returns one line to print (without a newline). */
export interface LogFolder {
  /**
   * The line that opens a section titled `title`; `startedAt` (milliseconds) dates a section printed
   * after the fact (output held back while units ran concurrently), default now.
   */
  start(title: string, startedAt?: number): string;
  /** The line that closes the most recently opened section ('' when none is open or none is needed). */
  end(): string;
}

const ESC = '\u001b';

/**
 * Log folding for `ci.provider`: GitHub `::group::<title>` / `::endgroup::`; GitLab
 * `\e[0Ksection_start:<unix seconds>:<id>[collapsed=true]\r\e[0K<title>` /
 * `\e[0Ksection_end:<unix seconds>:<id>\r\e[0K`;
 * locally a plain `==> <title>` header and ''. `now` returns milliseconds (default `Date.now`).
 */
export function logFolder(ci: CiInfo, now: () => number = Date.now): LogFolder {
  if (ci.provider === 'github') return githubFolder();
  if (ci.provider === 'gitlab') return gitlabFolder(now);
  return { start: (title) => `==> ${oneLine(title)}`, end: () => '' };
}

function githubFolder(): LogFolder {
  return {
    // Workflow command data escaping, so a title cannot end the command or inject another.
    start: (title) => `::group::${title.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`,
    end: () => '::endgroup::',
  };
}

function gitlabFolder(now: () => number): LogFolder {
  const open: string[] = [];
  let counter = 0;
  const seconds = (at: number = now()): number => Math.floor(at / 1000);
  return {
    start(title, startedAt) {
      counter += 1;
      const id = sectionId(title, counter);
      open.push(id);
      return `${ESC}[0Ksection_start:${seconds(startedAt)}:${id}[collapsed=true]\r${ESC}[0K${oneLine(title)}`;
    },
    end() {
      const id = open.pop();
      return id === undefined ? '' : `${ESC}[0Ksection_end:${seconds()}:${id}\r${ESC}[0K`;
    },
  };
}

/** A GitLab section id (letters, digits, `_ . -` only), unique per folder thanks to the counter. */
export function sectionId(title: string, counter: number): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return `cdktf_gitops_${counter}${slug ? `_${slug}` : ''}`;
}

/** The title on one line with control characters removed, so it cannot break the marker. */
function oneLine(title: string): string {
  return title.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
}
