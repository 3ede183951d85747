import { defineMessages } from '../../web/i18n/define.js';

export const phoneVerificationMessages = defineMessages(
  {
    'phoneVerification.title': 'Verify your phone number',
    'phoneVerification.sentTo': 'We sent a six-digit code by SMS to {phone}. Enter it below.',
    'phoneVerification.codeDead':
      'The last code we sent to {phone} no longer works: it expired after 10 minutes or had too many wrong tries. Get a new one with Resend SMS.',
    'phoneVerification.notSent':
      'We have not sent a code to {phone} yet: the SMS limit was reached. Request one with Resend SMS when it is available.',
    'phoneVerification.notSentUntil':
      'We have not sent a code to {phone} yet: the SMS limit was reached. Resend SMS will work again {time}; to finish sooner, contact support below.',
    'phoneVerification.resent': 'We sent a new code to {phone}. The previous code no longer works.',
    'phoneVerification.changed':
      'Phone number changed to {phone}. We sent a new code there; the old code no longer works.',
    'phoneVerification.code': 'Verification code',
    'phoneVerification.code.hint': 'Six digits from the SMS. The code is valid for 10 minutes.',
    'phoneVerification.verify': 'Verify',
    'phoneVerification.noSms': 'No SMS?',
    'phoneVerification.resend': 'Resend SMS',
    'phoneVerification.resendIn': 'Resend SMS ({seconds} s)',
    'phoneVerification.resendWait': 'You can have the SMS sent again in {seconds} s.',
    'phoneVerification.resendNoscript': 'Reload this page when the time is up.',
    'phoneVerification.resendReady':
      'You can now have the SMS sent again: the Resend SMS button is available.',
    'phoneVerification.change.title': 'Wrong number?',
    'phoneVerification.change.lead':
      'Fix a typo here: the old code stops working and a new SMS goes to the new number.',
    'phoneVerification.newPhone': 'New phone number',
    'phoneVerification.change': 'Change phone number',
    'phoneVerification.change.refused': 'The phone number was not changed: it is still {phone}.',
    'phoneVerification.support':
      'SMS still not arriving? Check the number and look in your phone\'s spam or message filter. You can also log in from another browser and resend the SMS from there. If nothing helps, <a href="/support/contact?topic=sms">contact support</a> and tell us the number and when you asked for the code.',
    'phoneVerification.done.title': 'Phone number verified',
    'phoneVerification.done.text':
      'Thank you, your phone number {phone} is verified. Next, verify your email.',
    'phoneVerification.continue': 'Continue',
    'phoneVerification.error.invalidCode':
      'This code is not correct. Check the SMS and try again ({remaining} tries left).',
    'phoneVerification.error.invalidCodeShort': 'This code is not correct.',
    'phoneVerification.error.codeDeadShort': 'This code no longer works.',
    'phoneVerification.error.codeExpired':
      'This code has expired or was replaced by a newer one. Use Resend SMS to get a new code.',
    'phoneVerification.error.attemptsExceeded':
      'Too many wrong tries for this code, so it no longer works. Use Resend SMS to get a new code.',
    'phoneVerification.error.used': 'This code has already been used.',
    'phoneVerification.error.tooManyAttempts':
      'Too many wrong codes. For your security, try again {time}, or <a href="/support/contact?topic=sms">contact support</a>.',
    'phoneVerification.error.codeFormat': 'Enter the six digits from the SMS.',
    'phoneVerification.error.cooldown': 'You can ask for another SMS in {seconds} s.',
    'phoneVerification.error.smsLimit':
      'We cannot send another SMS now: a limit on SMS was reached (for this number, this sign-up or your network). Try again {time}, or <a href="/support/contact?topic=sms">contact support</a>.',
    'phoneVerification.error.unchanged': 'This is the number we already have. Use Resend SMS instead.',
    'phoneVerification.error.numberChanged':
      'The phone number was changed in another window. The code went to the number shown here.',
    'phoneVerification.error.changeLimit':
      'The phone number was changed too many times today. Try again {time}, or <a href="/support/contact?topic=sms">contact support</a>.',
    'phoneVerification.error.inUse': 'This number cannot be used. Enter another one.',
    'sms.code': 'Gatehouse code: {code}. Valid 10 min. Never share it with anyone.',
    'flow.notSignedIn': 'Please log in to continue your registration.',
    'flow.wrongStep': 'This step is not available for your account now.',
  },
  {
    'phoneVerification.title': 'Ověřte své telefonní číslo',
    'phoneVerification.sentTo': 'Na číslo {phone} jsme poslali SMS se šestimístným kódem. Zadejte ho níže.',
    'phoneVerification.codeDead':
      'Poslední kód, který jsme poslali na číslo {phone}, už neplatí: po 10 minutách vypršel, nebo byl zadán příliš mnohokrát špatně. Nový si vyžádejte tlačítkem Znovu poslat SMS.',
    'phoneVerification.notSent':
      'Na číslo {phone} jsme zatím kód neposlali: byl dosažen limit SMS. Až to půjde, vyžádejte si ho tlačítkem Znovu poslat SMS.',
    'phoneVerification.notSentUntil':
      'Na číslo {phone} jsme zatím kód neposlali: byl dosažen limit SMS. Tlačítko Znovu poslat SMS bude fungovat {time}; pokud potřebujete registraci dokončit dřív, kontaktujte podporu (odkaz níže).',
    'phoneVerification.resent': 'Na číslo {phone} jsme poslali nový kód. Předchozí kód už neplatí.',
    'phoneVerification.changed':
      'Telefonní číslo změněno na {phone}. Poslali jsme na něj nový kód; starý kód už neplatí.',
    'phoneVerification.code': 'Ověřovací kód',
    'phoneVerification.code.hint': 'Šest číslic z SMS. Kód platí 10 minut.',
    'phoneVerification.verify': 'Ověřit',
    'phoneVerification.noSms': 'Nepřišla SMS?',
    'phoneVerification.resend': 'Znovu poslat SMS',
    'phoneVerification.resendIn': 'Znovu poslat SMS ({seconds} s)',
    'phoneVerification.resendWait': 'SMS můžete nechat poslat znovu za {seconds} s.',
    'phoneVerification.resendNoscript': 'Po uplynutí času stránku načtěte znovu.',
    'phoneVerification.resendReady':
      'SMS si teď můžete nechat poslat znovu: tlačítko Znovu poslat SMS je k dispozici.',
    'phoneVerification.change.title': 'Špatné číslo?',
    'phoneVerification.change.lead':
      'Opravte překlep zde: starý kód přestane platit a nová SMS přijde na nové číslo.',
    'phoneVerification.newPhone': 'Nové telefonní číslo',
    'phoneVerification.change': 'Změnit telefonní číslo',
    'phoneVerification.change.refused': 'Telefonní číslo se nezměnilo: zůstává {phone}.',
    'phoneVerification.support':
      'SMS stále nepřichází? Zkontrolujte číslo a podívejte se do spamu nebo filtru zpráv v telefonu. SMS si můžete nechat poslat znovu i z jiného prohlížeče, když se v něm přihlásíte. Když nic nepomůže, <a href="/support/contact?topic=sms">kontaktujte podporu</a> s číslem a časem, kdy jste o kód žádali.',
    'phoneVerification.done.title': 'Telefonní číslo ověřeno',
    'phoneVerification.done.text':
      'Děkujeme, vaše telefonní číslo {phone} je ověřené. Dále ověřte svůj e-mail.',
    'phoneVerification.continue': 'Pokračovat',
    'phoneVerification.error.invalidCodeShort': 'Tento kód není správný.',
    'phoneVerification.error.codeDeadShort': 'Tento kód už neplatí.',
    'phoneVerification.error.invalidCode':
      'Kód není správný. Zkontrolujte SMS a zkuste to znovu (zbývá pokusů: {remaining}).',
    'phoneVerification.error.codeExpired':
      'Platnost kódu vypršela nebo ho nahradil novější. Nový kód získáte tlačítkem Znovu poslat SMS.',
    'phoneVerification.error.attemptsExceeded':
      'Příliš mnoho chybných pokusů, kód už neplatí. Nový kód získáte tlačítkem Znovu poslat SMS.',
    'phoneVerification.error.used': 'Tento kód už byl použit.',
    'phoneVerification.error.tooManyAttempts':
      'Příliš mnoho chybných kódů. Z bezpečnostních důvodů to zkuste znovu {time}, nebo <a href="/support/contact?topic=sms">kontaktujte podporu</a>.',
    'phoneVerification.error.codeFormat': 'Zadejte šest číslic z SMS.',
    'phoneVerification.error.cooldown': 'O další SMS můžete požádat za {seconds} s.',
    'phoneVerification.error.smsLimit':
      'Teď nemůžeme poslat další SMS: byl dosažen limit SMS (pro toto číslo, tuto registraci nebo vaši síť). Zkuste to znovu {time}, nebo <a href="/support/contact?topic=sms">kontaktujte podporu</a>.',
    'phoneVerification.error.unchanged': 'Toto číslo už máme. Použijte raději Znovu poslat SMS.',
    'phoneVerification.error.numberChanged':
      'Telefonní číslo bylo mezitím změněno v jiném okně. Kód jsme poslali na číslo uvedené zde.',
    'phoneVerification.error.changeLimit':
      'Telefonní číslo bylo dnes změněno příliš často. Zkuste to znovu {time}, nebo <a href="/support/contact?topic=sms">kontaktujte podporu</a>.',
    'phoneVerification.error.inUse': 'Toto číslo nelze použít. Zadejte jiné.',
    'sms.code': 'Gatehouse kód: {code}. Platí 10 min. Nikomu ho nesdělujte.',
    'flow.notSignedIn': 'Pro pokračování v registraci se prosím přihlaste.',
    'flow.wrongStep': 'Tento krok teď pro váš účet není dostupný.',
  },
);
