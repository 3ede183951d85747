import { defineMessages } from '../../web/i18n/define.js';

/** Texts of the forgotten-password journey and its two emails. */
export const recoveryMessages = defineMessages(
  {
    'recovery.forgot.title': 'Forgotten password',
    'recovery.forgot.lead':
      'Enter the email address under which your account is registered and click Submit. We will send you a link to set a new password.',
    'recovery.forgot.email': 'Email',
    'recovery.forgot.submit': 'Submit',
    'recovery.forgot.sameBrowser':
      'Open the link from the email in this browser: for your security it does not work anywhere else.',
    'recovery.forgot.unknownEmail.title': 'You do not know this email?',
    'recovery.forgot.unknownEmail.text':
      'Ask our support for help through the contact form. Please give the name of at least one service in your account (a domain or a hosting).',
    'recovery.forgot.unknownEmail.link': 'Contact support',
    'recovery.forgot.backToLogin': 'Back to log in',
    'recovery.sent.title': 'Check your email',
    'recovery.sent.text':
      'If an account is registered under this email, we have just sent it a message with the subject "Forgotten login details". The link in it is valid for 1 hour.',
    'recovery.sent.sameBrowser':
      'Open the link in this same browser, where you asked for the password change. In another browser it will not work.',
    'recovery.sent.notArrived': 'Nothing arrived within a few minutes? Check your spam folder, or',
    'recovery.sent.again': 'send the link again',
    'recovery.reset.title': 'Set a new password',
    'recovery.reset.lead':
      'Choose a new password for your account. Use the key button to generate a strong one.',
    'recovery.reset.newPassword': 'New password',
    'recovery.reset.confirmPassword': 'Confirm new password',
    'recovery.reset.submit': 'Set Password',
    'recovery.reset.afterwards':
      'Afterwards you will be logged out everywhere and can log in with the new password.',
    'recovery.wrongBrowser.title': 'Open the link in the browser where you asked for it',
    'recovery.wrongBrowser.text':
      'For your security, a password reset link works only in the browser in which the reset was requested. This browser is a different one (or its cookies were cleared).',
    'recovery.wrongBrowser.hint':
      'Open the link in that browser, or start again here: we will send a new link that works in this browser.',
    'recovery.wrongBrowser.startAgain': 'Start again in this browser',
    'recovery.invalid.title': 'This link no longer works',
    'recovery.invalid.text':
      'The password reset link has expired, has already been used, a newer one was sent, or the password or email was changed since. Each link works once and for 1 hour; only the newest one counts.',
    'recovery.invalid.startAgain': 'Ask for a new link',
    'recovery.done.title': 'Done!',
    'recovery.done.text':
      'Your password has been changed and every device has been logged out. You can now log in with your new password.',
    'recovery.done.login': 'Log in',
    'recovery.throttled': 'Too many requests. Please wait a while and try again.',
    'recovery.email.subject': 'Forgotten login details',
    'recovery.email.greeting': 'Hello,',
    'recovery.email.body':
      'someone (hopefully you) asked to change the password of the customer account registered under this email.',
    'recovery.email.action':
      'To set a new password, open this link in the same browser where you asked for it:',
    'recovery.email.button': 'Set a new password',
    'recovery.email.expiry':
      'The link works once and for 1 hour. If you did not ask for it, ignore this email: your password stays unchanged.',
    'recovery.changed.subject': 'Your password has been changed',
    'recovery.changed.body':
      'the password of your customer account was changed just now through a forgotten-password link, and every device was logged out.',
    'recovery.changed.warning':
      'If it was not you, ask our support for help at once through the contact form:',
  },
  {
    'recovery.forgot.title': 'Zapomenuté heslo',
    'recovery.forgot.lead':
      'Zadejte e-mailovou adresu, pod kterou je váš účet registrován, a klikněte na Odeslat. Pošleme vám odkaz pro nastavení nového hesla.',
    'recovery.forgot.email': 'E-mail',
    'recovery.forgot.submit': 'Odeslat',
    'recovery.forgot.sameBrowser':
      'Odkaz z e-mailu otevřete v tomto prohlížeči: z bezpečnostních důvodů jinde nefunguje.',
    'recovery.forgot.unknownEmail.title': 'Tento e-mail neznáte?',
    'recovery.forgot.unknownEmail.text':
      'Požádejte o pomoc naši podporu přes kontaktní formulář. Uveďte prosím název alespoň jedné služby ve vašem účtu (doménu nebo hosting).',
    'recovery.forgot.unknownEmail.link': 'Kontaktovat podporu',
    'recovery.forgot.backToLogin': 'Zpět na přihlášení',
    'recovery.sent.title': 'Zkontrolujte svůj e-mail',
    'recovery.sent.text':
      'Pokud je pod tímto e-mailem registrován účet, právě jsme na něj poslali zprávu s předmětem „Zapomenuté přihlašovací údaje“. Odkaz v ní platí 1 hodinu.',
    'recovery.sent.sameBrowser':
      'Odkaz otevřete v tomto prohlížeči, ve kterém jste o změnu hesla požádali. V jiném prohlížeči nebude fungovat.',
    'recovery.sent.notArrived':
      'Nic nepřišlo ani po několika minutách? Podívejte se do nevyžádané pošty, nebo',
    'recovery.sent.again': 'pošlete odkaz znovu',
    'recovery.reset.title': 'Nastavení nového hesla',
    'recovery.reset.lead': 'Zvolte nové heslo ke svému účtu. Silné heslo vygenerujete tlačítkem s klíčem.',
    'recovery.reset.newPassword': 'Nové heslo',
    'recovery.reset.confirmPassword': 'Nové heslo znovu',
    'recovery.reset.submit': 'Nastavit heslo',
    'recovery.reset.afterwards': 'Poté budete všude odhlášeni a přihlásíte se novým heslem.',
    'recovery.wrongBrowser.title': 'Otevřete odkaz v prohlížeči, kde jste o něj požádali',
    'recovery.wrongBrowser.text':
      'Z bezpečnostních důvodů funguje odkaz pro obnovu hesla jen v prohlížeči, ve kterém byla obnova vyžádána. Tento prohlížeč je jiný (nebo v něm byly smazány cookies).',
    'recovery.wrongBrowser.hint':
      'Otevřete odkaz v původním prohlížeči, nebo začněte znovu zde: pošleme nový odkaz, který bude fungovat v tomto prohlížeči.',
    'recovery.wrongBrowser.startAgain': 'Začít znovu v tomto prohlížeči',
    'recovery.invalid.title': 'Tento odkaz už nefunguje',
    'recovery.invalid.text':
      'Platnost odkazu pro obnovu hesla vypršela, odkaz už byl použit, byl poslán novější, nebo se mezitím změnilo heslo či e-mail. Každý odkaz funguje jednou a 1 hodinu; platí jen ten nejnovější.',
    'recovery.invalid.startAgain': 'Požádat o nový odkaz',
    'recovery.done.title': 'Hotovo!',
    'recovery.done.text':
      'Vaše heslo bylo změněno a všechna zařízení byla odhlášena. Nyní se můžete přihlásit novým heslem.',
    'recovery.done.login': 'Přihlásit se',
    'recovery.throttled': 'Příliš mnoho požadavků. Chvíli počkejte a zkuste to znovu.',
    'recovery.email.subject': 'Zapomenuté přihlašovací údaje',
    'recovery.email.greeting': 'Dobrý den,',
    'recovery.email.body':
      'někdo (snad vy) požádal o změnu hesla k zákaznickému účtu registrovanému pod tímto e-mailem.',
    'recovery.email.action':
      'Nové heslo nastavíte tímto odkazem; otevřete ho ve stejném prohlížeči, kde jste o něj požádali:',
    'recovery.email.button': 'Nastavit nové heslo',
    'recovery.email.expiry':
      'Odkaz funguje jednou a 1 hodinu. Pokud jste o něj nežádali, e-mail ignorujte: vaše heslo zůstává beze změny.',
    'recovery.changed.subject': 'Vaše heslo bylo změněno',
    'recovery.changed.body':
      'heslo k vašemu zákaznickému účtu bylo právě změněno přes odkaz pro zapomenuté heslo a všechna zařízení byla odhlášena.',
    'recovery.changed.warning':
      'Pokud jste to nebyli vy, okamžitě požádejte o pomoc naši podporu přes kontaktní formulář:',
  },
);
