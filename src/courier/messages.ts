import { defineMessages } from '../web/i18n/define.js';

/** Texts of the dev outbox page (/dev/outbox). */
export const courierMessages = defineMessages(
  {
    'outbox.title': 'Dev outbox',
    'outbox.lead':
      'Nothing is sent from this development instance: every email and SMS waits here instead, newest first.',
    'outbox.empty': 'No messages yet. Sign up or ask for a code and it will appear here.',
    'outbox.email': 'Email',
    'outbox.sms': 'SMS',
    'outbox.to': 'To',
    'outbox.subject': 'Subject',
    'outbox.time': 'Time',
    'outbox.status': 'Status',
    'outbox.template': 'Template',
    'outbox.code': 'Code',
    'outbox.refresh': 'Refresh',
    'outbox.showing': 'Showing the newest {count} messages.',
  },
  {
    'outbox.title': 'Vývojová pošta',
    'outbox.lead':
      'Z této vývojové instance se nic neodesílá: každý e-mail a každá SMS čeká tady, nejnovější nahoře.',
    'outbox.empty': 'Zatím žádné zprávy. Zaregistrujte se nebo si vyžádejte kód a zpráva se objeví tady.',
    'outbox.email': 'E-mail',
    'outbox.sms': 'SMS',
    'outbox.to': 'Komu',
    'outbox.subject': 'Předmět',
    'outbox.time': 'Čas',
    'outbox.status': 'Stav',
    'outbox.template': 'Šablona',
    'outbox.code': 'Kód',
    'outbox.refresh': 'Obnovit',
    'outbox.showing': 'Zobrazeno nejnovějších {count} zpráv.',
  },
);
