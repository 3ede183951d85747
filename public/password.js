// Password fields: the key button (a strong random password, shown so it can be saved), a
// show/hide toggle and a strength meter that says why. Works on any page that renders
// src/web/password-field.ts; without JavaScript the plain fields still work.
(() => {
  // 20 characters from 70 symbols: about 122 bits. No look-alikes (0/O, 1/l/I).
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.!?*+=%@#';
  const length = 20;

  function generatePassword() {
    const out = [];
    const limit = 256 - (256 % alphabet.length); // rejection sampling: no modulo bias
    while (out.length < length) {
      const bytes = new Uint8Array(length * 2);
      crypto.getRandomValues(bytes);
      for (const b of bytes) {
        if (b < limit && out.length < length) out.push(alphabet[b % alphabet.length]);
      }
    }
    return out.join('');
  }

  const common = new Set(
    (
      'password,password1,password123,123456,1234567,12345678,123456789,1234567890,qwerty,qwertz,qwerty123,' +
      'abc123,111111,000000,iloveyou,letmein,welcome,admin,heslo,heslo123,monkey,dragon,football,' +
      'sunshine,princess,trustno1,passw0rd,changeme,secret,asdfgh,zxcvbn'
    ).split(','),
  );
  const sequences = [
    '0123456789',
    'abcdefghijklmnopqrstuvwxyz',
    'qwertyuiop',
    'asdfghjkl',
    'zxcvbnm',
    'qwertzuiop',
    'yxcvbnm',
  ];

  function hasSequence(lower) {
    for (let i = 0; i + 4 <= lower.length; i++) {
      const part = lower.slice(i, i + 4);
      const reversed = [...part].reverse().join('');
      if (sequences.some((s) => s.includes(part) || s.includes(reversed))) return true;
    }
    return false;
  }

  /**
   * The email and names typed in the same form, as the server's policy reads them
   * (src/accounts/password-policy.ts): a password that contains one is refused.
   */
  function personalWords(form) {
    const words = [];
    const read = (name) => (form?.elements.namedItem(name)?.value ?? '').normalize('NFKC').toLowerCase();
    const email = read('email');
    if (email) words.push(email, email.split('@')[0]);
    const names = read('kind') === 'company' ? ['companyName'] : ['firstName', 'lastName'];
    for (const name of names) words.push(...read(name).split(/\s+/));
    return words.filter((word) => [...word].length >= 3);
  }

  /** A rough estimate for the meter; the server's policy is what decides. */
  function assess(value, form) {
    const chars = [...value];
    const lower = value.toLowerCase();
    if (chars.length < 8) return { level: 0, tip: 'short', n: 8 - chars.length };
    if (common.has(lower) || common.has(lower.replace(/[\d\W_]+$/u, ''))) return { level: 1, tip: 'common' };
    const normalized = value.normalize('NFKC').toLowerCase();
    if (personalWords(form).some((word) => normalized.includes(word))) return { level: 1, tip: 'personal' };
    let pool = 0;
    if (/[a-z]/.test(value)) pool += 26;
    if (/[A-Z]/.test(value)) pool += 26;
    if (/\d/.test(value)) pool += 10;
    if (/[^\w\s]|_/.test(value)) pool += 33;
    if (/\s/.test(value)) pool += 1;
    if (/[^\p{ASCII}]/u.test(value)) pool += 60;
    const unique = new Set(chars).size;
    let bits = Math.log2(Math.max(pool, 2)) * Math.min(chars.length, unique * 2.5);
    let tip = null;
    if (/(.)\1\1/u.test(value) || unique <= chars.length / 3) {
      bits *= 0.5;
      tip = 'repeated';
    } else if (hasSequence(lower)) {
      bits *= 0.6;
      tip = 'sequence';
    }
    const level = bits < 40 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4;
    if (!tip) tip = level >= 3 ? (chars.length >= 15 && pool <= 26 ? 'long' : 'good') : 'recommend';
    return { level, tip };
  }

  function setShown(input, toggle, shown) {
    input.type = shown ? 'text' : 'password';
    if (toggle) {
      const word = toggle.querySelector('.password-toggle__word') || toggle;
      word.textContent = shown ? toggle.dataset.labelHide : toggle.dataset.labelShow;
    }
  }

  /**
   * The server's error under a password field is about the value that was sent: once the field
   * changes (typed, pasted or filled by the key button), it no longer applies and would only
   * contradict the meter, so it goes, with the field's aria-invalid.
   */
  function clearServerError(input) {
    if (input.getAttribute('aria-invalid') !== 'true') return;
    const errorId = `${input.id}-error`;
    input.removeAttribute('aria-invalid');
    const described = (input.getAttribute('aria-describedby') || '')
      .split(/\s+/)
      .filter((id) => id && id !== errorId);
    if (described.length > 0) input.setAttribute('aria-describedby', described.join(' '));
    else input.removeAttribute('aria-describedby');
    document.getElementById(errorId)?.remove();
    input.closest('.field')?.classList.remove('field--error');
  }

  for (const input of document.querySelectorAll('.password-field .field input')) {
    input.addEventListener('input', () => clearServerError(input));
  }

  for (const toggle of document.querySelectorAll('[data-password-toggle]')) {
    const input = document.getElementById(toggle.dataset.passwordToggle);
    if (!input) continue;
    toggle.hidden = false;
    toggle.addEventListener('click', () => setShown(input, toggle, input.type === 'password'));
  }

  for (const meter of document.querySelectorAll('[data-strength-for]')) {
    const input = document.getElementById(meter.dataset.strengthFor);
    if (!input) continue;
    const messages = JSON.parse(meter.dataset.messages || '{}');
    const fill = meter.querySelector('.strength__fill');
    const text = meter.querySelector('.strength__text');
    const announcer = meter.querySelector('.strength__announce');
    // The field reads the meter as its description, so tabbing back to it says the strength.
    const described = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    input.setAttribute('aria-describedby', [...described, text.id].join(' '));
    // A screen reader hears the meter when its verdict changes, not at every keystroke (the
    // count of characters to go changes on screen only).
    let said = '';
    const update = () => {
      if (!input.value) {
        meter.hidden = true;
        text.textContent = '';
        return;
      }
      meter.hidden = false;
      const { level, tip, n } = assess(input.value, input.form);
      fill.dataset.level = String(level);
      fill.style.width = `${Math.max(8, level * 25)}%`;
      const explanation = (messages[tip] || '').replace('{n}', String(n ?? ''));
      // "Too short" starts the tip already: said once.
      const sentence = tip === 'short' ? explanation : `${messages[`level${level}`]}. ${explanation}`;
      text.textContent = sentence;
      const verdict = `${level}:${tip}`;
      if (announcer && verdict !== said) {
        said = verdict;
        announcer.textContent = sentence;
      }
    };
    input.addEventListener('input', update);
    update();
  }

  for (const button of document.querySelectorAll('[data-password-generate]')) {
    const input = document.getElementById(button.dataset.passwordGenerate);
    if (!input) continue;
    button.hidden = false;
    button.addEventListener('click', () => {
      const password = generatePassword();
      const targets = [input];
      const confirm =
        button.dataset.passwordConfirm && document.getElementById(button.dataset.passwordConfirm);
      if (confirm) targets.push(confirm);
      for (const target of targets) {
        target.value = password;
        const toggle = document.querySelector(`[data-password-toggle="${target.id}"]`);
        setShown(target, toggle, true);
        target.dispatchEvent(new Event('input', { bubbles: true }));
      }
      const note = document.getElementById(`${input.id}-generated`);
      if (note) note.hidden = false;
      input.focus();
      input.select();
    });
  }
})();
