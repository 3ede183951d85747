import { defineMessages } from '../web/i18n/define.js';

/** Texts of the public contact form that reaches the support desk. */
export const supportMessages = defineMessages(
  {
    'support.contact.title': 'Contact support',
    'support.contact.lead':
      'Cannot log in, do not know your login email, or does an SMS not arrive? Our support team answers within one working day. You do not need to be logged in.',
    'support.topic.label': 'What do you need help with?',
    'support.topic.required': 'Choose what you need help with.',
    'support.topic.login_email': 'I do not know the email I log in with',
    'support.topic.email_lost': 'My login email no longer works',
    'support.topic.sms': 'The SMS with the code does not arrive',
    'support.topic.other': 'Something else',
    'support.name.label': 'Your name or company name',
    'support.contact.label': 'Email or phone where we can reach you',
    'support.contact.hint': 'It does not have to be the email of your account.',
    'support.contact.invalid':
      'Enter an email address or a phone number, such as jana@example.com or 601 123 456.',
    'support.services.label': 'Services in your account',
    'support.services.hint':
      'Name at least one domain or hosting in your account, for example example.cz: this is how we find your account.',
    'support.smsPhone.label': 'Phone number the SMS should arrive at',
    'support.smsTimes.label': 'When did you ask for the code?',
    'support.sms.hint': 'Only if an SMS does not arrive: we check every message we sent to that number.',
    'support.message.label': 'Message',
    'support.submit': 'Send to support',
    'support.sent.title': 'Your request is with our support',
    'support.sent.text':
      'Thank you. Your request number is {number}. Our support team will contact you by {due} at the latest.',
    'support.sent.hint': 'We never ask for your password. Keep the request number in case you write again.',
    'support.sent.home': 'Back to log in',
  },
  {
    'support.contact.title': 'Kontaktovat podporu',
    'support.contact.lead':
      'Nemůžete se přihlásit, nevíte, jaký e-mail k přihlášení používáte, nebo nepřichází SMS? Naše podpora odpoví do jednoho pracovního dne. Přihlášení není potřeba.',
    'support.topic.label': 'S čím potřebujete pomoci?',
    'support.topic.required': 'Vyberte, s čím potřebujete pomoci.',
    'support.topic.login_email': 'Nevím, jaký e-mail k přihlášení používám',
    'support.topic.email_lost': 'Můj přihlašovací e-mail už nefunguje',
    'support.topic.sms': 'Nepřichází SMS s kódem',
    'support.topic.other': 'Něco jiného',
    'support.name.label': 'Vaše jméno nebo název společnosti',
    'support.contact.label': 'E-mail nebo telefon, na kterém vás zastihneme',
    'support.contact.hint': 'Nemusí to být e-mail vašeho účtu.',
    'support.contact.invalid':
      'Zadejte e-mail nebo telefonní číslo, například jana@example.com nebo 601 123 456.',
    'support.services.label': 'Služby ve vašem účtu',
    'support.services.hint':
      'Uveďte alespoň jednu doménu nebo hosting ve vašem účtu, například example.cz: podle toho váš účet najdeme.',
    'support.smsPhone.label': 'Telefonní číslo, na které má SMS přijít',
    'support.smsTimes.label': 'Kdy jste o kód žádali?',
    'support.sms.hint': 'Jen pokud nepřichází SMS: prověříme každou zprávu, kterou jsme na to číslo poslali.',
    'support.message.label': 'Zpráva',
    'support.submit': 'Odeslat podpoře',
    'support.sent.title': 'Váš požadavek má naše podpora',
    'support.sent.text':
      'Děkujeme. Číslo vašeho požadavku je {number}. Naše podpora se vám ozve nejpozději {due}.',
    'support.sent.hint':
      'Nikdy po vás nebudeme chtít heslo. Číslo požadavku si uschovejte pro případ, že nám budete psát znovu.',
    'support.sent.home': 'Zpět na přihlášení',
  },
);
