/**
 * The local Discord of the guild-memory bench, in a child process so the measured process holds only the bot's
 * client. parent → { guilds, shape }; child → { restUrl } once the guilds exist; it serves until disconnected.
 */
import { startLocalDiscord } from '../localdiscord/index.ts';
import { LOCAL_BOT_TOKEN } from '../bot/local.ts';

export type GuildShape = 'minimal' | 'study-group';

process.once('message', (request: { guilds: number; shape: GuildShape }) => {
  void (async () => {
    const server = await startLocalDiscord({ token: LOCAL_BOT_TOKEN, requestLogLimit: 16, maxConcurrency: 16 });
    for (let i = 0; i < request.guilds; i++) {
      const guild = server.createGuild({ name: `Study group ${i}`, preferredLocale: 'pt-BR' });
      if (request.shape === 'study-group') {
        // A study server as groups run them: a category, a dozen text channels, two voice rooms, eight roles.
        const category = server.createChannel(guild.id, { name: 'LPI 304', type: 'category' });
        for (let c = 0; c < 12; c++) server.createChannel(guild.id, { name: `330-${c}`, parentId: category.id, topic: 'Topic 330 notes and questions' });
        for (let v = 0; v < 2; v++) server.createChannel(guild.id, { name: `sala-${v}`, type: 'voice' });
        for (let r = 0; r < 8; r++) server.createRole(guild.id, { name: `role ${r}`, permissions: ['SendMessages'] });
      }
    }
    process.send!({ restUrl: server.restUrl });
  })();
});
process.on('disconnect', () => process.exit(0));
