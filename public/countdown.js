// Counts down a button's cooldown (the server enforces it; without JS the page says to reload).
// The seconds are not announced; once, when the button is ready, the page's polite live region
// ([data-countdown-announce], in the page's language) says so.
(() => {
  for (const button of document.querySelectorAll('[data-countdown]')) {
    let seconds = Number(button.dataset.countdown) || 0;
    if (seconds <= 0) continue;
    const hint = document.querySelector('[data-countdown-hint]');
    const announce = document.querySelector('[data-countdown-announce]');
    const render = () => {
      if (seconds <= 0) {
        button.disabled = false;
        button.textContent = button.dataset.labelReady;
        if (hint) hint.parentElement.hidden = true;
        if (announce) announce.textContent = announce.dataset.countdownAnnounce;
        return;
      }
      button.disabled = true;
      button.textContent = button.dataset.labelWait.replace('{seconds}', String(seconds));
      if (hint) hint.textContent = hint.dataset.template.replace('{seconds}', String(seconds));
    };
    render();
    const timer = setInterval(() => {
      seconds -= 1;
      render();
      if (seconds <= 0) clearInterval(timer);
    }, 1000);
  }
})();
