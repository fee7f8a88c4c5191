import { parseWebhooksCreate, UsageError } from '../../src/cli';

describe('npm run cli -- webhooks:create', () => {
  const base = ['--app', 'party_abc', '--url', 'https://hooks.example.com/party'];

  it('reads the options', () => {
    expect(
      parseWebhooksCreate([
        ...base,
        '--events',
        'message.created,notification.created',
        '--on-failure=reject',
        '--timeout-ms',
        '800',
      ]),
    ).toEqual({
      clientId: 'party_abc',
      url: 'https://hooks.example.com/party',
      events: ['message.created', 'notification.created'],
      secret: null,
      onFailure: 'reject',
      timeoutMs: 800,
    });
  });

  it.each([
    [['--url', 'https://hooks.example.com', '--events', 'message.created'], '--app'],
    [['--app', 'x', '--url', 'ftp://x', '--events', 'message.created'], '--url'],
    [[...base], '--events'],
    [[...base, '--events', 'message.exploded'], 'Unknown event type'],
    [[...base, '--events', 'message.created', '--secret', 'short'], '--secret'],
    [[...base, '--events', 'message.created', '--on-failure', 'maybe'], '--on-failure'],
    [[...base, '--events', 'message.created', '--timeout-ms', '9000'], '--timeout-ms'],
    [[...base, '--events', 'message.created', '--colour', 'red'], 'Unknown option'],
  ])('refuses %j (%s)', (args, message) => {
    expect(() => parseWebhooksCreate(args)).toThrow(UsageError);
    expect(() => parseWebhooksCreate(args)).toThrow(message);
  });
});
