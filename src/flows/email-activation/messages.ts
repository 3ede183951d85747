import { defineMessages } from '../../web/i18n/define.js';

export const emailActivationMessages = defineMessages(
  {
    'emailActivation.title': 'Verify your email',
    'emailActivation.step': 'Step 3 of 3',
    'emailActivation.sent':
      'We sent an email with the subject "{subject}" to {email}. Click the link in it to activate your account.',
    'emailActivation.tips':
      'The link is valid for 24 hours. Not there? Check your spam folder, or send it again.',
    'emailActivation.resend': 'Send the email again',
    'emailActivation.resendIn': 'Send the email again ({seconds} s)',
    'emailActivation.resent': 'We sent a new email to {email}. Links from earlier emails no longer work.',
    'emailActivation.open.title': 'Activate your account',
    'emailActivation.open.text': 'Confirm the activation of the customer account for {email}.',
    'emailActivation.open.button': 'Activate account',
    'emailActivation.done.title': 'Done!',
    'emailActivation.done.text':
      'Your email is verified and your customer account is active. Log in to your new account.',
    'emailActivation.login': 'Log in',
    'emailActivation.wrongAddress.title': 'Wrong address?',
    'emailActivation.wrongAddress.text':
      'Sign up again with the right one: this unfinished sign-up closes, and the link sent to this address stops working.',
    'emailActivation.wrongAddress.button': 'Sign up with another email',
    'emailActivation.invalid.title': 'This link does not work',
    'emailActivation.invalid.text':
      'The link is incomplete or not valid. Copy the whole link from the email, or log in: we will take you to the step where you can get a new email.',
    'emailActivation.expired.title': 'This link has expired',
    'emailActivation.expired.text':
      'Activation links are valid for 24 hours and only the newest one works. We can send a new link to {email}.',
    'emailActivation.expired.button': 'Send a new link',
    'emailActivation.cancelled.title': 'This sign-up was cancelled',
    'emailActivation.cancelled.text':
      'The sign-up this link belongs to was closed with “Sign up with another email”, so the link no longer works. To create an account, sign up again.',
    'emailActivation.cancelled.button': 'Sign up',
    'emailActivation.used.title': 'This link has already been used',
    'emailActivation.used.text': 'The account is already active. Log in with your email and password.',
    'emailActivation.error.cooldown': 'You can ask for another email in {seconds} s.',
    'emailActivation.error.limit':
      'We have sent too many emails for this account today. Try again {time}, or <a href="/support/contact">contact support</a>.',
    'emailActivation.error.invalid': 'This activation link is not valid.',
    'emailActivation.error.expired': 'This activation link has expired.',
    'emailActivation.error.used': 'This activation link has already been used.',
    'emailActivation.error.cancelled': 'This sign-up was cancelled: sign up again.',
    'emailActivation.error.stillValid': 'This activation link still works: activate the account with it.',
    'email.activation.subject': 'User account registration',
    'email.activation.greeting': 'Hello,',
    'email.activation.text':
      'thank you for registering. To finish, verify your email address by opening this link (valid for 24 hours):',
    'email.activation.button': 'Activate account',
    'email.activation.ignore': 'If you did not create an account, you can ignore this message.',
  },
  {
    'emailActivation.title': 'Ověřte svůj e-mail',
    'emailActivation.step': 'Krok 3 ze 3',
    'emailActivation.sent':
      'Na adresu {email} jsme poslali e-mail s předmětem „{subject}“. Klikněte na odkaz v něm a aktivujte tak svůj účet.',
    'emailActivation.tips':
      'Odkaz platí 24 hodin. E-mail nepřišel? Podívejte se do složky spam, nebo si ho nechte poslat znovu.',
    'emailActivation.resend': 'Poslat e-mail znovu',
    'emailActivation.resendIn': 'Poslat e-mail znovu ({seconds} s)',
    'emailActivation.resent':
      'Na adresu {email} jsme poslali nový e-mail. Odkazy z dřívějších e-mailů už neplatí.',
    'emailActivation.open.title': 'Aktivujte svůj účet',
    'emailActivation.open.text': 'Potvrďte aktivaci zákaznického účtu pro {email}.',
    'emailActivation.open.button': 'Aktivovat účet',
    'emailActivation.done.title': 'Hotovo!',
    'emailActivation.done.text':
      'Váš e-mail je ověřený a zákaznický účet aktivní. Přihlaste se do svého nového účtu.',
    'emailActivation.login': 'Přihlásit se',
    'emailActivation.wrongAddress.title': 'Špatná adresa?',
    'emailActivation.wrongAddress.text':
      'Zaregistrujte se znovu se správnou: tato nedokončená registrace se uzavře a odkaz poslaný na tuto adresu přestane platit.',
    'emailActivation.wrongAddress.button': 'Registrovat se s jiným e-mailem',
    'emailActivation.invalid.title': 'Tento odkaz nefunguje',
    'emailActivation.invalid.text':
      'Odkaz je neúplný nebo neplatný. Zkopírujte celý odkaz z e-mailu, nebo se přihlaste: dovedeme vás ke kroku, kde si necháte poslat nový e-mail.',
    'emailActivation.expired.title': 'Platnost odkazu vypršela',
    'emailActivation.expired.text':
      'Aktivační odkazy platí 24 hodin a funguje jen ten nejnovější. Nový odkaz můžeme poslat na {email}.',
    'emailActivation.expired.button': 'Poslat nový odkaz',
    'emailActivation.cancelled.title': 'Tato registrace byla zrušena',
    'emailActivation.cancelled.text':
      'Registrace, ke které odkaz patří, byla uzavřena volbou „Registrovat se s jiným e-mailem“, a odkaz proto už nefunguje. Účet si založíte novou registrací.',
    'emailActivation.cancelled.button': 'Založit účet',
    'emailActivation.used.title': 'Tento odkaz už byl použit',
    'emailActivation.used.text': 'Účet je už aktivní. Přihlaste se svým e-mailem a heslem.',
    'emailActivation.error.cooldown': 'O další e-mail můžete požádat za {seconds} s.',
    'emailActivation.error.limit':
      'Pro tento účet jsme dnes poslali příliš mnoho e-mailů. Zkuste to znovu {time}, nebo <a href="/support/contact">kontaktujte podporu</a>.',
    'emailActivation.error.invalid': 'Tento aktivační odkaz není platný.',
    'emailActivation.error.expired': 'Platnost tohoto aktivačního odkazu vypršela.',
    'emailActivation.error.used': 'Tento aktivační odkaz už byl použit.',
    'emailActivation.error.cancelled': 'Tato registrace byla zrušena: zaregistrujte se znovu.',
    'emailActivation.error.stillValid': 'Tento aktivační odkaz stále platí: aktivujte jím účet.',
    'email.activation.subject': 'Registrace uživatelského účtu',
    'email.activation.greeting': 'Dobrý den,',
    'email.activation.text':
      'děkujeme za registraci. Pro dokončení ověřte svou e-mailovou adresu otevřením tohoto odkazu (platí 24 hodin):',
    'email.activation.button': 'Aktivovat účet',
    'email.activation.ignore': 'Pokud jste účet nezakládali, můžete tuto zprávu ignorovat.',
  },
);
