/**
 * `/exam`: a timed mock exam of the exam's topics (data/exam.json), only the member sees it. Starts one, or
 * resumes the member's open exam where they were with the time left; an exam whose time ran out shows its
 * result (submitted with what was answered). Answering and moving around: the `exam` route (bot/exam/route.ts).
 */
import { MessageFlags } from 'discord.js';
import { loadExam, startExam } from '../src/exam/index.ts';
import { localizedDescription } from '../src/i18n/index.ts';
import { finishedMessage, questionMessage } from '../bot/exam/route.ts';
import type { ExamMessage } from '../bot/exam/view.ts';
import type { SlashCommand } from '../bot/types.ts';

export const exam: SlashCommand = {
  data: {
    name: 'exam',
    ...localizedDescription((text) => text.commands.exam.description),
    dm_permission: false,
  },

  async execute(interaction, context) {
    const { services, text } = context;
    const reply = (message: ExamMessage) => interaction.reply({ ...message, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    const facts = loadExam();
    // In a server: the dispatcher answers DMs before any command runs.
    const started = await startExam(services.db, facts, services.bank, { guildId: interaction.guildId!, userId: interaction.user.id, now: services.now() });
    if (started.status === 'no-questions') {
      await interaction.reply({ content: text.exam.noQuestions, flags: MessageFlags.Ephemeral });
      return;
    }
    const { session } = started;
    if (started.status === 'timed-out') {
      await reply(finishedMessage(session, context, 0, text.exam.timedOut));
      return;
    }
    const minutes = Math.round((session.deadline - session.startedAt) / 60_000);
    const notice = started.status === 'resumed' ? text.exam.resumed : text.exam.intro(session.examName, session.total, minutes);
    await reply(questionMessage(session, session.position, context, notice));
  },
};
