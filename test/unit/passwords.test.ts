import { hash } from '@node-rs/argon2';
import { describe, expect, it } from 'vitest';
import { hashPassword, passwordOpens, verifyPassword } from '../../src/crypto/passwords.js';

/** The salt of a PHC string: its fourth field. */
const saltOf = (passwordHash: string) => passwordHash.split('$')[4];

describe('password hashes that share a salt', () => {
  it('a hash made like another takes its salt and cost, and opens with its own password only', async () => {
    const owner = await hashPassword('the owner password 1');
    const signUp = await hashPassword('a sign-up password 2', owner);
    expect(saltOf(signUp)).toBe(saltOf(owner));
    expect(signUp.slice(0, signUp.lastIndexOf('$'))).toBe(owner.slice(0, owner.lastIndexOf('$')));
    expect(signUp).not.toBe(owner);
    expect(saltOf(await hashPassword('a sign-up password 2'))).not.toBe(saltOf(owner));

    expect(await passwordOpens([owner, signUp], 'the owner password 1')).toEqual([true, false]);
    expect(await passwordOpens([owner, signUp], 'a sign-up password 2')).toEqual([false, true]);
    expect(await passwordOpens([owner, signUp], 'neither of them')).toEqual([false, false]);
    expect(await verifyPassword(signUp, 'a sign-up password 2')).toBe(true);
    expect(await verifyPassword(signUp, 'the owner password 1')).toBe(false);
  });

  it('hashes with their own salts, another cost or another form are each checked on their own', async () => {
    const one = await hashPassword('first password here');
    const two = await hashPassword('second password here');
    // Made elsewhere with other settings (an older release's cost, say).
    const cheaper = await hash('third password here', { memoryCost: 8192, timeCost: 3, parallelism: 1 });
    const all = [one, two, cheaper, 'not a hash at all'];
    expect(await passwordOpens(all, 'second password here')).toEqual([false, true, false, false]);
    expect(await passwordOpens(all, 'third password here')).toEqual([false, false, true, false]);
    expect(await passwordOpens(all, 'first password here')).toEqual([true, false, false, false]);
    // A hash made like the cheaper one gets today's cost, and so a salt of its own: a password
    // reset upgrades an account whose hash an older release made.
    const like = await hashPassword('fourth password here', cheaper);
    expect(like).toContain('$m=19456,t=2,p=1$');
    expect(saltOf(like)).not.toBe(saltOf(cheaper));
    expect(await passwordOpens([cheaper, like], 'fourth password here')).toEqual([false, true]);
    expect(await passwordOpens([cheaper, like], 'third password here')).toEqual([true, false]);
  });

  it('a password stored before normalisation still opens, alone or beside a sibling', async () => {
    // Decomposed "é" as typed, hashed before passwords were normalised to NFKC.
    const typed = 'cafe\u0301 au lait forever';
    const legacy = await hash(typed);
    const sibling = await hashPassword('some other password', legacy);
    expect(await passwordOpens([legacy, sibling], typed)).toEqual([true, false]);
    expect(await verifyPassword(legacy, typed.normalize('NFKC'))).toBe(false);
    // The owner of that old hash signs up again with the same password: both open, so a login
    // (which prefers the owner) still finds the owner.
    const again = await hashPassword(typed, legacy);
    expect(await passwordOpens([legacy, again], typed)).toEqual([true, true]);
  });

  it('a hash written in another form than ours is still checked, by the library', async () => {
    const ours = await hashPassword('reordered parameters here');
    const [, , version, params, salt, digest] = ours.split('$');
    const [m, t, p] = params!.split(',');
    const reordered = ['', 'argon2id', version, [t, m, p].join(','), salt, digest].join('$');
    expect(await passwordOpens([reordered], 'reordered parameters here')).toEqual([true]);
    expect(await passwordOpens([reordered], 'something else')).toEqual([false]);
  });
});
