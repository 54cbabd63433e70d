/** The discord.js client as the bot uses it everywhere: Guilds intent only, no mention ever parsed. */
import { Client, GatewayIntentBits } from 'discord.js';

export function createClient(apiUrl: string): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    // Safe by default: whatever a message says (@everyone, <@id>, <@&role>), nobody is pinged.
    allowedMentions: { parse: [], repliedUser: false },
    rest: { api: apiUrl },
  });
}
