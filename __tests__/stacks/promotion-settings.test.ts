import type { NotifyEvent } from '../../stacks/notify-settings.js';
import { UnknownOptionError } from '../../stacks/options/unknown-keys.js';
import { defineProject, type GitopsProjectDefinition } from '../../stacks/project.js';
import { thrownBy } from '../helpers/errors.js';

// The project settings of promotion control: verification after apply, soak time, notifications.
const environments = ['ops', 'apps', 'apps-prod'];
const define = (settings: Partial<GitopsProjectDefinition>) =>
  defineProject({ environments, stacks: () => undefined, ...settings });
const refused = (settings: Record<string, unknown>) => () => define(settings as never);

describe('defineProject: verify', () => {
  it('keeps valid hooks, copied (a later change to the definition does not reach the project)', () => {
    const verify = [
      { name: 'smoke', command: ['./smoke.sh', '--fast'], environments: ['apps', 'apps-prod'], timeoutMs: 30000 },
      { name: 'curl', command: 'curl -fsS "$URL"', passEnv: ['URL'] },
    ];
    const project = define({ verify });
    expect(project.verify).toEqual(verify);
    (verify[0]!.command as string[]).push('--slow');
    verify[0]!.environments!.push('ops');
    expect(project.verify?.[0]).toEqual({
      name: 'smoke',
      command: ['./smoke.sh', '--fast'],
      environments: ['apps', 'apps-prod'],
      timeoutMs: 30000,
    });
  });

  it('leaves the settings out when not given', () => {
    const project = define({});
    expect(project.verify).toBeUndefined();
    expect(project.soakTime).toBeUndefined();
    expect(project.notify).toBeUndefined();
  });

  it.each([
    [{ verify: {} }, 'verify must be an array of { name, command, environments?, timeoutMs?, passEnv? }'],
    [{ verify: [{ name: '', command: 'true' }] }, 'verify[0]: name must be a non-empty string'],
    [
      {
        verify: [
          { name: 'a', command: 'true' },
          { name: 'a', command: 'false' },
        ],
      },
      "verify[1]: duplicate verify hook name 'a'",
    ],
    [{ verify: [{ name: 'a', command: '  ' }] }, 'verify[0] (a): command must be a non-empty string or argument array'],
    [{ verify: [{ name: 'a', command: [] }] }, 'verify[0] (a): command must be'],
    [{ verify: [{ name: 'a', command: ['', 'x'] }] }, 'verify[0] (a): command must be'],
    [{ verify: [{ name: 'a', command: 'true', timeoutMs: 0 }] }, 'verify[0] (a): timeoutMs must be a positive integer'],
    [{ verify: [{ name: 'a', command: 'true', timeoutMs: 1.5 }] }, 'timeoutMs must be a positive integer'],
    [{ verify: [{ name: 'a', command: 'true', passEnv: ['A-B'] }] }, 'passEnv must be an array of environment'],
    [{ verify: [{ name: 'a', command: 'true', environments: [] }] }, 'verify[0] (a): environments must be a non-empty'],
    [
      { verify: [{ name: 'a', command: 'true', environments: ['apps', 'prod'] }] },
      'verify[0] (a): unknown environment(s) prod; known: ops, apps, apps-prod',
    ],
  ])('refuses %j', (settings, message) => {
    expect(refused(settings)).toThrow(TypeError);
    expect(refused(settings)).toThrow(message);
  });

  it('refuses an unknown key in a hook, naming the closest', () => {
    const settings = { verify: [{ name: 'a', command: 'true', environment: ['apps'] }] };
    expect(thrownBy(refused(settings), UnknownOptionError).message).toBe(
      "unknown option 'environment' in verify[0]; did you mean environments?",
    );
  });
});

