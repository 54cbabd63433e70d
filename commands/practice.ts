/**
 * `/practice [topic]`: a question only the asker sees; answered like the daily one, recorded as practice
 * (points and stats, never streaks). Also the router of every answer component, daily ones included
 * (`practice:…` custom ids, see bot/quiz/ids.ts): `/quiz` is admin-only, answering is for everyone.
 */
import { ApplicationCommandOptionType, MessageFlags } from 'discord.js';
import { loadExam } from '../src/exam/index.ts';
import { localizedDescription } from '../src/i18n/index.ts';
import { pickPracticeQuestion } from '../src/questions/index.ts';
import { handleAnswerComponent, handleAnswerModal } from '../bot/quiz/answer.ts';
import { topicLabel } from '../bot/quiz/format.ts';
import { answerIds } from '../bot/quiz/ids.ts';
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
    await interaction.reply({
      embeds: [questionEmbed(question, { title: text.quiz.practiceTitle, topic: topicLabel(question.topic, services.knowledge) }, text)],
      components: answerRows(question, answerIds('train', question.id), text),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },

  component: handleAnswerComponent,
  modal: handleAnswerModal,
};
