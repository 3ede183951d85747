// A link in the error summary brings its field into view with the label and hint above it
// (a plain #fragment puts the field at the very top of the screen, its label scrolled away),
// and the group's legend too when the group fits on the screen; then it focuses the field, or
// the captcha's own checkbox for the captcha. Without JavaScript the fragment still leads there.
document.addEventListener('click', (event) => {
  const link =
    event.target instanceof Element ? event.target.closest('[data-error-summary] a[href^="#"]') : null;
  if (!link) return;
  const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!target) return;
  event.preventDefault();
  const field = target.closest('.field, .captcha') ?? target;
  const group = target.closest('fieldset');
  const groupFits =
    group &&
    field.getBoundingClientRect().bottom - group.getBoundingClientRect().top < window.innerHeight * 0.8;
  (groupFits ? group : field).scrollIntoView({ block: 'start' });
  const control = target.querySelector('altcha-widget input[type="checkbox"]') ?? target;
  control.focus({ preventScroll: true });
});