describe('defineProject: soakTime', () => {
  it('keeps valid durations for environments that have a next one, copied', () => {
    const soakTime = { ops: '30m', apps: '1h30m' };
    const project = define({ soakTime });
    soakTime.ops = '1d';
    expect(project.soakTime).toEqual({ ops: '30m', apps: '1h30m' });
  });

  it.each([
    [{ soakTime: [] }, "soakTime must be an object of environment names to durations, e.g. { apps: '1h' }"],
    [{ soakTime: 'apps=1h' }, 'soakTime must be an object'],
    [{ soakTime: { prod: '1h' } }, 'soakTime: unknown environment prod; known: ops, apps, apps-prod'],
    [{ soakTime: { 'apps-prod': '1h' } }, 'soakTime: apps-prod is the last environment: no promotion follows it'],
    [{ soakTime: { apps: '1 hour' } }, 'soakTime.apps: invalid duration "1 hour": expected whole numbers'],
    [{ soakTime: { apps: '0m' } }, 'soakTime.apps: invalid duration "0m": it must be longer than zero'],
    [{ soakTime: { apps: 3600 } }, 'soakTime.apps: invalid duration 3600'],
  ])('refuses %j', (settings, message) => {
    expect(refused(settings)).toThrow(TypeError);
    expect(refused(settings)).toThrow(message);
  });
});

describe('defineProject: notify', () => {
  it('keeps valid targets, copied', () => {
    const notify: { url: string; events?: NotifyEvent[]; headers?: Record<string, string> }[] = [
      { url: '${SLACK_WEBHOOK_URL}' },
      {
        url: 'https://hooks.example/services/${HOOK_PATH}?x=1',
        events: ['run-finished', 'drift'],
        headers: { Authorization: 'Bearer ${TOKEN}', 'X-Team': 'infra' },
      },
      {
        url: 'http://127.0.0.1:8080/hook',
        events: ['frozen', 'unfrozen', 'ready-to-promote'],
      },
    ];
    const project = define({ notify });
    expect(project.notify).toEqual(notify);
    notify[1]!.events!.push('frozen');
    notify[1]!.headers!['X-Team'] = 'other';
    expect(project.notify?.[1]).toMatchObject({ events: ['run-finished', 'drift'], headers: { 'X-Team': 'infra' } });
  });

  it.each([
    [{ notify: { url: 'https://x' } }, 'notify must be an array of { url, events?, headers? }'],
    [{ notify: [{}] }, 'notify[0]: url must be a non-empty string'],
    [{ notify: [{ url: 'hooks.example/x' }] }, 'notify[0]: url is not a URL'],
    [{ notify: [{ url: 'ftp://hooks.example/x' }] }, 'notify[0]: url must be http or https'],
    [{ notify: [{ url: 'file:///etc/passwd' }] }, 'notify[0]: url must be http or https'],
    [{ notify: [{ url: 'https://h/${BAD-NAME}' }] }, "notify[0]: url '${' must start a reference ${NAME}"],
    [{ notify: [{ url: '${SLACK' }] }, "notify[0]: url '${' must start a reference"],
    [{ notify: [{ url: 'https://h', events: [] }] }, 'notify[0]: events must be a non-empty array'],
    [
      { notify: [{ url: 'https://h', events: ['deployed'] }] },
      'notify[0]: unknown event "deployed"; known: run-finished, ready-to-promote, drift, frozen, unfrozen',
    ],
    [{ notify: [{ url: 'https://h', headers: ['a'] }] }, 'notify[0]: headers must be an object'],
    [{ notify: [{ url: 'https://h', headers: { 'Bad Name': 'x' } }] }, 'notify[0]: invalid header name "Bad Name"'],
    [{ notify: [{ url: 'https://h', headers: { A: 1 } }] }, "notify[0]: header 'A' must be a string on one line"],
    [{ notify: [{ url: 'https://h', headers: { A: 'x\r\nB: y' } }] }, "header 'A' must be a string on one line"],
    [{ notify: [{ url: 'https://h', headers: { A: 'Bearer ${T' } }] }, "header 'A': '${' must start a reference"],
  ])('refuses %j', (settings, message) => {
    expect(refused(settings)).toThrow(TypeError);
    expect(refused(settings)).toThrow(message);
  });

  it('never puts a URL in its error (it may hold a secret written in main.ts by mistake)', () => {
    const message = thrownBy(refused({ notify: [{ url: 'ftp://user:s3cret@host/x' }] }), TypeError).message;
    expect(message).not.toContain('s3cret');
  });

  it('refuses an unknown key in a target, naming the closest', () => {
    expect(thrownBy(refused({ notify: [{ url: 'https://h', event: ['drift'] }] }), UnknownOptionError).message).toBe(
      "unknown option 'event' in notify[0]; did you mean events?",
    );
  });
});
