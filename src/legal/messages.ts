import { defineMessages } from '../web/i18n/define.js';

interface Section {
  readonly heading: string;
  readonly text: string;
}

export const legalPageMessages = defineMessages(
  {
    'legal.terms.title': 'Terms of service',
    'legal.privacy.title': 'Privacy policy',
    'legal.version': 'Version {version}, effective from {effective}.',
  },
  {
    'legal.terms.title': 'Obchodní podmínky',
    'legal.privacy.title': 'Zásady ochrany osobních údajů',
    'legal.version': 'Verze {version}, účinná od {effective}.',
  },
);

/** The documents' text. A new version gets a new entry in documents.ts; consents keep the old one. */
export const legalMessages: Record<'en' | 'cs', Record<'terms' | 'privacy', readonly Section[]>> = {
  en: {
    terms: [
      {
        heading: '1. The customer account',
        text: 'The customer account lets you order and manage domains and hosting services. The account holder is the person or company named at registration.',
      },
      {
        heading: '2. Your login',
        text: 'You log in with your email and password. Keep the password secret; we never ask for it by phone or email. The phone number verifies you by SMS when needed.',
      },
      {
        heading: '3. Correct data',
        text: 'Keep your contact data up to date: we send payment requests and important notices to them.',
      },
      {
        heading: '4. Ending the account',
        text: 'You can close the account at any time once no service in it is active.',
      },
    ],
    privacy: [
      {
        heading: 'What we keep',
        text: 'Your name or company name, company and VAT ID, email, phone number, the consents you gave, and security records of sign-ins and changes (time, IP address, browser).',
      },
      {
        heading: 'Why',
        text: 'To provide the services, to verify you, to protect your account against misuse, and to meet legal duties in accounting.',
      },
      {
        heading: 'How long',
        text: 'For the life of the account and then as long as the law requires; security records for 12 months.',
      },
      {
        heading: 'Your rights',
        text: 'You may ask for access, correction, deletion or a copy of your data, and object to marketing at any time.',
      },
    ],
  },
  cs: {
    terms: [
      {
        heading: '1. Zákaznický účet',
        text: 'Zákaznický účet slouží k objednávání a správě domén a hostingových služeb. Držitelem účtu je osoba nebo společnost uvedená při registraci.',
      },
      {
        heading: '2. Přihlášení',
        text: 'Přihlašujete se e-mailem a heslem. Heslo nikomu nesdělujte; nikdy o něj nežádáme telefonem ani e-mailem. Telefonní číslo slouží k ověření pomocí SMS.',
      },
      {
        heading: '3. Správné údaje',
        text: 'Udržujte své kontaktní údaje aktuální: posíláme na ně výzvy k platbě a důležitá oznámení.',
      },
      {
        heading: '4. Zrušení účtu',
        text: 'Účet můžete kdykoli zrušit, pokud v něm není žádná aktivní služba.',
      },
    ],
    privacy: [
      {
        heading: 'Co uchováváme',
        text: 'Jméno nebo název společnosti, IČO a DIČ, e-mail, telefonní číslo, udělené souhlasy a bezpečnostní záznamy o přihlášeních a změnách (čas, IP adresa, prohlížeč).',
      },
      {
        heading: 'Proč',
        text: 'Abychom mohli poskytovat služby, ověřit vaši totožnost, chránit účet před zneužitím a plnit zákonné povinnosti v účetnictví.',
      },
      {
        heading: 'Jak dlouho',
        text: 'Po dobu trvání účtu a poté tak dlouho, jak vyžaduje zákon; bezpečnostní záznamy 12 měsíců.',
      },
      {
        heading: 'Vaše práva',
        text: 'Můžete požádat o přístup, opravu, výmaz nebo kopii svých údajů a kdykoli odmítnout marketing.',
      },
    ],
  },
};
