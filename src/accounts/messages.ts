import { defineMessages } from '../web/i18n/define.js';

/** Texts shared by every flow that sets a password. */
export const accountMessages = defineMessages(
  {
    'password.tooShort': 'Use at least 8 characters (15 or more is better).',
    'password.tooLong': 'Use at most 128 characters.',
    'password.common': 'This password is on a list of commonly used passwords. Choose another one.',
    'password.repetitive': 'This password repeats one or two characters. Use more different ones, or words.',
    'password.containsPersonalInfo': 'The password must not contain your email or your name.',
    'password.mismatch': 'The two passwords do not match.',
    'password.brokenText': 'The password contains an invalid character. Type it again.',
  },
  {
    'password.tooShort': 'Použijte alespoň 8 znaků (lépe 15 a více).',
    'password.tooLong': 'Použijte nejvýše 128 znaků.',
    'password.common': 'Toto heslo je na seznamu často používaných hesel. Zvolte jiné.',
    'password.repetitive': 'Toto heslo opakuje jeden nebo dva znaky. Použijte více různých znaků nebo slova.',
    'password.containsPersonalInfo': 'Heslo nesmí obsahovat váš e-mail ani jméno.',
    'password.mismatch': 'Hesla se neshodují.',
    'password.brokenText': 'Heslo obsahuje neplatný znak. Napište ho znovu.',
  },
);
