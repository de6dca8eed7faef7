import type { ChildVoiceFeeling, ChildVoiceScenario } from '../../db/schema.ts';

/**
 * What the child's form says, by language. English is complete; a council
 * adds a language by adding its strings here (any string left out is shown
 * in English), and the worker can then choose it when making a link.
 * Easy read: shorter words and the bigger picture scale.
 */
export interface ChildFormStrings {
  languageName: string;
  title: string;
  intro: string;
  easyIntro: string;
  scenarioQuestion: Record<ChildVoiceScenario, string>;
  easyScenarioQuestion: Record<ChildVoiceScenario, string>;
  feelingHint: string;
  feelings: Record<ChildVoiceFeeling, string>;
  wordsLabel: string;
  wordsHint: string;
  easyWordsHint: string;
  worriedQuestion: string;
  worriedHint: string;
  yes: string;
  no: string;
  whatHappensTitle: string;
  whatHappens: string[];
  helpNowTitle: string;
  helpNow: string[];
  send: string;
  errorSummaryTitle: string;
  errorPrefix: string;
  chooseFeeling: string;
  enterWords: string;
  wordsTooLong: string;
  chooseWorried: string;
  thanksTitle: string;
  thanks: string[];
  thanksWorried: string;
}

const EMOJI: Record<ChildVoiceFeeling, string> = { great: '😀', good: '🙂', okay: '😐', not_good: '🙁', bad: '😢' };

export const ENGLISH: ChildFormStrings = {
  languageName: 'English',
  title: 'Tell your worker how things are',
  intro: 'This is for you to tell your social worker what you think and how you feel. There are no right or wrong answers. You can write as much or as little as you like.',
  easyIntro: 'Tell your worker how you feel. There are no wrong answers.',
  scenarioQuestion: {
    review: 'You have a meeting about you soon. How do you feel about how things are going?',
    placement: 'How do you feel about where you live?',
    education: 'How do you feel about school, college or learning?',
    missing: 'You were away from home. How are you feeling now?',
    good_news: 'Something good has happened. How do you feel?',
  },
  easyScenarioQuestion: {
    review: 'How are things?',
    placement: 'How is where you live?',
    education: 'How is school?',
    missing: 'How are you now?',
    good_news: 'What good thing happened?',
  },
  feelingHint: 'Choose one.',
  feelings: { great: 'Really good', good: 'Good', okay: 'Okay', not_good: 'Not good', bad: 'Really bad' },
  wordsLabel: 'Tell us in your own words',
  wordsHint: 'What is going well? What would you like to change? Is there anything you want to happen at your meeting?',
  easyWordsHint: 'Write or type what you want to say.',
  worriedQuestion: 'Are you feeling worried or unsafe?',
  worriedHint: 'If you say yes, your worker and their manager will be told straight away.',
  yes: 'Yes',
  no: 'No',
  whatHappensTitle: 'What happens next',
  whatHappens: [
    'Your worker will read what you send. It goes on your record, in your own words.',
    'If you say you are worried or feel unsafe, your worker and their manager will be told straight away, and someone will get in touch with you.',
  ],
  helpNowTitle: 'If you need help now',
  helpNow: [
    'If you are in danger now, call 999.',
    'You can call Childline free on 0800 1111, any time, day or night.',
    'You can also call your social worker, or the council’s out-of-hours team if it is evening or the weekend.',
  ],
  send: 'Send to my worker',
  errorSummaryTitle: 'There is a problem',
  errorPrefix: 'Error',
  chooseFeeling: 'Choose how you feel',
  enterWords: 'Write something in your own words',
  wordsTooLong: 'What you wrote is too long. Make it shorter (up to 4,000 letters)',
  chooseWorried: 'Choose yes or no',
  thanksTitle: 'Thank you',
  thanks: ['Your worker will read what you sent.', 'You can close this page now.'],
  thanksWorried: 'You said you are worried or feel unsafe. Your worker and their manager have been told, and someone will get in touch with you.',
};

export const TRANSLATIONS: Readonly<Record<string, Partial<ChildFormStrings>>> = {
  en: ENGLISH,
};

/** The strings for `language`, falling back to English for a language or a string not yet translated. */
export function stringsFor(language: string): ChildFormStrings {
  return { ...ENGLISH, ...(TRANSLATIONS[language] ?? {}) };
}

/** The languages a worker may choose for a link. */
export function languagesOffered(): { code: string; name: string }[] {
  return Object.entries(TRANSLATIONS).map(([code, strings]) => ({ code, name: strings.languageName ?? code }));
}

export function emojiFor(feeling: ChildVoiceFeeling): string {
  return EMOJI[feeling];
}
