import { defineMessages } from '../../web/i18n/define.js';

export const registrationMessages = defineMessages(
  {
    'registration.title': 'Create your customer account',
    'registration.lead':
      'Fill in the required data. Then we verify your phone by SMS and your email by a link.',
    'registration.holder': 'Account holder',
    'registration.holder.hint': 'The name and surname or company name identifies the account holder.',
    'registration.kind.person': 'Person',
    'registration.kind.company': 'Company',
    'registration.firstName': 'First name',
    'registration.lastName': 'Last name',
    'registration.companyName': 'Company name',
    'registration.companyId': 'Company ID',
    'registration.companyId.hint': 'Company registration number, such as 12345678.',
    'registration.vatId': 'VAT ID',
    'registration.vatId.hint': 'Such as CZ12345678.',
    'registration.contacts': 'Login and contacts',
    'registration.email': 'Email',
    'registration.email.hint':
      'You log in with it. We recommend an address that does not depend on your services, especially domains.',
    'registration.phone': 'Phone',
    'registration.phone.hint':
      'We send a verification code to it by SMS, and use it to verify you if your email is unavailable. Such as 601 123 456 or +421 901 123 456.',
    'registration.password': 'Password',
    'registration.password.hint':
      'At least 8 characters, 15 or more is better. Use the key button to have a strong one generated.',
    'registration.password.again':
      'For your security we never send a password back to the page: enter it again (or paste it from your password manager).',
    'registration.consents': 'Consents',
    'registration.terms.short': 'Terms of service',
    'registration.privacy.short': 'Privacy policy',
    'registration.terms':
      'I agree to the <a href="/legal/terms" target="_blank">terms of service</a> (version {version}).',
    'registration.privacy':
      'I have read the <a href="/legal/privacy" target="_blank">privacy policy</a> (version {version}).',
    'registration.marketing': 'Send me news and offers by email. (Optional; you can stop them at any time.)',
    'registration.submit': 'Submit',
    'registration.haveAccount': 'Already have an account?',
    'registration.login': 'Log in',
    'registration.consentRequired': 'You must agree to continue.',
    'registration.kindRequired': 'Choose whether the account is for a person or a company.',
    'registration.companyId.invalid': 'Enter the company ID: 2 to 20 letters and digits.',
    'registration.vatId.invalid': 'Enter the VAT ID with its country prefix, such as CZ12345678.',
    'registration.name.invalid': 'Use letters, spaces and common punctuation only.',
    'phone.invalid': 'Enter a valid phone number, such as 601 123 456 or +420 601 123 456.',
    'phone.notMobile': 'Enter a mobile number that can receive SMS.',
    'phone.countryNotAllowed': 'We can send SMS only to numbers from these countries: {countries}.',
    'email.notice.subject': 'Someone tried to register with your email',
    'email.notice.text':
      'Hello,\n\nsomeone tried to create a new customer account with your email address {email}. An account with this address already exists, so nothing was changed and your password stays the same.\n\nIf it was you: log in at {loginUrl}. If you forgot your password, reset it at {forgotUrl}.\n\nIf it was not you, you can ignore this message.\n\nGatehouse',
  },
  {
    'registration.title': 'Založte si zákaznický účet',
    'registration.lead': 'Vyplňte povinné údaje. Poté ověříme váš telefon pomocí SMS a e-mail pomocí odkazu.',
    'registration.holder': 'Držitel účtu',
    'registration.holder.hint': 'Jméno a příjmení nebo název společnosti určuje držitele účtu.',
    'registration.kind.person': 'Osoba',
    'registration.kind.company': 'Společnost',
    'registration.firstName': 'Jméno',
    'registration.lastName': 'Příjmení',
    'registration.companyName': 'Název společnosti',
    'registration.companyId': 'IČO',
    'registration.companyId.hint': 'Identifikační číslo společnosti, například 12345678.',
    'registration.vatId': 'DIČ',
    'registration.vatId.hint': 'Například CZ12345678.',
    'registration.contacts': 'Přihlášení a kontakty',
    'registration.email': 'E-mail',
    'registration.email.hint':
      'Slouží k přihlášení. Doporučujeme adresu nezávislou na vašich službách, zejména doménách.',
    'registration.phone': 'Telefon',
    'registration.phone.hint':
      'Pošleme na něj ověřovací kód v SMS a ověříme vás jím, kdyby byl e-mail nedostupný. Například 601 123 456 nebo +421 901 123 456.',
    'registration.password': 'Heslo',
    'registration.password.hint':
      'Alespoň 8 znaků, lépe 15 a více. Tlačítkem s klíčem si můžete nechat vygenerovat silné heslo.',
    'registration.password.again':
      'Z bezpečnostních důvodů heslo na stránku nikdy nevracíme: zadejte ho prosím znovu (nebo ho vložte ze správce hesel).',
    'registration.consents': 'Souhlasy',
    'registration.terms.short': 'Obchodní podmínky',
    'registration.privacy.short': 'Zásady ochrany osobních údajů',
    'registration.terms':
      'Souhlasím s <a href="/legal/terms" target="_blank">obchodními podmínkami</a> (verze {version}).',
    'registration.privacy':
      'Přečetl(a) jsem si <a href="/legal/privacy" target="_blank">zásady ochrany osobních údajů</a> (verze {version}).',
    'registration.marketing':
      'Posílejte mi novinky a nabídky e-mailem. (Nepovinné; můžete je kdykoli zrušit.)',
    'registration.submit': 'Odeslat',
    'registration.haveAccount': 'Už máte účet?',
    'registration.login': 'Přihlásit se',
    'registration.consentRequired': 'Bez souhlasu nelze pokračovat.',
    'registration.kindRequired': 'Zvolte, zda je účet pro osobu, nebo pro společnost.',
    'registration.companyId.invalid': 'Zadejte IČO: 2 až 20 písmen a číslic.',
    'registration.vatId.invalid': 'Zadejte DIČ s předponou země, například CZ12345678.',
    'registration.name.invalid': 'Použijte jen písmena, mezery a běžnou interpunkci.',
    'phone.invalid': 'Zadejte platné telefonní číslo, například 601 123 456 nebo +420 601 123 456.',
    'phone.notMobile': 'Zadejte mobilní číslo, na které lze poslat SMS.',
    'phone.countryNotAllowed': 'SMS umíme poslat jen na čísla z těchto zemí: {countries}.',
    'email.notice.subject': 'Někdo se pokusil registrovat s vaším e-mailem',
    'email.notice.text':
      'Dobrý den,\n\nněkdo se pokusil založit nový zákaznický účet s vaší e-mailovou adresou {email}. Účet s touto adresou už existuje, proto se nic nezměnilo a vaše heslo zůstává stejné.\n\nPokud jste to byli vy: přihlaste se na {loginUrl}. Pokud jste zapomněli heslo, obnovte ho na {forgotUrl}.\n\nPokud jste to nebyli vy, můžete tuto zprávu ignorovat.\n\nGatehouse',
  },
);
