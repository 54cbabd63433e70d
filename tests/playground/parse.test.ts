import { describe, expect, it } from 'vitest';
import { complete, parseLine, type ParsedLine } from '../../playground/index.ts';
import { commands, directory } from './commands.fixture.ts';

const parse = (line: string) => parseLine(line, commands, directory);

function command(line: string) {
  const parsed = parse(line);
  if (parsed.kind !== 'command') throw new Error(`expected a command for ${line}, got ${JSON.stringify(parsed)}`);
  return parsed.invocation;
}

function problem(line: string) {
  const parsed = parse(line);
  if (parsed.kind !== 'error') throw new Error(`expected an error for ${line}, got ${JSON.stringify(parsed)}`);
  return parsed.problem;
}

describe('parseLine: commands from the registered definitions', () => {
  it('bare text fills the first required string option', () => {
    expect(command('/term hypervisor')).toEqual({ name: 'term', options: { query: 'hypervisor' } });
    expect(command('/term como listar as VMs no xen').options).toEqual({ query: 'como listar as VMs no xen' });
  });

  it('option values run until the next option name', () => {
    expect(command('/term query:xl list private:true').options).toEqual({ query: 'xl list', private: true });
    expect(command('/term   query:  xl   list   ').options).toEqual({ query: 'xl   list' });
  });

  it('accepts localized command and option names, any case', () => {
    expect(command('/termo busca:xen privado:sim')).toEqual({ name: 'term', options: { query: 'xen', private: true } });
    expect(command('/TERM Query:xen PRIVATE:Não').options).toEqual({ query: 'xen', private: false });
  });

  it('a colon inside a value does not start an option unless it names one', () => {
    expect(command('/term qemu:///system').options).toEqual({ query: 'qemu:///system' });
    expect(command('/quiz setup channel:#quiz time:09:00 timezone:America/Sao_Paulo')).toEqual({
      name: 'quiz',
      subcommand: 'setup',
      options: { channel: '100000000000000002', time: '09:00', timezone: 'America/Sao_Paulo' },
    });
  });

  it('quoted values may contain option names and keep their spaces', () => {
    expect(command('/term query:"private: yes  " private:false').options).toEqual({ query: 'private: yes  ', private: false });
    expect(command('/term “xl list”').options).toEqual({ query: 'xl list' });
    // An unclosed quote is just text.
    expect(command("/term 'xl list").options).toEqual({ query: "'xl list" });
  });

  it('subcommands come first; a missing or unknown one is explained', () => {
    expect(command('/quiz now')).toEqual({ name: 'quiz', subcommand: 'now', options: {} });
    expect(problem('/quiz')).toEqual({ code: 'missing_subcommand', command: 'quiz' });
    expect(problem('/quiz later')).toEqual({ code: 'unknown_subcommand', command: 'quiz', given: 'later' });
  });

  it('channels, users and roles by name, mention or id', () => {
    expect(command('/quiz setup channel:quiz time:9').options.channel).toBe('100000000000000002');
    expect(command('/quiz setup channel:<#100000000000000001> time:9').options.channel).toBe('100000000000000001');
    expect(command('/streak member:@aluna').options.member).toBe('400000000000000002');
    expect(command('/streak member:@voce').options.member).toBe('400000000000000001');
    expect(command('/streak member:Você').options.member).toBe('400000000000000001');
    expect(command('/streak member:<@!400000000000000002>').options.member).toBe('400000000000000002');
    expect(problem('/streak member:@ninguem')).toMatchObject({ code: 'unknown_user', known: ['@voce', '@aluna'] });
    expect(problem('/quiz setup channel:#random time:9')).toMatchObject({ code: 'unknown_channel', value: '#random' });
  });

  it('choices by value, name or localized name; anything else lists the choices', () => {
    expect(command('/leaderboard metric:points period:week').options).toEqual({ metric: 'points', period: 'week' });
    expect(command('/leaderboard metric:Pontos period:semana').options).toEqual({ metric: 'points', period: 'week' });
    expect(command('/leaderboard metric:points').options).toEqual({ metric: 'points' });
    expect(problem('/leaderboard metric:gold')).toEqual({ code: 'not_a_choice', option: 'metric', value: 'gold', choices: ['streak', 'points'] });
  });

  it('numbers: integers, decimals with a comma, ranges', () => {
    expect(command('/practice count:3 weight:1,5').options).toEqual({ count: 3, weight: 1.5 });
    expect(problem('/practice count:2.5')).toMatchObject({ code: 'bad_integer' });
    expect(problem('/practice count:9')).toMatchObject({ code: 'out_of_range', max: 5 });
    expect(problem('/practice weight:heavy')).toMatchObject({ code: 'bad_number' });
  });

  it('explains missing, duplicated, misplaced and malformed options', () => {
    expect(problem('/term')).toEqual({ code: 'missing_required', option: 'query' });
    expect(problem('/quiz setup channel:#quiz')).toEqual({ code: 'missing_required', option: 'time' });
    expect(problem('/term query:a query:b')).toEqual({ code: 'duplicate_option', option: 'query' });
    expect(problem('/term xen query:kvm')).toEqual({ code: 'duplicate_option', option: 'query' });
    expect(problem('/streak someone')).toEqual({ code: 'unexpected_text', text: 'someone' });
    expect(problem('/streak membro:@aluna')).toEqual({ code: 'unknown_option', given: 'membro' });
    expect(problem('/term xen private:talvez')).toEqual({ code: 'bad_boolean', option: 'private', value: 'talvez' });
  });

  it('unknown commands suggest the closest name', () => {
    expect(problem('/trem hypervisor')).toEqual({ code: 'unknown_command', name: 'trem', suggestion: 'term' });
    expect(problem('/leader')).toMatchObject({ code: 'unknown_command', suggestion: 'leaderboard' });
    expect(problem('/zzzzzz')).toEqual({ code: 'unknown_command', name: 'zzzzzz', suggestion: undefined });
  });

  it('a trailing ? asks for autocomplete, fixed choices or help', () => {
    expect(parse('/term hyperv?')).toMatchObject({ kind: 'autocomplete', focused: 'query', invocation: { options: { query: 'hyperv' } } });
    expect(parse('/term ?')).toMatchObject({ kind: 'autocomplete', focused: 'query', invocation: { options: { query: '' } } });
    expect(parse('/quiz setup channel:#quiz time:09:00 timezone:America/Sao?')).toMatchObject({
      kind: 'autocomplete',
      focused: 'timezone',
      invocation: { subcommand: 'setup', options: { channel: '100000000000000002', time: '09:00', timezone: 'America/Sao' } },
    });
    expect(parse('/leaderboard metric:?')).toMatchObject({ kind: 'choices', option: 'metric', choices: [{ value: 'streak' }, { value: 'points' }] });
    expect(parse('/streak ?')).toMatchObject({ kind: 'help', command: { name: 'streak' } });
    expect(parse('/quiz ?')).toMatchObject({ kind: 'help', command: { name: 'quiz' } });
    // Quoted, a question mark is part of the text.
    expect(command('/term "o que é kvm?"').options).toEqual({ query: 'o que é kvm?' });
  });

  it('help, numbers, letters, meta commands, plain text', () => {
    const kinds: Array<[string, Partial<ParsedLine>]> = [
      ['', { kind: 'empty' }],
      ['   ', { kind: 'empty' }],
      ['/help', { kind: 'help', command: undefined }],
      ['/ajuda term', { kind: 'help' }],
      ['/', { kind: 'help' }],
      ['1', { kind: 'click', number: 1 }],
      ['12', { kind: 'click', number: 12 }],
      ['2 a,c', { kind: 'select', number: 2, picks: ['a', 'c'] }],
      ['3 #quiz', { kind: 'select', number: 3, picks: ['#quiz'] }],
      ['b', { kind: 'pick', letter: 'b' }],
      [':canal #quiz', { kind: 'meta', name: 'canal', args: '#quiz' }],
      [':Idioma en', { kind: 'meta', name: 'idioma', args: 'en' }],
      ['olá pessoal', { kind: 'text', text: 'olá pessoal' }],
    ];
    for (const [line, expected] of kinds) expect(parse(line), line).toMatchObject(expected);
    expect(parse('/ajuda term')).toMatchObject({ command: { name: 'term' } });
  });
});

describe('complete (tab)', () => {
  it('completes command names, subcommands and option names', () => {
    expect(complete('/te', commands)).toEqual([['/term '], '/te']);
    expect(complete('/', commands)[0]).toContain('/leaderboard ');
    expect(complete('/quiz s', commands)).toEqual([['setup '], 's']);
    expect(complete('/quiz setup ch', commands)).toEqual([['channel:'], 'ch']);
    expect(complete('/term xen pri', commands)).toEqual([['private:'], 'pri']);
    expect(complete('/term query:x', commands)).toEqual([[], 'query:x']);
    expect(complete('hello', commands)).toEqual([[], 'hello']);
  });
});
