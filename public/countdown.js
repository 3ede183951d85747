// Counts down a button's cooldown (the server enforces it; without JS the page says to reload).
(() => {
  for (const button of document.querySelectorAll('[data-countdown]')) {
    let seconds = Number(button.dataset.countdown) || 0;
    if (seconds <= 0) continue;
    const hint = document.querySelector('[data-countdown-hint]');
    const render = () => {
      if (seconds <= 0) {
        button.disabled = false;
        button.textContent = button.dataset.labelReady;
        if (hint) hint.parentElement.hidden = true;
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
