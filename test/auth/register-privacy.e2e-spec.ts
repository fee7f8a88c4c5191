import { startTestApp, TestApp } from '../support/test-app';
import { freshMobile, registerUser, sendCode } from './auth-helpers';

/** `POST auth/register` tells nothing about existing accounts to someone without the code. */
describe('register checks the verify code first', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    await registerUser(t, { username: 'takenname' });
  });

  afterAll(async () => {
    await t.close();
  });

  function register(username: string, mobile: string, code: string) {
    return t.post('auth/register', {
      username,
      password: 'correct horse battery',
      phone_code: '86',
      mobile,
      verify_code: code,
    });
  }

  function wrong(code: string): string {
    return code === '000000' ? '111111' : '000000';
  }

  it('a wrong code is the same 400 whether the username is taken or free', async () => {
    const mobile = freshMobile();
    const code = await sendCode(t, mobile, 'register');
    const taken = await register('takenname', mobile, wrong(code));
    const free = await register('freename1', mobile, wrong(code));
    expect(taken.status).toBe(400);
    expect(taken.body.code).toBe('invalid_verify_code');
    expect(taken.body.details).toEqual([expect.objectContaining({ field: 'verify_code' })]);
    expect({ ...free.body }).toEqual({ ...taken.body });
  });

  it('without any code sent, a taken username is the same 400 too', async () => {
    const res = await register('takenname', freshMobile(), '123456');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid_verify_code');
  });

  it('wrong codes count against the code whatever the username, and lock it', async () => {
    const mobile = freshMobile();
    const code = await sendCode(t, mobile, 'register');
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const res = await register(i % 2 ? 'takenname' : 'freename2', mobile, wrong(code));
      codes.push(res.body.code);
    }
    expect(codes).toEqual([
      'invalid_verify_code',
      'invalid_verify_code',
      'invalid_verify_code',
      'invalid_verify_code',
      'verify_code_locked',
    ]);
    expect((await register('freename2', mobile, code)).body.code).toBe('verify_code_locked');
  });

  it('with the right code a taken username is 409, and the code still works for a free one', async () => {
    const mobile = freshMobile();
    const code = await sendCode(t, mobile, 'register');
    const taken = await register('TakenName', mobile, code);
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('username_taken');
    const created = await register('freename3', mobile, code);
    expect(created.status).toBe(201);
    expect(created.body.username).toBe('freename3');
    // Used up with the account it created.
    expect((await register('freename4', mobile, code)).body.code).toBe('invalid_verify_code');
  });
});
