// The language switcher is a form of its own: switching reloads the page, and a form half filled
// in would come back empty. Just before the switch, what was typed in the page's form marked
// data-keep-typed (never a password, a hidden field or the captcha) is kept for this tab only and
// put back once, into the same page in the other language.
(() => {
  const form = document.querySelector('form[data-keep-typed]');
  if (!form) return;
  const key = `gatehouse:typed:${location.pathname}`;
  const captchaFields = ['altcha', 'cf-turnstile-response', 'h-captcha-response', '_csrf'];
  const skipped = (el) =>
    !el.name ||
    captchaFields.includes(el.name) ||
    ['password', 'hidden', 'submit', 'button', 'file'].includes(el.type);
  const choice = (el) => `${el.name}=${el.value}`;

  const kept = sessionStorage.getItem(key);
  if (kept !== null) {
    sessionStorage.removeItem(key);
    let values = {};
    try {
      values = JSON.parse(kept);
    } catch {}
    for (const el of form.elements) {
      if (skipped(el)) continue;
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (values.checked?.includes(choice(el))) el.checked = true;
      } else if (typeof values.text?.[el.name] === 'string' && el.value === '') {
        el.value = values.text[el.name];
      }
    }
  }

  for (const switcher of document.querySelectorAll('form.lang-switch')) {
    switcher.addEventListener('submit', () => {
      const text = {};
      const checked = [];
      for (const el of form.elements) {
        if (skipped(el)) continue;
        if (el.type === 'checkbox' || el.type === 'radio') {
          if (el.checked) checked.push(choice(el));
        } else if (el.value !== '') {
          text[el.name] = el.value;
        }
      }
      sessionStorage.setItem(key, JSON.stringify({ text, checked }));
    });
  }
})();
