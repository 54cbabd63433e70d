/**
 * `/practice [topic]`: a question only the asker sees, its options in a freshly drawn order (carried in the
 * answer ids, so the buttons survive a restart); answered like the daily one (the `answer` component route,
 * bot/quiz/answer.ts), recorded as practice (points and stats, never streaks).
 */
import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { loadExam } from '../src/exam/index.ts';
import { localizedDescription } from '../src/i18n/index.ts';
import { pickPracticeQuestion } from '../src/questions/index.ts';
import { topicLabel } from '../bot/quiz/format.ts';
import { answerIds } from '../bot/quiz/ids.ts';
import { newOrder, shownPractice } from '../bot/quiz/shown.ts';
import { answerRows, questionEmbed } from '../bot/render/question.ts';
import type { SlashCommand } from '../bot/types.ts';

/** The exam's objectives, as data/exam.json names them (read when the command is registered or run). */
const topics = () => loadExam().topics;

export const practice: SlashCommand = {
  data: {
    name: 'practice',
    ...localizedDescription((text) => text.commands.practice.description),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'topic',
        ...localizedDescription((text) => text.commands.practice.topic),
        get choices() {
          return topics().map(({ id, name }) => ({ name: `${id} ${name}`, value: id }));
        },
      },
    ],
  },

  async execute(interaction, { services, text }) {
    const topic = interaction.options.getString('topic') ?? undefined;
    if (topic !== undefined && !topics().some(({ id }) => id === topic)) {
      await interaction.reply({ content: text.quiz.unknownTopic, flags: MessageFlags.Ephemeral });
      return;
    }
    const question = pickPracticeQuestion(services.bank, { topic });
    if (!question) {
      await interaction.reply({ content: text.quiz.noQuestions, flags: MessageFlags.Ephemeral });
      return;
    }
    const order = newOrder(question);
    const shown = shownPractice(question, order).question;
    await interaction.reply({
      embeds: [questionEmbed(shown, { title: text.quiz.practiceTitle, topic: topicLabel(question.topic, services.knowledge) }, text)],
      components: answerRows(shown, answerIds('train', question.id, order), text),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};
