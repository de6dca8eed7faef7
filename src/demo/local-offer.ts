import type { DemoContext } from './context.ts';

/** The demo council's local offer for care leavers: what a council typically publishes, in a young person's words. */
export const DEMO_LOCAL_OFFER = [
  'Your personal adviser stays with you until you are 21, and to 25 if you want them to.',
  'Setting up home: a grant of £3,000 towards furniture and essentials when you move into your own place, and council tax paid by us until you are 25.',
  'Study and work: a £2,000 bursary if you go to university, help with travel to college or an apprenticeship, and work experience with the council.',
  'Health: free prescriptions until 25, and a health passport with your health history when you leave care.',
  'Staying put: you can stay with your foster carers after 18 while you are in education or training, with our support.',
  'Your ID: we pay for your first passport and provisional driving licence.',
].join('\n');

export async function generateLocalOffer(ctx: DemoContext): Promise<void> {
  await ctx.db.insertInto('care_settings').values({ id: true, local_offer_summary: DEMO_LOCAL_OFFER, local_offer_url: null }).execute();
}
