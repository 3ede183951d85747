// A link in the error summary brings its field into view with the label and hint above it
// (a plain #fragment puts the field at the very top of the screen, its label scrolled away),
// then focuses the field. Without JavaScript the fragment still leads to the field.
document.addEventListener('click', (event) => {
  const link =
    event.target instanceof Element ? event.target.closest('[data-error-summary] a[href^="#"]') : null;
  if (!link) return;
  const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!target) return;
  event.preventDefault();
  (target.closest('.field, fieldset, .captcha') ?? target).scrollIntoView({ block: 'start' });
  target.focus({ preventScroll: true });
});
