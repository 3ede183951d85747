import { defineMessages } from '../web/i18n/define.js';

export const captchaMessages = defineMessages(
  {
    'captcha.label': 'Security check',
    'captcha.noscript':
      'The security check needs JavaScript: it solves a small puzzle in your browser, no pictures to click. Please enable JavaScript for this page.',
    'captcha.failed': 'Please complete the security check ("I\'m not a robot") and submit again.',
  },
  {
    'captcha.label': 'Bezpečnostní kontrola',
    'captcha.noscript':
      'Bezpečnostní kontrola potřebuje JavaScript: ve vašem prohlížeči vyřeší malou úlohu, nevybíráte žádné obrázky. Povolte prosím pro tuto stránku JavaScript.',
    'captcha.failed': 'Dokončete prosím bezpečnostní kontrolu („Nejsem robot“) a odešlete formulář znovu.',
  },
);
