/** The playground's pure pieces (no discord.js, no I/O): line parser, help, renderer, controls, texts. */
export { parseLine, convertValue, fold, type Directory, type DirectoryEntry, type Invocation, type OptionValue, type ParsedLine, type ParseProblem, type Choice } from './parse.ts';
export { helpLines, commandHelpLines, usageLines, describe } from './help.ts';
export { renderMessage, renderNotice, renderChoices, renderModalField, type RenderableMessage, type RenderOptions, type Rendered } from './render.ts';
export { resolvePicks, modalFields, modalValue, type Control, type ModalField, type SelectOption } from './controls.ts';
export { playgroundText, describeProblem, type PlaygroundLanguage, type PlaygroundText, type WelcomeInfo } from './text.ts';
export { stripAnsi, displayWidth } from './spans.ts';
export { complete } from './complete.ts';
export type { MentionNames } from './markdown.ts';
