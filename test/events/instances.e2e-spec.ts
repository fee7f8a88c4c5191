import { createUser, TestUser } from '../support/fixtures';
import { kill, requireBuiltServer, startInstance } from '../support/instance';
import { startTestApp, TestApp } from '../support/test-app';
import { connectSocket, ReceivedFrame } from './realtime-support';

const SENDS = 30;

const variants: [string, Record<string, string>][] = [['PostgreSQL LISTEN/NOTIFY', {}]];
if (process.env.TEST_REDIS_URL)
  variants.push(['Redis pub/sub', { REDIS_URL: process.env.TEST_REDIS_URL }]);

describe.each(variants)('two instances (%s)', (_name, env) => {
  const shared = process.env.DATABASE_URL ? it : it.skip;
  let a: TestApp;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    if (process.env.DATABASE_URL) requireBuiltServer();
    a = await startTestApp(env);
    alice = await createUser(a);
    bob = await createUser(a);
  });
  afterAll(() => a.close());

  shared(
    'a client on B gets what is sent through A, in order, across B being killed and restarted',
    async () => {
      let b = await startInstance(a.databaseUrl, env);
      const onB = { ...a, baseUrl: b.baseUrl };
      const client = await connectSocket(onB, bob.token);
      const sent: string[] = [];
      const send = async (content: string) => {
        const response = await a.post(
          'messages',
          { to_user: bob.id, message_type: 'text', content },
          { token: alice.token },
        );
        expect(response.status).toBe(201);
        sent.push(response.body.id as string);
      };
      for (let i = 0; i < SENDS; i += 1) await send(`first ${i}`);
      await client.waitFor((f) => f.data?.id === sent.at(-1), 10_000);
      const received = (frames: ReceivedFrame[]) =>
        frames.filter((f) => f.type === 'message.created').map((f) => f.data.id as string);
      expect(received(client.frames)).toEqual(sent);
      const resumeFrom = client.frames.at(-1)?.id as string;
      await client.close();
      await kill(b);

      for (let i = 0; i < SENDS; i += 1) await send(`while B is down ${i}`);
      b = await startInstance(a.databaseUrl, env);
      const resumed = await connectSocket({ ...a, baseUrl: b.baseUrl }, bob.token, {
        cursor: resumeFrom,
      });
      for (let i = 0; i < 5; i += 1) await send(`after restart ${i}`);
      await resumed.waitFor((f) => f.data?.id === sent.at(-1), 10_000);
      expect(received(resumed.frames)).toEqual(sent.slice(SENDS));
      await resumed.close();
      await kill(b);
    },
  );
});
